"""What a phrase taken out of the word list used to catch, every later reader must still read.

``training/lexicon_coverage.py --remove`` deletes a ``present`` phrase only where the trained
reader alone reads it, and records it in ``lexicon_removed.yaml`` with sentences made from its
own words. A retrained model that stops reading one of them would silently lose a phrasing
the project once read by rule: this test fails instead, and the phrase goes back or the
corpus gains examples of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from backcare.knowledge.loader import KnowledgeBase
from backcare.language import read_texts

REMOVED: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "lexicon_removed.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", REMOVED,
                         ids=lambda entry: f"{entry['finding']}:{entry['phrase']}")
def test_the_reader_still_reads_a_removed_phrase(entry: dict[str, Any], kb: KnowledgeBase
                                                 ) -> None:
    readings = read_texts(entry["sentences"], kb)
    missed = [sentence for sentence, reading in zip(entry["sentences"], readings, strict=True)
              if reading.findings.get(entry["finding"]) is not True]
    assert not missed, f"{entry['finding']} no longer read in {missed}"


def test_a_removed_phrase_is_no_longer_in_the_word_list(kb: KnowledgeBase) -> None:
    for entry in REMOVED:
        assert entry["phrase"] not in kb.findings[entry["finding"]].lexicon.present, entry
