"""Numbers in a person's words: pain scores, when it started, and age."""

from __future__ import annotations

import pytest

from backcare.knowledge.loader import KnowledgeBase
from backcare.language import read_text
from backcare.language.reader import reader_for


@pytest.mark.parametrize(("text", "score"), [
    ("pain is 7/10 at worst", 7),
    ("it's about 6 out of 10", 6),
    ("seven out of ten when I stand", 7),
    ("pain maybe 3/10 today", 3),
    ("somewhere between 8-9/10", 9),
    ("honestly 11/10", 10),
    ("on a scale of 1 to 10 I'd say a 5", 5),
    ("the pain is a 4", 4),
    ("7.5/10", 7.5),
])
def test_pain_scores(kb: KnowledgeBase, text: str, score: float) -> None:
    assert read_text(text, kb).findings["pain_score"] == score


@pytest.mark.parametrize("text", [
    "my appointment is on 7/10/2025",
    "I lost 6 kilos",
    "pain for 3 days",
])
def test_no_pain_score_where_none_is_given(kb: KnowledgeBase, text: str) -> None:
    assert "pain_score" not in read_text(text, kb).findings


@pytest.mark.parametrize(("text", "days"), [
    ("my back went 3 days ago", 3),
    ("sore since yesterday", 1),
    ("it started this morning", 0),
    ("happened today at work", 0),
    ("came on about an hour ago", 0),
    ("half an hour ago I bent down", 0),
    ("aching for a week", 7),
    ("it's been a fortnight", 14),
    ("niggling for six weeks", 42),
    ("on and off for three months", 90),
    ("low back pain for about 16 weeks", 112),
    ("it's been 10 days now", 10),
    ("over the last couple of days", 2),
    ("hurt it a few days ago", 3),
])
def test_when_it_started(kb: KnowledgeBase, text: str, days: int) -> None:
    assert read_text(text, kb).findings["onset_days"] == days


@pytest.mark.parametrize("text", [
    "since monday", "since last week", "I'm 24 weeks pregnant", "I lost 6 kilos",
    "I can only walk for 10 minutes", "I sit at my desk for 9 hours a day",
    "see you in 2 weeks",
])
def test_no_onset_where_it_cannot_be_told(kb: KnowledgeBase, text: str) -> None:
    assert "onset_days" not in read_text(text, kb).findings


def test_the_onset_is_dated_by_the_sentence_about_the_back(kb: KnowledgeBase) -> None:
    reading = read_text("I've been on steroids for 2 years. My lower back has hurt for "
                        "4 days.", kb)
    assert reading.findings["onset_days"] == 4


def test_a_past_event_does_not_date_this_episode(kb: KnowledgeBase) -> None:
    reading = read_text("Had a slipped disc 5 years ago. This back pain started 2 days ago.", kb)
    assert reading.findings["onset_days"] == 2


@pytest.mark.parametrize(("text", "age"), [
    ("I'm 45 and my back hurts", 45),
    ("62F, low back pain", 62),
    ("I am 78 years old", 78),
    ("im 15 and do gymnastics", 15),
    ("Male, 39, desk job", 39),
    ("a 33-year-old builder here", 33),
    # An age is the age now, whatever past the sentence tells.
    ("I'm 64 and had breast cancer 8 years ago, my mid back has ached for 3 weeks", 64),
    # A relative's age, given without a verb, as people writing quickly put it.
    ("My husband 42 hurt his back lifting the tyres", 42),
    ("my dad's 76 and he put his back out", 76),
    ("my 85 year old mum has terrible back pain", 85),
])
def test_age_when_the_text_gives_it(kb: KnowledgeBase, text: str, age: int) -> None:
    assert read_text(text, kb).findings["age"] == age


@pytest.mark.parametrize("text", [
    "I'm 24 weeks pregnant", "I'm 6 foot 2", "my son is 5 years old", "when I was 20 I fell",
    "my husband 3 days ago hurt his back lifting", "my wife 6 months pregnant, her back hurts",
    # A child's age, beside the writer's own back: "my 3 year old" is never the writer.
    "I hurt my back lifting my son, he is 5 years old", "I pulled my back picking up my 3 year old",
])
def test_no_age_from_other_numbers_or_other_people(kb: KnowledgeBase, text: str) -> None:
    assert "age" not in read_text(text, kb).findings


@pytest.mark.parametrize(("text", "change"), [
    ("the pain's an 8 today, was a 5 yesterday", "worsening"),
    ("it was a 4 yesterday and now it's an 8", "worsening"),
    ("my back pain has gone from a 3 to a 7 since the weekend", "worsening"),
    ("pain was 8 last week, now it's a 4", "improving"),
    ("it's come down from 7/10 to 3/10", "improving"),
])
def test_scores_compared_say_whether_the_pain_is_changing(
    kb: KnowledgeBase, text: str, change: str
) -> None:
    reading = read_text(text, kb)
    assert reading.findings[change] is True
    (evidence,) = [e for e in reading.evidence if e.finding == change]
    assert any(char.isdigit() for char in evidence.text)  # quotes the scores compared


def test_a_score_getting_worse_is_seen_sooner(kb: KnowledgeBase) -> None:
    """S6: pain getting worse is 'soon', however the person says it."""
    from backcare.assessment import assess

    result = assess(text="lower back pain, an 8 today, was a 5 yesterday", age=40, kb=kb)
    assert result.level == "soon"
    assert "worsening" in result.triage.reasons[0].findings
    # "yesterday" dates the earlier score, not the start of the episode
    assert "onset_days" not in result.findings
    assert result.findings["pain_score"] == 8  # the pain now, not the earlier score


@pytest.mark.parametrize("text", [
    "pain is a 6 today, was a 6 yesterday",
    "it was a 4 this morning and is 4 now",
])
def test_the_same_score_twice_is_a_comparison_too(kb: KnowledgeBase, text: str) -> None:
    """Equal scores compared tell that nothing changed: no change is read (by the word list
    or the model), and the day word dates the earlier score, not the episode."""
    findings = read_text(text, kb).findings
    assert "worsening" not in findings and "improving" not in findings
    assert "onset_days" not in findings


@pytest.mark.parametrize("text", [
    "what if my pain was a 5 yesterday and is 8 today?",
    "pain is a 6 today, was a 6 yesterday",
    "My mum says her pain was a 4 yesterday and now it's an 8. My own back is just stiff",
])
def test_no_change_read_where_none_is_told(kb: KnowledgeBase, text: str) -> None:
    findings = read_text(text, kb).findings
    assert findings.get("worsening") is not True and findings.get("improving") is not True


@pytest.mark.parametrize(("text", "compared"), [
    ("My mum says her pain was a 4 yesterday and now it's an 8",
     "was a 4 yesterday and now it's an 8"),
    ("back ok. was 5/10 yesterday now 8/10", "was 5/10 yesterday now 8"),
])
def test_where_scores_are_compared_is_told_to_the_trained_reader(
        kb: KnowledgeBase, text: str, compared: str) -> None:
    """Told by anyone: the trained reader reads no change there (``fusion``)."""
    spans = reader_for(kb).read_with_numbers(text)[1].compared
    assert [text[start:end] for start, end in spans] == [compared]


@pytest.mark.parametrize(("text", "days"), [
    ("sore for over 4 weeks", 29),
    ("back pain for more than 3 weeks", 22),
    ("this time it's been over a fortnight", 15),
    ("for at least 4 weeks", 28),
    ("my back went 4 weeks ago", 28),
])
def test_over_a_span_is_past_it(kb: KnowledgeBase, text: str, days: int) -> None:
    """"Over 4 weeks" is more than 28 days: the rules that ask for more than a span fire."""
    assert read_text(text, kb).findings["onset_days"] == days


@pytest.mark.parametrize(("text", "expected"), [
    ("Lower back, 6 weeks, 30.", [("onset_days", 42, "6 weeks"), ("age", 30, "30")]),
    ("64F, recurrent LBP, current ep 5/52", [("age", 64, "64F"), ("onset_days", 35, "5/52")]),
    ("My father have 60 years", [("onset_days", 21900, "60 years"), ("age", 60, "60 years")]),
    ("36 weeks pregnant, sore back since yesterday", [("onset_days", 1, "yesterday")]),
    ("dad 82 on apixaban 5mg", [("age", 82, "dad 82")]),
    # A bare number may be an age or a score: the model's unit and the span decide.
    ("from a 6 to maybe a 4 or 5 now", [("age", 6, "6"), ("pain_score", 6, "6"),
                                        ("age", 4, "4"), ("pain_score", 5, "4 or 5"),
                                        ("age", 5, "5")]),
    ("2/7 now, still a seven", [("onset_days", 2, "2/7"), ("pain_score", 7, "a seven")]),
    ("scored 15, pain 8/10", [("age", 15, "15"), ("pain_score", 8, "8/10")]),
])
def test_every_span_of_time_age_and_score_is_a_candidate_for_the_trained_reader(
        kb: KnowledgeBase, text: str, expected: list[tuple[str, int, str]]) -> None:
    """The trained reader picks the unit; these are the numbers it may pick from, whatever
    the words around them (not a span that is never an onset, nor a dose or a weight, nor a
    score above 10)."""
    found = reader_for(kb).read_with_numbers(text)[1].candidates
    assert [(n.finding, n.value, text[n.start:n.end]) for n in found] == expected
