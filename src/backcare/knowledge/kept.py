"""The packaged knowledge base, validated and cross-checked once and kept between runs.

Why: reading the knowledge base meant importing pydantic, building the validators of its
entries and validating every file: the same work, with the same result, on every start. With
the intake's own checks (``intake.py``) this took pydantic off the path of ``backcare assess
--text … --json``, which went from about 670 to 510 ms of CPU (``bench/bench_startup.py``).
What that work produces — frozen dataclasses (``schema.py``), conditions (``conditions.py``),
tuples, dicts and strings — is kept with ``pickle`` and loaded in a few milliseconds.

Why a kept copy cannot stand for another knowledge base:

* it is found by a SHA-256 of the whole text of every YAML file in the knowledge folder and of
  the code that builds and defines what is kept (``CODE``), together with the interpreter and
  the pydantic and PyYAML installed; an edited file or module has another key, and is
  validated afresh;
* it carries a SHA-256 of its own contents, checked before it is unpickled, and must unpickle
  to the kind of object asked for;
* anything doubtful — a missing, damaged or foreign copy, a cache folder that cannot be
  written, a value pickle cannot write — means the knowledge base is read as it always was;
  a knowledge base that does not validate is never kept, so its error is raised afresh, word
  for word.

The copy lives in the user's own cache folder, as the compiled patterns and the parsed YAML do
(``user_cache.py``): whoever can write there can already change what the user runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from backcare.knowledge.parsed_cache import installed
from backcare.sealed_file import keep_sealed, read_sealed
from backcare.user_cache import cache_dir

T = TypeVar("T")

_HEADER = b"backcare kept knowledge 1\n"
_PACKAGE = Path(__file__).resolve().parent.parent  # backcare/
# The modules that define what is kept and build it: a change to any is a new copy.
CODE = ("conditions.py", "knowledge/kept.py", "knowledge/loader.py", "knowledge/schema.py",
        "language/rules.py")
_PROTOCOL = 5


def _fingerprint(knowledge: Path) -> bytes:
    """What a kept copy depends on: the knowledge files, the code, the libraries (about a
    millisecond: the files are read whole each time, so that no edit goes unseen)."""
    digest = hashlib.sha256(_HEADER)
    for part in (sys.version, installed("pydantic"), installed("pydantic_core"),
                 installed("yaml")):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    files = [*(_PACKAGE / name for name in CODE), *sorted(knowledge.rglob("*.yaml"))]
    for path in files:
        data = path.read_bytes()
        name = str(path).encode("utf-8", "surrogateescape")
        digest.update(b"%s\0%d\0%s" % (name, len(data), data))
    return digest.digest()


def kept(name: str, kind: type[T], knowledge: Path, build: Callable[[], T]) -> T:
    """``build()``'s result, from the copy kept under ``name`` if there is a sound one; a new
    result is kept for next time (``kind``: what the copy must be; ``knowledge``: the folder
    whose YAML files it is built from)."""
    try:
        key = hashlib.sha256(_fingerprint(knowledge) + name.encode()).hexdigest()
    except OSError:  # a knowledge file that cannot be read: the build says which
        return build()
    path = os.path.join(cache_dir(), "knowledge-base", f"{name}-{key[:32]}.pickle")
    found = _read(path, kind)
    if found is not None:
        return found
    value = build()
    try:
        payload = pickle.dumps(value, protocol=_PROTOCOL)
    except Exception:  # something pickle cannot write: built on every run
        return value
    if keep_sealed(path, _HEADER, payload):
        _remove_stale(path, name)
    return value


def _read(path: str, kind: type[T]) -> T | None:
    """The kept value, or ``None`` if there is no sound copy."""
    payload = read_sealed(path, _HEADER)
    if payload is None:
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # a copy this code cannot read back: built again
        return None
    return value if isinstance(value, kind) else None


def _remove_stale(written: str, name: str) -> None:
    """Remove the copies of ``name`` made from other files or code (never the one written)."""
    folder = Path(written).parent
    for stale in folder.glob(f"{name}-*.pickle"):
        if str(stale) != written:
            with contextlib.suppress(OSError):
                stale.unlink()
