"""Placeholder reader; replaced by the lexicon-and-context reader."""

from __future__ import annotations

from backcare.knowledge.loader import KnowledgeBase
from backcare.language.reading import TextReading


def read_text(text: str, kb: KnowledgeBase) -> TextReading:
    return TextReading(in_scope=True)
