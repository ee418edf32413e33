"""Choose among overlapping spans of text: the longest wins.

Both the context triggers ("not sure if" over "not" and "if") and a finding's own phrases
("not peeing normally" over "peeing normally") settle overlaps this way: the longer phrase is
the more specific reading of the same words. Kept spans live in sorted lists, so settling
thousands of mentions in a long message stays fast.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def longest_first(
    items: Iterable[T], span: Callable[[T], tuple[int, int]], tie: Callable[[T], int]
) -> list[T]:
    """The items whose spans overlap no longer one (``tie`` orders equal lengths, low first).

    Returned in text order.
    """
    kept: list[T] = []
    starts: list[int] = []
    ends: list[int] = []
    ordered = sorted(items, key=lambda item: (span(item)[0] - span(item)[1], tie(item)))
    for item in ordered:
        start, end = span(item)
        index = bisect_right(starts, start)
        if index > 0 and ends[index - 1] > start:
            continue
        if index < len(starts) and starts[index] < end:
            continue
        starts.insert(index, start)
        ends.insert(index, end)
        kept.append(item)
    return sorted(kept, key=lambda item: span(item)[0])
