"""The ConText algorithm over a person's message: which words frame which mention.

ConText (Harkema et al., J Biomed Inform 2009; Chapman et al.'s NegEx before it) finds
trigger phrases — "no", "I think", "my dad", "years ago" — and lets each reach forward or
backward over the words it governs until a terminator ("but", the end of the sentence). A
mention inside that reach takes the trigger's meaning. medspaCy implements it on spaCy; this
module implements the same algorithm on character offsets because spaCy and medspaCy alone
take about 0.8 s to import here, most of the one-second budget for a whole cold
``backcare assess`` (measured in ``bench/bench_language.py``). The triggers themselves, and
how far each reaches, are data in ``knowledge/language.yaml``.

Two refinements over the stock algorithm, both for how patients write: overlapping triggers
are settled by the longest ("not sure if" is a hedge, not a denial), and a comma or "and"
ends a denial only when a clause of its own follows (see ``sentences.py``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from backcare.language.phrases import PhraseCompiler, PhrasePattern
from backcare.language.rules import TriggerKind, TriggerSet
from backcare.language.sentences import Layout
from backcare.language.spans import longest_first


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger found in the text, and the stretch of text it governs."""

    kind: TriggerKind
    text: str
    start: int
    end: int
    reach_start: int
    reach_end: int
    reaches_inside: bool

    def governs(self, start: int, end: int, inside: bool = False) -> bool:
        """Whether a mention from ``start`` to ``end`` lies within this trigger's reach.

        A trigger inside a mention's own words is part of its meaning ("can't pee") unless
        the trigger set says it reaches inside, or ``inside`` asks for it (a number: "5
        years ago" is dated by its own words).
        """
        if start < self.reach_start or end > self.reach_end:
            return False
        overlaps = start < self.end and end > self.start
        return inside or self.reaches_inside or not overlaps


@dataclass(frozen=True, slots=True)
class _Reaches:
    """One sentence's triggers as a centred interval tree over their reaches.

    Asking every trigger of a sentence whether it governs a mention made reading quadratic in
    a long unpunctuated message (a 20,000-character run of denials visited 4.4 million
    triggers); the tree hands back only the triggers whose reach holds a position, in
    logarithmic time plus one step per trigger found.
    """

    centre: int
    # The reaches that hold ``centre``: by where they start, and by where they end (latest
    # first), so a query stops at the first that no longer holds its position.
    by_start: tuple[Trigger, ...]
    by_end: tuple[Trigger, ...]
    before: _Reaches | None
    after: _Reaches | None

    @classmethod
    def of(cls, triggers: Sequence[Trigger]) -> _Reaches | None:
        if not triggers:
            return None
        ends = sorted(point for t in triggers for point in (t.reach_start, t.reach_end))
        centre = ends[len(ends) // 2]
        holding = [t for t in triggers if t.reach_start <= centre <= t.reach_end]
        return cls(
            centre,
            tuple(sorted(holding, key=lambda t: t.reach_start)),
            tuple(sorted(holding, key=lambda t: -t.reach_end)),
            cls.of([t for t in triggers if t.reach_end < centre]),
            cls.of([t for t in triggers if t.reach_start > centre]),
        )

    def holding(self, position: int) -> Iterator[Trigger]:
        """The triggers whose reach holds ``position``."""
        node: _Reaches | None = self
        while node is not None:
            if position < node.centre:
                for trigger in node.by_start:
                    if trigger.reach_start > position:
                        break
                    yield trigger
                node = node.before
            else:
                for trigger in node.by_end:
                    if trigger.reach_end < position:
                        break
                    yield trigger
                node = node.after if position > node.centre else None


@dataclass(frozen=True, slots=True)
class Frame:
    """Every trigger of one text, grouped by sentence for quick lookup."""

    layout: Layout
    by_sentence: Mapping[int, tuple[Trigger, ...]]
    _reaches: dict[int, _Reaches | None] = field(default_factory=dict, compare=False)

    def governing(self, start: int, end: int, inside: bool = False) -> Iterator[Trigger]:
        """The triggers whose reach holds the mention from ``start`` to ``end``."""
        index = self.layout.sentence_index(start)
        if index not in self._reaches:
            self._reaches[index] = _Reaches.of(self.by_sentence.get(index, ()))
        reaches = self._reaches[index]
        if reaches is None:
            return
        for trigger in reaches.holding(start):
            if trigger.governs(start, end, inside):
                yield trigger

    def triggers(self) -> Iterator[Trigger]:
        for triggers in self.by_sentence.values():
            yield from triggers


@dataclass(frozen=True, slots=True)
class _CompiledSet:
    kind: TriggerKind
    rules: TriggerSet
    phrases: PhrasePattern
    ends_at: PhrasePattern | None


# Drops a trigger, given its kind and words (used when a relative is the patient: "he" and
# "my husband" then name the patient, not someone else).
TriggerFilter = Callable[[TriggerKind, str], bool]


class ContextReader:
    """Finds the triggers of ``language.yaml`` in a text and works out their reach."""

    def __init__(
        self, triggers: Mapping[TriggerKind, Sequence[TriggerSet]], compiler: PhraseCompiler
    ) -> None:
        self._sets: list[_CompiledSet] = []
        for kind, sets in triggers.items():
            for index, rules in enumerate(sets):
                where = f"language.yaml: triggers.{kind}[{index}]"
                phrases = compiler.require(rules.phrases, where)
                ends_at = compiler.compile(rules.ends_at, f"{where}.ends_at")
                self._sets.append(_CompiledSet(kind, rules, phrases, ends_at))

    def frame(self, text: str, layout: Layout, drop: TriggerFilter | None = None) -> Frame:
        found: list[tuple[int, int, _CompiledSet]] = []
        for compiled in self._sets:
            for match in compiled.phrases.finditer(text):
                if drop is None or not drop(compiled.kind, match.group()):
                    found.append((match.start(), match.end(), compiled))
        by_sentence: dict[int, list[Trigger]] = {}
        ends_cache: dict[int, tuple[list[int], list[int]]] = {}
        for start, end, compiled in longest_first(found, lambda f: (f[0], f[1]), lambda f: 0):
            ends = ends_cache.get(id(compiled))
            if ends is None:
                spans = [m.span() for m in compiled.ends_at.finditer(text)] \
                    if compiled.ends_at else []
                ends = ([s for s, _ in spans], sorted(e for _, e in spans))
                ends_cache[id(compiled)] = ends
            trigger = _reach(text, layout, start, end, compiled, ends)
            by_sentence.setdefault(layout.sentence_index(start), []).append(trigger)
        return Frame(layout, {index: tuple(ts) for index, ts in by_sentence.items()})


def _reach(
    text: str,
    layout: Layout,
    start: int,
    end: int,
    compiled: _CompiledSet,
    ends_at: tuple[list[int], list[int]],
) -> Trigger:
    rules = compiled.rules
    sentence_start, sentence_end = layout.sentence(layout.sentence_index(start))
    reach_start, reach_end = start, end
    if rules.direction in ("forward", "both"):
        stops = [sentence_end, _first_from(ends_at[0], end, sentence_end)]
        if rules.scope != "sentence":
            stops.append(_first_from(layout.hard_starts, end, sentence_end))
        if rules.scope == "chunk":
            stops.append(_first_from(layout.soft_starts, end, sentence_end))
        if rules.scope == "clause":
            stops.append(_first_from(layout.clause_starts, end, sentence_end))
        if rules.max_words is not None:
            stops.append(layout.words_forward(end, rules.max_words))
        reach_end = max(min(stops), end)
    if rules.direction in ("backward", "both"):
        stops = [sentence_start, _last_until(ends_at[1], start, sentence_start)]
        if rules.scope != "sentence":
            stops.append(_last_until(layout.hard_ends, start, sentence_start))
        if rules.scope in ("chunk", "clause"):
            stops.append(_last_until(layout.soft_ends, start, sentence_start))
        if rules.max_words is not None:
            stops.append(layout.words_backward(start, rules.max_words))
        reach_start = min(max(stops), start)
    return Trigger(
        kind=compiled.kind,
        text=text[start:end],
        start=start,
        end=end,
        reach_start=reach_start,
        reach_end=reach_end,
        reaches_inside=rules.reaches_inside,
    )


def _first_from(offsets: Sequence[int], position: int, default: int) -> int:
    index = bisect_left(offsets, position)
    return offsets[index] if index < len(offsets) else default


def _last_until(offsets: Sequence[int], position: int, default: int) -> int:
    index = bisect_right(offsets, position) - 1
    return offsets[index] if index >= 0 else default
