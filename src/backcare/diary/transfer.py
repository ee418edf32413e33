"""Export and import: the whole diary as JSON, or as one CSV file per table.

The export is the person's data in a form they can read, keep and take elsewhere, so it must
lose nothing: every row of every table, with its ID, exact times (UTC, with offset), numbers
as stored and the assessments' JSON intact. Importing it into an empty diary gives back the
same diary; importing into a diary that already holds entries is refused rather than merged,
because a merge that renumbered entries could attach an alert to the wrong check-in.

In a database shared by many people an export holds one person's rows only, and leaves out
the ``person`` column: whose diary it is, is decided by the diary it is imported into.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Connection,
    Date,
    Float,
    Integer,
    Table,
    insert,
    select,
    text,
)

from backcare.atomic import replacing
from backcare.csv_table import restored, write_table
from backcare.diary.entries import EntryError
from backcare.diary.import_checks import ImportRules
from backcare.diary.models import TABLES_IN_ORDER, EpisodeRow, UTCDateTime
from backcare.json_input import read_json
from backcare.text_check import excerpt

FORMAT = "backcare-diary"
FORMAT_VERSION = 1
# The schema revisions whose exports this version imports as they are. r0002 only added the
# ``person`` column, which exports leave out, so an export made at r0001 carries exactly
# today's columns. A migration that changes what an export carries must convert older exports
# on import, or drop their revisions from here (they are then refused with a clear message).
READABLE_SCHEMAS = ("r0001", "r0002")
MANIFEST = "manifest.csv"
TABLES: dict[str, Table] = {
    table.name: table for table in (cast(Table, model.__table__) for model in TABLES_IN_ORDER)
}
PERSON = "person"
COLUMNS: dict[str, list[Column[Any]]] = {
    name: [column for column in table.columns if column.name != PERSON]
    for name, table in TABLES.items()
}
"""The columns an export carries, per table."""


def owned(table: Table, person: str) -> ColumnElement[bool]:
    """The condition that picks ``person``'s rows of ``table``: by its own ``person`` column,
    else through the episode the row belongs to."""
    if PERSON in table.c:
        return table.c[PERSON] == person
    return table.c.episode_id.in_(select(EpisodeRow.id).where(EpisodeRow.person == person))


class TransferError(EntryError):
    """An export that cannot be imported; ``field`` points at the table, row and column."""

    def __init__(self, field: str, message: str, code: str = "invalid_import") -> None:
        super().__init__(field, message, code)


def _to_plain(column: Column[Any], value: Any) -> Any:
    """A stored value as JSON can carry it."""
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime | Date):
        return value.isoformat()
    return value


def _from_plain(column: Column[Any], value: Any, where: str) -> Any:
    """A value from an export back to what the column stores, refusing what does not fit."""
    if value is None:
        if not column.nullable:
            raise TransferError(where, "is missing")
        return None
    kind = column.type
    try:
        if isinstance(kind, UTCDateTime):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise TransferError(where, f"{excerpt(value)} has no time zone")
            return moment
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise TransferError(where, f"must be true or false, got {excerpt(value)}")
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TransferError(where, f"must be a whole number, got {excerpt(value)}")
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TransferError(where, f"must be a number, got {excerpt(value)}")
            return float(value)
        if isinstance(kind, JSON):
            return value
        if not isinstance(value, str):
            raise TransferError(where, f"must be text, got {excerpt(value)}")
        return value
    except (TypeError, ValueError, OverflowError) as exc:
        if isinstance(exc, TransferError):
            raise
        raise TransferError(where, f"cannot read {excerpt(value)}") from exc


def dump(connection: Connection, person: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of ``person``'s, table by table, parents first, in key order."""
    return {
        name: [
            {column.name: _to_plain(column, row._mapping[column.name])
             for column in COLUMNS[name]}
            for row in connection.execute(
                select(table).where(owned(table, person)).order_by(*table.primary_key))
        ]
        for name, table in TABLES.items()
    }


def export_document(tables: Mapping[str, list[dict[str, Any]]], schema: str | None,
                    knowledge_base: str, exported_at: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": schema,
        "knowledge_base": knowledge_base,
        "exported_at": exported_at.isoformat(),
        "tables": dict(tables),
    }


def checked_rows(tables: Mapping[str, Any], person: str,
                 rules: ImportRules) -> dict[str, list[dict[str, Any]]]:
    """An export's rows as the columns store them, each checked by ``rules`` as the diary
    checks its own writes; refused whole at the first bad row, before anything is written."""
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise TransferError("tables", f"unknown tables: {excerpt(sorted(unknown))}")
    checked: dict[str, list[dict[str, Any]]] = {}
    for name, table in TABLES.items():
        given = tables.get(name, ())
        if not isinstance(given, list):
            raise TransferError(name, "must be a list of rows")
        rows = []
        for number, raw in enumerate(given):
            where = f"{name}[{number}]"
            if not isinstance(raw, Mapping):
                raise TransferError(where, "must be an object")
            extra = set(raw) - {column.name for column in COLUMNS[name]}
            if extra:
                raise TransferError(where, f"unknown columns: {excerpt(sorted(extra))}")
            row = {column.name: _from_plain(column, raw.get(column.name),
                                            f"{where}.{column.name}")
                   for column in COLUMNS[name]}
            rules.check(name, COLUMNS[name], row, where, TransferError)
            if PERSON in table.c:
                row[PERSON] = person
            rows.append(row)
        checked[name] = rows
    return checked


def load(connection: Connection, rows: Mapping[str, list[dict[str, Any]]]) -> int:
    """Insert checked rows (see :func:`checked_rows`), parents first; return how many. The
    caller holds the transaction, so a refusal by the database leaves the diary as it was."""
    count = 0
    for name, table in TABLES.items():
        if rows.get(name):
            connection.execute(insert(table), rows[name])
            count += len(rows[name])
    if connection.dialect.name == "postgresql":
        # Rows came with their IDs, so move each ID sequence past them for the next entry —
        # forward only: other people's writers may hold IDs this transaction cannot see yet.
        for name, table in TABLES.items():
            if "id" in table.c:
                sequence = f"pg_get_serial_sequence('{name}', 'id')"
                connection.execute(text(
                    f"SELECT setval({sequence}, GREATEST("
                    f"COALESCE(pg_sequence_last_value({sequence}), 0), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0)) + 1, false)"))
    return count


def read_document(document: Any) -> Mapping[str, Any]:
    """The tables of a JSON export, after checking it is one this version can read."""
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise TransferError("file", f"not a backcare diary export (no \"format\": \"{FORMAT}\")")
    if document.get("format_version") != FORMAT_VERSION:
        raise TransferError("format_version", f"version {document.get('format_version')!r} "
                                              f"cannot be read (this backcare reads "
                                              f"{FORMAT_VERSION})")
    tables = document.get("tables")
    if not isinstance(tables, Mapping):
        raise TransferError("tables", "missing")
    return tables


# ---- CSV: one file per table, JSON columns as JSON text ----------------------------------------


def _csv_cell(column: Column[Any], value: Any) -> str:
    if value is None:
        return ""
    if isinstance(column.type, JSON):
        return json.dumps(value, ensure_ascii=False, sort_keys=False)
    if isinstance(column.type, Boolean):
        return "true" if value else "false"
    if isinstance(column.type, Float):
        return repr(float(value))  # the shortest text that reads back as the same number
    return str(value)


def _csv_value(column: Column[Any], cell: str, where: str) -> Any:
    # Blank text is never stored (entries turn it into "nothing"), so a blank cell is None.
    if cell == "":
        return None
    kind = column.type
    try:
        if isinstance(kind, JSON):
            return read_json(cell, where, TransferError)
        if isinstance(kind, Boolean):
            if cell not in ("true", "false"):
                raise TransferError(where, f"must be true or false, got {excerpt(cell)}")
            return cell == "true"
        if isinstance(kind, Integer):
            return int(cell)
        if isinstance(kind, Float):
            return float(cell)
    except ValueError as exc:
        if isinstance(exc, TransferError):
            raise
        raise TransferError(where, f"cannot read {excerpt(cell)}") from exc
    return cell


def write_csv(folder: Path, document: Mapping[str, Any]) -> list[Path]:
    """Write ``manifest.csv`` and one ``<table>.csv`` per table into ``folder``, each file
    whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = ("format", "format_version", "schema", "knowledge_base", "exported_at")
    written = [folder / MANIFEST]
    with replacing(written[0], "w", newline="", encoding="utf-8") as handle:
        write_table(handle, ["key", "value"], [[key, document[key]] for key in keys])
    for name, columns in COLUMNS.items():
        path = folder / f"{name}.csv"
        with replacing(path, "w", newline="", encoding="utf-8") as handle:
            write_table(handle, [column.name for column in columns],
                        ([_csv_cell(column, row[column.name]) for column in columns]
                         for row in document["tables"][name]))
        written.append(path)
    return written


def read_csv(folder: Path) -> dict[str, Any]:
    """Read a CSV export back into the same document a JSON export holds."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise TransferError("file", f"{folder} holds no {MANIFEST}: not a backcare CSV export")
    manifest = {row["key"]: row["value"] for row in _csv_rows(manifest_path, MANIFEST)}
    version = manifest.get("format_version", "")
    document: dict[str, Any] = {
        **manifest,
        "format_version": int(version) if version.isdigit() else version,
        "tables": {},
    }
    for name, columns in COLUMNS.items():
        path = folder / f"{name}.csv"
        if not path.is_file():
            raise TransferError(name, f"{path.name} is missing from {folder}")
        rows = []
        for number, row in enumerate(_csv_rows(path, name)):
            extra = set(row) - {column.name for column in columns}
            if extra:
                raise TransferError(f"{name}[{number}]",
                                    f"unknown columns: {excerpt(sorted(map(str, extra)))}")
            rows.append({
                column.name: _csv_value(column, row.get(column.name) or "",
                                        f"{name}[{number}].{column.name}")
                for column in columns
            })
        document["tables"][name] = rows
    return document


def _csv_rows(path: Path, where: str) -> list[dict[str, str]]:
    """A CSV file's rows by column name, cells as :func:`write_table` wrote them; a file that
    is not UTF-8 or not CSV is a :class:`TransferError`, not a traceback."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return [{key: restored(cell) if isinstance(cell, str) else cell
                     for key, cell in row.items()} for row in csv.DictReader(handle)]
    except UnicodeDecodeError as exc:
        raise TransferError(where, f"{path.name} is not UTF-8 text (byte {exc.start + 1})") \
            from None
    except csv.Error as exc:
        raise TransferError(where, f"{path.name} is not a CSV table the export wrote ({exc})") \
            from None
