"""The next question of a check-up, as a pure function of what is known so far.

Stateless on purpose, like the best commercial triage APIs: the caller (terminal, web page,
script) resends everything it knows each time and gets back the one question worth asking next,
or ``None`` when the check-up is complete. Nothing to store, nothing to resume, and the same
answers always lead to the same questions — which is what makes it testable.

The order and wording come from ``interview.yaml``; what is *worth* asking comes from the rules
(see :mod:`backcare.interview.reach`). A finding answered "don't know" is never asked again and,
as everywhere in backcare, counts as not present: it never lowers the level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any, Literal

from backcare.conditions import FindingValue
from backcare.intake import IntakeError, parse_intake, validate_intake
from backcare.interview.model import Interview, QuestionEntry, load_interview
from backcare.interview.reach import (
    emergency_deciders,
    level_outlook,
    plan_deciders,
    plan_is_given,
)

AnswerType = Literal["text", "yes_no", "number", "choice", "checklist"]


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a checklist: ticking it sets ``finding`` true, leaving it sets it false."""

    finding: str
    text: str


@dataclass(frozen=True, slots=True)
class Option:
    """One answer to a choice question and the findings it sets."""

    text: str
    sets: Mapping[str, FindingValue]


@dataclass(frozen=True, slots=True)
class Question:
    """What to ask next, in plain words, with the finding IDs the answer sets."""

    id: str
    type: AnswerType
    text: str
    why: str
    findings: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    integer: bool = field(default=False)

    def to_json(self) -> dict[str, Any]:
        """The question as the web API sends it; keys that do not apply to the type are left out."""
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "text": self.text,
            "why": self.why,
            "findings": list(self.findings),
        }
        if self.type == "checklist":
            data["items"] = [{"finding": i.finding, "text": i.text} for i in self.items]
        if self.type == "choice":
            data["options"] = [{"text": o.text, "sets": dict(o.sets)} for o in self.options]
        if self.type == "number":
            data.update(minimum=self.minimum, maximum=self.maximum, unit=self.unit,
                        integer=self.integer)
        return data


def next_question(
    findings: Mapping[str, FindingValue],
    age: int | None = None,
    unknown: Iterable[str] = (),
    *,
    opening_answered: bool = False,
    possible: Iterable[str] = (),
    screening: bool = False,
    interview: Interview | None = None,
) -> Question | None:
    """The most useful question still to ask, or ``None`` when the check-up is complete.

    ``findings`` are the answers so far (and what the person's own words established),
    ``unknown`` the finding IDs answered "don't know", ``possible`` the warning signs the
    reader thinks the story may describe (asked before anything else). The free-text opening
    is asked only while nothing but the age is known; pass ``opening_answered=True`` once the
    story was told, in case it set nothing.

    ``screening`` is for a story told before any question (the home page's form, ``backcare
    assess``): only what could still make it an emergency is asked, so that no lesser verdict
    is shown before every emergency sign has been ruled in or out — and no more, since the
    person asked for a verdict, not a check-up.

    Raises :class:`backcare.IntakeError` naming the field for an unknown finding ID or a value
    of the wrong kind, as an intake would.
    """
    interview = interview or load_interview()
    dont_know = frozenset(unknown)
    values = _checked(findings, age, dont_know, interview)
    # Age is context a form may know before the story (as `age` or as `findings["age"]`).
    if set(values) <= {"age"} and not dont_know and not opening_answered:
        opening = interview.opening
        return Question(id=opening.id, type="text", text=_plain(opening.text),
                        why=_plain(opening.why))

    kb = interview.kb
    gates = interview.gates
    # A gated question's findings are open only once its gate holds: until then they are
    # unknown, as in any assessment, and never lower the level.
    open_ids = frozenset(
        fid for question in interview.questions
        if question.id not in gates or gates[question.id].holds(values)
        for fid in question.findings
        if fid not in values and fid not in dont_know
    )
    openers = interview.openers
    outlook = level_outlook(values, open_ids, kb)
    for fid in possible:
        if fid not in kb.findings:
            raise IntakeError(f"possible.{fid}", "unknown finding ID (see the vocabulary)",
                              "unknown_finding")
        # A sign the story may describe, that could still change the level: before all else.
        if fid in outlook.deciders and fid in open_ids:
            return _single(f"possible_{fid}", "yes_no", fid, None,
                           _plain(interview.possible.why), interview)
    if screening:
        return _first_asking(_screen_asks(values, dont_know, open_ids, interview), values,
                             interview)
    if not outlook.settled:
        # The level comes first: only what could change it, with what the plan needs from the
        # same question alongside when a plan may yet be given, so it is not asked twice.
        for entry in interview.questions:
            if outlook.deciders.intersection(entry.findings):
                wanted = outlook.deciders | openers
                if plan_is_given(kb, outlook.floor):
                    wanted |= (open_ids if entry.ask == "with_plan"
                               else plan_deciders(values, open_ids, kb, outlook.floor))
                return _pose(entry, wanted & open_ids, values, interview)
    if not plan_is_given(kb, outlook.floor):
        return None
    for_plan = plan_deciders(values, open_ids, kb, outlook.floor)
    for entry in interview.questions:
        wanted = (open_ids if entry.ask == "with_plan" else for_plan) & open_ids
        if wanted.intersection(entry.findings):
            return _pose(entry, (wanted | openers) & open_ids, values, interview)
    return None


def questions_left(
    findings: Mapping[str, FindingValue],
    age: int | None = None,
    unknown: Iterable[str] = (),
    *,
    opening_answered: bool = False,
    possible: Iterable[str] = (),
    screening: bool = False,
    interview: Interview | None = None,
) -> int:
    """About how many questions remain, supposing every answer from here on is "no".

    Only an estimate for a progress line ("question 4 of about 11"): a "yes" to a warning sign
    can end the check-up sooner, or open a follow-up question.
    """
    interview = interview or load_interview()
    known: dict[str, FindingValue] = dict(findings)
    dont_know = set(unknown)
    count = 0
    while count <= len(interview.questions):
        question = next_question(known, age, dont_know, opening_answered=opening_answered,
                                 possible=possible, screening=screening, interview=interview)
        if question is None:
            break
        count += 1
        opening_answered = True
        if question.type in ("checklist", "yes_no"):
            known.update(dict.fromkeys(question.findings, False))
        else:
            dont_know.update(question.findings)
    return count


def _first_asking(wanted: Set[str], values: Mapping[str, FindingValue],
                  interview: Interview) -> Question | None:
    """The first question, in the interview's order, that asks any of ``wanted``."""
    for entry in interview.questions:
        if not wanted.isdisjoint(entry.findings):
            return _pose(entry, wanted, values, interview)
    return None


def _checked(
    findings: Mapping[str, FindingValue],
    age: int | None,
    dont_know: Set[str],
    interview: Interview,
) -> dict[str, FindingValue]:
    """Validate like an intake does, so a typo is an error rather than a question asked again."""
    kb = interview.kb
    if findings:
        raw: dict[str, Any] = {"findings": dict(findings)}
        if age is not None:
            raw["age"] = age
        values = dict(validate_intake(raw, kb).findings)
    else:
        values = {}
        if age is not None:
            parse_intake({"age": age})
            values["age"] = age
    for fid in dont_know:
        if fid not in kb.findings:
            raise IntakeError(f"unknown.{fid}", "unknown finding ID (see the vocabulary)",
                              "unknown_finding")
    return values


def _screen_asks(values: Mapping[str, FindingValue], dont_know: Set[str],
                 open_ids: frozenset[str], interview: Interview) -> set[str]:
    """What a screen must still ask: the open findings that could make it an emergency, and,
    for an emergency sign behind a closed gate ("is the baby moving less?" only once someone is
    pregnant), the findings that open the gate — else a pregnant woman whose story did not say
    so would never be asked."""
    gates = interview.gates
    unknown = frozenset(fid for question in interview.questions for fid in question.findings
                        if fid not in values and fid not in dont_know)
    needed = emergency_deciders(values, unknown, interview.kb)
    asks = set(needed & open_ids)
    if asks:  # the open checklists first; what opens a gate only once they are answered
        return asks
    for question in interview.questions:
        gate = gates.get(question.id)
        if gate is not None and not gate.holds(values) and needed.intersection(question.findings):
            asks |= {fid for fid in gate.positive_ids()
                     if fid not in values and fid not in dont_know}
    return asks


def _pose(
    entry: QuestionEntry,
    wanted: Set[str],
    values: Mapping[str, FindingValue],
    interview: Interview,
) -> Question:
    """Turn a question entry into the question to ask now: only its still-wanted findings."""
    why = _plain(entry.why)
    asked = tuple(fid for fid in entry.findings if fid in wanted)
    if entry.type == "checklist":
        items = tuple(Item(fid, _plain(entry.items[fid])) for fid in asked)
        return Question(entry.id, "checklist", _plain(entry.text or ""), why, asked, items=items)
    if entry.type == "choice":
        options = _still_possible(entry, values)
        if len(options) >= 2:
            settable = tuple(dict.fromkeys(fid for option in options for fid in option.sets))
            return Question(entry.id, "choice", _plain(entry.text or ""), why, settable,
                            options=options)
        # Part of the choice is already answered and the rest does not fit it: ask plainly.
        return _single(f"{entry.id}/{asked[0]}", "yes_no", asked[0], None, why, interview)
    return _single(entry.id, entry.type, asked[0], entry.text, why, interview)


def _still_possible(entry: QuestionEntry, values: Mapping[str, FindingValue]) -> tuple[Option, ...]:
    """Options that agree with what is known, each reduced to the findings still open."""
    options: dict[tuple[tuple[str, FindingValue], ...], Option] = {}
    for option in entry.options:
        if any(fid in values and values[fid] != value for fid, value in option.sets.items()):
            continue
        sets = {fid: value for fid, value in option.sets.items() if fid not in values}
        if sets:
            options.setdefault(tuple(sets.items()), Option(_plain(option.text), sets))
    return tuple(options.values())


def _single(
    question_id: str,
    answer_type: AnswerType,
    fid: str,
    text: str | None,
    why: str,
    interview: Interview,
) -> Question:
    finding = interview.kb.findings[fid]
    wording = _plain(text or finding.question)
    if answer_type != "number":
        return Question(question_id, answer_type, wording, why, (fid,))
    return Question(question_id, "number", wording, why, (fid,), minimum=finding.minimum,
                    maximum=finding.maximum, unit=finding.unit, integer=finding.kind == "int")


def _plain(text: str) -> str:
    """YAML folded text, as one line."""
    return " ".join(text.split())
