"""Choose the care plan for the person's phase and screen it against their conditions.

Items that must not be given (an anti-inflammatory in pregnancy, a muscle relaxant over 65)
are not quietly dropped: they move to ``withheld`` with the reason and its source, so the
person knows why and can ask a pharmacist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backcare.conditions import Findings
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LevelId, Phase, PhaseId, PlanItem
from backcare.triage import RANK


@dataclass(frozen=True, slots=True)
class Caution:
    because: tuple[str, ...]
    why: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"because": list(self.because), "why": self.why, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class ChosenItem:
    item: PlanItem
    cautions: tuple[Caution, ...]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.item.id,
            "kind": self.item.kind,
            "title": self.item.title,
            "text": " ".join(self.item.text.split()),
            "sources": list(self.item.sources),
        }
        if self.item.evidence:
            data["evidence"] = self.item.evidence
        if self.cautions:
            data["cautions"] = [caution.to_json() for caution in self.cautions]
        return data


@dataclass(frozen=True, slots=True)
class WithheldItem:
    item: PlanItem
    reasons: tuple[Caution, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "kind": self.item.kind,
            "title": self.item.title,
            "reasons": [reason.to_json() for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Plan:
    phase: Phase
    items: tuple[ChosenItem, ...]
    withheld: tuple[WithheldItem, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase.id,
            "phase_label": self.phase.label,
            "summary": self.phase.summary,
            "items": [item.to_json() for item in self.items],
            "withheld": [item.to_json() for item in self.withheld],
        }


def phase_for(onset_days: float | None, kb: KnowledgeBase) -> Phase:
    """The phase for the day of the episode; unknown onset counts as the first days."""
    if onset_days is None:
        return kb.phases[0]
    for phase in kb.phases:
        first = phase.first_day or 0
        if onset_days >= first and (phase.last_day is None or onset_days <= phase.last_day):
            return phase
    return kb.phases[-1]


def _screens(
    item: PlanItem, kind: str, findings: Findings, kb: KnowledgeBase
) -> tuple[Caution, ...]:
    screens = item.withhold if kind == "withhold" else item.caution
    found: list[Caution] = []
    for position, screen in enumerate(screens):
        condition = kb.screen_conditions[(item.id, kind, position)]
        if condition.holds(findings):
            found.append(Caution(tuple(condition.because(findings)), screen.why, screen.sources))
    return tuple(found)


def plan_for(
    findings: Findings, kb: KnowledgeBase, level: LevelId, *, in_scope: bool = True
) -> Plan:
    """Items for this phase whose condition holds, screened; none when self-care is unsafe."""
    onset = findings.get("onset_days")
    phase = phase_for(None if isinstance(onset, bool) else onset, kb)
    chosen: list[ChosenItem] = []
    withheld: list[WithheldItem] = []
    if not in_scope:
        return Plan(phase, (), ())
    wanted_phase: PhaseId = phase.id
    for item in kb.plan_items:
        if wanted_phase not in item.phases or RANK[level] > RANK[item.up_to_level]:
            continue
        condition = kb.plan_conditions[item.id]
        if condition is not None and not condition.holds(findings):
            continue
        reasons = _screens(item, "withhold", findings, kb)
        if reasons:
            withheld.append(WithheldItem(item, reasons))
        else:
            chosen.append(ChosenItem(item, _screens(item, "caution", findings, kb)))
    return Plan(phase, tuple(chosen), tuple(withheld))
