"""The diary as spreadsheet tables a clinician or researcher can open: one CSV per kind of
record, labelled in words from the knowledge base, in a ``.zip`` or a folder.

This is for reading, not for moving a diary: ``backcare export`` (JSON or its own per-table
CSV) is the lossless backup, and the FHIR Bundle is what a clinic system imports. So here a
finding is one row with its label and a yes/no, times are kept exact (ISO 8601 with offset),
and a note that a spreadsheet would run as a formula is defused (``csv_table.py``, the
writer ``backcare export --format csv`` uses too).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from backcare.atomic import replacing
from backcare.csv_table import write_table
from backcare.knowledge.schema import LevelId

if TYPE_CHECKING:
    from backcare.diary.guidance import DiaryGuidance
    from backcare.diary.repository import Diary

Table = tuple[list[str], list[list[Any]]]


def write_csv(diary: Diary, path: str | Path) -> list[str]:
    """Write the tables to ``path`` — a ``.zip`` file, or else a folder — and return the file
    names written, each file whole or not at all. Read from one consistent snapshot of the
    diary."""
    tables = csv_tables(diary.export(), diary.guidance)
    target = Path(path)
    names = [f"{name}.csv" for name in tables]
    if target.suffix.lower() == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target, "wb") as handle, \
                zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, table in tables.items():
                archive.writestr(f"{name}.csv", _csv_text(table))
        return names
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        with replacing(target / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            handle.write(_csv_text(table))
    return names


def _csv_text(table: Table) -> str:
    buffer = io.StringIO()
    write_table(buffer, table[0], ([_cell(value) for value in row] for row in table[1]))
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _minutes(start: str, end: str) -> float:
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start))
                 .total_seconds() / 60, 1)


def csv_tables(document: Mapping[str, Any], guidance: DiaryGuidance) -> dict[str, Table]:
    """The tables for a diary export document (``Diary.export()``), by name."""
    kb = guidance.kb
    tables = document["tables"]

    def label(finding: str) -> str:
        known = kb.findings.get(finding)
        return known.label if known else finding

    def level_label(level: str | None) -> str:
        known = kb.levels.get(cast(LevelId, level)) if level else None
        return known.label if known else (level or "")

    def finding_rows(source: str, row: Mapping[str, Any], on: str,
                     findings: Mapping[str, Any]) -> Iterable[list[Any]]:
        return ([row["episode_id"], source, on, fid, label(fid), value]
                for fid, value in findings.items())

    profile = tables["profile"]
    return {
        "profile": (["age", "sex", "region", "conditions", "updated_at"], [
            [p["age"], p["sex"], p["region"], "; ".join(label(c) for c in p["conditions"]),
             p["updated_at"]] for p in profile]),
        "episodes": (["episode", "started_on", "opened_at"], [
            [e["id"], e["started_on"], e["opened_at"]] for e in tables["episodes"]]),
        "assessments": (["episode", "assessment", "recorded_at", "level", "level_label",
                         "headline", "rules", "serious_causes", "knowledge_base"], [
            [a["episode_id"], a["id"], a["recorded_at"], a["level"], level_label(a["level"]),
             a["result"].get("triage", {}).get("headline"),
             "; ".join(r["rule"] for r in a["result"].get("triage", {}).get("reasons", ())),
             "; ".join(kb.causes[c].label if c in kb.causes else c
                       for c in a["result"].get("serious_causes", ())),
             a["knowledge_base"]] for a in tables["assessments"]]),
        "findings": (["episode", "source", "date", "finding", "label", "value"], [
            *(line for a in tables["assessments"]
              for line in finding_rows(f"assessment {a['id']}", a, a["recorded_at"],
                                       a["result"].get("findings", {}))),
            *(line for c in tables["check_ins"]
              for line in finding_rows(f"check-in {c['id']}", c, c["day"], c["findings"])),
        ]),
        "pain": (["episode", "date", "pain_0_to_10", "spasms", "movement_0_to_10", "notes",
                  "recorded_at"], [
            [c["episode_id"], c["day"], c["pain"], c["spasms"], c["movement"], c["notes"],
             c["recorded_at"]] for c in tables["check_ins"]]),
        "cold_heat": (["episode", "date", "kind", "label", "started_at", "ended_at", "minutes",
                       "where", "stopped_early"], [
            [s["episode_id"], s["day"], s["kind"], guidance.therapy(s["kind"]).label,
             s["started_at"], s["ended_at"], _minutes(s["started_at"], s["ended_at"]),
             s["place"], s["interrupted"]] for s in tables["therapy_sessions"]]),
        "exercises": (["episode", "date", "exercise", "title", "recorded_at"], [
            [e["episode_id"], e["day"], e["item"],
             guidance.exercises[e["item"]].title if e["item"] in guidance.exercises
             else e["item"], e["recorded_at"]] for e in tables["exercises"]]),
        "water": (["episode", "date", "ml", "recorded_at"], [
            [w["episode_id"], w["day"], w["ml"], w["recorded_at"]] for w in tables["water"]]),
        "alerts": (["episode", "raised_at", "kind", "level", "level_label", "message", "rules",
                    "sources"], [
            [a["episode_id"], a["raised_at"], a["kind"], a["level"], level_label(a["level"]),
             a["message"], "; ".join(r["rule"] for r in a["detail"].get("reasons", ())),
             "; ".join(a["sources"])] for a in tables["alerts"]]),
    }
