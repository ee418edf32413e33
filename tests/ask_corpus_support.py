"""The ask question set written apart from the cards: loading it and splitting train from dev.

``train_dev.jsonl`` holds questions in many voices, each labelled with the cards that answer it
(empty for questions nothing should answer). A stable hash of the id puts about a third in dev,
so the split never changes as questions are added. ``sealed.jsonl``, written by someone else, is
read only to report on, never to tune with.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "ask_corpus"
TRAIN_DEV = CORPUS / "train_dev.jsonl"
SEALED = CORPUS / "sealed.jsonl"
DEV_SHARE = 0.3


def load_questions(path: Path) -> list[dict[str, Any]]:
    """One ``{"id", "question", "cards"}`` per non-blank line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def is_dev(question_id: str) -> bool:
    digest = hashlib.sha256(question_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < DEV_SHARE


def split() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, dev) from ``train_dev.jsonl``."""
    questions = load_questions(TRAIN_DEV)
    dev = [q for q in questions if is_dev(q["id"])]
    return [q for q in questions if not is_dev(q["id"])], dev
