"""JSON Lines in, JSON Lines out: many intakes in one process, streaming, same order.

One bad line never stops a batch: it becomes an error line and the rest are still assessed.
Lines are read as bytes and decoded one by one, so a byte that is not UTF-8 spoils only its
own line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from backcare.errors import FieldError
from backcare.json_input import read_json

BatchLine = tuple[dict[str, Any], bool]


def error_line(
    identifier: Any, code: str, message: str, field: str | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return {"id": identifier, "error": error}


def run_batch(
    lines: Iterable[bytes], handle: Callable[[dict[str, Any]], dict[str, Any]]
) -> Iterator[BatchLine]:
    """Apply ``handle`` to each JSON object line; yield ``(result, ok)`` per non-blank line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = read_json(line, "line", inside="")
        except FieldError as exc:
            yield error_line(None, exc.code, f"line {number}: {exc}", exc.field), False
            continue
        if not isinstance(record, dict):
            yield error_line(None, "invalid_json", f"line {number}: expected a JSON object"), False
            continue
        identifier = record.get("id")
        try:
            yield handle(record), True
        except FieldError as exc:
            yield error_line(identifier, exc.code, f"line {number}: {exc}", exc.field), False
