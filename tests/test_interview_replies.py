"""What a typed reply sets: forgiving words in, exact findings out, and a hint when unclear."""

from __future__ import annotations

import pytest

from backcare.interview import Question, next_question
from backcare.interview.replies import Answer, DontKnow, GoBack, Story, Unclear, read_reply


def _question(age: int | None = 40, **known: bool | int) -> Question:
    question = next_question(known, age, opening_answered=True)
    assert question is not None
    return question


def _opening() -> Question:
    question = next_question({})
    assert question is not None
    return question


CHECKLIST = _question()  # the danger signs
STORY = _opening()


def test_ticked_numbers_are_yes_and_the_rest_are_no() -> None:
    reply = read_reply(CHECKLIST, " 1, 3 ")
    assert isinstance(reply, Answer)
    assert [fid for fid, yes in reply.values.items() if yes] == [
        CHECKLIST.findings[0], CHECKLIST.findings[2]]
    assert set(reply.values) == set(CHECKLIST.findings)


@pytest.mark.parametrize("said", ["none", "None.", "no", "0", "nothing"])
def test_none_of_them_answers_every_item_no(said: str) -> None:
    reply = read_reply(CHECKLIST, said)
    assert isinstance(reply, Answer) and not any(reply.values.values())


@pytest.mark.parametrize("said", ["?", "don't know", "Not sure", "idk"])
def test_dont_know_is_understood_however_it_is_typed(said: str) -> None:
    assert isinstance(read_reply(CHECKLIST, said), DontKnow)


def test_back_goes_back_from_any_question_even_the_story() -> None:
    assert isinstance(read_reply(CHECKLIST, "back"), GoBack)
    assert isinstance(read_reply(STORY, " Back "), GoBack)


def test_a_number_outside_the_list_gets_a_hint_not_a_guess() -> None:
    reply = read_reply(CHECKLIST, "1 12")
    assert isinstance(reply, Unclear) and "numbers that apply" in reply.message


def test_the_story_is_kept_as_written_and_dont_know_tells_nothing() -> None:
    assert read_reply(STORY, "  Hurt my back lifting.  ") == Story("Hurt my back lifting.")
    assert read_reply(STORY, "?") == Story("")


def test_numbers_are_checked_against_the_findings_range() -> None:
    known = dict.fromkeys(CHECKLIST.findings, False)
    nerve = _question(None, **known)
    age = _question(None, **known, **dict.fromkeys(nerve.findings, False))
    assert age.id == "age"
    assert read_reply(age, "44") == Answer({"age": 44})
    assert isinstance(read_reply(age, "130"), Unclear)
    assert isinstance(read_reply(age, "44.5"), Unclear)
    assert isinstance(read_reply(age, "forty"), Unclear)
