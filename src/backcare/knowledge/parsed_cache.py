"""Parsed knowledge files kept between runs, so that YAML is parsed once per change of a file.

Why: libyaml took about 45 ms of CPU to parse the knowledge base's 370 KB of YAML on every
start, and importing PyYAML 10 ms more. What it produces is plain data — dicts, lists,
strings, numbers, booleans, ``None`` — which ``marshal`` writes and reads back exactly, with
its types, its key order and any object shared by a YAML alias, in a tenth of the time.

Why a kept copy cannot stand for another text: a copy is found by the SHA-256 of the file's
whole text together with the interpreter (``marshal``'s format) and the PyYAML installed,
never by the file's name; it carries a SHA-256 of its own contents, checked before it is
read; and anything doubtful — a missing, damaged or foreign copy, data ``marshal`` cannot
write — means the file is parsed as it always was. A text that does not parse is never kept,
so its error is raised afresh, word for word.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import sys
from collections.abc import Callable
from typing import Any

from backcare.sealed_file import keep_sealed, read_sealed
from backcare.user_cache import cache_dir

_HEADER = b"backcare parsed knowledge 1\n"
# Copies of other texts (an edited file, a test's knowledge base) are removed beyond this many.
MAX_KEPT = 200


@functools.cache
def installed(package: str) -> str:
    """Where ``package`` is installed and when, without importing it (the import is what a
    kept copy saves)."""
    try:
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return "none"
        stat = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return "none"
    return f"{origin}\0{stat.st_mtime_ns}\0{stat.st_size}"


def _folder() -> str:
    return os.path.join(cache_dir(), "knowledge")


def parsed(text: str, parse: Callable[[], Any]) -> Any:
    """``parse()``'s result for a file whose whole text is ``text``, from a kept copy if one
    is there; a new result is kept for next time."""
    identity = "\0".join((sys.version, str(marshal.version), installed("yaml")))
    key = hashlib.sha256(f"{identity}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    path = os.path.join(_folder(), f"{key}.bin")
    kept = _read(path)
    if kept is not None:
        return kept[0]
    data = parse()
    try:
        payload = marshal.dumps(data)
    except ValueError:  # something marshal cannot write (a date): parsed each time
        return data
    if keep_sealed(path, _HEADER, payload):
        _prune(path)
    return data


def _read(path: str) -> tuple[Any] | None:
    """The kept data, in a tuple, or ``None`` if there is no sound copy."""
    payload = read_sealed(path, _HEADER)
    if payload is None:
        return None
    try:
        return (marshal.loads(payload),)
    except (EOFError, ValueError, TypeError):
        return None


def _prune(written: str) -> None:
    """Remove the oldest copies beyond ``MAX_KEPT`` (never the one just written)."""
    folder = os.path.dirname(written)
    try:
        names = [os.path.join(folder, name) for name in os.listdir(folder)]
        if len(names) <= MAX_KEPT:
            return
        by_age = sorted(names, key=lambda name: os.stat(name).st_mtime_ns)
        for name in by_age[: len(names) - MAX_KEPT]:
            if name != written:
                os.unlink(name)
    except OSError:
        pass
