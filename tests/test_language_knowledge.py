"""The language layer's knowledge: lexicon blocks and language.yaml, checked on load.

A clinician or translator edits these files; a mistake must stop the program with a message
naming the entry, not silently stop a warning sign from being recognised.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from backcare.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
from backcare.knowledge.schema import Lexicon
from backcare.language import read_text
from backcare.language.reader import TextReader, reader_for
from backcare.language.rules import LANGUAGE_FILE, load_language_rules


def with_lexicon(kb: KnowledgeBase, finding: str, lexicon: Lexicon) -> KnowledgeBase:
    changed = dataclasses.replace(kb.findings[finding], lexicon=lexicon)
    return dataclasses.replace(kb, findings={**kb.findings, finding: changed})


def test_every_yes_no_finding_has_lay_words(kb: KnowledgeBase) -> None:
    missing = [f.id for f in kb.findings.values() if f.kind == "bool" and not f.lexicon.present]
    assert missing == []


@pytest.mark.parametrize(("lexicon", "message"), [
    (Lexicon(present=("Numb Foot",)), "has capitals"),
    (Lexicon(present=("numb {foot}",)), "unknown macro {foot}"),
    (Lexicon(present=("numb (foot",)), "not a valid pattern"),
    (Lexicon(present=("numb",), yields_to=("no_such_finding",)), "no_such_finding"),
])
def test_a_broken_lexicon_is_reported_with_its_entry(
    kb: KnowledgeBase, lexicon: Lexicon, message: str
) -> None:
    broken = with_lexicon(kb, "leg_numbness_one", lexicon)
    with pytest.raises(KnowledgeError, match="leg_numbness_one") as error:
        TextReader(broken, load_language_rules())
    assert message in str(error.value)


def test_a_broken_language_file_is_reported_with_its_place(tmp_path: Path) -> None:
    text = LANGUAGE_FILE.read_text(encoding="utf-8").replace("max_words: 5", "max_words: 50")
    path = tmp_path / "language.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"language.yaml: at gap.max_words"):
        load_language_rules(path)


def test_a_lexicon_edit_changes_what_is_read(kb: KnowledgeBase) -> None:
    edited = with_lexicon(kb, "pregnant", Lexicon(present=("with child",)))
    assert read_text("I am with child", edited).findings == {"pregnant": True}
    assert "pregnant" not in read_text("I am with child", kb).findings


def test_the_compiled_reader_is_built_once_per_knowledge_base(kb: KnowledgeBase) -> None:
    assert reader_for(kb) is reader_for(kb)
    other = load_knowledge(Path(LANGUAGE_FILE).parent)
    assert reader_for(other) is not reader_for(kb)
