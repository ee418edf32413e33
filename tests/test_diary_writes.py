"""A diary write reads once and writes in one transaction (issue 15): four read transactions
before each check-in made it thirty times the cost of the insert."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

import backcare
from backcare.diary import Diary, open_diary


@pytest.fixture
def diary(tmp_path: Path) -> Any:
    with open_diary(str(tmp_path / "diary.sqlite3")) as opened:
        opened.save_assessment(backcare.assess(text="my back went lifting a box", age=40))
        opened.set_profile(age=41)
        yield opened


def statements_of(diary: Diary, write: Any) -> list[str]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(diary.engine, "before_cursor_execute", note)
    try:
        write()
    finally:
        event.remove(diary.engine, "before_cursor_execute", note)
    return seen


@pytest.mark.parametrize("write", [
    lambda d: d.check_in(5, notes="stiff this morning"),
    lambda d: d.log_water("500ml"),
    lambda d: d.log_exercise("pelvic-tilt"),
])
def test_a_write_reads_once_then_writes_in_one_transaction(diary: Diary, write: Any) -> None:
    seen = statements_of(diary, lambda: write(diary))
    first_write = seen.index("INSERT")
    assert seen[:first_write].count("SELECT") == 1
    assert seen[:first_write].count("BEGIN") == 2  # the read's, then the write's
    assert "SELECT" not in seen[first_write:]


def test_the_profile_still_screens_what_a_note_raises(diary: Diary) -> None:
    written = diary.check_in(5, notes="I can't feel myself when I wipe")
    assert [alert.level for alert in written.alerts] == ["emergency"]
    assert written.entry.findings.get("age") in (None, 41)
