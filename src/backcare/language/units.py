"""Cut a message into the short units the trained reader reads one at a time.

A unit is a sentence, or a window of a long run-on sentence: short enough for the encoder to
see every word (it reads at most :data:`MAX_WORDS` words), long enough to keep a denial with
what it denies ("no numbness, tingling or weakness" stays whole). The cut is plain
punctuation and word counts, so its cost is linear in the length of the text and training and
reading cut a message the same way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_WORDS = 32
# Windows of a run-on sentence overlap, so a sign told across a cut is still seen whole.
STRIDE_WORDS = 24
_SENTENCE_END = re.compile(r"[!?;\n]+|(?<!\d)\.+|\.+(?!\d)")
_WORD = re.compile(r"\S+")


class Unit(NamedTuple):
    """One unit: its words and where they are in the message."""

    text: str
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the words ``start:end`` of the message are at least partly in this unit."""
        return start < self.end and self.start < end


def split_units(text: str) -> list[Unit]:
    """The units of ``text`` in order; every word of the text is in at least one."""
    units: list[Unit] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_sentence(text, start, match.start(), units)
        start = match.end()
    _add_sentence(text, start, len(text), units)
    return units


def _add_sentence(text: str, start: int, end: int, units: list[Unit]) -> None:
    words = [match.span() for match in _WORD.finditer(text, start, end)]
    if not any(char.isalnum() for char in text[start:end]):
        return
    first = 0
    while True:
        window = words[first:first + MAX_WORDS]
        unit_start, unit_end = window[0][0], window[-1][1]
        units.append(Unit(text[unit_start:unit_end], unit_start, unit_end))
        if first + MAX_WORDS >= len(words):
            return
        first += STRIDE_WORDS
