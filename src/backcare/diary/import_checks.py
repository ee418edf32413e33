"""What an imported row must be: the same rules as the diary's own writes, checked before
anything is written.

An export is a file anyone can edit. An import that took what the column types allowed let in
a check-in dated 9999-12-31 (then ``progress`` and ``report`` crashed adding days to it),
finding IDs no rule knows, 1 MB notes and IDs past what SQLite stores. Each row is held here
to what ``entries`` and the intake enforce when a person writes, so an imported diary is one
the diary could have written itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Column, Date, Integer, String

from backcare.diary import entries
from backcare.diary.entries import EntryError
from backcare.diary.guidance import DiaryGuidance
from backcare.diary.models import UTCDateTime
from backcare.errors import FieldError
from backcare.intake import IntakeError, check_finding, parse_intake
from backcare.text_check import MAX_TEXT_CHARS, check_text, excerpt

# The earliest day a diary entry can be for; the latest is today (a day's grace for zones).
EARLIEST = date(1900, 1, 1)
# What SQLite and PostgreSQL store in an integer column.
LARGEST_ID = 2**63 - 1
SEXES = ("female", "male", "other")
ALERT_KINDS = ("warning_sign", "correction", "progress")
KEYS = frozenset({"id", "episode_id", "check_in_id", "session_id"})


class ImportRules:
    """Checks an export's rows as the diary would have checked them when written."""

    def __init__(self, guidance: DiaryGuidance, today: date) -> None:
        self.guidance = guidance
        self.latest = today + timedelta(days=1)

    def check(self, table: str, columns: list[Column[Any]], row: Mapping[str, Any],
              where: str, error: type[FieldError]) -> None:
        """Raise ``error`` naming the column when ``row`` (already of the right types) is one
        the diary would not have written."""
        try:
            for column in columns:
                self._column(column, row[column.name], f"{where}.{column.name}")
            self._row(table, row, where)
        except FieldError as exc:
            raise error(exc.field, exc.message) from None

    def _column(self, column: Column[Any], value: Any, where: str) -> None:
        if value is None:
            return
        kind = column.type
        if isinstance(kind, Integer) and column.name in KEYS and not 1 <= value <= LARGEST_ID:
            raise EntryError(where, f"must be an ID from 1 to {LARGEST_ID}, got {excerpt(value)}")
        if isinstance(kind, UTCDateTime | Date):
            day = value.date() if isinstance(value, datetime) else value
            if not EARLIEST <= day <= self.latest:
                raise EntryError(where, f"{day.isoformat()} is not a day the diary can hold "
                                        f"({EARLIEST.isoformat()} to today)")
        if isinstance(value, str):
            limit = kind.length if isinstance(kind, String) and kind.length else MAX_TEXT_CHARS
            check_text(where, value, limit, EntryError)

    def _row(self, table: str, row: Mapping[str, Any], where: str) -> None:
        kb = self.guidance.kb
        match table:
            case "profile":
                if row["id"] != 1:
                    raise EntryError(f"{where}.id", "the profile's id is always 1")
                if row["age"] is not None:
                    check_finding("age", row["age"], kb, where)
                if row["sex"] is not None and row["sex"] not in SEXES:
                    raise EntryError(f"{where}.sex", f"must be one of {', '.join(SEXES)}")
                if row["region"] is not None and kb.region(row["region"]) is None:
                    raise EntryError(f"{where}.region", f"unknown region {excerpt(row['region'])}")
                self._conditions(row["conditions"], f"{where}.conditions")
            case "assessments":
                if row["level"] not in kb.levels:
                    raise EntryError(f"{where}.level", f"unknown level {excerpt(row['level'])}")
                try:
                    parse_intake(_mapping(row["intake"], f"{where}.intake"))
                except IntakeError as exc:
                    raise EntryError(f"{where}.intake.{exc.field}", exc.message) from None
                result = _mapping(row["result"], f"{where}.result")
                self._findings(result.get("findings", {}), f"{where}.result.findings")
            case "check_ins":
                _as(f"{where}.pain", entries.pain, row["pain"], self.guidance)
                _as(f"{where}.spasms", entries.spasms, row["spasms"])
                _as(f"{where}.movement", entries.movement, row["movement"])
                self._findings(row["findings"], f"{where}.findings")
            case "therapy_sessions":
                _as(f"{where}.kind", entries.therapy, row["kind"])
                if row["ended_at"] < row["started_at"]:
                    raise EntryError(f"{where}.ended_at", "a session cannot end before it starts")
            case "exercises":
                _as(f"{where}.item", entries.exercise, row["item"], self.guidance)
            case "water":
                _as(f"{where}.ml", entries.water_ml, row["ml"])
            case "alerts":
                if row["kind"] not in ALERT_KINDS:
                    raise EntryError(f"{where}.kind", f"must be one of {', '.join(ALERT_KINDS)}")
                if row["level"] is not None and row["level"] not in kb.levels:
                    raise EntryError(f"{where}.level", f"unknown level {excerpt(row['level'])}")
                sources = row["sources"]
                if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                    raise EntryError(f"{where}.sources", "must be a list of source IDs")
                _mapping(row["detail"], f"{where}.detail")

    def _findings(self, findings: Any, where: str) -> None:
        for fid, value in _mapping(findings, where).items():
            check_finding(fid, value, self.guidance.kb, where)

    def _conditions(self, conditions: Any, where: str) -> None:
        if not isinstance(conditions, list):
            raise EntryError(where, "must be a list of finding IDs")
        for fid in conditions:
            if fid not in self.guidance.lasting_findings:
                raise EntryError(where, f"{excerpt(fid)} is not a condition the profile keeps")


def _as(field: str, check: Callable[..., object], *args: Any) -> None:
    """Run one of the diary's own entry checks, naming the imported column if it refuses."""
    try:
        check(*args)
    except FieldError as exc:
        raise EntryError(field, exc.message) from None


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise EntryError(where, "must be an object")
    return value
