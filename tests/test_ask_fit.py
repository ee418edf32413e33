"""Answers that fit the question: a plain question gets plain answers, and cards about serious
causes only when the question is about warning signs."""

from __future__ import annotations

import pytest

from backcare.ask import answer_question
from backcare.knowledge.loader import KnowledgeBase


def serious(kb: KnowledgeBase, card_id: str) -> bool:
    return any(kb.causes[cause].serious for cause in kb.cards[card_id].causes)


@pytest.mark.parametrize("question", ["is walking ok?", "can i go to the gym",
                                      "should i sit or lie down", "ice or heat?"])
def test_a_plain_question_gets_no_serious_cause_card(kb: KnowledgeBase, question: str) -> None:
    result = answer_question(question, kb)
    assert result.answers, question
    assert not [a.card for a in result.answers if serious(kb, a.card)]


@pytest.mark.parametrize(("question", "card"), [
    ("could this be cancer", "cause_spinal_cancer"),
    ("what is cauda equina", "cause_cauda_equina"),
    ("my bum is numb, is that serious", "cause_cauda_equina"),
])
def test_a_question_about_warning_signs_still_gets_them(
    kb: KnowledgeBase, question: str, card: str
) -> None:
    assert card in [answer.card for answer in answer_question(question, kb).answers]
