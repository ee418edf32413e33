"""``backcare assess --text "…" --json`` for scripts, without loading Typer or Rich.

Typer and Rich (and what they import) took about a sixth of the CPU of a cold ``backcare
assess``, and a script asking for JSON uses neither: no prompts, no colours, and the "Reading
your words…" spinner is drawn only on a terminal. So when the arguments are exactly such a
call — ``assess`` with ``--json`` and each of ``--text``, ``--age``, ``--sex`` and ``--region``
at most once, as ``--option value`` — and standard error is no terminal (nor made to look
like one for Rich), ``cli.py`` runs it here: the same library calls, the same output and the
same exit status as the command in ``cli_app.py``, which handles everything else (help,
mistakes, ``--input``, ``--batch``, ``--save``, a person at a keyboard).
``tests/test_assess_json.py`` runs both on the same arguments and compares what they print.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from typing import Any

VALUES = ("--text", "--sex", "--region")
# Typer reads an age as an int; a plain number of a few digits is read alike by both.
_DIGITS = frozenset("0123456789")
# What makes Rich treat standard error as a terminal (and draw the spinner).
_TERMINAL_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def intake_from(args: list[str]) -> dict[str, Any] | None:
    """The intake a ``backcare assess … --json`` call gives, or ``None`` if ``args`` are not
    plainly such a call."""
    if not args or args[0] != "assess":
        return None
    raw: dict[str, Any] = {}
    as_json = False
    rest = args[1:]
    index = 0
    while index < len(rest):
        option = rest[index]
        if option == "--json" and not as_json:
            as_json = True
            index += 1
            continue
        if option not in (*VALUES, "--age") or index + 1 == len(rest):
            return None
        value, key = rest[index + 1], option[2:]
        if key in raw or value.startswith("-"):
            return None
        if key == "age":
            if not value or not set(value) <= _DIGITS or len(value) > 4 or value != str(int(value)):
                return None
            raw[key] = int(value)
        else:
            raw[key] = value
        index += 2
    return raw if as_json and raw else None


def _typer_would_differ() -> bool:
    """Whether Rich might draw its spinner on standard error, or Click complete a shell's
    command line (``_BACKCARE_COMPLETE`` and the like)."""
    if any(name in os.environ for name in _TERMINAL_VARIABLES):
        return True
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return True
    try:
        return sys.stderr is None or sys.stderr.isatty()
    except ValueError:
        return True


def one_blas_thread() -> None:
    """Start OpenBLAS with one thread, unless the environment says otherwise.

    The trained reader limits BLAS to one thread for the whole process as soon as it loads
    (``model_reader.py``), before any product, so this changes no number; but OpenBLAS
    otherwise starts a worker thread per core when numpy is imported, and their spinning
    cost about 45 ms of CPU, nearly half of numpy's import. It must be set before numpy is
    first imported.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def run(args: list[str]) -> bool:
    """Run ``args`` here if they are a plain JSON assessment (see above); whether they were.

    Ends the process with status 2 on an intake error, as the command does."""
    raw = intake_from(args)
    if raw is None or _typer_would_differ():
        return False
    one_blas_thread()
    try:
        status = _assess(raw)
        sys.stdout.flush()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except OSError as exc:  # as Click does with a closed pipe: quietly, status 1
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _PipeClosed(sys.stdout)
        sys.stderr = _PipeClosed(sys.stderr)
        raise SystemExit(1) from None
    if status:
        raise SystemExit(status)
    return True


def _assess(raw: dict[str, Any]) -> int:
    from backcare.assessment import assess
    from backcare.errors import error_record
    from backcare.intake import IntakeError
    from backcare.knowledge.loader import load_knowledge

    kb = load_knowledge()
    try:
        result = assess(raw, kb=kb)
    except IntakeError as exc:
        _emit(error_record(exc.code, str(exc), exc.field))
        return 2
    _emit(result.to_json())
    return 0


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


class _PipeClosed:
    """A stream whose reader went away: flushing it at exit is no error (Click's
    ``PacifyFlushWrapper``)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
