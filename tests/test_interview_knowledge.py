"""interview.yaml is checked against the knowledge base: a broken file names the file and entry.

The worst mistake here would be silent: a warning sign added to the rules that no question
asks, or a question whose finding ID is misspelt. Both must stop the program at load time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare.interview import load_interview
from backcare.knowledge.loader import KnowledgeError, load_knowledge
from knowledge_support import copy_knowledge, edit_once


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def _load(directory: Path) -> None:
    load_interview(load_knowledge(directory), directory)


def test_the_packaged_interview_loads_and_asks_every_finding_the_rules_use() -> None:
    interview = load_interview()
    asked = {fid for q in interview.questions for fid in q.findings}
    used = {fid for c in interview.kb.rule_conditions.values()
            for fid in (*c.positive_ids(), *c.negated_ids())}
    assert used <= asked
    assert all(q.why.strip() for q in interview.questions)


def test_a_misspelt_finding_names_the_file_and_the_question(copy: Path) -> None:
    edit_once(copy / "interview.yaml", "      chest_pain: chest pain",
              "      chest_pian: chest pain")
    with pytest.raises(KnowledgeError, match=r"interview\.yaml: entry 'danger_signs'.*chest_pian"):
        _load(copy)


def test_a_warning_sign_no_question_asks_is_refused(copy: Path) -> None:
    edit_once(copy / "interview.yaml", "      stroke_signs: a drooping face", "      # removed")
    with pytest.raises(KnowledgeError, match=r"no question asks 'stroke_signs'.*'E2'"):
        _load(copy)


def test_a_finding_asked_by_two_questions_is_refused(copy: Path) -> None:
    edit_once(copy / "interview.yaml", "      stress: stress, anxiety",
          "      fever: hot\n      stress: stress, anxiety")
    with pytest.raises(KnowledgeError, match=r"'daily_life'.*'fever' is already asked"):
        _load(copy)


def test_a_number_cannot_be_asked_as_yes_or_no(copy: Path) -> None:
    edit_once(copy / "interview.yaml", "    type: yes_no\n    finding: recurrent",
          "    type: yes_no\n    finding: pain_score")
    with pytest.raises(KnowledgeError, match=r"'recurrent'.*pain_score.*a number"):
        _load(copy)


def test_a_checklist_without_items_is_refused(copy: Path) -> None:
    edit_once(copy / "interview.yaml", "  - id: fragile_bones\n    type: checklist",
          "  - id: fragile_bones\n    type: choice")
    with pytest.raises(KnowledgeError, match=r"interview\.yaml: entry 'fragile_bones'"):
        _load(copy)


def test_a_missing_interview_file_is_named(copy: Path) -> None:
    (copy / "interview.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"interview\.yaml: missing"):
        _load(copy)


def test_a_gate_naming_an_unknown_finding_is_refused(copy: Path) -> None:
    edit_once(copy / "interview.yaml", "    only_if: pregnant\n", "    only_if: pregnnat\n")
    with pytest.raises(KnowledgeError, match=r"'pregnancy_signs' only_if.*pregnnat"):
        _load(copy)
