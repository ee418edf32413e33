"""Write ``ask``'s card matrix (``src/backcare/ask/card_vectors.npz``) for the shipped encoder.

Run after changing a card, ask.yaml's questions no card answers, asked.yaml or the encoder,
then refit the answer rule::

    .venv/bin/python training/card_vectors.py
    .venv/bin/python bench/tune_ask.py

Why the matrix ships at all is in ``backcare/ask/dense.py``. This lives beside the encoder's
build scripts, not in the package, because only a build writes it.
"""

from __future__ import annotations

from backcare.ask.dense import SHIPPED, CardVectors
from backcare.knowledge.loader import load_knowledge


def main() -> int:
    knowledge = load_knowledge()
    CardVectors(tuple(knowledge.cards.values()), None, knowledge.not_answered,
                knowledge.asked).save()
    print(f"wrote {SHIPPED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
