"""The top-level help, kept from a full run so that ``backcare --help`` can print it at once.

Rendering the help needs Typer and Rich, which take ten times Python's own start-up to import.
When a full run prints the top-level help, the exact text it wrote is kept in the user's cache
folder under a key made of everything that changes it — backcare's version, when its command
modules last changed, the terminal's width, whether output is a terminal, and the environment
variables Rich reads for colour and size. The next ``backcare --help`` with the same key
prints the copy. Any doubt (no copy, an unreadable one) falls back to Typer.

This module imports only what Python has already loaded at start-up.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backcare.user_cache import cache_dir, keep

HELP_ARGS = ["--help"]
# What Rich and Typer read from the environment to decide colours, width and layout.
STYLE_VARIABLES = ("COLUMNS", "LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR",
                   "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS",
                   "_TYPER_FORCE_DISABLE_TERMINAL")


def _key() -> str:
    """A file name that changes whenever the help printed would."""
    from backcare import __version__

    here = os.path.dirname(os.path.abspath(__file__))
    changed = [os.stat(os.path.join(here, name)).st_mtime_ns
               for name in ("cli_app.py", os.path.join("diary", "commands.py"))]
    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        width = 0
    tty = sys.stdout.isatty()
    parts = [__version__, *map(str, changed), str(width), str(tty),
             *(f"{name}={os.environ.get(name, '')}" for name in STYLE_VARIABLES)]
    digest = 0
    for byte in "\0".join(parts).encode("utf-8", "surrogateescape"):
        digest = (digest * 131 + byte) % (1 << 61)
    return os.path.join(cache_dir(), f"help-{__version__}-{digest:x}.txt")


def replay(args: list[str]) -> bool:
    """Print the kept help and return True, if ``args`` ask for it and a copy fits."""
    if args != HELP_ARGS:
        return False
    try:
        with open(_key(), encoding="utf-8") as kept:
            text = kept.read()
    except (OSError, ValueError):
        return False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


class _Tee:
    """Standard output that also keeps what was written; Rich sees the real terminal through
    it (``isatty``, ``fileno``), so what is kept is exactly what was shown."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        written = int(self.real.write(text))  # refuses bytes, as Click's probe expects
        self.kept.append(text)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@contextmanager
def recording(args: list[str]) -> Iterator[None]:
    """Around a full run: keep the top-level help if that is what it printed."""
    if args != HELP_ARGS:
        yield
        return
    real = sys.stdout
    tee = _Tee(real)
    path = _key()
    sys.stdout = tee
    try:
        yield
    except SystemExit as done:
        if not done.code:
            text = "".join(tee.kept)
            if text:
                keep(path, text.encode("utf-8"))
        raise
    finally:
        sys.stdout = real
