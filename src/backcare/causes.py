"""Rank the likely contributing causes, each with the findings behind its score.

Each supporting condition in ``causes.yaml`` is treated as an independent piece of evidence
(noisy-OR): ``score = 1 − (1 − prior) · Π(1 − weight)`` over the conditions that hold. The
score stays in [0, 1] and only grows as findings are added. Serious causes that a fired
triage rule asks to rule out are listed first: they are what the person must act on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from backcare.conditions import Condition, Findings, Present, compile_selector
from backcare.knowledge.loader import KnowledgeBase


@dataclass(frozen=True, slots=True)
class RankedCause:
    id: str
    label: str
    score: float
    because: tuple[str, ...]
    serious: bool
    explanation: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "because": list(self.because),
            "label": self.label,
            "serious": self.serious,
            "explanation": self.explanation,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class _SupportIndex:
    """Supports that are a single finding, looked up from the findings present; the rest
    (combinations, numbers) evaluated in full. Built once per knowledge base."""

    by_finding: Mapping[str, tuple[tuple[str, float], ...]]
    combined: tuple[tuple[str, Condition, float], ...]
    holding: Callable[[Findings], list[int]]  # positions in ``combined`` that hold


@functools.cache
def _index(kb: KnowledgeBase) -> _SupportIndex:
    by_finding: dict[str, list[tuple[str, float]]] = {}
    combined: list[tuple[str, Condition, float]] = []
    for cause_id, support in kb.cause_support.items():
        for condition, weight in support:
            if isinstance(condition, Present):
                by_finding.setdefault(condition.finding, []).append((cause_id, weight))
            else:
                combined.append((cause_id, condition, weight))
    return _SupportIndex(
        {k: tuple(v) for k, v in by_finding.items()},
        tuple(combined),
        compile_selector([condition for _, condition, _ in combined]),
    )


def rank_causes(
    findings: Findings, kb: KnowledgeBase, named_by_rules: Iterable[str] = ()
) -> tuple[RankedCause, ...]:
    """Causes with any support, the rules' serious causes first, then by score."""
    index = _index(kb)
    remaining: dict[str, float] = {}
    because: dict[str, dict[str, None]] = {}

    def add(cause_id: str, weight: float, behind: Iterable[str]) -> None:
        if cause_id not in remaining:
            remaining[cause_id] = 1.0 - kb.causes[cause_id].prior
            because[cause_id] = {}
        remaining[cause_id] *= 1.0 - weight
        because[cause_id].update(dict.fromkeys(behind))

    for fid, value in findings.items():
        if value is True:
            for cause_id, weight in index.by_finding.get(fid, ()):
                add(cause_id, weight, (fid,))
    for position in index.holding(findings):
        cause_id, condition, weight = index.combined[position]
        add(cause_id, weight, condition.because(findings))

    named = list(dict.fromkeys(named_by_rules))
    for cause_id in named:
        if cause_id not in remaining:
            remaining[cause_id] = 1.0 - kb.causes[cause_id].prior
            because[cause_id] = {}
    ranked = [
        RankedCause(
            id=cause_id,
            label=kb.causes[cause_id].label,
            score=round(1.0 - left, 2),
            because=tuple(because[cause_id]),
            serious=kb.causes[cause_id].serious,
            explanation=kb.causes[cause_id].explanation,
            sources=kb.causes[cause_id].sources,
        )
        for cause_id, left in remaining.items()
    ]
    order = {cause_id: position for position, cause_id in enumerate(named)}
    ranked.sort(key=lambda c: (order.get(c.id, len(order)), -c.score, c.id))
    return tuple(ranked)
