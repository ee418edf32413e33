"""JSON from outside — a request body, an intake file, a batch line, an export — read once,
the same way everywhere.

``json.loads`` alone lets through what breaks later: nesting a thousand deep (a
``RecursionError`` in whatever walks it next), a 5,000-digit number (a ``ValueError`` that is
not a ``JSONDecodeError``), bytes that are not UTF-8, and strings that cannot be stored
(see ``text_check``). :func:`read_json` refuses each with a :class:`FieldError` naming where.
"""

from __future__ import annotations

import json
from typing import Any

from backcare.errors import FieldError
from backcare.text_check import check_text, excerpt

# Deeper than any intake, answer or export backcare writes (an export is about six deep).
MAX_DEPTH = 32


def read_json(raw: str | bytes, field: str, error: type[FieldError] = FieldError,
              inside: str | None = None) -> Any:
    """The value ``raw`` holds, or ``error`` (code ``invalid_json`` or ``invalid_text``).

    ``field`` names the whole value in errors; ``inside`` prefixes the keys within it
    (default ``field``; ``""`` names a request body's keys on their own: ``text``).
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = excerpt(raw[exc.start:exc.start + 1])
            raise error(field, f"not UTF-8 text (byte {exc.start + 1} is {bad})",
                        "invalid_json") from None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise error(field, f"not valid JSON ({exc.msg} at character {exc.pos + 1})",
                    "invalid_json") from None
    except ValueError:  # Python's limit on the digits of an integer
        raise error(field, "not valid JSON (a number with too many digits)",
                    "invalid_json") from None
    except RecursionError:
        raise error(field, f"nested more than {MAX_DEPTH} deep", "invalid_json") from None
    check_tree(value, field if inside is None else inside, error)
    return value


def check_tree(value: Any, field: str, error: type[FieldError] = FieldError) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` and any string (or key) that cannot be
    stored; walked without recursion, so the walk itself cannot overflow."""
    pending: list[tuple[Any, str, int]] = [(value, field, 0)]
    while pending:
        item, where, depth = pending.pop()
        if isinstance(item, str):
            check_text(where, item, None, error)
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise error(where, f"nested more than {MAX_DEPTH} deep", "invalid_json")
            if isinstance(item, dict):
                for key, child in item.items():
                    check_text(where or "key", key, None, error)
                    pending.append((child, f"{where}.{key}" if where else key, depth + 1))
            else:
                pending.extend((child, f"{where}[{n}]", depth + 1)
                               for n, child in enumerate(item))
