"""The one CSV writer: both ``backcare export --format csv`` and ``backcare report --csv`` write
their tables here, so a cell that a spreadsheet would run as a formula is defused in both.

A note starting with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel and LibreOffice (OWASP's
"CSV injection"); a leading apostrophe makes it text. A cell that already starts with an
apostrophe gets one more, so :func:`restored` can always take exactly one off and the lossless
export reads back what was written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def defused(cell: Any) -> Any:
    """A text cell a spreadsheet shows as text; other values unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def restored(cell: str) -> str:
    """The text :func:`defused` was given."""
    return cell[1:] if cell.startswith("'") else cell


def write_table(handle: IO[str], header: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows of cells to ``handle`` (opened with ``newline=""``)."""
    out = csv.writer(handle)
    out.writerow(header)
    out.writerows([defused(cell) for cell in row] for row in rows)
