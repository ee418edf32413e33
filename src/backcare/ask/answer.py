"""Answer one question: warning signs first, then the cards that answer it — or an honest "I don't
know".

Cards are ranked by BM25 and by the sentence encoder together (``backcare.ask.fusion``), so a
question finds its card whether it shares the card's words or only its meaning.

Two safety rules shape this module. A question can itself describe a warning sign ("my back is
in spasm and now I can't control my bladder"), so every question also goes through the triage;
when it comes back emergency or urgent, that comes first, before any card. And a card is only
offered when it covers the question well enough: below the thresholds the person is told the
knowledge base has no reliable answer and where to ask, because a loosely related card would
look like an answer it is not.

A plain question gets plain answers: a card about a serious cause (cancer, an aortic tear) is
shown only when the question is about warning signs — it describes an urgent or emergency one,
or the card that best answers it is itself about them. "Is walking ok?" is not answered with
cancer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backcare.ask.dense import encoder_knows, vectors_for
from backcare.ask.fusion import Ranked, confident, fuse
from backcare.ask.index import Hit, Search, index_for
from backcare.assessment import assess
from backcare.intake import IntakeError
from backcare.knowledge.loader import KnowledgeBase, load_knowledge
from backcare.knowledge.schema import Card, LevelId
from backcare.text_check import MAX_TEXT_CHARS, check_text
from backcare.triage import URGENT_LEVELS, warning_rule_findings

MAX_ANSWERS = 5
# Below these BM25 alone is taken not to answer the question (tuned on tests/ask_questions.yaml;
# the fused retrieval adds its own rules in ``fusion.confident``): the best card's BM25 score;
# the share of the question's weight the top three cards match between them (see
# index.Search.coverage); and, for each card shown, the share it matches on its own — so a card
# that only shares a common word is left out.
MIN_SCORE = 0.8
MIN_COVERAGE = 0.5
MIN_CARD_COVERAGE = 0.25
# Further cards are shown only while they stay close to the best one.
MIN_RELATIVE_SCORE = 0.4


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer card as shown to the person."""

    card: str
    title: str
    text: str
    sources: tuple[str, ...]
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "text": self.text,
            "sources": list(self.sources),
            "card": self.card,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True, slots=True)
class Urgent:
    """The triage's verdict on a question that describes a warning sign."""

    level: LevelId
    headline: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "headline": self.headline, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class AskResult:
    """The answers to one question, best first; empty with a ``message`` when there are none."""

    question: str
    answers: tuple[Answer, ...]
    urgent: Urgent | None = None
    message: str | None = None
    message_sources: tuple[str, ...] = ()

    def to_json(self, id: Any = None) -> dict[str, Any]:
        """The contract's ``{"id", "answers"}``, with ``urgent`` before the answers if present."""
        result: dict[str, Any] = {"id": id}
        if self.urgent is not None:
            result["urgent"] = self.urgent.to_json()
        result["answers"] = [answer.to_json() for answer in self.answers]
        if self.message is not None:
            result["message"] = self.message
            result["message_sources"] = list(self.message_sources)
        return result


def answer_question(question: str, kb: KnowledgeBase | None = None) -> AskResult:
    """Answer ``question`` from the knowledge base's cards.

    Raises :class:`backcare.IntakeError` (field ``question``) for an empty or overlong question.
    """
    if not question.strip():
        raise IntakeError("question", "ask a question in your own words", "missing_question")
    if len(question) > MAX_TEXT_CHARS:
        raise IntakeError(
            "question",
            f"is {len(question):,} characters; the limit is {MAX_TEXT_CHARS:,}",
            "question_too_long",
        )
    check_text("question", question, None, IntakeError)
    kb = kb or load_knowledge()
    urgent = _urgent(question, kb)
    ranked = ranked_answers(question, kb)
    if ranked and urgent is None and not _about_warning_signs(ranked[0].card, kb):
        ranked = [item for item in ranked if not _serious(item.card, kb)]
    answers = tuple(_answer(item) for item in ranked)
    if answers:
        return AskResult(question, answers, urgent)
    return AskResult(
        question,
        (),
        urgent,
        message=" ".join(kb.no_answer.split()),
        message_sources=kb.no_answer_sources,
    )


def ranked_answers(question: str, kb: KnowledgeBase) -> list[Ranked]:
    """The cards to show for ``question``, best first: BM25 and dense retrieval fused, then cut."""
    cards = tuple(kb.cards.values())
    index = index_for(kb)
    search = index.search(question, len(cards))
    closeness = vectors_for(kb).closeness(index.respelled(question, encoder_knows))
    ranked = fuse(cards, search, closeness.cards)
    return confident(ranked, search, confident_hits(search), closeness, MAX_ANSWERS)


def confident_hits(search: Search) -> list[Hit]:
    """The hits good enough to show, best first: none unless together they answer the question."""
    if not search.hits or search.hits[0].score < MIN_SCORE:
        return []
    floor = search.hits[0].score * MIN_RELATIVE_SCORE
    shown = [
        hit for hit in search.hits
        if hit.score >= floor and search.coverage([hit]) >= MIN_CARD_COVERAGE
    ][:MAX_ANSWERS]
    if not shown or shown[0] is not search.hits[0] or search.coverage(shown[:3]) < MIN_COVERAGE:
        return []
    return shown


def _answer(item: Ranked) -> Answer:
    card = item.card
    return Answer(card.id, card.title, " ".join(card.text.split()), card.sources, item.score)


def _urgent(question: str, kb: KnowledgeBase) -> Urgent | None:
    """The triage's headline when the question itself describes an emergency or urgent sign."""
    verdict = assess(text=question, kb=kb).triage
    if verdict.level not in URGENT_LEVELS:
        return None
    sources = dict.fromkeys(
        source
        for reason in verdict.reasons
        if reason.level == verdict.level
        for source in reason.sources
    )
    return Urgent(verdict.level, verdict.headline, tuple(sources))


def _serious(card: Card, kb: KnowledgeBase) -> bool:
    """A card about a serious cause (one the triage names as needing a doctor to rule out)."""
    return any(kb.causes[cause].serious for cause in card.causes if cause in kb.causes)


def _about_warning_signs(card: Card, kb: KnowledgeBase) -> bool:
    """A card about a serious cause, or about a sign that makes it urgent or an emergency."""
    return _serious(card, kb) or bool(set(card.findings) & warning_rule_findings(kb))
