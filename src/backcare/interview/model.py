"""The typed shape of ``interview.yaml`` and its loader, cross-checked against the knowledge base.

The question wording, grouping and order are clinical content, so they live in YAML beside the
rules; this module only makes sure the file is sound. Beyond shape it checks what would make a
check-up silently unsafe: a question naming a finding that does not exist, a finding asked by
two questions, an answer of the wrong kind, and — above all — a finding that the triage rules
or the care plan use but no question ever asks.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import StrictBool, StrictFloat, StrictInt

from backcare.conditions import Condition, ConditionError, parse_condition
from backcare.knowledge.loader import (
    KNOWLEDGE_DIR,
    KnowledgeBase,
    KnowledgeError,
    load_knowledge,
    read_knowledge_file,
    validate_knowledge,
)
from backcare.knowledge.schema import AT_LEAST_ONE, NAME, Entry

INTERVIEW_FILE = "interview.yaml"
QuestionType = Literal["yes_no", "number", "choice", "checklist"]
# `if_relevant`: only the findings that could still change the level or the plan.
# `with_plan`: every open finding, whenever a care plan will be given (causes, the record).
AskWhen = Literal["if_relevant", "with_plan"]


@dataclass(frozen=True, kw_only=True)
class Opening(Entry):
    id: str = field(metadata=NAME)
    text: str
    why: str


@dataclass(frozen=True, kw_only=True)
class OptionEntry(Entry):
    text: str
    sets: dict[str, StrictBool | StrictInt | StrictFloat] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class QuestionEntry(Entry):
    id: str = field(metadata=NAME)
    type: QuestionType
    text: str | None = None
    why: str
    ask: AskWhen = "if_relevant"
    # Asked only once this holds on what is known (pregnancy signs once pregnant): a sign that
    # matters only in some people is not put to everyone. The findings it reads are added to
    # whichever question asks them whenever that question is asked anyway.
    only_if: Any = None
    finding: str | None = None
    items: dict[str, str] = field(default_factory=dict)
    options: tuple[OptionEntry, ...] = ()

    def __post_init__(self) -> None:
        """The fields fit the question's type (pydantic reports a ``ValueError`` raised here
        as a validation error of the entry)."""
        single = self.type in ("yes_no", "number")
        if single != (self.finding is not None):
            raise ValueError(f"`finding` is {'required' if single else 'not allowed'} "
                             f"for a {self.type} question")
        if (self.type == "checklist") != bool(self.items):
            raise ValueError("`items` belong to (and are required by) checklist questions")
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        if self.type != "choice" and self.options:
            raise ValueError("`options` belong to choice questions")
        if self.type in ("checklist", "choice") and self.text is None:
            raise ValueError(f"a {self.type} question needs `text`")

    @property
    def findings(self) -> tuple[str, ...]:
        """Every finding this question can set, in the order it asks them."""
        if self.finding is not None:
            return (self.finding,)
        if self.items:
            return tuple(self.items)
        return tuple(dict.fromkeys(fid for option in self.options for fid in option.sets))


@dataclass(frozen=True, kw_only=True)
class Possible(Entry):
    """How a sign the reader was unsure of is asked, before any other question."""

    why: str


@dataclass(frozen=True, kw_only=True)
class InterviewFile(Entry):
    opening: Opening
    possible: Possible
    questions: tuple[QuestionEntry, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, eq=False)
class Interview:
    """The check-up's questions, bound to the knowledge base they were checked against."""

    kb: KnowledgeBase
    opening: Opening
    possible: Possible
    questions: tuple[QuestionEntry, ...]
    # per gated question: when it may be asked
    gates: Mapping[str, Condition]
    # the findings the gates read, worth adding to any question that asks them anyway
    openers: frozenset[str]


def load_interview(kb: KnowledgeBase | None = None, directory: Path | None = None) -> Interview:
    """Load ``interview.yaml`` from ``directory`` (the packaged knowledge base by default)."""
    if kb is None and directory is None:
        return _packaged_interview()
    return _load(kb or load_knowledge(directory), directory or KNOWLEDGE_DIR)


@functools.cache
def _packaged_interview() -> Interview:
    return _load(load_knowledge(), KNOWLEDGE_DIR)


def _load(kb: KnowledgeBase, directory: Path) -> Interview:
    path = directory / INTERVIEW_FILE
    if not path.exists():
        raise KnowledgeError(f"{INTERVIEW_FILE}: missing from the knowledge base at {directory}")
    parsed = validate_knowledge(InterviewFile, read_knowledge_file(path), path)
    asked_by: dict[str, str] = {}
    question_ids = {parsed.opening.id}
    for question in parsed.questions:
        where = f"{INTERVIEW_FILE}: entry {question.id!r}"
        if question.id in question_ids:
            raise KnowledgeError(f"{where} is defined twice")
        question_ids.add(question.id)
        for fid in question.findings:
            _check_answer_kind(kb, question, fid, where)
            if fid in asked_by:
                raise KnowledgeError(f"{where}: {fid!r} is already asked by {asked_by[fid]!r}")
            asked_by[fid] = question.id
        for option in question.options:
            for fid, value in option.sets.items():
                if isinstance(value, bool) != (kb.findings[fid].kind == "bool"):
                    raise KnowledgeError(f"{where}: option {option.text!r} sets {fid!r} "
                                         f"to {value!r}, the wrong kind of value")
    for fid, used_by in _findings_the_engine_uses(kb):
        if fid not in asked_by:
            raise KnowledgeError(
                f"{INTERVIEW_FILE}: no question asks {fid!r}, which {used_by} uses; "
                "the check-up could never find it out"
            )
    gates = {
        question.id: _gate(question, kb)
        for question in parsed.questions
        if question.only_if is not None
    }
    openers = frozenset(fid for gate in gates.values() for fid in gate.positive_ids())
    return Interview(kb=kb, opening=parsed.opening, possible=parsed.possible,
                     questions=parsed.questions, gates=gates, openers=openers)


def _gate(question: QuestionEntry, kb: KnowledgeBase) -> Condition:
    """A question's ``only_if``, parsed; the story may open it as well as an answer."""
    where = f"{INTERVIEW_FILE}: entry {question.id!r} only_if"
    try:
        gate = parse_condition(question.only_if, {})
    except ConditionError as exc:
        raise KnowledgeError(f"{where}: {exc}") from exc
    for fid in (*gate.positive_ids(), *gate.negated_ids()):
        if fid not in kb.findings:
            raise KnowledgeError(f"{where}: unknown finding {fid!r}")
    return gate


def _check_answer_kind(kb: KnowledgeBase, question: QuestionEntry, fid: str, where: str) -> None:
    finding = kb.findings.get(fid)
    if finding is None:
        raise KnowledgeError(f"{where}: unknown finding {fid!r}")
    numeric = finding.kind != "bool"
    if numeric != (question.type == "number"):
        kind = "a number" if numeric else "yes or no"
        raise KnowledgeError(f"{where}: {fid!r} is answered with {kind}; "
                             f"a {question.type} question cannot ask it")


def _findings_the_engine_uses(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    conditions: list[tuple[str, Condition | None]] = [
        *((f"triage.yaml entry {rid!r}", c) for rid, c in kb.rule_conditions.items()),
        *((f"plan.yaml entry {iid!r}", c) for iid, c in kb.plan_conditions.items()),
        *((f"plan.yaml entry {iid!r}", c) for (iid, _, _), c in kb.screen_conditions.items()),
    ]
    for used_by, condition in conditions:
        if condition is not None:
            for fid in (*condition.positive_ids(), *condition.negated_ids()):
                yield fid, used_by

