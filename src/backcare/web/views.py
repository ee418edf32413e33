"""What the result page shows, gathered from an assessment and the knowledge base.

The templates only lay things out; every word of medical content — level labels, headlines,
explanations, plan items, cautions — is taken here from the assessment or the knowledge base,
never written in a template. The person's own words are shown back with the spans that set each
finding marked, so they can see why the tool said what it said.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from backcare.assessment import Assessment
from backcare.causes import RankedCause
from backcare.citations import weighed
from backcare.conditions import FindingValue
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LevelId, Region, Source
from backcare.language import Evidence, found_by, read_as_about
from backcare.language.reading import LEXICON
from backcare.triage import emergency_advice

# Causes beyond the serious ones worth listing: the top few, as the terminal shows.
MAX_CAUSES = 4
# Plan items named on the result's first screen, beside the level: what to do right now.
FIRST_STEPS = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Emergency:
    """How to call for help: a tap-to-call number when the region is known, else the advice."""

    number: str | None
    advice: str

    @classmethod
    def of(cls, kb: KnowledgeBase, region: Region | None) -> Emergency:
        return cls(region.emergency_number if region else None, emergency_advice(kb, region))


@dataclass(frozen=True, slots=True)
class FindingShown:
    label: str
    quote: str | None
    value: FindingValue


@dataclass(frozen=True, slots=True)
class PossibleShown:
    """A warning sign the message may describe, and what to do if it is there."""

    label: str
    quote: str
    level: str
    level_label: str
    advice: str


@dataclass(frozen=True, slots=True)
class ToldShown:
    """One finding read from the person's words: the words, and what found them."""

    label: str
    value: FindingValue
    quote: str
    found_by: str


@dataclass(frozen=True, slots=True)
class ReasonShown:
    rule: str
    level: str
    level_label: str
    explanation: str
    findings: tuple[FindingShown, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CauseShown:
    label: str
    explanation: str
    because: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class WatchShown:
    """The warning signs that would bring one level, most urgent level first."""

    level: str
    level_label: str
    signs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CautionShown:
    why: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class ItemShown:
    id: str
    kind: str
    title: str
    text: str
    evidence: str | None
    cautions: tuple[CautionShown, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class ResultShown:
    """The result page's content, in the order a worried person needs it."""

    level: str
    level_label: str
    headline: str
    level_sources: tuple[Source, ...]
    emergency: Emergency
    in_scope: bool
    # Shown before everything else: signs the words may describe, not yet established.
    possible: tuple[PossibleShown, ...]
    story: Markup | None
    # Whose message the reader took it to be, when not the writer's own: the sentence
    # ``read_as_about`` gives for the assessment's ``about``.
    read_as_about: str | None
    told: tuple[ToldShown, ...]
    reasons: tuple[ReasonShown, ...]
    serious: tuple[CauseShown, ...]
    causes: tuple[CauseShown, ...]
    # Warning signs the person answered "don't know" to, that would change the advice: shown
    # apart and first, since they may already be present.
    unsure: tuple[WatchShown, ...]
    watch: tuple[WatchShown, ...]
    phase_label: str
    phase_summary: str
    items: tuple[ItemShown, ...]
    withheld: tuple[tuple[str, tuple[CautionShown, ...]], ...]
    intake_json: str

    @property
    def first_steps(self) -> tuple[ItemShown, ...]:
        """The plan items shown with the level, on the first screen."""
        return self.items[:FIRST_STEPS]

    @property
    def watch_count(self) -> int:
        return sum(len(group.signs) for group in self.watch)


def sources(kb: KnowledgeBase, ids: Iterable[str]) -> tuple[Source, ...]:
    """The sources to cite, guidelines first (see :mod:`backcare.citations`)."""
    return weighed(kb, ids)


def highlight(text: str, evidence: Sequence[Evidence], kb: KnowledgeBase) -> Markup:
    """The person's text, escaped, with each span that set a finding wrapped in ``<mark>``.

    A span overlapping one already marked is left unmarked rather than nesting marks, which
    screen readers announce confusingly; the word list's exact spans are marked before the
    trained reader's whole units.
    """
    # The word list's exact words first; a trained-reader unit only where none overlaps it.
    chosen: list[Evidence] = []
    for item in sorted(evidence, key=lambda e: (e.source != LEXICON, e.start, -e.end)):
        if item.end <= len(text) and item.start < item.end and not any(
                item.start < c.end and c.start < item.end for c in chosen):
            chosen.append(item)
    parts: list[str] = []
    at = 0
    for item in sorted(chosen, key=lambda e: e.start):
        finding = kb.findings.get(item.finding)
        label = finding.label if finding else item.finding
        if item.value is False:
            label = f"no: {label}"
        parts.append(str(escape(text[at:item.start])))
        parts.append(f'<mark data-finding="{escape(item.finding)}" title="{escape(label)}">'
                     f"{escape(text[item.start:item.end])}</mark>")
        at = item.end
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))


def steps(text: str) -> tuple[str, ...]:
    """An exercise's instructions from the knowledge base, one sentence per step."""
    return tuple(part.strip() for part in _SENTENCE_END.split(" ".join(text.split())) if part)


def _label(kb: KnowledgeBase, fid: str) -> str:
    finding = kb.findings.get(fid)
    return finding.label if finding else fid


def _finding_shown(fid: str, value: FindingValue, quotes: dict[str, str],
                   kb: KnowledgeBase) -> FindingShown:
    finding = kb.findings.get(fid)
    return FindingShown(finding.label if finding else fid, quotes.get(fid), value)


def _watch_groups(result: Assessment, kb: KnowledgeBase,
                  keep: Callable[[str], bool]) -> tuple[WatchShown, ...]:
    """The watch-list signs ``keep`` picks, grouped by the level each would bring (the list
    comes most urgent first)."""
    groups: dict[LevelId, list[str]] = {}
    for item in result.triage.watch_list:
        if keep(item.finding):
            groups.setdefault(item.if_it_appears, []).append(item.sign)
    return tuple(WatchShown(level, kb.levels[level].label, tuple(signs))
                 for level, signs in groups.items())


def result_shown(result: Assessment, kb: KnowledgeBase,
                 unsure: Collection[str] = ()) -> ResultShown:
    """What the result page shows; ``unsure`` are the findings answered "don't know"."""
    region = kb.region(result.intake.region)
    level = kb.levels[result.triage.level]
    quotes = {e.finding: e.text for e in result.evidence}
    reasons = tuple(
        ReasonShown(
            rule=reason.rule,
            level=reason.level,
            level_label=kb.levels[reason.level].label,
            explanation=" ".join(reason.explanation.split()),
            findings=tuple(_finding_shown(fid, result.findings.get(fid, True), quotes, kb)
                           for fid in reason.findings),
            sources=sources(kb, reason.sources),
        )
        for reason in result.triage.reasons
    )
    labels = {fid: f.label for fid, f in kb.findings.items()}
    serious = tuple(c for c in result.causes if c.id in result.triage.serious_causes)
    others = tuple(c for c in result.causes if c.id not in result.triage.serious_causes)

    def cause(c: RankedCause) -> CauseShown:
        return CauseShown(c.label, " ".join(c.explanation.split()),
                          tuple(labels.get(fid, fid) for fid in c.because),
                          sources(kb, c.sources))

    plan = result.plan
    items = tuple(
        ItemShown(
            id=chosen.item.id,
            kind=chosen.item.kind,
            title=chosen.item.title,
            text=" ".join(chosen.item.text.split()),
            evidence=chosen.item.evidence,
            cautions=tuple(CautionShown(" ".join(c.why.split()), sources(kb, c.sources))
                           for c in chosen.cautions),
            sources=sources(kb, chosen.item.sources),
        )
        for chosen in plan.items
    )
    withheld = tuple(
        (held.item.title, tuple(CautionShown(" ".join(r.why.split()), sources(kb, r.sources))
                                for r in held.reasons))
        for held in plan.withheld
    )
    text = result.intake.text
    return ResultShown(
        level=result.level,
        level_label=level.label,
        headline=" ".join(result.triage.headline.split()),
        # Said once: the level's own sources, where the reasons have not cited them already.
        level_sources=sources(kb, (sid for sid in level.sources if not any(
            sid in reason.sources for reason in result.triage.reasons))),
        emergency=Emergency.of(kb, region),
        in_scope=result.in_scope,
        possible=tuple(
            PossibleShown(_label(kb, sign.finding), sign.text, sign.if_present,
                          kb.levels[sign.if_present].label, " ".join(sign.advice.split()))
            for sign in result.possible
        ),
        story=highlight(text, result.evidence, kb) if text else None,
        read_as_about=read_as_about(result.about) if result.about else None,
        told=tuple(ToldShown(_label(kb, e.finding), e.value, e.text,
                             found_by(e.source, e.probability)) for e in result.evidence),
        reasons=reasons,
        serious=tuple(cause(c) for c in serious),
        causes=tuple(cause(c) for c in others[:MAX_CAUSES]),
        unsure=_watch_groups(result, kb, lambda fid: fid in unsure),
        watch=_watch_groups(result, kb, lambda fid: fid not in unsure),
        phase_label=plan.phase.label,
        phase_summary=" ".join(plan.phase.summary.split()),
        items=items,
        withheld=withheld,
        intake_json=json.dumps(result.intake.to_json(exclude_none=True),
                               ensure_ascii=False),
    )
