"""The ask question set written apart from the cards: its train, dev and sealed shares.

The train share is in the knowledge base (``knowledge/asked.yaml``), where ``ask`` compares a
question with it; ``ask_corpus/dev.jsonl`` holds the dev share, on which the answer rule's
cut-off is chosen; ``ask_corpus/sealed.jsonl``, ``sealed_b.jsonl`` and ``sealed_c.jsonl``, each
written by someone who saw only the cards (not the other questions), are read only to report
on, never to tune with. Each question is ``{"id", "question", "cards"}``, ``cards`` empty for a
question nothing should answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backcare.knowledge.loader import load_knowledge

CORPUS = Path(__file__).resolve().parent / "ask_corpus"
DEV = CORPUS / "dev.jsonl"
SEALED = tuple(CORPUS / f"{name}.jsonl" for name in ("sealed", "sealed_b", "sealed_c"))


def load_questions(path: Path) -> list[dict[str, Any]]:
    """One ``{"id", "question", "cards"}`` per non-blank line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def split() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, dev): the knowledge base's asked questions, and ``dev.jsonl``."""
    train = [{"id": f"asked-{number}", "question": asked.question, "cards": list(asked.cards)}
             for number, asked in enumerate(load_knowledge().asked, 1)]
    return train, load_questions(DEV)
