"""The diary's tables, shared by SQLite and PostgreSQL and built by the Alembic migrations.

Every entry keeps both the day the person lived it (``day``, their local calendar day, which
is what "day 3 of the episode" means) and the moment it was written (``recorded_at``, UTC).
Check constraints repeat the entry rules at the database level, so that no path — a future
web form, an import, a bug — can store a pain score of 11.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in UTC on every database: SQLite has no time zones, PostgreSQL converts them.

    Naive values are refused on the way in: a local time taken for UTC would move entries
    across midnight and onto the wrong day of the episode.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON(), list[str]: JSON(), datetime: UTCDateTime(),
    }


class EpisodeEntry(Base):
    """Anything that belongs to an episode: its assessments, daily entries and alerts."""

    __abstract__ = True

    # Listed first in every table, as the migrations create them.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-2)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True, sort_order=-1)


DEFAULT_PERSON = "me"
"""Whose diary it is when nobody says: the only person in a personal diary."""


class ProfileRow(Base):
    """One person: a row per person sharing the database (a clinic's), one in a personal diary.

    ``id`` is always 1, the profile's number within its person's diary: it keeps the export
    format (and the report's FHIR identifiers) what it was before diaries were shared.
    """

    __tablename__ = "profile"
    __table_args__ = (CheckConstraint("id = 1", name="ck_profile_single_row"),)

    person: Mapped[str] = mapped_column(String(64), primary_key=True,
                                        server_default=DEFAULT_PERSON)
    id: Mapped[int] = mapped_column(Integer, server_default="1")
    age: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(64))
    conditions: Mapped[list[str]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class EpisodeRow(Base):
    """One bout of back pain, opened by an assessment; ``started_on`` is its day 0.

    Only episodes carry the person: every other entry belongs to an episode, so it is scoped
    through ``episode_id`` and can never disagree with its episode about whose it is. The
    ``(person, id)`` index finds a person's latest episode without reading anyone else's.
    """

    __tablename__ = "episodes"
    __table_args__ = (Index("ix_episodes_person_id", "person", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person: Mapped[str] = mapped_column(String(64), server_default=DEFAULT_PERSON)
    started_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime]


class AssessmentRow(EpisodeEntry):
    """An assessment kept whole: what was asked, what was answered, by which knowledge base."""

    __tablename__ = "assessments"

    recorded_at: Mapped[datetime]
    knowledge_base: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    intake: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class CheckInRow(EpisodeEntry):
    __tablename__ = "check_ins"
    __table_args__ = (
        CheckConstraint("pain >= 0 AND pain <= 10", name="ck_check_ins_pain_range"),
        CheckConstraint("spasms IS NULL OR spasms >= 0", name="ck_check_ins_spasms_range"),
        CheckConstraint("movement IS NULL OR (movement >= 0 AND movement <= 10)",
                        name="ck_check_ins_movement_range"),
    )

    day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime]
    pain: Mapped[float] = mapped_column(Float)
    spasms: Mapped[int | None] = mapped_column(Integer)
    movement: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    # What triage read in the notes, plus any warning signs ticked, as finding IDs.
    findings: Mapped[dict[str, Any]] = mapped_column(JSON)


class SessionRow(EpisodeEntry):
    """A cold or heat session; ``interrupted`` marks one stopped before its planned end."""

    __tablename__ = "therapy_sessions"
    __table_args__ = (
        CheckConstraint("kind IN ('cold', 'heat')", name="ck_therapy_sessions_kind"),
        CheckConstraint("ended_at >= started_at", name="ck_therapy_sessions_order"),
    )

    kind: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(200))
    interrupted: Mapped[bool]


class ExerciseRow(EpisodeEntry):
    __tablename__ = "exercises"

    day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime]
    item: Mapped[str] = mapped_column(String(64))


class WaterRow(EpisodeEntry):
    __tablename__ = "water"
    __table_args__ = (CheckConstraint("ml > 0", name="ck_water_ml_positive"),)

    day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime]
    ml: Mapped[int] = mapped_column(Integer)


class AlertRow(EpisodeEntry):
    """What the diary told the person when they wrote something, kept as it was said.

    ``level`` is a triage level for a warning sign, and empty for a gentle correction.
    """

    __tablename__ = "alerts"

    raised_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str | None] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSON)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    knowledge_base: Mapped[str] = mapped_column(String(64))
    check_in_id: Mapped[int | None] = mapped_column(ForeignKey("check_ins.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("therapy_sessions.id"), index=True)


TABLES_IN_ORDER = (
    ProfileRow, EpisodeRow, AssessmentRow, CheckInRow, SessionRow, ExerciseRow, WaterRow, AlertRow,
)
"""Parents before children: the order to insert in, and reversed, to delete in."""
