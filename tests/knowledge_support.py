"""A private copy of the packaged knowledge base for tests that break one entry on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from backcare.knowledge.loader import KNOWLEDGE_DIR


def copy_knowledge(tmp_path: Path) -> Path:
    """The knowledge base's data files (no code) copied into ``tmp_path/knowledge``."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def edit_once(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path``; fail if it is not there, so a test cannot pass by
    editing nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
