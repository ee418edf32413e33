"""The encoder's optimised graph kept between runs (``language/kept_graph.py``) encodes every
unit bit for bit as the model file does, and a damaged or foreign copy is never used."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime
import pytest

from backcare.language import kept_graph
from backcare.language.encoder import MODEL_DIR, SentenceEncoder
from backcare.language.units import split_units
from training_support import training_module

MODEL = MODEL_DIR / "encoder.onnx"
LEVEL = onnxruntime.GraphOptimizationLevel


def options() -> Any:
    made = onnxruntime.SessionOptions()
    made.intra_op_num_threads = made.inter_op_num_threads = 1
    return made


def level_of(session: Any) -> Any:
    return session.get_session_options().graph_optimization_level


def units(count: int) -> list[str]:
    """Units of real messages from the corpus's dev share (the sealed test is never read)."""
    corpus = training_module("corpus")
    found: dict[str, None] = {}
    for message in corpus.load("train"):
        if message.split == "dev":
            found.update(dict.fromkeys(unit.text for unit in split_units(message.text)))
    return list(found)[:count]


def copy_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("encoder-*"))


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the copy a first session made."""
    folder = tmp_path_factory.mktemp("cache")
    first = kept_graph.session(MODEL, options(), str(folder))
    assert level_of(first) == LEVEL.ORT_ENABLE_ALL  # the first run uses the model file itself
    assert [p.suffix for p in copy_files(folder)] == [".data", ".json", ".onnx"]
    return folder


def test_the_next_session_runs_the_kept_graph(kept: Path) -> None:
    before = [p.stat().st_mtime_ns for p in copy_files(kept)]
    again = kept_graph.session(MODEL, options(), str(kept))
    assert level_of(again) == LEVEL.ORT_DISABLE_ALL
    assert [p.stat().st_mtime_ns for p in copy_files(kept)] == before


def test_every_unit_is_encoded_bit_for_bit_as_by_the_model_file(
    kept: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    texts = units(400)
    assert len(texts) == 400
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # no copy: the model file itself
    plain = SentenceEncoder()
    assert level_of(plain._session) == LEVEL.ORT_ENABLE_ALL
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the copy made just now
    from_copy = SentenceEncoder()
    assert level_of(from_copy._session) == LEVEL.ORT_DISABLE_ALL
    assert plain.encode(texts).tobytes() == from_copy.encode(texts).tobytes()
    for feed in kept_graph.probes(plain._session):
        first = plain._session.run(None, feed)
        second = from_copy._session.run(None, feed)
        assert [a.tobytes() for a in first] == [b.tobytes() for b in second]


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x10
    path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "a weight changed": lambda f: _flip(next(f.glob("*.data")), 5_000_000),
    "the graph changed": lambda f: _flip(next(f.glob("*.onnx")), 1000),
    "the weights cut short": lambda f: next(f.glob("*.data")).write_bytes(
        next(f.glob("*.data")).read_bytes()[:1000]),
    "no checksums": lambda f: next(f.glob("*.json")).unlink(),
    "checksums of nothing": lambda f: next(f.glob("*.json")).write_text("[1, 2]"),
    "not JSON": lambda f: next(f.glob("*.json")).write_bytes(b"\xff\x00"),
    "the graph gone": lambda f: next(f.glob("*.onnx")).unlink(),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_copy_is_not_used_and_is_made_again(
    kept: Path, tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for path in copy_files(kept):
        (folder / path.name).write_bytes(path.read_bytes())
    DAMAGE[damage](folder)
    session = kept_graph.session(MODEL, options(), str(folder))
    assert level_of(session) == LEVEL.ORT_ENABLE_ALL
    assert [p.read_bytes() for p in copy_files(folder)] == [
        p.read_bytes() for p in copy_files(kept)]
    checksums = json.loads(next(folder.glob("*.json")).read_text())
    assert set(checksums) == {"graph", "weights"}


def test_other_options_and_an_unwritable_cache_use_the_model_file(tmp_path: Path) -> None:
    basic = options()
    basic.graph_optimization_level = LEVEL.ORT_ENABLE_BASIC
    assert level_of(kept_graph.session(MODEL, basic, str(tmp_path))) == LEVEL.ORT_ENABLE_BASIC
    assert copy_files(tmp_path) == []
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    session = kept_graph.session(MODEL, options(), str(blocked / "cache"))
    assert level_of(session) == LEVEL.ORT_ENABLE_ALL
    ids = np.array([[101, 2026, 2067, 102]], dtype=np.int64)
    assert session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})


def test_a_copy_of_another_model_is_not_taken_for_this_one(kept: Path, tmp_path: Path) -> None:
    other = tmp_path / "encoder.onnx"
    other.write_bytes(MODEL.read_bytes())  # the same bytes, but another file: another key
    folder = tmp_path / "cache"
    folder.mkdir()
    for path in copy_files(kept):
        (folder / path.name).write_bytes(path.read_bytes())
    assert level_of(kept_graph.session(other, options(), str(folder))) == LEVEL.ORT_ENABLE_ALL
    assert {p.stem for p in copy_files(folder)} != {p.stem for p in copy_files(kept)}
