"""The validated knowledge base kept between runs (``knowledge/kept.py``): the copy is the
knowledge base validation gives, it is made again whenever a file changes, and a damaged,
foreign or unwritable copy changes nothing but the time taken."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from backcare.knowledge.kept import kept
from backcare.knowledge.loader import KNOWLEDGE_DIR, KnowledgeBase, KnowledgeError, load_knowledge

HEADER = b"backcare kept knowledge 1\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the user's, for this test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "backcare" / "knowledge-base"


class Builds:
    """The knowledge base in ``folder``, validated from its files, counting the times."""

    def __init__(self, folder: Path = KNOWLEDGE_DIR) -> None:
        self.folder = folder
        self.count = 0

    def __call__(self) -> KnowledgeBase:
        self.count += 1
        return load_knowledge(self.folder)

    def kept(self) -> KnowledgeBase:
        return kept("knowledge-base", KnowledgeBase, self.folder, self)


def same_knowledge(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    return all(getattr(a, field.name) == getattr(b, field.name)
               for field in dataclasses.fields(KnowledgeBase))


def test_the_kept_knowledge_base_is_the_validated_one_and_is_read_back(cache: Path) -> None:
    builds = Builds()
    first = builds.kept()
    (copy,) = cache.iterdir()
    written = copy.stat().st_mtime_ns
    again = builds.kept()
    assert builds.count == 1 and copy.stat().st_mtime_ns == written
    assert again is not first and same_knowledge(again, first)
    assert same_knowledge(again, load_knowledge(KNOWLEDGE_DIR))


def sealed(payload: bytes) -> bytes:
    """A copy with a sound header and digest around ``payload``."""
    return HEADER + hashlib.sha256(payload).digest() + payload


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],
    lambda data: data[:60] + bytes([data[60] ^ 1]) + data[61:],
    lambda data: b"",
    lambda data: sealed(b""),
    lambda data: sealed(pickle.dumps({"not": "a knowledge base"})),
    lambda data: sealed(b"cno_such_module\nThing\n."),
], ids=["truncated", "a byte changed", "empty", "digest of nothing", "another kind of object",
        "a class that is gone"])
def test_a_damaged_or_foreign_copy_is_validated_again_and_replaced(
    cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    builds = Builds()
    expected = builds.kept()
    (copy,) = cache.iterdir()
    sound = copy.read_bytes()
    copy.write_bytes(damage(sound))
    assert same_knowledge(builds.kept(), expected)
    assert builds.count == 2 and copy.read_bytes() == sound


def test_an_edited_file_is_never_read_from_the_copy_of_its_old_text(
    cache: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    builds = Builds(folder)
    before = builds.kept()
    sources = folder / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace(f'version: "{before.version}"',
                                    f'version: "{before.version}-edited"', 1), encoding="utf-8")
    after = builds.kept()
    assert builds.count == 2 and after.version == f"{before.version}-edited"
    assert len(list(cache.iterdir())) == 1  # the copy of the old text is gone


def test_a_knowledge_base_that_does_not_validate_fails_every_time_and_nothing_is_kept(
    cache: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    sources = folder / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("version:", "versoin:", 1),
                       encoding="utf-8")
    builds = Builds(folder)
    for _ in range(2):
        with pytest.raises(KnowledgeError, match=r"sources\.yaml"):
            builds.kept()
    assert builds.count == 2
    assert not cache.exists() or not any(cache.iterdir())


def test_without_a_cache_folder_the_knowledge_base_is_validated_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/dev/null/backcare-test")
    builds = Builds()
    assert same_knowledge(builds.kept(), builds.kept())
    assert builds.count == 2


def test_what_pickle_cannot_write_is_built_on_every_run(cache: Path) -> None:
    built: list[object] = []

    def build() -> object:
        built.append(lambda: None)  # a lambda cannot be pickled
        return built[-1]

    assert kept("unpicklable", object, KNOWLEDGE_DIR, build) is built[0]
    assert kept("unpicklable", object, KNOWLEDGE_DIR, build) is built[1]
    assert not cache.exists() or not any(cache.iterdir())


def loaded_libraries(cache: Path, code: str) -> list[str]:
    """The top-level modules of pydantic and PyYAML that running ``code`` imported."""
    probe = (f"import json, sys\n{code}\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} "
             "& {'pydantic', 'pydantic_core', 'yaml'})))")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    libraries: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return libraries


def test_with_the_copies_kept_a_script_s_assessment_needs_neither_pydantic_nor_yaml(
    tmp_path: Path,
) -> None:
    assess = ("sys.argv[1:] = ['assess', '--text', 'my back hurts after lifting', '--json']\n"
              "from backcare.cli import main\nmain()")
    first = loaded_libraries(tmp_path, assess)
    assert "pydantic" in first  # the first run validates the files
    assert loaded_libraries(tmp_path, assess) == []
