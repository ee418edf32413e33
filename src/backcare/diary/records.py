"""What the diary hands back: plain, immutable values, detached from the database session.

The web app and the clinician report read these; they never see an ORM object, so nothing they
do can write to the diary by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from backcare.diary.guidance import TherapyKind
from backcare.knowledge.schema import LevelId

AlertKind = Literal["warning_sign", "correction"]


@dataclass(frozen=True, slots=True)
class Profile:
    age: int | None
    sex: str | None
    region: str | None
    conditions: tuple[str, ...]
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """An assessment as it was made: ``result`` is its ``to_json()``, ``intake`` what it read."""

    id: int
    episode_id: int
    recorded_at: datetime
    knowledge_base: str
    level: LevelId
    intake: dict[str, Any]
    result: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Episode:
    id: int
    started_on: date
    opened_at: datetime
    assessments: tuple[AssessmentRecord, ...]

    @property
    def opening(self) -> AssessmentRecord:
        """The assessment that opened the episode."""
        return self.assessments[0]

    def day_of(self, day: date) -> int:
        """Day number within the episode: 0 on the day it started."""
        return (day - self.started_on).days


@dataclass(frozen=True, slots=True)
class CheckIn:
    id: int
    episode_id: int
    day: date
    recorded_at: datetime
    pain: float
    spasms: int | None
    movement: int | None
    notes: str | None
    findings: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    episode_id: int
    kind: TherapyKind
    day: date
    started_at: datetime
    ended_at: datetime
    place: str | None
    interrupted: bool

    @property
    def minutes(self) -> float:
        return (self.ended_at - self.started_at).total_seconds() / 60


@dataclass(frozen=True, slots=True)
class Exercise:
    id: int
    episode_id: int
    day: date
    recorded_at: datetime
    item: str


@dataclass(frozen=True, slots=True)
class Water:
    id: int
    episode_id: int
    day: date
    recorded_at: datetime
    ml: int


@dataclass(frozen=True, slots=True)
class Alert:
    """Something the diary told the person; ``level`` is set for warning signs only."""

    id: int
    episode_id: int
    raised_at: datetime
    kind: AlertKind
    level: LevelId | None
    message: str
    sources: tuple[str, ...]
    detail: dict[str, Any]
    knowledge_base: str
    check_in_id: int | None
    session_id: int | None


Entry = TypeVar("Entry", CheckIn, Session, Exercise, Water)


@dataclass(frozen=True, slots=True)
class Written(Generic[Entry]):
    """The result of a write: the entry as stored, and any alert it raised at once."""

    entry: Entry
    alerts: tuple[Alert, ...]
