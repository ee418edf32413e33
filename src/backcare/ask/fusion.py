"""BM25 and dense retrieval fused into one ranking, and the decision whether it answers at all.

Reciprocal rank fusion adds ``weight / (RRF_K + rank)`` from each retriever, so a card both rank
high wins, and neither retriever's raw scores (BM25's unbounded ones, cosine similarities)
need putting on a common scale.

Refusing is the harder half. Neither signal separates answerable from unanswerable questions
alone (tuned on the train split of tests/ask_corpus): BM25 is sure of "will the weather be hot
tomorrow" (the heat card says "hot"), and the encoder finds "can CBD oil help back spasms" as
close to a card as many real paraphrases. So a question is answered when

- BM25 is confident by its own rules and the encoder agrees: BM25's best card is among the
  encoder's ``AGREE_RANK`` nearest, and some card is at least ``DENSE_FLOOR`` close (a
  question about nothing in the cards is far from all of them), or
- the encoder is close (``DENSE_CLOSE``) and the question's telling words are not all ones no
  card uses (``MIN_DENSE_COVERAGE``: "turmeric", "homeopathy", "CBD"), or
- the encoder is very close (``DENSE_SURE``), however the question is spelt ("wat causes back
  spasms in the 1st place").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backcare.ask.index import Hit, Search
from backcare.knowledge.schema import Card

RRF_K = 20
# BM25's ranks count half as much again as the encoder's: every card is about a back in spasm,
# so the encoder puts the general cards (what causes spasms, risk factors) near any question
# about causes, while BM25 is the one that ranks the dehydration card first for "dehydrated".
BM25_WEIGHT = 1.5
AGREE_RANK = 20
DENSE_FLOOR = 0.25
DENSE_CLOSE = 0.40
DENSE_SURE = 0.70
MIN_DENSE_COVERAGE = 0.25
# Further cards are shown while the encoder finds them nearly as close as the best one, or
# BM25 alone would have shown them.
DENSE_MARGIN = 0.10


@dataclass(frozen=True, slots=True)
class Ranked:
    """A card in the fused ranking: its fused score, its similarity, and its BM25 hit if any."""

    card: Card
    score: float
    similarity: float
    hit: Hit | None


def fuse(cards: Sequence[Card], search: Search, similarities: np.ndarray) -> list[Ranked]:
    """Every card, best first by reciprocal rank fusion of the BM25 hits and the similarities."""
    hits = {hit.card.id: hit for hit in search.hits}
    fused = np.zeros(len(cards))
    position = {card.id: i for i, card in enumerate(cards)}
    for rank, hit in enumerate(search.hits, start=1):
        fused[position[hit.card.id]] += BM25_WEIGHT / (RRF_K + rank)
    for rank, i in enumerate(np.argsort(-similarities, kind="stable"), start=1):
        fused[i] += 1 / (RRF_K + rank)
    return [
        Ranked(cards[i], float(fused[i]), float(similarities[i]), hits.get(cards[i].id))
        for i in np.argsort(-fused, kind="stable")
    ]


def confident(ranked: Sequence[Ranked], search: Search, bm25_shown: Sequence[Hit],
              limit: int) -> list[Ranked]:
    """The fused cards good enough to show, best first, or none when the question is not answered.

    ``bm25_shown`` is what BM25 alone would show (``answer.confident_hits``).
    """
    if not ranked:
        return []
    best = ranked[0]
    top_hits = [item.hit for item in ranked[:3] if item.hit is not None]
    nearest = sorted(ranked, key=lambda item: -item.similarity)
    agreed = bool(bm25_shown) and nearest[0].similarity >= DENSE_FLOOR and any(
        item.card.id == bm25_shown[0].card.id for item in nearest[:AGREE_RANK]
    )
    answered = (
        agreed
        or (best.similarity >= DENSE_CLOSE and search.coverage(top_hits) >= MIN_DENSE_COVERAGE)
        or best.similarity >= DENSE_SURE
    )
    if not answered:
        return []
    by_bm25 = {hit.card.id for hit in bm25_shown}
    return [
        item for item in ranked
        if item.similarity >= best.similarity - DENSE_MARGIN or item.card.id in by_bm25
    ][:limit]
