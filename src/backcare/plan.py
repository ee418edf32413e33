"""Choose the care plan for the person's phase and screen it against their conditions.

Items that must not be given (an anti-inflammatory in pregnancy, a muscle relaxant over 65)
are not quietly dropped: they move to ``withheld`` with the reason and its source, so the
person knows why and can ask a pharmacist. A screen marked ``any_level`` is said even when the
level gives no self-care plan: after a paracetamol overdose, "take no more" belongs beside
"go to an emergency department".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

from backcare.conditions import Condition, Findings, Predicate, compile_condition
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LevelId, Phase, PhaseId, PlanItem, Screen
from backcare.triage import RANK


class Caution(NamedTuple):
    because: tuple[str, ...]
    why: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"because": list(self.because), "why": self.why, "sources": list(self.sources)}


class ChosenItem(NamedTuple):
    item: PlanItem
    cautions: tuple[Caution, ...]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.item.id,
            "kind": self.item.kind,
            "title": self.item.title,
            "text": self.item.text,
            "sources": list(self.item.sources),
        }
        if self.item.evidence:
            data["evidence"] = self.item.evidence
        if self.cautions:
            data["cautions"] = [caution.to_json() for caution in self.cautions]
        return data


class WithheldItem(NamedTuple):
    item: PlanItem
    reasons: tuple[Caution, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "kind": self.item.kind,
            "title": self.item.title,
            "reasons": [reason.to_json() for reason in self.reasons],
        }


class Plan(NamedTuple):
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


@dataclass(frozen=True, slots=True)
class _Screens:
    """An item's screens with their conditions compiled, checked in the knowledge base's order."""

    withhold: tuple[tuple[Predicate, Condition, Screen], ...]
    caution: tuple[tuple[Predicate, Condition, Screen], ...]
    plain: ChosenItem  # the item as given when no caution applies, made once
    any_level: tuple[tuple[Predicate, Condition, Screen], ...]  # withholds said at every level


@functools.cache
def _items_by_phase(
    kb: KnowledgeBase,
) -> dict[PhaseId, tuple[tuple[PlanItem, Predicate | None, _Screens], ...]]:
    """Each phase's candidate items, built once per knowledge base."""

    def screens(item: PlanItem, kind: str, found: tuple[Screen, ...]) -> tuple[
        tuple[Predicate, Condition, Screen], ...
    ]:
        compiled = []
        for position, screen in enumerate(found):
            condition = kb.screen_conditions[(item.id, kind, position)]
            compiled.append((compile_condition(condition), condition, screen))
        return tuple(compiled)

    by_phase: dict[PhaseId, list[tuple[PlanItem, Predicate | None, _Screens]]] = {
        phase.id: [] for phase in kb.phases
    }
    for item in kb.plan_items:
        condition = kb.plan_conditions[item.id]
        withhold = screens(item, "withhold", item.withhold)
        entry = (
            item,
            None if condition is None else compile_condition(condition),
            _Screens(withhold, screens(item, "caution", item.caution), ChosenItem(item, ()),
                     tuple(held for held in withhold if held[2].any_level)),
        )
        for phase_id in item.phases:
            by_phase[phase_id].append(entry)
    return {phase_id: tuple(entries) for phase_id, entries in by_phase.items()}


def _matching(
    screens: tuple[tuple[Predicate, Condition, Screen], ...], findings: Findings
) -> tuple[Caution, ...]:
    return tuple(
        Caution(tuple(condition.because(findings)), screen.why, screen.sources)
        for predicate, condition, screen in screens
        if predicate(findings)
    )


def plan_for(
    findings: Findings, kb: KnowledgeBase, level: LevelId, *, in_scope: bool = True
) -> Plan:
    """Items for this phase whose condition holds, screened; none when self-care is unsafe."""
    onset = findings.get("onset_days")
    phase = phase_for(None if isinstance(onset, bool) else onset, kb)
    if not in_scope:
        return Plan(phase, (), ())
    chosen: list[ChosenItem] = []
    withheld: list[WithheldItem] = []
    rank = RANK[level]
    for item, applies, screens in _items_by_phase(kb)[phase.id]:
        if applies is not None and not applies(findings):
            continue
        if rank > RANK[item.up_to_level]:
            said_anyway = _matching(screens.any_level, findings) if screens.any_level else ()
            if said_anyway:
                withheld.append(WithheldItem(item, said_anyway))
            continue
        reasons = _matching(screens.withhold, findings) if screens.withhold else ()
        if reasons:
            withheld.append(WithheldItem(item, reasons))
        else:
            cautions = _matching(screens.caution, findings) if screens.caution else ()
            chosen.append(ChosenItem(item, cautions) if cautions else screens.plain)
    return Plan(phase, tuple(chosen), tuple(withheld))
