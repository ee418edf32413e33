"""Compiled regular expressions kept between runs, so that the text reader is built at once.

Why: the lexicon (``knowledge/findings/*.yaml``) and the language rules (``language.yaml``)
become about 300 regular expressions, 250 KB of pattern text, and ``re.compile`` took about
0.3 s of CPU over them — the largest part of every ``backcare assess``. CPython cannot pickle
a compiled pattern, but compiling one is a pure function of its text, its flags and the
interpreter: ``re._parser.parse`` and ``re._compiler._code`` turn the text into a list of
integer opcodes, and ``_sre.compile(pattern, flags, code, groups - 1, groupindex,
indexgroup)`` makes the ``re.Pattern`` from them (CPython 3.11's ``Lib/re/_compiler.py``,
``compile()``). Those arguments are what is kept, in the user's cache folder; making a
pattern from them takes about a fortieth of the time of compiling it.

Why a kept copy cannot change what is read:

* an entry is looked up by the whole pattern text and its flags, never by a name or a hash of
  them: a changed phrase is a new pattern, compiled afresh;
* the file names the interpreter that wrote it (its full version, ``_sre.MAGIC``,
  ``CODESIZE``, ``MAXREPEAT``, ``MAXGROUPS``, the byte order); any other interpreter ignores it;
* an entry is kept only once the pattern made from it compared equal to ``re.compile``'s
  (``re.Pattern.__eq__`` compares the flags, the text and the compiled code) with the same
  groups and group names;
* the file carries a SHA-256 of its contents, checked before anything in it is read: a
  truncated, damaged or foreign file is ignored whole (and ``_sre`` validates any code it is
  given);
* anything unexpected — no cache folder, a read-only disk, an interpreter without these
  internals, an entry that will not build — falls back to plain ``re.compile``.

The price is paid once, on the first run after the patterns change: each is compiled twice,
once by ``re.compile`` for use and once more to keep it. A store holds the patterns of the
last build that used it; a different set (another knowledge base) replaces them.
"""

from __future__ import annotations

import array
import importlib
import marshal
import os
import re
import sys
from typing import Any

from backcare.sealed_file import keep_sealed, read_sealed
from backcare.user_cache import cache_dir

_HEADER = b"backcare kept patterns 1\n"
# Flags whose patterns are kept: re.DEBUG prints while compiling, and must go to re.compile.
_KEEPABLE = int(re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.ASCII | re.UNICODE)

# (pattern, flags) -> (final flags, code as native words, groups - 1, groupindex, indexgroup)
Key = tuple[str, int]
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def _internals() -> tuple[Any, Any, Any, str] | None:
    """``_sre``, ``re._parser``, ``re._compiler`` and the array type code of one code word;
    ``None`` where this interpreter does not have them as CPython 3.11 does."""
    try:
        sre = importlib.import_module("_sre")
        parser = importlib.import_module("re._parser")
        compiler = importlib.import_module("re._compiler")
        typecode = next(code for code in "ILQ" if array.array(code).itemsize == sre.CODESIZE)
        # Each is called below; a missing one means a different re module.
        for module, name in ((sre, "compile"), (parser, "parse"), (compiler, "_code")):
            getattr(module, name)
    except (ImportError, AttributeError, StopIteration):
        return None
    return sre, parser, compiler, typecode


_INTERNALS = _internals()


def _fingerprint() -> bytes:
    """What makes a kept code list valid: the interpreter and its ``_sre``."""
    if _INTERNALS is None:
        return b""
    sre = _INTERNALS[0]
    parts = (sys.version, sys.implementation.cache_tag, sys.byteorder, marshal.version,
             sre.MAGIC, sre.CODESIZE, sre.MAXREPEAT, sre.MAXGROUPS)
    return "\0".join(map(str, parts)).encode("utf-8", "surrogateescape") + b"\n"


class PatternStore:
    """``re.compile``, from the copy an earlier run kept where it has the pattern.

    Build everything with :meth:`compile`, then call :meth:`save` to keep what was built.
    """

    def __init__(self, path: str | None) -> None:
        """``path``: the kept file (``None``: keep nothing, compile everything)."""
        self.path = path if _INTERNALS is not None else None
        self._kept = _read(self.path) if self.path is not None else {}
        self._used: dict[Key, Entry] = {}
        self._fresh = False  # whether an entry was made in this run
        self.hits = 0
        self.misses = 0

    @classmethod
    def in_cache(cls, name: str) -> PatternStore:
        """The store called ``name`` in the user's cache folder."""
        return cls(os.path.join(cache_dir(), f"patterns-{name}.bin"))

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """Exactly ``re.compile(pattern, flags)``."""
        flags = int(flags)
        if self.path is None or flags & ~_KEEPABLE:
            return re.compile(pattern, flags)
        key = (pattern, flags)
        entry = self._kept.get(key)
        if entry is not None:
            try:
                built = _build(pattern, entry)
            except Exception:  # an entry that does not build is not used
                pass
            else:
                self._used[key] = entry
                self.hits += 1
                return built
        compiled = re.compile(pattern, flags)
        self.misses += 1
        fresh = _entry_for(pattern, flags, compiled)
        if fresh is not None:
            self._used[key] = fresh
            self._fresh = True
        return compiled

    def compiled(self) -> list[Key]:
        """The patterns compiled so far that can be kept, as ``(text, flags)``."""
        return list(self._used)

    def save(self) -> bool:
        """Keep the patterns compiled so far, unless the file already holds just those; whether
        a file was written."""
        if self.path is None or (not self._fresh and self._used.keys() == self._kept.keys()):
            return False
        payload = marshal.dumps(self._used)
        written = keep_sealed(self.path, _HEADER + _fingerprint(), payload)
        if written:
            self._kept, self._fresh = dict(self._used), False
        return written


def _read(path: str) -> dict[Key, Entry]:
    """The entries of a kept file, or none at all if anything about it is doubtful."""
    payload = read_sealed(path, _HEADER + _fingerprint())
    if payload is None:
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _build(pattern: str, entry: Entry) -> re.Pattern[str]:
    assert _INTERNALS is not None
    sre, _, _, typecode = _INTERNALS
    flags, code, groups, groupindex, indexgroup = entry
    words = array.array(typecode)
    words.frombytes(code)
    built: re.Pattern[str] = sre.compile(pattern, flags, words.tolist(), groups, groupindex,
                                         indexgroup)
    return built


def _entry_for(pattern: str, flags: int, compiled: re.Pattern[str]) -> Entry | None:
    """What to keep of ``pattern``, as ``re._compiler.compile`` hands it to ``_sre.compile``,
    if the pattern made from it is the one ``re.compile`` made."""
    assert _INTERNALS is not None
    _, parser, compiler, typecode = _INTERNALS
    try:
        parsed = parser.parse(pattern, flags)
        code = compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry: Entry = (flags | parsed.state.flags, array.array(typecode, code).tobytes(),
                        parsed.state.groups - 1, groupindex, tuple(indexgroup))
        built = _build(pattern, entry)
    except Exception:  # whatever the internals do, re.compile's result stands
        return None
    same = (built == compiled and built.groups == compiled.groups
            and built.groupindex == compiled.groupindex)
    return entry if same else None
