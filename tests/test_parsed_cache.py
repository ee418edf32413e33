"""Knowledge files parsed once and kept (``knowledge/parsed_cache.py``): the kept copy is the
parsed YAML exactly — types, key order, shared aliases — and a damaged one changes nothing."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from backcare.knowledge import parsed_cache
from backcare.knowledge.loader import (
    KNOWLEDGE_DIR,
    KnowledgeError,
    load_knowledge,
    read_knowledge_file,
)

PACKAGED = sorted(KNOWLEDGE_DIR.rglob("*.yaml"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the user's, for this test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "backcare" / "knowledge"


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types throughout (``True`` is not ``1``, ``1.0`` is not ``1``)
    and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def plain_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def test_every_packaged_file_comes_back_from_its_copy_as_parsed(cache: Path) -> None:
    first = [read_knowledge_file(path) for path in PACKAGED]
    kept = sorted(cache.iterdir())
    assert len(kept) == len({path.read_bytes() for path in PACKAGED})
    mtimes = [p.stat().st_mtime_ns for p in kept]
    again = [read_knowledge_file(path) for path in PACKAGED]
    assert [p.stat().st_mtime_ns for p in sorted(cache.iterdir())] == mtimes  # read, not written
    for path, parsed, copied in zip(PACKAGED, first, again, strict=True):
        assert same(copied, plain_yaml(path)), path.name
        assert same(parsed, copied), path.name


def test_the_knowledge_base_loads_the_same_from_the_copies(cache: Path) -> None:
    parsed = load_knowledge(KNOWLEDGE_DIR)
    assert any(cache.iterdir())
    copied = load_knowledge(KNOWLEDGE_DIR)
    assert copied.findings == parsed.findings and copied.rules == parsed.rules
    assert copied.plan_items == parsed.plan_items and copied.cards == parsed.cards


def test_aliases_stay_shared_and_odd_values_keep_their_types(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text("a: &x [1, 2.0, true, null, '3']\nb: *x\nc: {z: 1, a: 2}\n"
                    "d: !!set {p, q}\ne: .inf\nf: 1_000\n", encoding="utf-8")
    parsed = read_knowledge_file(path)
    copied = read_knowledge_file(path)
    assert len(list(cache.iterdir())) == 1
    assert same(copied, parsed) and same(copied, plain_yaml(path))
    assert copied["a"] is copied["b"]


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],
    lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:],
    lambda data: data[:-3] + b"\x00\x00\x00",
    lambda data: b"",
    lambda data: b"backcare parsed knowledge 1\n" + b"\x00" * 40,
], ids=["truncated", "header changed", "data changed", "empty", "digest of nothing"])
def test_a_damaged_copy_is_parsed_again_and_replaced(
    cache: Path, tmp_path: Path, damage: Any
) -> None:
    path = tmp_path / "triage.yaml"
    shutil.copy(KNOWLEDGE_DIR / "triage.yaml", path)
    expected = read_knowledge_file(path)
    (copy,) = cache.iterdir()
    sound = copy.read_bytes()
    copy.write_bytes(damage(sound))
    assert same(read_knowledge_file(path), expected)
    assert copy.read_bytes() == sound


def test_an_edited_file_is_never_read_from_the_copy_of_its_old_text(
    cache: Path, tmp_path: Path
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("answer: 1\n", encoding="utf-8")
    assert read_knowledge_file(path) == {"answer": 1}
    path.write_text("answer: 2\n", encoding="utf-8")
    assert read_knowledge_file(path) == {"answer": 2}
    assert len(list(cache.iterdir())) == 2


def test_a_broken_file_fails_every_time_and_nothing_is_kept(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: [1\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as plain:
        plain_yaml(path)
    for _ in range(2):
        with pytest.raises(KnowledgeError) as error:
            read_knowledge_file(path)
        assert str(error.value) == f"broken.yaml: not valid YAML: {plain.value}"
        assert str(path) in str(error.value)
    assert not cache.exists() or not any(cache.iterdir())


def test_what_marshal_cannot_write_is_parsed_each_time(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text("reviewed: 2024-05-01\n", encoding="utf-8")
    assert read_knowledge_file(path) == {"reviewed": datetime.date(2024, 5, 1)}
    assert read_knowledge_file(path) == {"reviewed": datetime.date(2024, 5, 1)}
    assert not cache.exists() or not any(cache.iterdir())


def test_old_copies_beyond_the_limit_are_removed(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsed_cache, "MAX_KEPT", 3)
    path = tmp_path / "f.yaml"
    for number in range(6):
        path.write_text(f"n: {number}\n", encoding="utf-8")
        read_knowledge_file(path)
    assert len(list(cache.iterdir())) == 3
    assert read_knowledge_file(path) == {"n": 5}
