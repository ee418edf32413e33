"""The one check every string backcare takes in goes through, whatever the way in.

The web API, the pages' forms, the command line and ``backcare import`` all hand strings to
the same few places, and a string that passed one of them once broke the others later: a lone
surrogate (``"\\ud800"``, which JSON can spell but UTF-8 cannot encode) was stored through one
route and then made every export of the diary fail; a NUL character was stored by SQLite and
refused by PostgreSQL. So both are refused here, at the door, with an error naming the field,
and lengths are capped by the same numbers everywhere. Error messages quote a bad value only
through :func:`excerpt`, so a 10 MB value is never sent back whole.
"""

from __future__ import annotations

import re
import reprlib

from backcare.errors import FieldError

# Above this a message, note or question is refused with an error naming the limit: no real
# account of a back spasm is this long, and reading time grows with length.
MAX_TEXT_CHARS = 20_000
# A short line of text: a place, a name, an identifier.
MAX_LINE_CHARS = 200
EXCERPT_CHARS = 40
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_EXCERPT = reprlib.Repr()
_EXCERPT.maxstring = EXCERPT_CHARS
_EXCERPT.maxother = EXCERPT_CHARS
_EXCERPT.maxlong = EXCERPT_CHARS
_EXCERPT.maxlevel = 2


def excerpt(value: object) -> str:
    """A short, printable quotation of ``value`` for an error message."""
    try:
        return _EXCERPT.repr(value)
    except ValueError:  # an integer with more digits than Python will print
        return "a number too long to show"


def check_text(
    field: str,
    value: str,
    limit: int | None = MAX_TEXT_CHARS,
    error: type[FieldError] = FieldError,
) -> str:
    """``value`` unchanged, or ``error`` naming ``field`` when it cannot be stored as text or is
    longer than ``limit`` characters (``None``: the caller checks the length)."""
    if limit is not None and len(value) > limit:
        raise error(field, f"is {len(value):,} characters; the limit is {limit:,}",
                    "text_too_long")
    bad = _UNSTORABLE.search(value)
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate (not Unicode)"
        raise error(field, f"holds {what} at character {bad.start() + 1}", "invalid_text")
    return value
