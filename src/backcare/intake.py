"""Validate what a person (or a script) hands in, and merge form answers with their words.

Nothing is ever silently dropped: an unknown key, an unknown finding, a wrong type or a
number out of range is an :class:`IntakeError` that names the field, because a mistyped
``"bladder_dysfuncton": true`` that vanished would be a missed emergency.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal, NamedTuple, NoReturn, get_args

from backcare.conditions import FindingValue
from backcare.errors import FieldError
from backcare.json_input import check_tree
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import Finding, Region
from backcare.language import MAX_TEXT_CHARS, Evidence, Ignored, Possible, read_text
from backcare.text_check import check_text, excerpt


class IntakeError(FieldError):
    """An intake the engine refuses; ``field`` names the offending key (dotted)."""

    default_code = "invalid_intake"


Sex = Literal["female", "male", "other"]
AGE_LIMITS = {"ge": 0, "le": 120}


# Each value is checked when an intake is made, strictly ("44" is no age), with the messages
# pydantic gives for the same declaration, which the web API publishes as the intake's JSON
# schema (the docstring below is that schema's description). The checks are written out
# rather than left to pydantic because importing pydantic and building its first validator
# cost about 0.15 s of CPU, a fifth of a `backcare assess`; tests/test_intake.py holds them
# to pydantic's verdicts.
@dataclass(frozen=True, kw_only=True)
class Intake:
    """One intake as the contract defines it; every key optional, unknown keys refused."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    id: str | int | None = None
    text: str | None = None
    age: int | None = field(default=None, metadata=AGE_LIMITS)
    sex: Sex | None = None
    region: str | None = None
    # Values are checked against the vocabulary (kind and range) in `check_finding`.
    findings: dict[str, Any] = field(
        default_factory=dict, metadata={"json_schema_extra": {"default": {}}})

    def __post_init__(self) -> None:
        """Refuse the first wrong value, in the order of the fields, as pydantic would."""
        _expect("id", self.id, str, int)
        _expect("text", self.text, str)
        if self.age is not None:
            _expect("age", self.age, int)
            if self.age < AGE_LIMITS["ge"]:
                _refuse("age", f"greater than or equal to {AGE_LIMITS['ge']}", self.age)
            if self.age > AGE_LIMITS["le"]:
                _refuse("age", f"less than or equal to {AGE_LIMITS['le']}", self.age)
        choices = get_args(Sex)
        if self.sex is not None and not (isinstance(self.sex, str) and self.sex in choices):
            quoted = [repr(choice) for choice in choices]
            _refuse("sex", f"{', '.join(quoted[:-1])} or {quoted[-1]}", self.sex)
        _expect("region", self.region, str)
        if not isinstance(self.findings, dict):
            _refuse("findings", "a valid dictionary", self.findings)
        for key in self.findings:
            _expect("findings", key, str)
        object.__setattr__(self, "findings", dict(self.findings))

    def to_json(self, *, exclude_none: bool = False) -> dict[str, Any]:
        """The intake's keys and values, as the contract writes them."""
        return {item.name: value for item in fields(self)
                if (value := getattr(self, item.name)) is not None or not exclude_none}


_KINDS = {str: "a valid string", int: "a valid integer"}


def _expect(name: str, value: object, *kinds: type) -> None:
    """Refuse ``value`` unless it is ``None`` or strictly one of ``kinds`` (``True`` is no
    integer), naming the first of them."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, kinds)):
        _refuse(name, _KINDS[kinds[0]], value)


def _refuse(name: str, expected: str, value: object) -> NoReturn:
    raise IntakeError(name, f"Input should be {expected} (got {excerpt(value)})")


_KEYS = tuple(item.name for item in fields(Intake))


class ValidatedIntake(NamedTuple):
    """An intake after validation and reading: what the assessment reasons from."""

    intake: Intake
    findings: dict[str, FindingValue]
    evidence: tuple[Evidence, ...]
    ignored: tuple[Ignored, ...]
    in_scope: bool
    region: Region | None
    # Findings the text may describe, not established; none the form already answered.
    possible: tuple[Possible, ...] = ()
    # Who the text is about ("husband"), or None when the writer is the patient.
    about: str | None = None


def parse_intake(raw: Intake | Mapping[str, Any]) -> Intake:
    """Build an :class:`Intake` from a mapping; a wrong value (first in the order of the
    fields) or else an unknown key is an :class:`IntakeError` naming it."""
    if isinstance(raw, Intake):
        return raw
    if not isinstance(raw, Mapping):
        raise IntakeError("intake", f"expected a JSON object, got {type(raw).__name__}")
    check_tree(dict(raw), "", IntakeError)
    intake = Intake(**{key: value for key, value in raw.items() if key in _KEYS})
    for key in raw:
        if key not in _KEYS:
            raise IntakeError(str(key), f"unknown key (allowed: {', '.join(_KEYS)})")
    return intake


def check_finding(fid: str, value: object, kb: KnowledgeBase, where: str = "findings") -> None:
    """Refuse a finding the vocabulary does not know, or a value of the wrong kind or range;
    ``where`` is the field holding the findings (an import names its table and row)."""
    finding = kb.findings.get(fid)
    if finding is None:
        raise IntakeError(f"{where}.{fid}", "unknown finding ID (see the vocabulary)",
                          "unknown_finding")
    if finding.kind == "bool":
        if value is not True and value is not False:
            raise IntakeError(f"{where}.{fid}", f"must be true or false, got {excerpt(value)}")
        return
    problem = _number_problem(finding, value)
    if problem:
        raise IntakeError(f"{where}.{fid}", f"{problem}, got {excerpt(value)}")


def _number_problem(finding: Finding, value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "must be a number"
    if finding.kind == "int" and not (isinstance(value, int) or float(value).is_integer()):
        return "must be a whole number"
    if finding.minimum is not None and value < finding.minimum:
        return f"must be at least {finding.minimum:g}"
    if finding.maximum is not None and value > finding.maximum:
        return f"must be at most {finding.maximum:g}"
    return None


@functools.cache
def _yes_no_findings(kb: KnowledgeBase) -> frozenset[str]:
    """The findings answered true or false: most of an intake, checked with one lookup."""
    return frozenset(fid for fid, finding in kb.findings.items() if finding.kind == "bool")


def _plausible(fid: str, value: FindingValue, kb: KnowledgeBase) -> bool:
    """Whether a value read from free text fits the vocabulary ("pain 15/10" does not)."""
    try:
        check_finding(fid, value, kb)
    except IntakeError:
        return False
    return True


def validate_intake(raw: Intake | Mapping[str, Any], kb: KnowledgeBase) -> ValidatedIntake:
    """Check an intake against the knowledge base and merge its text with its form answers.

    Form answers win over what the text says: the person ticked them deliberately.
    """
    intake = parse_intake(raw)
    if intake.text is None and not intake.findings:
        raise IntakeError("text", "an intake needs at least `text` or `findings`", "empty_intake")
    yes_no = _yes_no_findings(kb)
    for fid, value in intake.findings.items():
        if not ((value is True or value is False) and fid in yes_no):
            check_finding(fid, value, kb)
    if intake.age is not None and "age" in intake.findings and intake.findings["age"] != intake.age:
        raise IntakeError("age", "`age` and `findings.age` disagree")

    region = kb.region(intake.region)
    if intake.region is not None and region is None:
        known = ", ".join(r.code for r in kb.regions)
        raise IntakeError("region", f"unknown region {excerpt(intake.region)} (known: {known})")

    findings: dict[str, FindingValue] = {}
    evidence: tuple[Evidence, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    possible: tuple[Possible, ...] = ()
    about: str | None = None
    in_scope = True
    if intake.text is not None:
        check_text("text", intake.text, MAX_TEXT_CHARS, IntakeError)
        reading = read_text(intake.text, kb)
        findings.update(
            (fid, value) for fid, value in reading.findings.items() if _plausible(fid, value, kb)
        )
        in_scope = reading.in_scope
        given = set(intake.findings)
        if intake.age is not None:
            given.add("age")
        evidence = tuple(
            e for e in reading.evidence if e.finding not in given and e.finding in findings
        )
        ignored = reading.ignored
        possible = tuple(p for p in reading.possible if p.finding not in given)
        about = reading.about
    findings.update(intake.findings)
    if intake.age is not None:
        findings["age"] = intake.age
    return ValidatedIntake(intake, findings, evidence, ignored, in_scope, region, possible,
                           about)
