"""Validate what a person (or a script) hands in, and merge form answers with their words.

Nothing is ever silently dropped: an unknown key, an unknown finding, a wrong type or a
number out of range is an :class:`IntakeError` that names the field, because a mistyped
``"bladder_dysfuncton": true`` that vanished would be a missed emergency.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr
from pydantic import ValidationError as PydanticValidationError

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


class Intake(BaseModel):
    """One intake as the contract defines it; every key optional, unknown keys refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: StrictStr | StrictInt | None = None
    text: StrictStr | None = None
    age: StrictInt | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male", "other"] | None = None
    region: StrictStr | None = None
    # Values are checked against the vocabulary (kind and range) in `check_finding`.
    findings: dict[StrictStr, Any] = {}


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


def parse_intake(raw: Intake | Mapping[str, Any]) -> Intake:
    """Build an :class:`Intake` from a mapping, turning pydantic's report into one clear error."""
    if isinstance(raw, Intake):
        return raw
    if not isinstance(raw, Mapping):
        raise IntakeError("intake", f"expected a JSON object, got {type(raw).__name__}")
    check_tree(dict(raw), "", IntakeError)
    try:
        return Intake.model_validate(dict(raw))
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        # Past the key itself a location names union members ("id.str"), not a field.
        field = ".".join(str(part) for part in first["loc"][:1]) or "intake"
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "unknown key (allowed: id, text, age, sex, region, findings)"
        elif "input" in first and first["type"] != "missing":
            message = f"{message} (got {excerpt(first['input'])})"
        raise IntakeError(field, message) from exc


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
    findings.update(intake.findings)
    if intake.age is not None:
        findings["age"] = intake.age
    return ValidatedIntake(intake, findings, evidence, ignored, in_scope, region, possible)
