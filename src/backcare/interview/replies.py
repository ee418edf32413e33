"""What a typed reply means for a question: findings to set, "don't know", "back", or unclear.

Kept apart from the terminal so the reading of replies is a pure function, the same for every
question type, and testable without a terminal. The words a person may type are forgiving on
purpose ("y", "yes", "Yes."): someone in pain should not fight the input format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backcare.conditions import FindingValue
from backcare.interview.engine import Question

BACK = frozenset({"back", "go back"})
DONT_KNOW = frozenset({"?", "don't know", "dont know", "do not know", "not sure", "unsure",
                       "idk", "dk", "unknown"})
YES = frozenset({"y", "yes", "yeah", "yep"})
NO = frozenset({"n", "no", "nope"})
NONE_OF_THEM = frozenset({"none", "no", "n", "0", "nothing", "none of them", "none of these"})


@dataclass(frozen=True, slots=True)
class GoBack:
    """Undo the last answer and ask that question again."""


@dataclass(frozen=True, slots=True)
class DontKnow:
    """Every finding of the question becomes unknown: never asked again, never lowering."""


@dataclass(frozen=True, slots=True)
class Answer:
    values: dict[str, FindingValue]


@dataclass(frozen=True, slots=True)
class Story:
    """The free-text opening, to be read by the language layer ("" when nothing was told)."""

    text: str


@dataclass(frozen=True, slots=True)
class Unclear:
    """The reply did not fit the question; ``message`` says what would."""

    message: str


Reply = GoBack | DontKnow | Answer | Story | Unclear


def read_reply(question: Question, raw: str) -> Reply:
    """Interpret one line typed in answer to ``question``."""
    said = " ".join(raw.strip().lower().rstrip(".!").split())
    if said in BACK:
        return GoBack()
    if question.type == "text":
        return Story("" if said in DONT_KNOW else raw.strip())
    if said in DONT_KNOW:
        return DontKnow()
    match question.type:
        case "yes_no":
            if (yes := read_yes(said)) is not None:
                return Answer({question.findings[0]: yes})
            return Unclear('Please answer "yes" or "no" (or "?" if you don\'t know).')
        case "number":
            return _number(question, said)
        case "choice":
            picked = _numbers(said, len(question.options))
            if picked is None or len(picked) != 1:
                return Unclear(f"Please type one number from 1 to {len(question.options)}.")
            return Answer(dict(question.options[picked[0] - 1].sets))
        case _:
            return _checklist(question, said)


def read_yes(raw: str) -> bool | None:
    """True for a yes, False for a no, None for anything else."""
    said = " ".join(raw.strip().lower().rstrip(".!").split())
    return True if said in YES else False if said in NO else None


def _number(question: Question, said: str) -> Reply:
    try:
        value = float(said)
    except ValueError:
        return Unclear("Please type a number (or \"?\" if you don't know).")
    if question.integer and not value.is_integer():
        return Unclear("Please type a whole number.")
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        span = f" from {low:g} to {high:g}" if low is not None and high is not None else ""
        return Unclear(f"Please type a number{span}.")
    return Answer({question.findings[0]: int(value) if question.integer else value})


def _checklist(question: Question, said: str) -> Reply:
    everything = [item.finding for item in question.items]
    if said in NONE_OF_THEM:
        return Answer(dict.fromkeys(everything, False))
    picked = _numbers(said, len(everything))
    if picked is None:
        return Unclear('Please type the numbers that apply (for example "1 3"), "none", '
                       'or "?" if you don\'t know.')
    chosen = {everything[n - 1] for n in picked}
    return Answer({fid: fid in chosen for fid in everything})


def _numbers(said: str, count: int) -> list[int] | None:
    """Numbers 1..count typed as "1 3", "1,3" or "1 and 3"; None when anything else is there."""
    tokens = [t for t in re.split(r"[\s,;]+|\band\b", said) if t]
    if not tokens or not all(t.isdigit() and 1 <= int(t) <= count for t in tokens):
        return None
    return sorted({int(t) for t in tokens})
