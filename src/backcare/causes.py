"""Rank the likely contributing causes, each with the findings behind its score.

Each supporting condition in ``causes.yaml`` is treated as an independent piece of evidence
(noisy-OR): ``score = 1 − (1 − prior) · Π(1 − weight)`` over the conditions that hold. The
score stays in [0, 1] and only grows as findings are added. Serious causes that a fired
triage rule asks to rule out are listed first: they are what the person must act on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from backcare.conditions import Findings
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


def rank_causes(
    findings: Findings, kb: KnowledgeBase, named_by_rules: Iterable[str] = ()
) -> tuple[RankedCause, ...]:
    """Causes with any support, the rules' serious causes first, then by score."""
    named = list(dict.fromkeys(named_by_rules))
    ranked: list[RankedCause] = []
    for cause_id, support in kb.cause_support.items():
        cause = kb.causes[cause_id]
        remaining = 1.0 - cause.prior
        because: dict[str, None] = {}
        for condition, weight in support:
            if condition.holds(findings):
                remaining *= 1.0 - weight
                because.update(dict.fromkeys(condition.because(findings)))
        if not because and cause_id not in named:
            continue
        ranked.append(
            RankedCause(
                id=cause_id,
                label=cause.label,
                score=round(1.0 - remaining, 2),
                because=tuple(because),
                serious=cause.serious,
                explanation=" ".join(cause.explanation.split()),
                sources=cause.sources,
            )
        )
    order = {cause_id: position for position, cause_id in enumerate(named)}
    ranked.sort(key=lambda c: (order.get(c.id, len(order)), -c.score, c.id))
    return tuple(ranked)
