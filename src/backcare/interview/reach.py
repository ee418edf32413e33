"""What an answer could still change: the level's floor and ceiling, and who decides them.

The check-up must stop as soon as no answer could change the level, and until then ask only
what could. Both follow from the knowledge base's own conditions, evaluated in three-valued
(Kleene) logic: a finding that may still be asked is *open* — it might turn out true or false —
while one the person answered "don't know" is taken exactly as the triage takes any unknown
finding (not present), because it will never be asked again.

A rule that holds whatever the open findings turn out to be sets a floor; a rule that might
still fire sets a ceiling; when they meet the level is settled. Combination rules (fever with a
nerve sign, flank pain from 55 without a history of stones) need no special case: an ``all``
with an open part stays open, and a protective finding under ``not`` is worth asking because
it could bring the level down from an over-cautious guess.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from backcare.conditions import AllOf, AnyOf, Compare, Condition, Findings, Not, Present
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LEVEL_ORDER, LevelId
from backcare.plan import plan_for
from backcare.triage import RANK

# True or False whatever the open findings turn out to be, or None when they decide.
Truth = bool | None


def truth(condition: Condition, values: Findings, open_ids: Set[str]) -> Truth:
    """The condition's value over every way the open findings could be answered."""
    match condition:
        case Present(finding=fid) | Compare(finding=fid) if fid in open_ids:
            return None
        case Present() | Compare():
            return condition.holds(values)
        case Not(inner=inner):
            inner_truth = truth(inner, values, open_ids)
            return None if inner_truth is None else not inner_truth
        case AnyOf(parts=parts):
            found = [truth(part, values, open_ids) for part in parts]
            return True if True in found else (None if None in found else False)
        case AllOf(parts=parts):
            found = [truth(part, values, open_ids) for part in parts]
            return False if False in found else (None if None in found else True)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - exhaustive above


def deciders(condition: Condition, values: Findings, open_ids: Set[str]) -> set[str]:
    """The open findings whose answers could still flip the condition (none once it is fixed)."""
    if truth(condition, values, open_ids) is not None:
        return set()
    match condition:
        case Present(finding=fid) | Compare(finding=fid):
            return {fid}
        case Not(inner=inner):
            return deciders(inner, values, open_ids)
        case AnyOf(parts=parts) | AllOf(parts=parts):
            return {fid for part in parts for fid in deciders(part, values, open_ids)}
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - exhaustive above


@dataclass(frozen=True, slots=True)
class LevelOutlook:
    """How far the level could still move, and which open findings could move it."""

    floor: LevelId
    ceiling: LevelId
    deciders: frozenset[str]

    @property
    def settled(self) -> bool:
        return self.floor == self.ceiling


def level_outlook(values: Findings, open_ids: Set[str], kb: KnowledgeBase) -> LevelOutlook:
    """The lowest and highest level still possible, from the triage rules themselves."""
    verdicts = [
        (rule.level, condition, truth(condition, values, open_ids))
        for rule in kb.rules
        for condition in (kb.rule_conditions[rule.id],)
    ]
    floor = max((RANK[level] for level, _, t in verdicts if t is True), default=0)
    ceiling = max((RANK[level] for level, _, t in verdicts if t is not False), default=0)
    moving = frozenset(
        fid
        for level, condition, t in verdicts
        if t is None and RANK[level] > floor
        for fid in deciders(condition, values, open_ids)
    )
    return LevelOutlook(LEVEL_ORDER[floor], LEVEL_ORDER[ceiling], moving)


def emergency_deciders(values: Findings, open_ids: Set[str], kb: KnowledgeBase) -> frozenset[str]:
    """The open findings that could still make this an emergency: what a screen must ask
    before any lesser verdict is shown (none once an emergency rule already holds)."""
    conditions = [kb.rule_conditions[rule.id] for rule in kb.rules if rule.level == "emergency"]
    if any(truth(condition, values, open_ids) is True for condition in conditions):
        return frozenset()
    return frozenset(fid for condition in conditions
                     for fid in deciders(condition, values, open_ids))


def plan_is_given(kb: KnowledgeBase, level: LevelId) -> bool:
    """Whether any self-care is offered at this level (none at all in an emergency)."""
    return any(RANK[level] <= RANK[item.up_to_level] for item in kb.plan_items)


def plan_deciders(
    values: Findings, open_ids: Set[str], kb: KnowledgeBase, level: LevelId
) -> frozenset[str]:
    """Open findings that could change the care plan: an item's condition or a medicine screen.

    The phase is the one the plan would use now; the interview asks how long it has lasted
    before the questions whose findings only some phases need.
    """
    phase = plan_for(values, kb, level).phase.id
    wanted: set[str] = set()
    for item in kb.plan_items:
        if phase not in item.phases or RANK[level] > RANK[item.up_to_level]:
            continue
        condition = kb.plan_conditions[item.id]
        if condition is not None:
            if truth(condition, values, open_ids) is False:
                continue
            wanted |= deciders(condition, values, open_ids)
        for kind, screens in (("withhold", item.withhold), ("caution", item.caution)):
            for position in range(len(screens)):
                screen = kb.screen_conditions[(item.id, kind, position)]
                wanted |= deciders(screen, values, open_ids)
    return frozenset(wanted)
