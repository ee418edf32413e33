"""The encoder's optimised graph, kept between runs: its session starts in about half the time.

Why: creating the onnxruntime session of the sentence encoder took about 0.1 s of CPU, half of
it optimising the graph (fusing attention, layer norms, GELU and the quantised products) —
the same work, with the same result, on every start — and much of the rest copying the 22 MB
of weights out of the file. onnxruntime can save the graph it optimised
(``SessionOptions.optimized_model_filepath``), with its weights in a file of their own that it
then maps into memory instead of copying, and run a saved graph with optimisation turned off:
the session runs that very graph, for about a quarter of the CPU.

Why a kept graph cannot change what is read:

* it is made from this model file (its path, size and modification time, as Python's own
  bytecode cache) by this onnxruntime on this kind of processor, with the options the session
  uses; anything else has another key, and is made afresh;
* it is kept only after a session loaded from it gave, bit for bit, the embeddings of the
  session made from the model file itself, for probe inputs that reach across the vocabulary
  and up to the longest input (the first run uses the model file's own session);
* checksums of both files (the sum of their 64-bit words, and their lengths) are checked
  before each use, so a damaged copy is made again rather than read;
* anything unexpected — no cache folder, options that ask for another optimisation level, a
  copy that will not load — falls back to the model file itself.

The first run after the model or onnxruntime changes pays for two more sessions and the probe
(about 0.2 s); the copy takes as much disk as the model (22 MB), and a stale one is removed
when a new one is written.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from backcare.language.onnx_runtime import onnxruntime as load_onnxruntime
from backcare.user_cache import cache_dir, keep, make_folder

_PROVIDERS = ["CPUExecutionProvider"]
_FORMAT = "1"


def session(model: Path, options: Any, folder: str | None = None) -> Any:
    """An ``onnxruntime.InferenceSession`` for ``model`` with ``options``, from the kept
    optimised graph when there is a sound one (``folder``: where it is kept, by default the
    user's cache folder)."""
    onnxruntime = load_onnxruntime()

    full = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    if options.graph_optimization_level != full or options.optimized_model_filepath:
        return onnxruntime.InferenceSession(str(model), options, providers=_PROVIDERS)
    try:
        path = _copy_path(model, folder or cache_dir(), onnxruntime.__version__)
    except OSError:
        return onnxruntime.InferenceSession(str(model), options, providers=_PROVIDERS)
    kept = _load(path, options)
    if kept is not None:
        return kept
    plain = onnxruntime.InferenceSession(str(model), options, providers=_PROVIDERS)
    _make(model, path, options, plain)
    return plain


def _copy_path(model: Path, folder: str, version: str) -> str:
    stat = model.stat()
    parts = [_FORMAT, version, str(model.resolve()), str(stat.st_size), str(stat.st_mtime_ns),
             sys.platform, platform.machine(), _processor()]
    key = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return os.path.join(folder, f"encoder-{key[:24]}.onnx")


def _processor() -> str:
    """The processor's instruction sets, where the system says (they choose the kernels)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            return next((line for line in info if line.startswith("flags")), "")
    except OSError:
        return ""


def checksum(path: str) -> str:
    """The sum of a file's 64-bit words (mod 2**64), its last bytes and its length: any change
    of one bit, and any truncation, changes it. Read through a memory map, which costs a few
    milliseconds where reading 22 MB into memory cost four times as much."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if not size:
            return "0::"
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            whole = size // 8 * 8
            words = np.frombuffer(mapped, dtype="<u8", count=whole // 8)
            total = int(words.sum(dtype=np.uint64))
            del words  # the map cannot close while an array looks into it
            return f"{size}:{total:x}:{mapped[whole:].hex()}"


def _checksums(path: str) -> dict[str, str]:
    """The checksums of the graph and of its weights (kept beside it, ``.data``)."""
    return {"graph": checksum(path), "weights": checksum(_weights(path))}


def _weights(path: str) -> str:
    return path.removesuffix(".onnx") + ".data"


def _load(path: str, options: Any) -> Any:
    """A session from the kept graph, or ``None`` if there is no sound copy."""
    onnxruntime = load_onnxruntime()

    try:
        with open(path.removesuffix(".onnx") + ".json", encoding="utf-8") as meta:
            expected = json.load(meta)
        if _checksums(path) != expected:
            return None
    except (OSError, ValueError):
        return None
    level = options.graph_optimization_level
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        return onnxruntime.InferenceSession(path, options, providers=_PROVIDERS)
    except Exception:  # a copy onnxruntime refuses: made again
        return None
    finally:
        options.graph_optimization_level = level


def _make(model: Path, path: str, options: Any, plain: Any) -> None:
    """Keep the optimised graph of ``model`` at ``path`` (its weights beside it, so that
    onnxruntime maps them from the file rather than copying them) if it reads as ``plain``."""
    onnxruntime = load_onnxruntime()

    folder, name = os.path.split(path)
    level = options.graph_optimization_level
    try:
        make_folder(folder)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".encoder-") as making:
            made = os.path.join(making, name)
            writer = onnxruntime.SessionOptions()
            writer.intra_op_num_threads = writer.inter_op_num_threads = 1
            # The extended level is the full one without the layout pass for convolutions,
            # which a saved graph must not hold (it would tie the file to this processor).
            writer.graph_optimization_level = (
                onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED)
            writer.optimized_model_filepath = made
            writer.add_session_config_entry(
                "session.optimized_model_external_initializers_file_name",
                os.path.basename(_weights(path)))
            writer.add_session_config_entry(
                "session.optimized_model_external_initializers_min_size_in_bytes", "1024")
            onnxruntime.InferenceSession(str(model), writer, providers=_PROVIDERS)
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
            copy = onnxruntime.InferenceSession(made, options, providers=_PROVIDERS)
            if not _same_outputs(plain, copy):
                return
            sums = _checksums(made)
            for stale in Path(folder).glob("encoder-*"):
                stale.unlink(missing_ok=True)
            os.replace(_weights(made), _weights(path))
            os.replace(made, path)
        keep(path.removesuffix(".onnx") + ".json", json.dumps(sums).encode("utf-8"))
    except Exception:  # whatever went wrong, the plain session stands and nothing is kept
        return
    finally:
        options.graph_optimization_level = level


def probes(session: Any) -> list[dict[str, npt.NDArray[np.int64]]]:
    """Inputs of several lengths, up to the longest, whose token ids reach across the
    vocabulary of a BERT-style encoder (ids from 1000 up to 30,000)."""
    rng = np.random.default_rng(20_241_203)
    names = [item.name for item in session.get_inputs()]
    feeds = []
    for length in (3, 12, 57, 128):
        ids = rng.integers(1000, 30_000, size=(1, length), dtype=np.int64)
        ids[0, 0], ids[0, -1] = 101, 102  # [CLS] … [SEP]
        feeds.append({name: (np.ones_like(ids) if "mask" in name else ids) for name in names})
    return feeds


def _same_outputs(first: Any, second: Any) -> bool:
    for feed in probes(first):
        for a, b in zip(first.run(None, feed), second.run(None, feed), strict=True):
            if a.shape != b.shape or a.tobytes() != b.tobytes():
                return False
    return True
