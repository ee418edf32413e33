"""One check-up in progress: the same model for the terminal, the web pages and the JSON API.

The engine (:func:`~backcare.interview.next_question`) is a pure function of what is known. A
session is what was known after each answer — so "back" is dropping the last step and asking
again — together with the person (age, sex, region) and whether it is a whole check-up or the
*screen* before a verdict on a story told elsewhere. Every rule of the conversation is written
here once: what the story established and may describe, "don't know", "back", which question a
reply answers, and how far along the person is.

A session is a plain value that round-trips through JSON, so a web page can carry it in a form
field and a browser's history without anything being kept on the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from backcare.conditions import FindingValue
from backcare.intake import IntakeError, parse_intake, validate_intake
from backcare.interview.engine import Question, next_question, questions_left
from backcare.interview.model import Interview
from backcare.interview.replies import Answer, DontKnow, GoBack, Reply, Story
from backcare.knowledge.loader import KnowledgeBase


class SessionError(ValueError):
    """A carried session that cannot be read (tampered with, truncated or too large)."""


@dataclass(frozen=True, slots=True)
class Step:
    """Everything known after one more answer, and how far along the person was."""

    story: str | None = None
    answers: Mapping[str, FindingValue] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    # The share of the way done when this step was reached: it only ever grows, so the
    # progress bar never jumps back when an answer opens a follow-up question.
    progress: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"story": self.story, "answers": dict(self.answers),
                "unknown": list(self.unknown), "progress": self.progress}


@dataclass(frozen=True, slots=True)
class Position:
    """Where a session stands: the question to ask now (None when the verdict is due)."""

    question: Question | None
    number: int
    left: int
    progress: float
    # What the person's own words established, to say back so they trust what is skipped.
    told: Mapping[str, FindingValue]
    # Whom the story was read as being about ("mum"), when not the person answering.
    about: str | None = None


@dataclass(frozen=True)
class Session:
    """A check-up: who it is for, whether it only screens, and the steps so far (never none).

    ``screening`` sessions start from a story told before any question and ask only what
    could still make it an emergency, so that no lesser verdict comes before that is known.
    """

    age: int | None = None
    sex: str | None = None
    region: str | None = None
    screening: bool = False
    history: tuple[Step, ...] = (Step(),)

    @classmethod
    def screen(cls, intake: Mapping[str, Any], kb: KnowledgeBase) -> Session:
        """The screen before the verdict on ``intake`` (its text, findings and person),
        refusing it at once, as an assessment would, if it is not a valid intake."""
        validate_intake(intake, kb)
        first = Step(story=intake.get("text"), answers=dict(intake.get("findings") or {}))
        return cls(intake.get("age"), intake.get("sex"), intake.get("region"), True, (first,))

    @property
    def now(self) -> Step:
        return self.history[-1]

    def intake(self) -> dict[str, Any]:
        """The intake this session adds up to, for the assessment at the end."""
        raw: dict[str, Any] = {"findings": dict(self.now.answers)}
        if self.now.story is not None:
            raw["text"] = self.now.story
        for key in ("age", "sex", "region"):
            if getattr(self, key) is not None:
                raw[key] = getattr(self, key)
        if "text" not in raw and not raw["findings"]:
            raw["text"] = ""  # every question skipped: assessed as an untold story
        return raw

    def position(self, interview: Interview) -> Position:
        """The question to ask now and how far along the person is (the story read once)."""
        now = self.now
        told: dict[str, FindingValue] = {}
        possible: tuple[str, ...] = ()
        about: str | None = None
        known: dict[str, FindingValue] = dict(now.answers)
        if now.story is not None or now.answers:
            checked = validate_intake(self.intake(), interview.kb)
            known = dict(checked.findings)
            told = {fid: value for fid, value in known.items()
                    if fid not in now.answers and fid != "age"}
            possible = tuple(sign.finding for sign in checked.possible)
            about = checked.about
        opened = now.story is not None
        question = next_question(known, self.age, now.unknown, opening_answered=opened,
                                 possible=possible, screening=self.screening,
                                 interview=interview)
        left = 0 if question is None else questions_left(
            known, self.age, now.unknown, opening_answered=opened, possible=possible,
            screening=self.screening, interview=interview)
        return Position(question, len(self.history), left,
                        now.progress if question is not None else 1.0, told, about)

    def answer(self, position: Position, reply: Reply, interview: Interview) -> Session:
        """The session after ``reply`` to ``position.question``.

        Raises :class:`IntakeError` when a story cannot be read (too long, say), so the
        caller can say so and ask again. An unclear reply is the caller's to explain.
        """
        now = self.now
        question = position.question
        if question is None:
            return self
        match reply:
            case GoBack():
                return self.back()
            case DontKnow():
                after = replace(now, unknown=tuple(dict.fromkeys((*now.unknown,
                                                                  *question.findings))))
            case Answer(values=values):
                after = replace(now, answers={**now.answers, **values})
            case Story(text=text):
                after = replace(now, story=text)
                validate_intake(replace(self, history=(after,)).intake(),
                                interview.kb)
            case _:
                raise TypeError(f"cannot apply {reply!r}")  # Unclear: asked again first
        # The bar moves by an even share of what is left, never past the end before it.
        share = (1.0 - now.progress) / (position.left + 1)
        progress = round(now.progress + share, 4)
        return replace(self, history=(*self.history, replace(after, progress=progress)))

    def back(self) -> Session:
        """The session before the last answer (the first step stays: it is where it began)."""
        return replace(self, history=self.history[:-1] or self.history)

    def with_region(self, region: str | None) -> Session:
        return replace(self, region=region)

    # ---- carried as JSON (a web form, the browser's history) ------------------------------

    def to_json(self) -> dict[str, Any]:
        return {"age": self.age, "sex": self.sex, "region": self.region,
                "screening": self.screening,
                "history": [step.to_json() for step in self.history]}

    @classmethod
    def from_json(cls, data: Any) -> Session:
        """A session as :meth:`to_json` wrote it; :class:`SessionError` for anything else.
        The values themselves are checked by the engine when the session is asked."""
        try:
            history = tuple(
                Step(
                    story=step["story"] if isinstance(step.get("story"), str) else None,
                    answers=dict(step.get("answers") or {}),
                    unknown=tuple(str(fid) for fid in step.get("unknown") or ()),
                    progress=min(1.0, max(0.0, float(step.get("progress") or 0.0))),
                )
                for step in data["history"]
            )
            person = {key: data.get(key) for key in ("age", "sex", "region")}
            parse_intake({k: v for k, v in person.items() if v is not None})
        except (KeyError, TypeError, AttributeError, ValueError, IntakeError) as exc:
            raise SessionError("the check-up could not be read") from exc
        return cls(person["age"], person["sex"], person["region"],
                   data.get("screening") is True, history or (Step(),))
