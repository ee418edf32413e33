"""The JSON API's shapes, for validation and for the OpenAPI document at ``/docs``.

Response models describe the contract (the README's "What you get") and are used for the
documentation and for schema checks; the routes return the library's own ``to_json()``
unchanged, so the API can never drift from ``backcare assess --json``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from backcare.knowledge.schema import LevelId
from backcare.text_check import MAX_LINE_CHARS, MAX_TEXT_CHARS

FindingValue = StrictBool | StrictInt | StrictFloat


class Incoming(BaseModel):
    """Requests refuse unknown keys: a misspelt field must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Outgoing(BaseModel):
    """Responses may gain keys over time; clients must ignore the ones they do not know."""

    model_config = ConfigDict(extra="allow")


# ---- errors and health ---------------------------------------------------------------------


class ErrorDetail(Outgoing):
    code: str
    message: str
    field: str | None


class ErrorBody(Outgoing):
    error: ErrorDetail


class Health(Outgoing):
    status: Literal["ok"]
    knowledge_base: str


# ---- assessment ----------------------------------------------------------------------------


class ReasonOut(Outgoing):
    rule: str
    findings: list[str]
    explanation: str
    sources: list[str] = Field(min_length=1)


class TriageOut(Outgoing):
    level: LevelId
    headline: str
    reasons: list[ReasonOut]


class EvidenceOut(Outgoing):
    finding: str
    value: FindingValue
    text: str
    start: int
    end: int


class CauseOut(Outgoing):
    id: str
    score: float
    because: list[str]


class WatchOut(Outgoing):
    finding: str
    if_it_appears: LevelId


class PlanItemOut(Outgoing):
    kind: str
    text: str
    sources: list[str] = Field(min_length=1)


class PlanOut(Outgoing):
    phase: str
    items: list[PlanItemOut]


class AssessmentOut(Outgoing):
    id: StrictStr | StrictInt | None
    in_scope: bool
    triage: TriageOut
    red_flags: list[str]
    serious_causes: list[str]
    findings: dict[str, FindingValue]
    evidence: list[EvidenceOut]
    causes: list[CauseOut]
    watch_list: list[WatchOut]
    plan: PlanOut


# ---- ask -------------------------------------------------------------------------------------


class AskIn(Incoming):
    question: StrictStr = Field(max_length=MAX_TEXT_CHARS)
    id: StrictStr | StrictInt | None = None


class AnswerOut(Outgoing):
    title: str
    text: str
    sources: list[str] = Field(min_length=1)


class AskOut(Outgoing):
    id: StrictStr | StrictInt | None
    answers: list[AnswerOut] = Field(max_length=5)


# ---- interview -------------------------------------------------------------------------------


class InterviewIn(Incoming):
    findings: dict[StrictStr, FindingValue] = {}
    age: StrictInt | None = Field(default=None, ge=0, le=120)
    unknown: list[StrictStr] = []
    text: StrictStr | None = Field(default=None, max_length=MAX_TEXT_CHARS,
                                   description="The person's story, if told: read like an "
                                               "intake's text; the opening is then answered.")
    sex: Literal["female", "male", "other"] | None = None
    region: StrictStr | None = None


class QuestionOut(Outgoing):
    id: str
    type: Literal["text", "yes_no", "number", "choice", "checklist"]
    text: str
    why: str
    findings: list[str]


class InterviewOut(Outgoing):
    question: QuestionOut | None
    questions_left: int | None = None
    about: str | None = Field(default=None, description=(
        'Whom the story was read as being about ("mum"), when not the person answering: '
        "ask each question for them"))
    result: AssessmentOut | None = None


# ---- diary -----------------------------------------------------------------------------------

Day = Field(default=None, description="YYYY-MM-DD, today or yesterday; default today")


class CheckInIn(Incoming):
    pain: StrictInt | StrictFloat = Field(ge=0, le=10)
    spasms: StrictInt | None = Field(default=None, ge=0)
    movement: StrictInt | None = Field(default=None, ge=0, le=10)
    notes: StrictStr | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    signs: dict[StrictStr, StrictBool] = {}
    date: StrictStr | None = Day


class SessionIn(Incoming):
    kind: Literal["cold", "heat"]
    started_at: AwareDatetime
    ended_at: AwareDatetime
    place: StrictStr | None = Field(default=None, max_length=MAX_LINE_CHARS)
    interrupted: StrictBool = False


class ExerciseIn(Incoming):
    exercise: StrictStr = Field(description="A plan item ID, e.g. pelvic_tilt")
    date: StrictStr | None = Day


class WaterIn(Incoming):
    amount: StrictStr | StrictInt | StrictFloat = Field(
        description='Millilitres as a number, or with a unit: "500ml", "0.5 l", "2 cups"')
    date: StrictStr | None = Day


class ProfileIn(Incoming):
    age: StrictInt | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male", "other"] | None = None
    region: StrictStr | None = None
    add_conditions: list[StrictStr] = []
    remove_conditions: list[StrictStr] = []


class EntryOut(Outgoing):
    id: int
    episode_id: int


class WrittenOut(Outgoing):
    entry: EntryOut
    alerts: list[dict[str, Any]]


class EpisodeOut(Outgoing):
    id: int
    started_on: str
    level: LevelId


class EpisodeCreated(Outgoing):
    episode: EpisodeOut
    result: AssessmentOut


class Listing(Outgoing):
    episode: int
    entries: list[dict[str, Any]]


class ProgressOut(Outgoing):
    episode: dict[str, Any]
    day: int
    phase: str
    pain: dict[str, Any]
    alert: dict[str, Any] | None
    adherence: list[dict[str, Any]]


class Credentials(Incoming):
    username: StrictStr = Field(max_length=40)
    password: StrictStr = Field(max_length=1024)


class SignedIn(Outgoing):
    username: str
