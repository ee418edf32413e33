"""The user's cache folder, where backcare keeps copies of work that only save time.

Everything here may vanish or be damaged at any moment: each reader checks what it finds and,
in any doubt, does the work itself. A file is written under a temporary name and renamed, so
it is whole or absent, and a cache that cannot be written is no error.

This module imports only what Python has already loaded at start-up.
"""

from __future__ import annotations

import contextlib
import os
from _thread import get_ident


def cache_dir() -> str:
    """``$XDG_CACHE_HOME/backcare``, or ``~/.cache/backcare``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "backcare")


def make_folder(folder: str) -> None:
    """Create ``folder`` and any missing parent readable by its owner only."""
    if not os.path.isdir(folder):
        parent = os.path.dirname(folder)
        if parent and parent != folder:
            make_folder(parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)


def keep(path: str, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole or not at all; whether it was written."""
    partial = f"{path}.{os.getpid()}.{get_ident()}.partial"
    try:
        make_folder(os.path.dirname(path))
        with open(partial, "wb") as handle:
            handle.write(data)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        return False
    return True
