"""The check-up in a browser: one question per screen, with "back" and "don't know".

The interview engine is a pure function of what is known, so the page carries everything in
one hidden field — the snapshot after each answer — and nothing is kept on the server. "Back"
drops the last snapshot. A reply is read with the same :func:`read_reply` as the terminal, so a
form and a typed answer mean the same thing. A posted answer is applied only if it answers the
question the engine would ask now, so a stale tab or a double click cannot put an answer to
one question against another.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from backcare.conditions import FindingValue
from backcare.intake import IntakeError, validate_intake
from backcare.interview import Question, load_interview, next_question, questions_left
from backcare.interview.replies import (
    Answer,
    DontKnow,
    GoBack,
    Reply,
    Story,
    Unclear,
    read_reply,
)
from backcare.json_input import read_json
from backcare.knowledge.loader import KnowledgeBase
from backcare.web.errors import ApiError

# Larger than any real check-up's state (a story at the text limit and every finding).
MAX_STATE_CHARS = 100_000


@dataclass(frozen=True)
class Snapshot:
    """Everything known after one more answer."""

    story: str | None = None
    answers: Mapping[str, FindingValue] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"story": self.story, "answers": dict(self.answers), "unknown": list(self.unknown)}


@dataclass(frozen=True)
class CheckUp:
    """A check-up in progress: the region chosen, and the snapshots so far (never empty)."""

    region: str | None = None
    history: tuple[Snapshot, ...] = (Snapshot(),)

    @property
    def now(self) -> Snapshot:
        return self.history[-1]

    @property
    def number(self) -> int:
        """Which question this is, counting from 1."""
        return len(self.history)

    def to_json(self) -> str:
        return json.dumps({"region": self.region,
                           "history": [snapshot.to_json() for snapshot in self.history]},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | None) -> CheckUp:
        """The check-up a form carried; a new one when there is none."""
        if not raw:
            return cls()
        if len(raw) > MAX_STATE_CHARS:
            raise ApiError(413, "too_large", "the check-up is too long; please start again",
                           "state")
        try:
            data = read_json(raw, "state")
            history = tuple(
                Snapshot(
                    story=step["story"] if isinstance(step.get("story"), str) else None,
                    answers=dict(step.get("answers") or {}),
                    unknown=tuple(str(fid) for fid in step.get("unknown") or ()),
                )
                for step in data["history"]
            )
            region = data.get("region")
        except (ValueError, KeyError, TypeError, AttributeError):  # FieldError is a ValueError
            raise ApiError(400, "invalid_state", "the check-up could not be read; please start "
                           "again", "state") from None
        return cls(region if isinstance(region, str) else None, history or (Snapshot(),))

    def intake(self) -> dict[str, Any]:
        """The intake this check-up adds up to, for the assessment at the end."""
        raw: dict[str, Any] = {"findings": dict(self.now.answers)}
        if self.now.story is not None:
            raw["text"] = self.now.story
        if self.region:
            raw["region"] = self.region
        return raw

    def known(self, kb: KnowledgeBase) -> tuple[dict[str, FindingValue], tuple[str, ...]]:
        """Answers plus what the person's words established (answers win), and the warning
        signs the words may describe."""
        raw = self.intake()
        if "text" not in raw and not raw["findings"]:
            return {}, ()
        raw.pop("region", None)
        checked = validate_intake(raw, kb)
        return dict(checked.findings), tuple(sign.finding for sign in checked.possible)

    def question(self, kb: KnowledgeBase) -> Question | None:
        """The question to ask now, or None when the check-up is complete."""
        known, possible = self.known(kb)
        return next_question(known, unknown=self.now.unknown,
                             opening_answered=self.now.story is not None, possible=possible,
                             interview=load_interview())

    def questions_left(self, kb: KnowledgeBase) -> int:
        known, possible = self.known(kb)
        return questions_left(known, unknown=self.now.unknown,
                              opening_answered=self.now.story is not None, possible=possible,
                              interview=load_interview())

    def back(self) -> CheckUp:
        return replace(self, history=self.history[:-1] or (Snapshot(),))


@dataclass(frozen=True, slots=True)
class Moved:
    """The check-up after a reply, or the same one with a message saying what would fit."""

    checkup: CheckUp
    message: str | None = None


def _raw_reply(question: Question, form: Mapping[str, Any]) -> str | None:
    """What the form says, in the words :func:`read_reply` reads; None when nothing was chosen."""
    match question.type:
        case "text":
            return str(form.get("story") or "")
        case "yes_no":
            answer = form.get("answer")
            return answer if answer in ("yes", "no") else None
        case "number":
            value = str(form.get("value") or "").strip()
            return value or None
        case "choice":
            option = str(form.get("option") or "")
            return str(int(option) + 1) if option.isdigit() else None
        case _:
            if form.get("action") == "none":
                return "none"
            ticked = form.get("ticked") or []
            order = [item.finding for item in question.items]
            picked = [str(order.index(fid) + 1) for fid in ticked if fid in order]
            return " ".join(picked) or None


NOTHING_CHOSEN = {
    "yes_no": "Choose yes or no, or \u201cI don\u2019t know\u201d.",
    "number": "Enter a number, or choose \u201cI don\u2019t know\u201d.",
    "choice": "Choose one answer, or \u201cI don\u2019t know\u201d.",
    "checklist": "Tick the ones that apply, or choose \u201cNone of these\u201d.",
}


def _number_hint(question: Question) -> str:
    """What a number answer must look like (only numbers can be entered wrongly)."""
    kind = "a whole number" if question.integer else "a number"
    if question.minimum is not None and question.maximum is not None:
        return f"Enter {kind} from {question.minimum:g} to {question.maximum:g}."
    return f"Enter {kind}."


def move(checkup: CheckUp, kb: KnowledgeBase, form: Mapping[str, Any]) -> Moved:
    """Apply one posted reply: an answer, "don't know", or "back"."""
    action = form.get("action")
    chosen = form.get("region")
    if isinstance(chosen, str):
        found = kb.region(chosen)
        checkup = replace(checkup, region=found.code if found else None)
    if action == "back":
        return Moved(checkup.back())
    if action == "start":
        return Moved(checkup)
    question = checkup.question(kb)
    if question is None or form.get("question") != question.id:
        return Moved(checkup)  # a stale form: show the question that is really next
    if action == "dont_know":
        # Skipping the story is "nothing to tell", not a finding left unknown.
        reply: Reply = Story("") if question.type == "text" else DontKnow()
    else:
        raw = _raw_reply(question, form)
        if raw is None:
            return Moved(checkup, NOTHING_CHOSEN[question.type])
        reply = read_reply(question, raw)
    now = checkup.now
    match reply:
        case GoBack():
            return Moved(checkup.back())
        case Unclear():
            return Moved(checkup, _number_hint(question))
        case DontKnow():
            after = replace(now, unknown=tuple(dict.fromkeys((*now.unknown, *question.findings))))
        case Answer(values=values):
            after = replace(now, answers={**now.answers, **values})
        case Story(text=text):
            after = replace(now, story=text)
            try:
                CheckUp(checkup.region, (after,)).known(kb)
            except IntakeError as exc:
                return Moved(checkup, exc.message)
    return Moved(replace(checkup, history=(*checkup.history, after)))
