"""Reading costs time in proportion to the text, however the text is made (issue 15)."""

from __future__ import annotations

import pytest

from backcare.knowledge.loader import KnowledgeBase
from backcare.language import context, read_text


def test_each_mention_looks_only_at_the_triggers_that_reach_it(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long unpunctuated run of denials is one sentence with thousands of triggers; asking
    each of them about each mention made reading quadratic (4.4 million checks for 20,000
    characters)."""
    asked = {"queries": 0, "triggers": 0}
    governing, governs = context.Frame.governing, context.Trigger.governs

    def counting_governing(self: context.Frame, *args: int) -> object:
        asked["queries"] += 1
        return governing(self, *args)

    def counting_governs(self: context.Trigger, *args: int) -> bool:
        asked["triggers"] += 1
        return governs(self, *args)

    monkeypatch.setattr(context.Frame, "governing", counting_governing)
    monkeypatch.setattr(context.Trigger, "governs", counting_governs)
    read_text(("no numbness no weakness no fever " * 600)[:16_000], kb)
    assert asked["queries"] > 1000
    assert asked["triggers"] <= 20 * asked["queries"]
