"""Where sentences, clauses and lists begin and end in a person's message.

A trigger such as "no" reaches only so far: to the end of its sentence, and not past "but".
A comma or "and" ends its reach when what follows is a clause of its own ("no numbness,
can't pee"), not the next item of a list ("no numbness, tingling or weakness"); a comma
also ends it unless an "or" closes the list ("no fever, legs weak" is two statements). This
module finds those landmarks once per text, as sorted offsets, so that every trigger can find
the end of its reach with a binary search however long the message is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from backcare.language.phrases import PhraseCompiler
from backcare.language.rules import Boundaries

_WORD = re.compile(r"\w[\w']*")
# A full stop ends a sentence unless it sits inside a number ("7.5/10"); a question mark does
# not end one when a short answer follows ("numbness? no"), so the answer can deny it.
_SENTENCE_END = re.compile(
    r"[!;\n]+|\?+(?! *(?:no|nope|none|nil|never|not really|not at all)\b)|(?<!\d)\.+|\.+(?!\d)"
)
_WORD_BEFORE = re.compile(r"[\w.]+$")


@dataclass(frozen=True, slots=True)
class Layout:
    """The landmarks of one text, each a sorted tuple of character offsets."""

    length: int
    sentence_starts: tuple[int, ...]
    sentence_ends: tuple[int, ...]
    # "but", "however", … : no trigger reaches past them.
    hard_starts: tuple[int, ...]
    hard_ends: tuple[int, ...]
    # Commas and "and": they end a ``chunk`` scope.
    soft_starts: tuple[int, ...]
    soft_ends: tuple[int, ...]
    # The soft boundaries followed by a clause of their own: they end a ``clause`` scope.
    clause_starts: tuple[int, ...]
    clause_ends: tuple[int, ...]
    word_starts: tuple[int, ...]
    word_ends: tuple[int, ...]

    def sentence_index(self, position: int) -> int:
        """The index of the sentence holding ``position``."""
        return max(bisect_right(self.sentence_starts, position) - 1, 0)

    def sentence(self, index: int) -> tuple[int, int]:
        return self.sentence_starts[index], self.sentence_ends[index]

    def clause(self, position: int) -> tuple[int, int]:
        """The clause holding ``position``: its sentence, cut at "but" and at a comma or
        "and" that starts a clause of its own."""
        start, end = self.sentence(self.sentence_index(position))
        for ends in (self.clause_ends, self.hard_ends):
            index = bisect_right(ends, position) - 1
            if index >= 0:
                start = max(start, ends[index])
        for starts in (self.clause_starts, self.hard_starts):
            index = bisect_left(starts, position)
            if index < len(starts):
                end = min(end, starts[index]) if starts[index] >= start else end
        return start, max(end, start)

    def words_forward(self, position: int, count: int) -> int:
        """The offset just after the ``count``-th word from ``position``."""
        if not self.word_ends:
            return position
        index = min(bisect_left(self.word_starts, position) + count - 1, len(self.word_ends) - 1)
        return max(self.word_ends[index], position)

    def words_backward(self, position: int, count: int) -> int:
        """The offset of the ``count``-th word before ``position``."""
        if not self.word_starts:
            return position
        index = max(bisect_right(self.word_ends, position) - count, 0)
        return min(self.word_starts[index], position)


class LayoutReader:
    """Finds the landmarks with the boundary words of ``language.yaml``."""

    def __init__(self, boundaries: Boundaries, compiler: PhraseCompiler) -> None:
        self._abbreviations = frozenset(word.casefold() for word in boundaries.abbreviations)
        self._hard = compiler.require(boundaries.hard, "boundaries.hard")
        self._soft = compiler.require(boundaries.soft, "boundaries.soft")
        self._punctuation = compiler.regex(boundaries.soft_punctuation, 0)
        self._clause = compiler.require(boundaries.clause_starts, "boundaries.clause_starts")
        self._list = compiler.require(boundaries.list_words, "boundaries.list_words")

    def layout(self, text: str) -> Layout:
        sentences = self._sentences(text)
        sentence_ends = [end for _, end in sentences]
        hard = [m.span() for m in self._hard.finditer(text)]
        commas = [m.span() for m in self._punctuation.finditer(text)]
        soft = sorted([m.span() for m in self._soft.finditer(text)] + commas)
        comma_spans = frozenset(commas)
        clause_words = [m.start() for m in self._clause.finditer(text)]
        list_words = [m.start() for m in self._list.finditer(text)]
        landmarks = sorted([s for s, _ in soft] + [s for s, _ in hard] + sentence_ends)
        clause_ends = sorted([s for s, _ in hard] + sentence_ends)
        breaking = [
            (start, end) for start, end in soft
            if _follows(end, _next(landmarks, end, len(text)), clause_words)
            or ((start, end) in comma_spans
                and not _follows(end, _next(clause_ends, end, len(text)), list_words))
        ]
        words = [m.span() for m in _WORD.finditer(text)]
        return Layout(
            length=len(text),
            sentence_starts=tuple(start for start, _ in sentences),
            sentence_ends=tuple(sentence_ends),
            hard_starts=tuple(s for s, _ in hard),
            hard_ends=tuple(sorted(e for _, e in hard)),
            soft_starts=tuple(s for s, _ in soft),
            soft_ends=tuple(sorted(e for _, e in soft)),
            clause_starts=tuple(s for s, _ in breaking),
            clause_ends=tuple(sorted(e for _, e in breaking)),
            word_starts=tuple(s for s, _ in words),
            word_ends=tuple(e for _, e in words),
        )

    def _sentences(self, text: str) -> list[tuple[int, int]]:
        sentences: list[tuple[int, int]] = []
        start = 0
        for match in _SENTENCE_END.finditer(text):
            if match.group().startswith(".") and self._after_abbreviation(text, match.start()):
                continue
            if match.start() > start:
                sentences.append((start, match.start()))
            start = match.end()
        if start < len(text):
            sentences.append((start, len(text)))
        return sentences or [(0, len(text))]

    def _after_abbreviation(self, text: str, dot: int) -> bool:
        word = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
        return word is not None and word.group().casefold() in self._abbreviations


def _next(sorted_offsets: list[int], after: int, default: int) -> int:
    index = bisect_left(sorted_offsets, after)
    return sorted_offsets[index] if index < len(sorted_offsets) else default


def _follows(start: int, stop: int, words: list[int]) -> bool:
    """Whether one of ``words`` (sorted offsets) begins between ``start`` and ``stop``."""
    index = bisect_left(words, start)
    return index < len(words) and words[index] < stop
