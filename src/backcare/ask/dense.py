"""Dense retrieval: how close each answer card is to a question in the reader's embedding space.

BM25 finds a card only through the words it shares with the question, so "why am I shorter at
night?" misses the card on discs and height, and "back catch" or "hot fomentation" match
nothing. The sentence encoder the reader already loads (``shared_encoder``) places a question
near the cards that mean the same thing whatever words they use; the fusion with BM25 lives in
``backcare.ask.fusion``.

Each card is embedded twice — its title with its text, and its title with its lay keywords —
and a question's similarity to the card is the closer of the two: a short question is often
nearer the keyword list than the prose.

Embedding the cards costs a few seconds on one core, paid at every cold start, so the package
ships the matrix (``card_vectors.npz``) keyed by a hash of the exact texts embedded and the
encoder file. Once a card changes the key no longer matches, the matrix is computed at first
use instead, and ``python -m backcare.ask.dense`` writes the file again.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from backcare.knowledge.loader import KnowledgeBase, load_knowledge
from backcare.knowledge.schema import Card
from backcare.language.encoder import MODEL_DIR, Embeddings, shared_encoder

SHIPPED = Path(__file__).with_name("card_vectors.npz")
VIEWS = 2


def card_views(card: Card) -> tuple[str, ...]:
    """The texts embedded for ``card``, one per view."""
    return (f"{card.title}. {' '.join(card.text.split())}",
            f"{card.title}: {', '.join(card.keywords)}")


def vectors_key(texts: Sequence[str], model: Path = MODEL_DIR / "encoder.onnx") -> str:
    """What a card matrix depends on: the texts embedded and the encoder that embedded them.

    The encoder is identified by its file's size, which changes with any re-export, rather than
    by hashing its megabytes at every start.
    """
    digest = hashlib.sha256(str(model.stat().st_size).encode())
    for text in texts:
        digest.update(b"\0" + text.encode("utf-8"))
    return digest.hexdigest()


class CardVectors:
    """The cards' embeddings. Build it once per knowledge base: see ``vectors_for``."""

    def __init__(self, cards: Sequence[Card], shipped: Path | None) -> None:
        """Use the matrix at ``shipped`` if it matches the cards; else (or for None) embed them."""
        self.cards = tuple(cards)
        texts = [view for card in self.cards for view in card_views(card)]
        self.key = vectors_key(texts)
        matrix = _load(shipped, self.key) if shipped is not None else None
        if matrix is None:
            matrix = shared_encoder().encode(texts)
        self.matrix = matrix.reshape(len(self.cards), VIEWS, -1)

    def similarities(self, question: str) -> np.ndarray:
        """Cosine similarity of ``question`` to each card (in ``cards`` order), best view."""
        embedded = shared_encoder().encode([question])[0]
        return np.asarray((self.matrix @ embedded).max(axis=1), dtype=float)

    def save(self, path: Path = SHIPPED) -> None:
        """Write the matrix with its key (float16: the ranking does not need more)."""
        flat = self.matrix.reshape(len(self.cards) * VIEWS, -1).astype(np.float16)
        np.savez_compressed(path, key=np.array(self.key), matrix=flat)


def _load(path: Path, key: str) -> Embeddings | None:
    """The shipped matrix if it was made from exactly these texts, else None."""
    if not path.is_file():
        return None
    with np.load(path) as shipped:
        if str(shipped["key"]) != key:
            return None
        return np.asarray(shipped["matrix"], dtype=np.float32)


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
    vectors = CardVectors(tuple(kb.cards.values()), SHIPPED)
    _built[id(kb)] = (kb, vectors)
    return vectors


if __name__ == "__main__":
    CardVectors(tuple(load_knowledge().cards.values()), shipped=None).save()
    print(f"wrote {SHIPPED}")
