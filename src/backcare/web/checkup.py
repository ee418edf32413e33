"""The check-up in a browser: one question per screen, with "back" and "don't know".

The session (:class:`~backcare.interview.session.Session`) travels with the page in one hidden
field, and nothing is kept on the server. A reply is read with the same :func:`read_reply` as
the terminal, so a form and a typed answer mean the same thing. A posted answer is applied
only if it answers the question the engine would ask now, so a stale tab or a double click
cannot put an answer to one question against another.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backcare.intake import IntakeError
from backcare.interview import Question, load_interview
from backcare.interview.replies import DontKnow, Reply, Story, Unclear, read_reply
from backcare.interview.session import Position, Session, SessionError
from backcare.json_input import read_json
from backcare.knowledge.loader import KnowledgeBase
from backcare.web.errors import ApiError

# Larger than any real check-up's state (a story at the text limit and every finding).
MAX_STATE_CHARS = 100_000


def session_from_form(raw: str | None) -> Session:
    """The session a form carried; a new check-up when there is none."""
    if not raw:
        return Session()
    if len(raw) > MAX_STATE_CHARS:
        raise ApiError(413, "too_large", "the check-up is too long; please start again", "state")
    try:
        return Session.from_json(read_json(raw, "state"))
    except (ValueError, SessionError):  # a FieldError from read_json is a ValueError
        raise ApiError(400, "invalid_state", "the check-up could not be read; please start "
                       "again", "state") from None


def session_to_form(session: Session) -> str:
    return json.dumps(session.to_json(), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Moved:
    """The session after a reply and where it now stands, with a message when the reply did
    not fit the question."""

    session: Session
    position: Position
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


def move(session: Session, kb: KnowledgeBase, form: Mapping[str, Any]) -> Moved:
    """Apply one posted reply: an answer, "don't know", "back", or only a region chosen."""
    interview = load_interview()
    chosen = form.get("region")
    if isinstance(chosen, str):
        found = kb.region(chosen)
        session = session.with_region(found.code if found else None)
    action = form.get("action")
    if action == "back":
        session = session.back()
    here = session.position(interview)
    question = here.question
    if (action in ("back", "start", "show") or question is None
            or form.get("question") != question.id):
        return Moved(session, here)  # nothing to apply, or a stale form: show what is next
    if action == "dont_know":
        # Skipping the story is "nothing to tell", not a finding left unknown.
        reply: Reply = Story("") if question.type == "text" else DontKnow()
    else:
        raw = _raw_reply(question, form)
        if raw is None:
            return Moved(session, here, NOTHING_CHOSEN[question.type])
        reply = read_reply(question, raw)
    if isinstance(reply, Unclear):
        return Moved(session, here, _number_hint(question))
    try:
        after = session.answer(here, reply, interview)
    except IntakeError as exc:
        return Moved(session, here, exc.message)
    return Moved(after, after.position(interview))
