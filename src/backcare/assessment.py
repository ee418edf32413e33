"""One assessment: intake → findings → triage, causes and plan, as a single immutable value.

The values an assessment is made of (this one, the triage and its reasons, the ranked causes,
the plan) are named tuples: as immutable as frozen dataclasses, but a dozen of them are made
per assessment, and a frozen dataclass sets each field through ``object.__setattr__`` — about
a tenth of an assessment's instructions, at tens of thousands a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from backcare.causes import RankedCause, rank_causes
from backcare.conditions import FindingValue
from backcare.intake import Intake, validate_intake
from backcare.knowledge.loader import KnowledgeBase, load_knowledge
from backcare.knowledge.schema import LevelId
from backcare.language import Evidence, Ignored
from backcare.plan import Plan, plan_for
from backcare.triage import Triage, triage


class PossibleSign(NamedTuple):
    """A warning sign the message may describe, and the level it would bring if present."""

    finding: str
    probability: float
    text: str
    start: int
    end: int
    if_present: LevelId
    advice: str  # the headline the person would get if the sign is there

    def to_json(self) -> dict[str, Any]:
        return {"finding": self.finding, "probability": self.probability, "text": self.text,
                "start": self.start, "end": self.end, "if_present": self.if_present,
                "advice": self.advice}


class Assessment(NamedTuple):
    """Everything the renderers (terminal, JSON, web, PDF, FHIR) and the diary need."""

    intake: Intake
    knowledge_base: str
    in_scope: bool
    findings: Mapping[str, FindingValue]
    evidence: tuple[Evidence, ...]
    ignored: tuple[Ignored, ...]
    triage: Triage
    causes: tuple[RankedCause, ...]
    plan: Plan
    # Warning signs the text may describe but the reader could not establish: shown first,
    # asked first, never used to lower anything.
    possible: tuple[PossibleSign, ...] = ()
    # Whom the message is about ("husband") when the writer is not the patient: the findings
    # are that person's.
    about: str | None = None

    @property
    def level(self) -> str:
        return self.triage.level

    def to_json(self) -> dict[str, Any]:
        """The contract's result object (see the README), plus a few extras."""
        return {
            "id": self.intake.id,
            "in_scope": self.in_scope,
            "triage": self.triage.to_json(),
            "red_flags": list(self.triage.red_flags),
            "serious_causes": list(self.triage.serious_causes),
            "findings": dict(self.findings),
            "evidence": [
                {
                    "finding": e.finding,
                    "value": e.value,
                    "text": e.text,
                    "start": e.start,
                    "end": e.end,
                    "context": list(e.context),
                    "source": e.source,
                    "probability": e.probability,
                }
                for e in self.evidence
            ],
            "causes": [cause.to_json() for cause in self.causes],
            "watch_list": [item.to_json() for item in self.triage.watch_list],
            "plan": self.plan.to_json(),
            "possible": [sign.to_json() for sign in self.possible],
            "about": self.about,
            "emergency_number": self.triage.emergency_number,
            "knowledge_base": self.knowledge_base,
        }


def assess(
    intake: Intake | Mapping[str, Any] | None = None,
    /,
    *,
    kb: KnowledgeBase | None = None,
    **fields: Any,
) -> Assessment:
    """Assess one intake: ``assess({"text": ...})``, ``assess(Intake(...))``, ``assess(text=...)``.

    Raises :class:`backcare.IntakeError` naming the field when the intake is invalid.
    """
    kb = kb or load_knowledge()
    raw: Intake | Mapping[str, Any] = fields if intake is None else intake
    if intake is not None and fields:
        raw = {**(intake.to_json(exclude_none=True) if isinstance(intake, Intake)
                  else intake), **fields}
    checked = validate_intake(raw, kb)
    result = triage(checked.findings, kb, in_scope=checked.in_scope, region=checked.region)
    # A possible sign matters when it would raise the level: the watch-list knows by how much.
    raises = {item.finding: item.if_it_appears for item in result.watch_list}
    possible = tuple(
        PossibleSign(p.finding, p.probability, p.text, p.start, p.end, raises[p.finding],
                     triage({**checked.findings, p.finding: True}, kb, in_scope=checked.in_scope,
                            region=checked.region).headline)
        for p in checked.possible if p.finding in raises
    )
    return Assessment(
        intake=checked.intake,
        knowledge_base=kb.version,
        in_scope=checked.in_scope,
        findings=checked.findings,
        evidence=checked.evidence,
        ignored=checked.ignored,
        triage=result,
        causes=rank_causes(checked.findings, kb, result.serious_causes),
        plan=plan_for(checked.findings, kb, result.level, in_scope=checked.in_scope),
        possible=possible,
        about=checked.about,
    )
