"""Shared fixtures: the packaged knowledge base, loaded once."""

from __future__ import annotations

import pytest

from backcare.knowledge.loader import KnowledgeBase, load_knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()
