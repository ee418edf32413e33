"""Whatever a person pastes in, the reader answers quickly and points at real text.

A message may be empty, all emoji, in several scripts, full of control characters, or as
long as the intake allows. The reader must return a reading every time, never crash and
never hang on a pathological pattern (the phrase notation bounds every gap).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare.knowledge.loader import KnowledgeBase
from backcare.language import MAX_TEXT_CHARS, TextReading, read_text

LAY_WORDS = [
    "no", "not", "numb", "bum", "pee", "can't", "legs", "my", "dad", "had", "cancer", "years",
    "ago", "if", "worried", "I", "think", "7/10", "3", "days", "ago", ",", ".", "?", "and",
    "or", "but", "back", "lower", "weak", "he", "his", "fine", "still", "again", "~", "{pee}",
    "’", "é", "ß", "背中", "😀", "\u0000", "\t", "\n", "-", "İ", "ﬁ",
]


def check(text: str, reading: TextReading) -> None:
    assert isinstance(reading, TextReading)
    for item in (*reading.evidence, *reading.ignored):
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start:item.end] == item.text
    for finding, value in reading.findings.items():
        if finding == "pain_score":
            assert 0 <= value <= 10
        elif finding == "age":
            assert 1 <= value <= 120
        elif finding == "onset_days":
            assert value >= 0
        else:
            assert isinstance(value, bool)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_reading(kb: KnowledgeBase, text: str) -> None:
    check(text, read_text(text, kb))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LAY_WORDS), max_size=60).map(" ".join))
def test_any_jumble_of_lay_words_gives_a_reading(kb: KnowledgeBase, text: str) -> None:
    check(text, read_text(text, kb))


@pytest.mark.parametrize("text", [
    "", "   ", "😀" * 50, "\u0000\u0001\u0002 back \u0007", "背中がとても痛いです",
    "Моя спина болит", "ñññ İİİ ﬁﬁ lower back", "\n\n\n", "?!.,;:", "no" * 100,
])
def test_odd_messages_give_a_reading(kb: KnowledgeBase, text: str) -> None:
    check(text, read_text(text, kb))


@pytest.mark.parametrize("unit", [
    "numb ", "no ", "a ", "pain in my ", "my legs my legs are ", "-a", "x", "numbness, ",
    "I think my lower back is numb and no tingling, my dad had cancer, 7/10 for 3 days. ",
    "can't ~ {pee} (?:", "if if if if if ",
])
def test_the_longest_message_allowed_is_read_in_seconds(kb: KnowledgeBase, unit: str) -> None:
    text = (unit * (MAX_TEXT_CHARS // len(unit) + 1))[:MAX_TEXT_CHARS]
    started = time.perf_counter()
    reading = read_text(text, kb)
    assert time.perf_counter() - started < 10
    check(text, reading)
