"""The check-up session shared by the terminal, the web pages and the JSON API, and the screen
held before a verdict on a story: no lesser verdict while an emergency sign is still open."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.conditions import FindingValue
from backcare.intake import IntakeError
from backcare.interview import load_interview, next_question
from backcare.interview.replies import Answer, DontKnow, GoBack, Story
from backcare.interview.session import Session, SessionError
from backcare.triage import level_for

INTERVIEW = load_interview()
KB = INTERVIEW.kb
EMERGENCY_RULES = [KB.rule_conditions[r.id] for r in KB.rules if r.level == "emergency"]
EMERGENCY_SIGNS = sorted({fid for c in EMERGENCY_RULES for fid in c.positive_ids()})
BOOLS = [fid for q in INTERVIEW.questions for fid in q.findings
         if KB.findings[fid].kind == "bool"]


def screen_to_the_end(truth: dict[str, FindingValue], age: int = 60) -> dict[str, FindingValue]:
    """A screen with a person who answers from ``truth`` (no when it does not say)."""
    answers: dict[str, FindingValue] = {}
    for _ in range(20):
        question = next_question(answers, age, opening_answered=True, screening=True)
        if question is None:
            return answers
        for fid in question.findings:
            assert fid not in answers, f"{fid} asked twice"
            answers[fid] = truth.get(fid, False)
    raise AssertionError("the screen does not end")


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(BOOLS), st.booleans()))
def test_a_screen_ends_only_when_no_open_sign_could_make_it_an_emergency(
    truth: dict[str, bool],
) -> None:
    """Whatever the person answers, once the screen stops it knows whether this is an
    emergency: the questions it skipped could not have made it one."""
    truth = dict(truth)
    for question in INTERVIEW.questions:  # a gated sign is only ever true behind its open gate
        gate = INTERVIEW.gates.get(question.id)
        if gate is not None and any(truth.get(f) for f in question.findings) and not (
                gate.holds(truth)):
            truth[sorted(gate.positive_ids())[0]] = True
    answers = screen_to_the_end(truth)
    everything = {**dict.fromkeys(BOOLS, False), **truth, "age": 60}
    screened = level_for({**answers, "age": 60}, KB) == "emergency"
    assert screened == (level_for(everything, KB) == "emergency")


def test_a_screen_asks_the_emergency_checklists_and_nothing_for_the_plan() -> None:
    """Besides the emergency checklists, a screen asks only what opens a gated emergency sign
    (are you pregnant, taking painkillers, under stress): never the plan's own questions."""
    answers: dict[str, FindingValue] = {}
    asked = []
    while (question := next_question(answers, 40, opening_answered=True,
                                     screening=True)) is not None:
        asked.append(question.id)
        if question.id in ("daily_life", "medicine_safety"):
            assert set(question.findings) <= INTERVIEW.openers, question.findings
        answers.update(dict.fromkeys(question.findings, False))
    assert asked[:2] == ["danger_signs", "nerve_signs"]
    assert not {"pain_score", "onset"} & set(asked)
    assert {"chest_pain", "saddle_numbness", "balance_problems", "pregnant"} <= set(answers)


def test_a_screen_stops_at_once_on_an_emergency() -> None:
    assert next_question({"chest_pain": True}, opening_answered=True, screening=True) is None


def test_the_session_reads_the_story_once_and_asks_what_it_left_open() -> None:
    session = Session.screen({"text": "back ache since Monday", "age": 40}, KB)
    here = session.position(INTERVIEW)
    assert here.question is not None and here.question.id == "danger_signs"
    assert here.number == 1 and here.left >= 2 and here.progress == 0


def test_progress_never_goes_back_and_back_undoes_one_answer() -> None:
    session = Session()
    here = session.position(INTERVIEW)
    session = session.answer(here, Story("my back went lifting a box"), INTERVIEW)
    seen = [session.now.progress]
    for _ in range(4):
        here = session.position(INTERVIEW)
        assert here.question is not None
        reply = DontKnow() if here.question.type == "number" else Answer(
            dict.fromkeys(here.question.findings, False))
        session = session.answer(here, reply, INTERVIEW)
        seen.append(session.now.progress)
    assert seen == sorted(seen) and seen[-1] < 1
    before = session.back()
    assert before.history == session.history[:-1]
    assert session.answer(session.position(INTERVIEW), GoBack(), INTERVIEW) == before


def test_a_session_round_trips_through_json_and_refuses_anything_else() -> None:
    session = Session(44, "female", "UK").answer(Session().position(INTERVIEW),
                                                 Story("back ache"), INTERVIEW)
    session = Session(44, "female", "UK", history=session.history)
    assert Session.from_json(session.to_json()) == session
    bad: list[Any] = [None, [], {"history": "x"}, {"history": [], "age": 500}]
    for data in bad:
        with pytest.raises(SessionError):
            Session.from_json(data)


def test_a_screen_refuses_an_intake_an_assessment_would() -> None:
    with pytest.raises(IntakeError):
        Session.screen({"text": "x", "findings": {"no_such_sign": True}}, KB)


@pytest.mark.parametrize(("header", "code"), [
    ("en-GB,en;q=0.9", "UK"), ("de-DE", "EU"), ("en, en-US;q=0.5, fr-CA;q=0.9", "CA"),
    ("en", None), ("", None), ("xx-ZZ", None), ("en-US;q=abc", "US"),
])
def test_the_region_is_guessed_from_the_browsers_languages(header: str, code: str | None) -> None:
    from backcare.region_guess import region_from_accept_language

    found = region_from_accept_language(header, KB)
    assert (found.code if found else None) == code
