"""The diary's part of the knowledge base: session limits, corrections, progress thresholds.

Timings such as "cold for 15–20 minutes, in the first 2–3 days" are medical facts, so they live
in ``knowledge/diary.yaml`` with their sources, not in code. This loader checks that file
against the rest of the knowledge base, so a limit can never cite a missing source or drift
from the care plan's phases.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from backcare.knowledge.loader import (
    KNOWLEDGE_DIR,
    KnowledgeBase,
    KnowledgeError,
    load_knowledge,
    read_knowledge_file,
    validate_knowledge,
)
from backcare.knowledge.schema import AT_LEAST_ONE, Entry, PlanItem

TherapyKind = Literal["cold", "heat"]


@dataclass(frozen=True, kw_only=True)
class Correction(Entry):
    """A gentle correction shown when a session breaks a limit, with where the limit comes from."""

    text: str
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)

    def says(self, therapy: Therapy) -> str:
        """The text on one line, with ``{limit}`` read from the therapy's limit."""
        return " ".join(self.text.split()).format(limit=f"{therapy.limit_minutes:g}")


@dataclass(frozen=True, kw_only=True)
class Therapy(Entry):
    kind: TherapyKind
    label: str
    plan_item: str
    limit_minutes: float = field(metadata={"gt": 0, "le": 120})
    first_day: int = field(metadata={"ge": 0})
    last_day: int | None = field(default=None, metadata={"ge": 0})
    too_long: Correction
    out_of_days: Correction

    def suits_day(self, day: int) -> bool:
        """Whether the plan advises this therapy on ``day`` of the episode (0 = first day)."""
        return day >= self.first_day and (self.last_day is None or day <= self.last_day)


@dataclass(frozen=True, kw_only=True)
class ProgressRules(Entry):
    window_days: int = field(metadata={"ge": 2, "le": 60})
    better_by_points: float = field(metadata={"gt": 0, "le": 10})
    better_by_fraction: float = field(metadata={"gt": 0, "lt": 1})
    worse_by_points: float = field(metadata={"gt": 0, "le": 10})
    basis: str
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class DiaryFile(Entry):
    therapies: tuple[Therapy, ...] = field(metadata=AT_LEAST_ONE)
    exercise_kinds: tuple[str, ...] = field(metadata=AT_LEAST_ONE)
    lasting_findings: tuple[str, ...] = field(metadata=AT_LEAST_ONE)
    progress: ProgressRules


@dataclass(frozen=True, eq=False)
class DiaryGuidance:
    """The checked diary rules, with the plan items and findings they point at resolved."""

    kb: KnowledgeBase
    therapies: Mapping[TherapyKind, Therapy]
    exercises: Mapping[str, PlanItem]
    lasting_findings: frozenset[str]
    progress: ProgressRules

    def therapy(self, kind: TherapyKind) -> Therapy:
        return self.therapies[kind]


def _phase_window(item: PlanItem, kb: KnowledgeBase) -> tuple[int, int | None]:
    """First and last day of the episode covered by a plan item's phases."""
    phases = [phase for phase in kb.phases if phase.id in item.phases]
    first = min(phase.first_day or 0 for phase in phases)
    lasts = [phase.last_day for phase in phases]
    return first, None if None in lasts else max(day for day in lasts if day is not None)


def _check(parsed: DiaryFile, kb: KnowledgeBase, where: str) -> DiaryGuidance:
    plan_items = {item.id: item for item in kb.plan_items}
    therapies: dict[TherapyKind, Therapy] = {}
    for therapy in parsed.therapies:
        here = f"{where}: therapy {therapy.kind!r}"
        if therapy.kind in therapies:
            raise KnowledgeError(f"{here} is defined twice")
        item = plan_items.get(therapy.plan_item)
        if item is None:
            raise KnowledgeError(f"{here}: unknown plan item {therapy.plan_item!r}")
        first, last = _phase_window(item, kb)
        # The plan may keep advising heat into later phases; the diary only needs to agree on
        # when the therapy starts, and on when it stops if it stops at all.
        stops_elsewhere = therapy.last_day is not None and therapy.last_day != last
        if therapy.first_day != first or stops_elsewhere:
            raise KnowledgeError(
                f"{here}: days {therapy.first_day}–{therapy.last_day} disagree with plan item "
                f"{item.id!r} (days {first}–{last})"
            )
        for name, correction in (("too_long", therapy.too_long),
                                 ("out_of_days", therapy.out_of_days)):
            for source in correction.sources:
                if source not in kb.sources:
                    raise KnowledgeError(f"{here} {name}: cites unknown source {source!r}")
            try:
                correction.says(therapy)
            except (KeyError, IndexError, ValueError) as exc:
                raise KnowledgeError(f"{here} {name}: the text has a placeholder other than "
                                     f"{{limit}}: {exc}") from exc
        therapies[therapy.kind] = therapy
    for source in parsed.progress.sources:
        if source not in kb.sources:
            raise KnowledgeError(f"{where} progress: cites unknown source {source!r}")
    kinds = {item.kind for item in kb.plan_items}
    for kind in parsed.exercise_kinds:
        if kind not in kinds:
            raise KnowledgeError(f"{where}: exercise kind {kind!r} matches no plan item")
    for fid in parsed.lasting_findings:
        finding = kb.findings.get(fid)
        if finding is None or finding.kind != "bool":
            raise KnowledgeError(f"{where}: lasting finding {fid!r} is not a yes/no finding")
    return DiaryGuidance(
        kb=kb,
        therapies=therapies,
        exercises={i.id: i for i in kb.plan_items if i.kind in parsed.exercise_kinds},
        lasting_findings=frozenset(parsed.lasting_findings),
        progress=parsed.progress,
    )


def load_guidance(kb: KnowledgeBase | None = None, path: Path | None = None) -> DiaryGuidance:
    """Load ``diary.yaml`` (the packaged one by default) and check it against ``kb``."""
    if kb is None and path is None:
        return _packaged_guidance()
    return _load(kb or load_knowledge(), path or KNOWLEDGE_DIR / "diary.yaml")


@functools.cache
def _packaged_guidance() -> DiaryGuidance:
    return _load(load_knowledge(), KNOWLEDGE_DIR / "diary.yaml")


def _load(kb: KnowledgeBase, path: Path) -> DiaryGuidance:
    parsed = validate_knowledge(DiaryFile, read_knowledge_file(path), path)
    return _check(parsed, kb, path.name)
