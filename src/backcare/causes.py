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
from typing import Any, NamedTuple

from backcare.conditions import Condition, Findings, Present, compile_selector
from backcare.knowledge.loader import KnowledgeBase


class RankedCause(NamedTuple):
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
    (combinations, numbers) tested together by one compiled selector. Built once per
    knowledge base. Weights are kept as ``1 − weight``, the factor the noisy-OR multiplies."""

    unsupported: Mapping[str, float]  # per cause: 1 − prior, the chance before any evidence
    by_finding: Mapping[str, tuple[tuple[str, float], ...]]
    combined: tuple[tuple[str, float], ...]
    holding: Callable[[Findings], list[tuple[int, list[str]]]]


@functools.cache
def _index(kb: KnowledgeBase) -> _SupportIndex:
    by_finding: dict[str, list[tuple[str, float]]] = {}
    combined: list[tuple[str, Condition, float]] = []
    for cause_id, support in kb.cause_support.items():
        for condition, weight in support:
            if isinstance(condition, Present):
                by_finding.setdefault(condition.finding, []).append((cause_id, 1.0 - weight))
            else:
                combined.append((cause_id, condition, 1.0 - weight))
    return _SupportIndex(
        {cause_id: 1.0 - cause.prior for cause_id, cause in kb.causes.items()},
        {k: tuple(v) for k, v in by_finding.items()},
        tuple((cause_id, factor) for cause_id, _, factor in combined),
        compile_selector([condition for _, condition, _ in combined]),
    )


def rank_causes(
    findings: Findings, kb: KnowledgeBase, named_by_rules: Iterable[str] = ()
) -> tuple[RankedCause, ...]:
    """Causes with any support, the rules' serious causes first, then by score."""
    index = _index(kb)
    unsupported = index.unsupported
    by_finding = index.by_finding
    # cause → [the chance nothing supports it, the findings that do]
    tally: dict[str, list[Any]] = {}
    for fid, value in findings.items():
        if value is True and fid in by_finding:
            for cause_id, factor in by_finding[fid]:
                entry = tally.get(cause_id)
                if entry is None:
                    tally[cause_id] = [unsupported[cause_id] * factor, [fid]]
                else:
                    entry[0] *= factor
                    entry[1].append(fid)
    combined = index.combined
    for position, because in index.holding(findings):
        cause_id, factor = combined[position]
        entry = tally.get(cause_id)
        if entry is None:
            tally[cause_id] = [unsupported[cause_id] * factor, because]
        else:
            entry[0] *= factor
            entry[1].extend(because)

    named = list(dict.fromkeys(named_by_rules))
    for cause_id in named:
        if cause_id not in tally:
            tally[cause_id] = [unsupported[cause_id], []]
    causes = kb.causes
    ranked = []
    for cause_id, (left, because) in tally.items():
        cause = causes[cause_id]
        ranked.append(RankedCause(cause_id, cause.label, round(1.0 - left, 2),
                                  tuple(dict.fromkeys(because)), cause.serious,
                                  cause.explanation, cause.sources))
    if named:
        order = {cause_id: position for position, cause_id in enumerate(named)}
        last = len(order)
        ranked.sort(key=lambda c: (order.get(c.id, last), -c.score, c.id))
    else:
        ranked.sort(key=lambda c: (-c.score, c.id))
    return tuple(ranked)
