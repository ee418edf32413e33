"""Apply the triage policy: the most urgent rule that fires sets the level.

Every fired rule is reported, with the findings that made it fire and its sources. The
watch-list is computed, not written: for each warning sign not reported, the level it would
bring if it appeared — so it can never drift from the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from backcare.conditions import (
    AnyOf,
    Condition,
    Findings,
    Predicate,
    Present,
    compile_condition,
    compile_selector,
)
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LEVEL_ORDER, LevelId, Region, Rule

RANK: Mapping[LevelId, int] = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
# A tool that cannot assess the symptoms must never tell the person to manage alone.
OUT_OF_SCOPE_FLOOR: LevelId = "routine"
# The levels at which a person is told to get care today.
URGENT_LEVELS: frozenset[LevelId] = frozenset({"emergency", "urgent"})


class Reason(NamedTuple):
    rule: str
    level: LevelId
    findings: tuple[str, ...]
    explanation: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level,
            "findings": list(self.findings),
            "explanation": self.explanation,
            "sources": list(self.sources),
        }


class WatchItem(NamedTuple):
    finding: str
    if_it_appears: LevelId
    sign: str

    def to_json(self) -> dict[str, Any]:
        return {"finding": self.finding, "if_it_appears": self.if_it_appears, "sign": self.sign}


class Triage(NamedTuple):
    level: LevelId
    headline: str
    reasons: tuple[Reason, ...]
    serious_causes: tuple[str, ...]
    red_flags: tuple[str, ...]
    watch_list: tuple[WatchItem, ...]
    emergency_number: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "headline": self.headline,
            "reasons": [reason.to_json() for reason in self.reasons],
        }


@dataclass(frozen=True)
class _RuleIndex:
    """Per-knowledge-base lookups, built once: rules most urgent first, and who mentions what.

    For the watch-list, a sign that fires a rule on its own (``any`` of single findings) has a
    level known in advance; only combination rules need evaluating per assessment.
    """

    ordered: tuple[tuple[Rule, Condition, Predicate], ...]
    # the rules that fire, as positions in ``ordered``, each with the findings behind it
    fired: Callable[[Findings], list[tuple[int, list[str]]]]
    # per current level (rank): the signs that could raise it, each with the level it brings
    # on its own, the combination rules above the current level (compiled with the sign
    # taken as present), and its watch-list entry for each level, made once
    watch: tuple[tuple[tuple[str, int, tuple[tuple[int, Predicate], ...],
                             tuple[WatchItem, ...]], ...], ...]


def _fires_on_its_own(condition: Condition, fid: str) -> bool:
    match condition:
        case Present(finding=found):
            return found == fid
        case AnyOf(parts=parts):
            return any(_fires_on_its_own(part, fid) for part in parts)
    return False


@functools.cache
def _index(kb: KnowledgeBase) -> _RuleIndex:
    ordered = tuple(
        sorted(
            (
                (rule, kb.rule_conditions[rule.id], compile_condition(kb.rule_conditions[rule.id]))
                for rule in kb.rules
            ),
            key=lambda entry: -RANK[entry[0].level],
        )
    )
    by_finding: dict[str, list[tuple[Rule, Condition, Predicate]]] = {}
    for entry in ordered:
        for fid in dict.fromkeys(entry[1].positive_ids()):
            by_finding.setdefault(fid, []).append(entry)
    watchable = tuple(
        fid
        for fid, pairs in by_finding.items()
        if kb.findings[fid].kind == "bool"
        and kb.findings[fid].watch
        and any(RANK[rule.level] > 0 for rule, _, _ in pairs)
    )
    alone_rank = {
        fid: max((RANK[r.level] for r, c, _ in by_finding[fid] if _fires_on_its_own(c, fid)),
                 default=-1)
        for fid in watchable
    }
    combined = {
        fid: tuple((RANK[r.level], compile_condition(c, assume=fid)) for r, c, _ in by_finding[fid]
                   if not _fires_on_its_own(c, fid))
        for fid in watchable
    }
    watch_items = {
        fid: tuple(
            WatchItem(fid, level, kb.findings[fid].lay or kb.findings[fid].label)
            for level in LEVEL_ORDER
        )
        for fid in watchable
    }
    watch = tuple(
        tuple(
            (fid, alone_rank[fid], tuple((r, p) for r, p in combined[fid] if r > current),
             watch_items[fid])
            for fid in watchable
            if alone_rank[fid] > current or any(r > current for r, _ in combined[fid])
        )
        for current in range(len(LEVEL_ORDER))
    )
    fired = compile_selector([condition for _, condition, _ in ordered])
    return _RuleIndex(ordered, fired, watch)


def level_for(findings: Findings, kb: KnowledgeBase, *, in_scope: bool = True) -> LevelId:
    """The triage level alone: the most urgent rule that fires (the fast path)."""
    for rule, _, predicate in _index(kb).ordered:
        if predicate(findings):
            return _floor(rule.level, in_scope)
    return _floor("self_care", in_scope)


@functools.cache
def warning_rule_findings(kb: KnowledgeBase) -> frozenset[str]:
    """The findings an urgent or emergency rule fires on. A sign that brings little on its
    own (the worst headache of one's life, a stiff neck) can make an emergency with another
    (a fever), so it is a warning sign too: never withdrawn by the reader, and a question
    about it gets the triage first."""
    return frozenset(fid for rule in kb.rules if rule.level in URGENT_LEVELS
                     for fid in kb.rule_conditions[rule.id].positive_ids())


def _floor(level: LevelId, in_scope: bool) -> LevelId:
    if not in_scope and RANK[level] < RANK[OUT_OF_SCOPE_FLOOR]:
        return OUT_OF_SCOPE_FLOOR
    return level


def emergency_advice(kb: KnowledgeBase, region: Region | None) -> str:
    """What to call: the region's number, or the common numbers when the region is unknown."""
    return region.emergency_number if region else kb.default_emergency_advice


def crisis_line(kb: KnowledgeBase, region: Region | None) -> str:
    """Who to call in a mental health crisis: the region's line, else its emergency number."""
    if region is None:
        return kb.default_crisis_line
    return region.crisis_line or region.emergency_number


def headline_for(kb: KnowledgeBase, level: LevelId, fired: Iterable[str],
                 region: Region | None) -> str:
    """The level's action, then what the fired rules add (a crisis line, the maternity unit).

    Shared by the assessment and the diary's alerts, so a sign logged in the diary brings the
    same advice as the same sign in an assessment.
    """
    fill = {"emergency": emergency_advice(kb, region), "crisis_line": crisis_line(kb, region)}
    advising = _advice(kb)
    advice = dict.fromkeys(advising[rid].format(**fill) for rid in fired if rid in advising)
    return " ".join((" ".join(kb.levels[level].action.split()).format(**fill), *advice))


@functools.cache
def _advice(kb: KnowledgeBase) -> Mapping[str, str]:
    """The rules that add advice to the headline, by ID (most rules add none)."""
    return {rule.id: rule.advice for rule in kb.rules if rule.advice}


def triage(
    findings: Findings,
    kb: KnowledgeBase,
    *,
    in_scope: bool = True,
    region: Region | None = None,
) -> Triage:
    """The full triage: level, headline, every fired rule, serious causes, watch-list."""
    index = _index(kb)
    ordered = index.ordered
    fired = [(ordered[position][0], because) for position, because in index.fired(findings)]
    level = _floor(fired[0][0].level if fired else "self_care", in_scope)

    reasons = [
        Reason(rule.id, rule.level, tuple(dict.fromkeys(because)), rule.explanation,
               rule.sources)
        for rule, because in fired
    ]
    if not in_scope:
        reasons.append(Reason("scope", OUT_OF_SCOPE_FLOOR, (), kb.out_of_scope,
                              kb.out_of_scope_sources))
    elif not fired:
        reasons.append(Reason("none", "self_care", (), kb.no_rule_fired,
                              kb.no_rule_fired_sources))

    serious: dict[str, None] = {}
    for rule, _ in fired:
        for named in rule.names:
            condition = kb.named_cause_conditions[(rule.id, named.cause)]
            if condition is None or condition.holds(findings):
                serious[named.cause] = None

    red_flags = dict.fromkeys(
        fid for reason in reasons if RANK[reason.level] > 0 for fid in reason.findings
    )
    headline = headline_for(kb, level, (rule.id for rule, _ in fired), region)
    if not in_scope and not fired:
        headline = kb.out_of_scope
    return Triage(
        level=level,
        headline=headline,
        reasons=tuple(reasons),
        serious_causes=tuple(serious),
        red_flags=tuple(red_flags),
        watch_list=_watch_list(findings, kb, level),
        emergency_number=region.emergency_number if region else None,
    )


def _watch_list(findings: Findings, kb: KnowledgeBase, level: LevelId) -> tuple[WatchItem, ...]:
    """Warning signs not reported, each with the level it would bring if it appeared."""
    items: list[WatchItem] = []
    current = RANK[level]
    get = findings.get
    for fid, alone, combined, watch_items in _index(kb).watch[current]:
        if get(fid) is True:
            continue
        raised = alone if alone > current else current
        for rank, holds_with_sign in combined:
            if rank > raised and holds_with_sign(findings):
                raised = rank
        if raised > current:
            items.append(watch_items[raised])
    items.sort(key=lambda item: -RANK[item.if_it_appears])
    return tuple(items)
