"""Reading a person's words the way a careful nurse would (spec/vocabulary.md).

Every sentence here is written for these tests. Each test states what a person would see go
wrong if it failed: a warning sign missed, a false alarm raised, or the wrong words shown as
the evidence.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from backcare.knowledge.loader import KnowledgeBase
from backcare.language import TextReading, read_text

Read = Callable[[str], TextReading]


@pytest.fixture
def read(kb: KnowledgeBase) -> Read:
    return lambda text: read_text(text, kb)


def reasons(reading: TextReading, finding: str) -> set[str]:
    return {item.reason for item in reading.ignored if item.finding == finding}


def context_of(reading: TextReading, finding: str) -> set[str]:
    return {tag for e in reading.evidence if e.finding == finding for tag in e.context}


# --- denials and how far they reach ------------------------------------------------------

def test_a_denial_does_not_reach_past_a_comma_into_a_new_statement(read: Read) -> None:
    reading = read("No tingling, can't wee since this morning.")
    assert reading.findings["bladder_dysfunction"] is True
    assert reading.findings["leg_tingling_one"] is False


def test_a_denial_covers_every_item_of_a_list(read: Read) -> None:
    reading = read("I've got no numbness, pins and needles or weakness in either leg.")
    for finding in ("leg_numbness_one", "leg_tingling_one", "leg_weakness_one"):
        assert reading.findings[finding] is False, finding


def test_no_weakness_in_my_legs_denies_weakness_in_one_leg_and_in_both(read: Read) -> None:
    reading = read("There's no weakness in my legs at all.")
    assert reading.findings["leg_weakness_one"] is False
    assert reading.findings["leg_weakness_both"] is False


def test_a_comma_without_an_or_ends_a_denial(read: Read) -> None:
    reading = read("No temperature, legs gone weak")
    assert reading.findings["fever"] is False
    assert reading.findings["leg_weakness_both"] is True


def test_but_ends_a_denial(read: Read) -> None:
    reading = read("I don't have a fever but my right foot has gone numb")
    assert reading.findings["fever"] is False
    assert reading.findings["leg_numbness_one"] is True


def test_a_denial_inside_the_phrase_is_seen(read: Read) -> None:
    reading = read("My legs are definitely not weak and my wee is normal")
    assert reading.findings["leg_weakness_both"] is False
    assert reading.findings["bladder_dysfunction"] is False


@pytest.mark.parametrize("text", [
    "Peeing is normal.",
    "No probs peeing.",
    "Waterworks are fine.",
    "I can still feel everything down there.",
    "Haven't had a temperature.",
])
def test_everyday_denials_set_false(read: Read, text: str) -> None:
    reading = read(text)
    assert reading.findings
    assert all(value is False for value in reading.findings.values()), reading.findings


def test_a_normal_function_is_turned_only_by_a_denial_right_before_it(read: Read) -> None:
    assert read("I'm not peeing normally").findings["bladder_dysfunction"] is True
    distant = read("No tingling and peeing normally")
    assert distant.findings["bladder_dysfunction"] is False


def test_a_short_answer_to_a_question_denies_it(read: Read) -> None:
    reading = read("Numbness around your bottom? No. Trouble peeing? Nope.")
    assert reading.findings["saddle_numbness"] is False
    assert reading.findings["bladder_dysfunction"] is False


def test_painkillers_that_do_nothing_are_uncontrolled_pain(read: Read) -> None:
    assert read("Co-codamol doesn't even touch it").findings["severe_uncontrolled_pain"] is True
    eased = read("The ibuprofen takes the edge off")
    assert eased.findings["severe_uncontrolled_pain"] is False


def test_an_assertion_outweighs_a_denial_of_the_same_sign(read: Read) -> None:
    reading = read("No numbness in my left leg. My right foot is numb though.")
    assert reading.findings["leg_numbness_one"] is True
    assert "contradicted" in reasons(reading, "leg_numbness_one")


# --- hedges ------------------------------------------------------------------------------

def test_a_hedged_warning_sign_counts_as_present(read: Read) -> None:
    reading = read("I might be running a slight temperature, bit shivery")
    assert reading.findings["fever"] is True
    assert "hedged" in context_of(reading, "fever")


def test_a_guessed_diagnosis_is_not_a_diagnosis(read: Read) -> None:
    guessed = read("I reckon it's probably a slipped disc")
    assert "known_disc_problem" not in guessed.findings
    assert "guess" in reasons(guessed, "known_disc_problem")
    assert read("I have a slipped disc at L5").findings["known_disc_problem"] is True


# --- fears, questions and hypotheticals ----------------------------------------------------

def test_a_fear_sets_nothing(read: Read) -> None:
    reading = read("I'm terrified I'll end up losing control of my bowels")
    assert "bowel_dysfunction" not in reading.findings
    assert "fear" in reasons(reading, "bowel_dysfunction")


def test_a_fear_with_a_reason_reports_the_reason(read: Read) -> None:
    reading = read("I'm frightened because I can't feel the toilet paper when I wipe")
    assert reading.findings["saddle_numbness"] is True


def test_an_abstract_question_sets_nothing(read: Read) -> None:
    reading = read("Can a slipped disc cause pins and needles in both feet?")
    assert "leg_symptoms_both" not in reading.findings
    assert "known_disc_problem" not in reading.findings
    assert "question" in reasons(reading, "leg_symptoms_both")


@pytest.mark.parametrize("text", [
    "Is it normal that I can't feel my bottom?",
    "Is it serious if my bum has gone numb?",
    "Should I be worried that my bum is numb?",
])
def test_a_question_that_reports_a_symptom_reports_it(read: Read, text: str) -> None:
    assert read(text).findings["saddle_numbness"] is True


def test_a_hypothetical_sets_nothing(read: Read) -> None:
    reading = read("What should I do if I can't pee?")
    assert "bladder_dysfunction" not in reading.findings
    assert "hypothetical" in reasons(reading, "bladder_dysfunction")


def test_a_habit_told_with_if_is_a_report(read: Read) -> None:
    reading = read("If I sit for long my left foot goes numb")
    assert reading.findings["leg_numbness_one"] is True


# --- someone else, or a relative who is the patient ------------------------------------------

def test_someone_elses_history_sets_nothing(read: Read) -> None:
    reading = read("My nan had a slipped disc and my uncle had bone cancer. My lower back aches.")
    assert "known_disc_problem" not in reading.findings
    assert "cancer_history" not in reading.findings
    assert reading.findings["pain_lower_back"] is True
    assert reasons(reading, "cancer_history") == {"someone_else"}


def test_a_parent_named_without_my_is_still_someone_else(read: Read) -> None:
    reading = read("Dad had a stroke last year and Mum has osteoporosis. My neck is stiff.")
    assert "heart_disease" not in reading.findings
    assert "osteoporosis" not in reading.findings
    assert reading.findings["pain_neck"] is True


def test_a_friends_emergency_is_not_the_writers(read: Read) -> None:
    reading = read("A mate of mine lost control of his bladder last year. I just pulled my back.")
    assert "bladder_dysfunction" not in reading.findings


def test_a_relative_as_the_object_of_a_sentence_is_not_someone_elses_story(read: Read) -> None:
    reading = read("Lifting my daughter out of the bath 4 days ago, my back went")
    assert reading.findings["onset_days"] == 4
    assert reading.findings["lifting"] is True


def test_a_message_about_a_relative_makes_the_relative_the_patient(read: Read) -> None:
    reading = read("My husband is 51. He slipped on the stairs and now he can't pee "
                   "and his bum is numb.")
    assert reading.about == "husband"
    assert reading.findings["age"] == 51
    assert reading.findings["bladder_dysfunction"] is True
    assert reading.findings["saddle_numbness"] is True
    assert "relative_is_patient" in context_of(reading, "saddle_numbness")


def test_a_described_relative_is_recognised_as_the_patient(read: Read) -> None:
    reading = read("My 9 year old daughter hurt her back at trampolining 3 days ago and "
                   "now she can't feel her feet.")
    assert reading.about == "daughter"
    assert reading.findings["age"] == 9
    assert reading.findings["onset_days"] == 3
    assert reading.findings["leg_symptoms_both"] is True


def test_a_relatives_age_is_not_the_writers(read: Read) -> None:
    reading = read("My 9 year old daughter is fine. I'm 41 and my lower back is sore.")
    assert reading.findings["age"] == 41


def test_reported_speech_of_a_relative_is_about_the_writer(read: Read) -> None:
    reading = read("My partner says the left side of my face looks droopy")
    assert reading.findings["stroke_signs"] is True
    assert reading.about is None


# --- past and present --------------------------------------------------------------------

def test_a_past_problem_that_cleared_up_is_false_now(read: Read) -> None:
    reading = read("I had sciatica in my twenties but it cleared up and I've been fine since")
    assert reading.findings["pain_below_knee_one_leg"] is False
    assert {"past", "resolved"} <= context_of(reading, "pain_below_knee_one_leg")


def test_a_past_problem_not_said_to_be_over_sets_nothing(read: Read) -> None:
    reading = read("I had sciatica years ago.")
    assert "pain_below_knee_one_leg" not in reading.findings
    assert reasons(reading, "pain_below_knee_one_leg") == {"past"}


def test_a_diagnosis_still_stands_when_told_in_the_past(read: Read) -> None:
    reading = read("I had bowel cancer 10 years ago and have been in remission since")
    assert reading.findings["cancer_history"] is True
    assert "past" in context_of(reading, "cancer_history")


def test_a_past_problem_that_came_back_is_present(read: Read) -> None:
    reading = read("I had sciatica years ago, it settled, but it's come back this week")
    assert reading.findings["pain_below_knee_one_leg"] is True


def test_a_past_episode_is_a_recurrence(read: Read) -> None:
    assert read("I've had this same thing twice before").findings["recurrent"] is True


# --- scope --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Sore throat and blocked nose for two days",
    "Twisted my ankle playing netball, it's swollen",
    "Feeling very muddled and drowsy since lunch",
    "My dad has a bad back but I've got a toothache",
])
def test_a_complaint_that_is_not_about_a_back_is_out_of_scope(read: Read, text: str) -> None:
    assert read(text).in_scope is False


@pytest.mark.parametrize("text", [
    "My lower back hurts", "stiff neck since yesterday", "sciatica again", "", "help",
    "😩😩", "headache and my back is killing me",
])
def test_a_back_complaint_or_a_doubtful_message_is_in_scope(read: Read, text: str) -> None:
    assert read(text).in_scope is True


# --- evidence -----------------------------------------------------------------------------

def test_evidence_points_at_the_persons_own_words(read: Read) -> None:
    text = ("NO FEVER. My Lower-Back went while vacuuming ’cause I twisted; I can’t feel "
            "my bum & it’s 8/10. My mum had cancer.")
    reading = read(text)
    assert reading.findings["saddle_numbness"] is True
    assert reading.findings["fever"] is False
    assert reading.findings["pain_score"] == 8
    for item in (*reading.evidence, *reading.ignored):
        assert text[item.start:item.end] == item.text
    saddle = next(e for e in reading.evidence if e.finding == "saddle_numbness")
    assert saddle.text == "can’t feel my bum"
    fever = next(e for e in reading.evidence if e.finding == "fever")
    assert fever.context == ("negated",)


def test_every_finding_from_the_text_has_evidence(read: Read) -> None:
    reading = read("I'm 58, pain 6/10 for 3 weeks in the middle of my back, worse at night, "
                   "lost weight without trying, no fever, on warfarin.")
    assert set(reading.findings) == {e.finding for e in reading.evidence}


def test_a_phrase_refused_for_its_gap_does_not_hide_another_at_the_same_place() -> None:
    """"numb ~ legs" would skip "but" in "numb bum but legs fine" and is refused; "numb bum",
    listed after it, must still be found there, whatever order the YAML lists them in."""
    from backcare.language.phrases import PhraseCompiler
    from backcare.language.rules import Gap

    compiler = PhraseCompiler({}, Gap(max_words=3, not_across=("but", "and")))
    for phrases in (["numb ~ legs", "numb bum"], ["numb bum", "numb ~ legs"]):
        pattern = compiler.require(phrases, "test")
        assert [m.group() for m in pattern.finditer("numb bum but legs fine")] == ["numb bum"]
        assert [m.group() for m in pattern.finditer("numb in both legs")] == ["numb in both legs"]
        assert [m.group() for m in pattern.finditer("numb hands but legs fine")] == []
