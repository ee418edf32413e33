"""The command line under bad input: never a traceback, a batch goes on past any bad line, and
``import`` refuses what the diary would refuse before writing anything (issue 15)."""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import backcare
from backcare.cli import app
from backcare.diary import open_diary

BACKCARE = [sys.executable, "-m", "backcare"]
DEEP = "[" * 1000 + "]" * 1000
HUGE = "9" * 5000


def run(*args: str, stdin: bytes | None = None) -> Any:
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}")
    return result


@pytest.fixture
def diary_path(tmp_path: Path) -> str:
    path = str(tmp_path / "diary.sqlite3")
    with open_diary(path) as diary:
        diary.save_assessment(backcare.assess(text="my back went lifting a box", age=40))
        diary.check_in(4, notes="=HYPERLINK(\"http://evil.example\",\"click\")")
    return path


# ---- assess --input and --batch (defect 6) ----------------------------------------------------


@pytest.mark.parametrize("content", [b'{"text": "my back \xff hurts"}', DEEP.encode(),
                                     b'{"text": "back", "age": ' + HUGE.encode() + b"}"])
def test_a_bad_intake_file_is_an_error_message(tmp_path: Path, content: bytes) -> None:
    intake = tmp_path / "intake.json"
    intake.write_bytes(content)
    result = run("assess", "--input", str(intake), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "invalid_json"


def test_a_batch_goes_on_past_bad_bytes_huge_numbers_and_deep_nesting(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "my back went"}).encode()
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(b"\n".join([good, b'{"id": 2, "text": "\xff"}',
                                  b'{"id": 3, "age": ' + HUGE.encode() + b"}",
                                  DEEP.encode(), good]) + b"\n")
    result = run("assess", "--batch", str(batch))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [("error" in line) for line in lines] == [False, True, True, True, False]
    assert lines[4]["id"] == "ok"


# ---- import (defects 6 and 7) ------------------------------------------------------------------


def exported(diary_path: str) -> dict[str, Any]:
    with open_diary(diary_path) as diary:
        return diary.export()


def import_into_empty(tmp_path: Path, document: bytes | dict[str, Any]) -> Any:
    source = tmp_path / "export.json"
    source.write_bytes(document if isinstance(document, bytes) else json.dumps(document).encode())
    empty = str(tmp_path / "empty.sqlite3")
    result = run("import", str(source), "--db", empty)
    with open_diary(empty) as diary:
        assert diary.episodes() == (), "nothing is written when an import is refused"
    return result


@pytest.mark.parametrize("content", [bytes(range(256)), DEEP.encode(),
                                     b'{"format": "backcare-diary", "x": "\\ud800"}',
                                     b'{"format": "backcare-diary", "n": ' + HUGE.encode() + b"}"])
def test_import_refuses_files_that_are_not_exports(tmp_path: Path, content: bytes) -> None:
    assert import_into_empty(tmp_path, content).exit_code == 2


@pytest.mark.parametrize("table, column, value", [
    ("check_ins", "day", "9999-12-31"),
    ("check_ins", "findings", {"no_such_finding": True}),
    ("check_ins", "findings", {"fever": "yes"}),
    ("check_ins", "id", -1),
    ("check_ins", "id", 2**70),
    ("check_ins", "notes", "x" * 1_000_000),
    ("check_ins", "pain", 11),
    ("exercises", "item", "headstand"),
    ("episodes", "started_on", "0001-01-01"),
])
def test_import_checks_rows_as_the_diary_checks_its_own_writes(
    tmp_path: Path, diary_path: str, table: str, column: str, value: Any
) -> None:
    document = exported(diary_path)
    rows = document["tables"][table] or [{"id": 9, "episode_id": 1, "day": "2026-01-02",
                                          "recorded_at": "2026-01-02T10:00:00+00:00",
                                          "item": "pelvic_tilt"}]
    rows[0][column] = value
    document["tables"][table] = rows
    result = import_into_empty(tmp_path, document)
    assert result.exit_code == 2
    assert f"{table}[0].{column}" in result.stderr.replace("\n", "")


def test_import_refuses_a_csv_field_longer_than_csv_allows(tmp_path: Path,
                                                           diary_path: str) -> None:
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--output", str(folder), "--db",
               diary_path).exit_code == 0
    with (folder / "check_ins.csv").open("a", encoding="utf-8") as handle:
        handle.write('1,1,2026-01-01,2026-01-01T00:00:00+00:00,3.0,,,"' + "x" * 200_000 + '",{}\n')
    empty = str(tmp_path / "empty.sqlite3")
    assert run("import", str(folder), "--db", empty).exit_code == 2


# ---- one CSV writer (defect 8) -----------------------------------------------------------------


def test_the_csv_export_defuses_formulas_and_reads_them_back(tmp_path: Path,
                                                            diary_path: str) -> None:
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "--output", str(folder), "--db",
               diary_path).exit_code == 0
    with (folder / "check_ins.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["notes"].startswith("'=HYPERLINK")
    copy = str(tmp_path / "copy.sqlite3")
    assert run("import", str(folder), "--db", copy).exit_code == 0
    assert exported(copy)["tables"]["check_ins"] == exported(diary_path)["tables"]["check_ins"]


# ---- atomic files (defect 4) -------------------------------------------------------------------


def full_disk(limit: int) -> None:
    """In the child: files cannot grow past ``limit`` bytes, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize("args, name", [(("export", "--output"), "backup.json"),
                                        (("report", "--pdf"), "summary.pdf")])
def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, diary_path: str, args: tuple[str, str], name: str
) -> None:
    with open_diary(diary_path) as diary:  # enough to make the new file larger than the limit
        for _ in range(12):
            diary.check_in(5, notes="stiff and sore " * 1000)
    target = tmp_path / name
    previous = b"%PDF-1.4 the good copy from yesterday\n" * 50
    target.write_bytes(previous)
    env = {**os.environ, "BACKCARE_DATABASE_URL": diary_path}
    done = subprocess.run([*BACKCARE, *args, str(target)], env=env, capture_output=True,
                          text=True, timeout=120, preexec_fn=lambda: full_disk(64 * 1024))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []
