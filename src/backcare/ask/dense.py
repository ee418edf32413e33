"""Dense retrieval: how close each answer card is to a question in the reader's embedding space.

BM25 finds a card only through the words it shares with the question, so "why am I shorter at
night?" misses the card on discs and height, and "back catch" or "hot fomentation" match
nothing. The sentence encoder the reader already loads (``shared_encoder``) places a question
near the cards that mean the same thing whatever words they use; the fusion with BM25 lives in
``backcare.ask.fusion``.

Each card is embedded as its title with its text, as its title with its lay keywords, and as
each of the questions it answers: its own (``Card.questions``) and those people asked, written
apart from the cards, that it answers (``asked.yaml``). A question's similarity to the card is
the mean of two closenesses: to the nearer of the card's two descriptions (a short question
is often nearer the keyword list than the prose), and to the nearest of its questions — a
sentence encoder puts a question closest to the same question in other words, so "why am I
taller when I wake up" finds the card on discs and height through "why are you taller in the
morning" however far it is from the card's prose. Together they rank better than either
alone (measured on the dev split of tests/ask_corpus: bench/bench_ask.py).

Embedding the cards costs a few seconds on one core, paid at every cold start, so the package
ships the matrix (``card_vectors.npz``), with the answerability probes fitted on it
(``backcare.ask.probe``), keyed by a hash of the exact texts embedded and the encoder file.
Once a card changes the key no longer matches, the matrix is computed at first use instead,
and ``training/card_vectors.py`` writes the file again.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backcare.ask.probe import answerable, fit_probes, fold_of
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import Asked, Card
from backcare.language import kept_graph
from backcare.language.encoder import MODEL_DIR, Embeddings, shared_encoder

SHIPPED = Path(__file__).with_name("card_vectors.npz")


def card_views(card: Card) -> tuple[str, ...]:
    """The texts embedded for ``card``: its two descriptions, then the questions it answers."""
    return (f"{card.title}. {' '.join(card.text.split())}",
            f"{card.title}: {', '.join(card.keywords)}",
            *card.questions)


DESCRIPTIONS = 2  # the first views of each card: its text and its keywords


def vectors_key(texts: Sequence[str], model: Path = MODEL_DIR / "encoder.onnx") -> str:
    """What a card matrix depends on: the texts embedded and the encoder that embedded them.

    The encoder is identified by a checksum of its file (a few milliseconds, where hashing its
    megabytes cost more): its size alone did not change when it was fine-tuned and re-exported.
    """
    digest = hashlib.sha256(kept_graph.checksum(str(model)).encode())
    for text in texts:
        digest.update(b"\0" + text.encode("utf-8"))
    return digest.hexdigest()


# How many of the nearest questions, answered by a card or by none, are averaged: one near
# question can be a coincidence of wording, five near ones are a neighbourhood.
NEIGHBOURS = 5


@dataclass(frozen=True, slots=True)
class Closeness:
    """How close one question is to the cards, and to the questions no card answers.

    ``cards`` is each card's similarity (in the cards' order): the mean of the question's
    cosine to the nearer of the card's two descriptions and to the nearest of its questions.
    ``asked`` is the mean cosine of the question to the ``NEIGHBOURS`` nearest questions some
    card answers, and ``not_answered`` to the nearest of the knowledge base's questions no card
    answers (``ask.yaml``'s, and those of ``asked.yaml`` that no card answers), so the two
    neighbourhoods can be compared (``fusion.answers``). ``answerable`` is how much the
    question reads like one the cards answer, from 0 to 1 (``backcare.ask.probe``).
    """

    cards: np.ndarray
    asked: float
    not_answered: float
    answerable: float


class CardVectors:
    """The cards' embeddings. Build it once per knowledge base: see ``vectors_for``."""

    def __init__(self, cards: Sequence[Card], shipped: Path | None,
                 not_answered: Sequence[str] = (), asked: Sequence[Asked] = ()) -> None:
        """Use the matrix at ``shipped`` if it matches the cards; else (or for None) embed them.

        ``not_answered`` are questions no card answers, and ``asked`` questions people asked,
        each with the cards that answer it (or none): both are embedded after the cards' texts.
        A card's questions are its own and the asked questions it answers; the questions no card
        answers are ``not_answered`` and the asked ones nothing answers.
        """
        self.cards = tuple(cards)
        views = [card_views(card) for card in self.cards]
        texts = ([view for card_texts in views for view in card_texts] + list(not_answered)
                 + [item.question for item in asked])
        self.key = vectors_key(texts)
        loaded = _load(shipped, self.key) if shipped is not None else None
        matrix = shared_encoder().encode(texts) if loaded is None else loaded[0]
        self.matrix = matrix
        # Where each card's descriptions and questions lie in ``matrix``: a card's rows are
        # its descriptions then its own questions; the questions no card answers follow, then
        # the asked questions.
        starts = np.cumsum([0] + [len(card_texts) for card_texts in views])
        self._descriptions = [(int(start), int(start) + DESCRIPTIONS) for start in starts[:-1]]
        self._asked_start = int(starts[-1]) + len(not_answered)
        by_card: dict[str, list[int]] = {card.id: [] for card in self.cards}
        unanswered = list(range(int(starts[-1]), self._asked_start))
        for row, item in enumerate(asked, self._asked_start):
            for card_id in item.cards:
                by_card[card_id].append(row)
            if not item.cards:
                unanswered.append(row)
        self._questions = [
            np.array([*range(int(start) + DESCRIPTIONS, int(end)), *by_card[card.id]], dtype=int)
            for card, (start, end) in zip(self.cards, itertools.pairwise(starts), strict=True)]
        self._answered = np.unique(np.concatenate([np.zeros(0, dtype=int), *self._questions]))
        self._not_answered = np.array(unanswered, dtype=int)
        self.probes = loaded[1] if loaded is not None else fit_probes(
            matrix, self._answered, self._not_answered, self._asked_start)

    def similarities(self, question: str) -> np.ndarray:
        """How close ``question`` is to each card (in ``cards`` order), from -1 to 1."""
        return self.closeness(question).cards

    def closeness(self, question: str, leave_out: int | None = None) -> Closeness:
        """How close ``question`` is to each card and to the questions no card answers.

        ``leave_out``: the index of an asked question to judge as if it were not there (to fit
        the answer rule on the asked questions themselves: ``bench/tune_ask.py``).
        """
        query = shared_encoder().encode([question])[0]
        cosines = self.matrix @ query
        if leave_out is not None:
            cosines[self._asked_start + leave_out] = -1.0  # as far as any text can be
        described = np.array([cosines[a:b].max() for a, b in self._descriptions])
        # A card without questions of its own is judged by its descriptions alone.
        asked = np.array([cosines[rows].max() if len(rows) else cosines[a:b].max()
                          for rows, (a, b) in zip(self._questions, self._descriptions,
                                                  strict=True)])
        return Closeness(
            cards=np.asarray((described + asked) / 2, dtype=float),
            asked=_nearest(cosines[self._answered]),
            not_answered=_nearest(cosines[self._not_answered]),
            answerable=answerable(self.probes, query,
                                  None if leave_out is None else fold_of(leave_out)),
        )

    def save(self, path: Path = SHIPPED) -> None:
        """Write the matrix (float16: the ranking does not need more) and the probes, with
        their key."""
        np.savez_compressed(path, key=np.array(self.key),
                            matrix=self.matrix.astype(np.float16), probes=self.probes)


def _nearest(cosines: np.ndarray) -> float:
    """The mean of the ``NEIGHBOURS`` largest cosines (-1 for none)."""
    if not len(cosines):
        return -1.0
    return float(np.sort(cosines)[-NEIGHBOURS:].mean())


def _load(path: Path, key: str) -> tuple[Embeddings, np.ndarray] | None:
    """The shipped matrix and probes if they were made from exactly these texts, else None."""
    if not path.is_file():
        return None
    with np.load(path) as shipped:
        if str(shipped["key"]) != key or "probes" not in shipped:
            return None
        return np.asarray(shipped["matrix"], dtype=np.float32), np.asarray(shipped["probes"])


@functools.cache
def _encoder_words() -> frozenset[str]:
    vocabulary = json.loads((MODEL_DIR / "tokenizer.json").read_text(encoding="utf-8"))
    return frozenset(token for token in vocabulary["model"]["vocab"] if token.isalpha())


def encoder_knows(word: str) -> bool:
    """Whether the encoder's tokenizer has ``word`` (lower case) as one whole token."""
    return word in _encoder_words()


_built: dict[int, tuple[KnowledgeBase, CardVectors]] = {}


def vectors_for(kb: KnowledgeBase) -> CardVectors:
    """The card vectors of ``kb``, built on first use and kept for the process, as ``index_for``."""
    cached = _built.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    vectors = CardVectors(tuple(kb.cards.values()), SHIPPED, kb.not_answered, kb.asked)
    _built[id(kb)] = (kb, vectors)
    return vectors
