"""The ask result: warning signs first, the JSON shape, batches, and the terminal view."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from backcare import IntakeError, assess
from backcare.ask import AskResult, answer_batch, answer_question
from backcare.ask.render import render_answer
from backcare.knowledge.loader import KnowledgeBase
from backcare.triage import Triage

# Real questions that the triage reads at each level (checked in each test, so a reader that
# reads one differently fails loudly rather than testing the wrong thing).
AT_LEVEL = {
    "emergency": "I can't control my bladder since my back went, should I use ice or heat",
    "urgent": "my back hurts and I have a fever and feel shivery, should I use ice or heat",
    "soon": "my pain is getting worse each week, how long should i ice my back",
    "routine": "my back has been sore for eight weeks, how long should i ice it",
    "self_care": "how long should i ice my back",
}


def _asked_at(level: str, kb: KnowledgeBase) -> tuple[str, Triage]:
    question = AT_LEVEL[level]
    verdict = assess(text=question, kb=kb).triage
    assert verdict.level == level, (question, verdict.level)
    return question, verdict


@pytest.mark.parametrize("level", ["emergency", "urgent"])
def test_a_warning_sign_comes_before_the_answers(kb: KnowledgeBase, level: str) -> None:
    question, verdict = _asked_at(level, kb)
    result = answer_question(question, kb)
    assert result.urgent is not None and result.urgent.level == level
    assert result.urgent.headline == verdict.headline
    assert result.urgent.sources and set(result.urgent.sources) <= set(kb.sources)
    shown = result.to_json("q1")
    assert list(shown) == ["id", "urgent", "answers"]
    assert shown["urgent"] == {"level": level, "headline": verdict.headline,
                               "sources": list(result.urgent.sources)}
    assert shown["answers"], "the answer still follows the warning"


@pytest.mark.parametrize("level", ["soon", "routine", "self_care"])
def test_no_urgent_block_below_urgent(kb: KnowledgeBase, level: str) -> None:
    question, _ = _asked_at(level, kb)
    result = answer_question(question, kb)
    assert result.urgent is None and "urgent" not in result.to_json()
    assert result.answers


def test_a_real_warning_sign_question_is_triaged_urgently(kb: KnowledgeBase) -> None:
    if assess(text="I can't control my bladder since my back went", kb=kb).level != "emergency":
        pytest.skip("the language layer does not read bladder problems from text yet")
    result = answer_question(
        "my back is in spasm and now i cant control my bladder properly, what should i do", kb
    )
    assert result.urgent is not None and result.urgent.level == "emergency"
    assert result.urgent.sources


def test_the_json_follows_the_contract(kb: KnowledgeBase) -> None:
    shown = answer_question("should i use ice or heat", kb).to_json("q7")
    assert shown["id"] == "q7" and 1 <= len(shown["answers"]) <= 5
    for answer in shown["answers"]:
        assert {"title", "text", "sources"} <= set(answer)
        assert isinstance(answer["sources"], list) and answer["sources"]
    json.dumps(shown)


def test_no_answer_says_so_and_where_to_ask(kb: KnowledgeBase) -> None:
    result = answer_question("how do i renew my passport", kb)
    assert result.answers == ()
    assert result.message is not None and "pharmacist" in result.message
    assert result.to_json()["answers"] == [] and result.to_json()["message"] == result.message


@pytest.mark.parametrize("question", ["", "   ", "x" * 20_001])
def test_an_empty_or_overlong_question_is_refused(kb: KnowledgeBase, question: str) -> None:
    with pytest.raises(IntakeError) as raised:
        answer_question(question, kb)
    assert raised.value.field == "question"


def test_a_bad_batch_line_becomes_an_error_and_the_rest_are_answered(kb: KnowledgeBase) -> None:
    lines = [
        json.dumps({"id": "a", "question": "should i use ice or heat"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "question": 42}),
        json.dumps({"id": "d", "question": "tens?", "lang": "en"}),
        json.dumps(["a list"]),
        "",
        json.dumps({"id": 5, "question": "how do i renew my passport"}),
    ]
    out = list(answer_batch(lines, kb))
    assert [ok for _, ok in out] == [True, False, False, False, False, False, True]
    assert out[0][0]["id"] == "a" and out[0][0]["answers"]
    assert out[1][0] == {"id": None, "error": out[1][0]["error"]}
    assert out[1][0]["error"]["code"] == "invalid_json"
    assert out[2][0]["id"] == "b" and out[2][0]["error"]["field"] == "question"
    assert out[3][0]["error"]["code"] == "wrong_type"
    assert out[4][0]["error"] == {"code": "unknown_field", "field": "lang",
                                  "message": out[4][0]["error"]["message"]}
    assert out[6][0] == {"id": 5, "answers": [], "message": out[6][0]["message"],
                         "message_sources": out[6][0]["message_sources"]}


def test_the_terminal_view_shows_the_warning_first_then_answers_with_sources(
    kb: KnowledgeBase
) -> None:
    question, verdict = _asked_at("emergency", kb)
    result: AskResult = answer_question(question, kb)
    console = Console(record=True, width=100)
    render_answer(result, console, kb)
    shown = " ".join(console.export_text().split())
    # The headline's panel wraps it between border characters: its opening words are enough.
    headline = " ".join(verdict.headline.split())
    assert shown.index(headline[:40]) < shown.index(result.answers[0].title)
    assert "Sources" in shown and result.answers[0].sources[0] in shown


def test_the_terminal_view_of_no_answer_gives_the_message(kb: KnowledgeBase) -> None:
    console = Console(record=True, width=100)
    render_answer(answer_question("what is the capital of france", kb), console, kb)
    assert "reliable information" in console.export_text()
