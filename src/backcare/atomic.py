"""Files written whole or not at all: every export and report goes through :func:`replacing`.

Writing straight into the target truncates it first, so a full disk or a crash halfway left
the person's previous good backup as broken JSON, and a failed ``report --pdf`` left a 0-byte
PDF. The new content goes to a temporary file beside the target instead, is synced to disk,
and then renamed over the target in one step; on any failure the temporary file is removed and
the target is as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def replacing(target: str | Path, mode: str = "w", **options: Any) -> Iterator[IO[Any]]:
    """A file to write ``target``'s new content to (``open``'s ``mode`` and ``options``); it
    becomes ``target`` when the block ends without an error. Created readable by its owner
    only: exports hold health data."""
    path = Path(target)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial",
                                             dir=path.parent)
    try:
        with open(descriptor, mode, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(target: str | Path, text: str) -> None:
    """Replace ``target`` with ``text`` (UTF-8), whole or not at all."""
    with replacing(target, "w", encoding="utf-8") as handle:
        handle.write(text)
