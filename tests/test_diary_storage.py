"""Nothing a person records may be lost: every acknowledged write survives a killed process,
export → forget → import gives back the same diary, and SQLite and PostgreSQL behave alike."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from backcare.diary import Diary, TransferError, open_diary
from backcare.diary.database import HEAD, MIGRATIONS_DIR, current_revision, resolve_url
from backcare.diary.models import Base
from backcare.diary.transfer import read_csv, write_csv
from diary_support import BACKENDS, Clock, database_url, diary_on, row_counts, start_episode

NOTE = 'Stiff on waking, "better" by lunch;\nslept on the sofa, 2nd night — ça va'


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def diary(backend: str, tmp_path: Path) -> Iterator[Diary]:
    with diary_on(backend, tmp_path) as opened:
        yield opened


def _fill(diary: Diary, clock: Clock | None = None) -> None:
    """A diary with one of everything, including the awkward cases."""
    diary.set_profile(age=52, sex="male", region="UK", add_conditions=["anticoagulant"])
    start_episode(diary, onset_days=9, pain_score=7, cancer_history=True)
    start_episode(diary, onset_days=1, pain_score=8)
    diary.check_in("6.5", spasms=4, movement=3, notes=NOTE, day="yesterday")
    diary.check_in(7, signs={"leg_numbness_one": True})
    now = diary.now()
    diary.record_session("ice", now - timedelta(minutes=35), now, place="lower back, left")
    diary.record_session("heat", now - timedelta(minutes=95), now - timedelta(minutes=88),
                         interrupted=True)
    diary.log_exercise("knee-to-chest")
    diary.log_water("0.33 l")


def _everything(diary: Diary) -> dict[str, Any]:
    episodes = diary.episodes()
    return {
        "profile": diary.profile(),
        "episodes": episodes,
        **{kind: [getattr(diary, kind)(e.id) for e in episodes]
           for kind in ("check_ins", "sessions", "exercises", "water", "alerts")},
    }


def test_export_forget_import_gives_back_the_same_diary(diary: Diary) -> None:
    _fill(diary)
    before = _everything(diary)
    exported = json.loads(json.dumps(diary.export()))  # as written to and read from a file
    assert all(exported["tables"][name] for name in exported["tables"])  # one of everything
    diary.forget()
    assert sum(row_counts(diary).values()) == 0
    assert diary.import_export(exported) == sum(len(rows) for rows in exported["tables"].values())
    assert _everything(diary) == before
    assert diary.export()["tables"] == exported["tables"]


def test_the_csv_export_loses_nothing_either(diary: Diary, tmp_path: Path) -> None:
    _fill(diary)
    before = _everything(diary)
    exported = diary.export()
    files = write_csv(tmp_path / "csv", exported)
    assert {path.name for path in files} >= {"check_ins.csv", "alerts.csv", "manifest.csv"}
    diary.forget()
    diary.import_export(read_csv(tmp_path / "csv"))
    assert _everything(diary) == before


def test_a_diary_moves_between_sqlite_and_postgresql_intact(tmp_path: Path) -> None:
    with diary_on("sqlite", tmp_path) as laptop:
        _fill(laptop)
        exported = laptop.export()
        before = _everything(laptop)
    with diary_on("postgresql", tmp_path) as server:
        server.import_export(exported)
        assert _everything(server) == before
        written = server.check_in(3)  # new entries follow on from the imported ones
        assert written.entry.id > max(row["id"] for row in exported["tables"]["check_ins"])


def test_writing_goes_on_after_an_import(diary: Diary) -> None:
    _fill(diary)
    exported = diary.export()
    diary.forget()
    diary.import_export(exported)
    written = diary.check_in(2, signs={"fever": True})
    assert written.entry.id == max(row["id"] for row in exported["tables"]["check_ins"]) + 1
    assert written.alerts[0].id > max(row["id"] for row in exported["tables"]["alerts"])


def test_an_import_with_one_bad_row_writes_nothing(diary: Diary) -> None:
    _fill(diary)
    exported = diary.export()
    diary.forget()
    exported["tables"]["water"][0]["ml"] = -500
    with pytest.raises(TransferError):
        diary.import_export(exported)
    assert sum(row_counts(diary).values()) == 0
    exported["tables"]["water"][0]["ml"] = 330
    exported["tables"]["check_ins"][0]["recorded_at"] = "2026-01-01T10:00:00"
    with pytest.raises(TransferError, match=r"check_ins\[0\]\.recorded_at.*time zone"):
        diary.import_export(exported)
    assert sum(row_counts(diary).values()) == 0


def test_an_import_into_a_diary_with_entries_is_refused(diary: Diary) -> None:
    _fill(diary)
    exported = diary.export()
    before = row_counts(diary)
    with pytest.raises(TransferError, match="already holds entries"):
        diary.import_export(exported)
    assert row_counts(diary) == before


def test_a_check_in_and_the_alert_it_raises_are_written_together_or_not_at_all(
    diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_episode(diary)
    before = row_counts(diary)

    def fail_midway(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk filled up between the check-in and its alert")

    monkeypatch.setattr(diary, "_store_alerts", fail_midway)
    with pytest.raises(RuntimeError):
        diary.check_in(6, signs={"fever": True})
    assert row_counts(diary) == before  # no check-in whose warning sign went unrecorded


def test_forget_erases_everything_including_from_the_file(tmp_path: Path) -> None:
    with diary_on("sqlite", tmp_path) as diary:
        _fill(diary)
        diary.forget()
        assert sum(row_counts(diary).values()) == 0
        assert diary.profile() is None and diary.episodes() == ()
    leftovers = b"".join(path.read_bytes() for path in tmp_path.glob("diary.sqlite3*"))
    assert b"Stiff on waking" not in leftovers
    assert b"lower back, left" not in leftovers


def test_the_migrations_build_exactly_the_tables_the_diary_writes(diary: Diary) -> None:
    with diary.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == []
        # The quick check on every open compares with HEAD: it must name the newest migration.
        assert current_revision(connection) == HEAD
    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() == HEAD


def test_opening_an_existing_diary_keeps_its_entries(backend: str, tmp_path: Path) -> None:
    with database_url(backend, tmp_path) as url:
        with open_diary(url, now=Clock()) as first:
            start_episode(first)
            first.check_in(5)
        with open_diary(url, now=Clock()) as again:
            assert [c.pain for c in again.check_ins(again.episode().id)] == [5]


def test_the_default_diary_is_a_private_file_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BACKCARE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = resolve_url()
    assert url.get_backend_name() == "sqlite"
    assert Path(str(url.database)) == tmp_path / "data" / "backcare" / "diary.sqlite3"
    with open_diary() as diary:
        assert diary.location.endswith("data/backcare/diary.sqlite3")
    mode = stat.S_IMODE((tmp_path / "data" / "backcare" / "diary.sqlite3").stat().st_mode)
    assert mode == 0o600
    with sqlite3.connect(str(url.database)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_database_url_variable_selects_the_diary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKCARE_DATABASE_URL", f"sqlite:///{tmp_path / 'chosen.sqlite3'}")
    with open_diary() as diary:
        start_episode(diary)
    assert (tmp_path / "chosen.sqlite3").stat().st_size > 0


WRITER = textwrap.dedent("""
    import sys
    from backcare.diary import open_diary

    with open_diary(sys.argv[1]) as diary:
        for n in range(100_000):
            kind = n % 3
            if kind == 0:
                entry = diary.check_in(n % 11).entry
            elif kind == 1:
                entry = diary.log_water(f"{n % 400 + 100}ml").entry
            else:
                entry = diary.log_exercise("pelvic-tilt").entry
            print(f"ack {kind} {entry.id}", flush=True)
""")


@pytest.mark.parametrize("kill_after", [7, 60])
def test_a_process_killed_mid_burst_loses_no_acknowledged_write(
    backend: str, tmp_path: Path, kill_after: int
) -> None:
    with database_url(backend, tmp_path) as url:
        with open_diary(url) as diary:
            start_episode(diary)
        child = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE,
                                 text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert child.stdout is not None
        acked: list[tuple[int, int]] = []
        for line in child.stdout:
            _, kind, entry_id = line.split()
            acked.append((int(kind), int(entry_id)))
            if len(acked) == kill_after:
                child.send_signal(signal.SIGKILL)
                break
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL

        if backend == "sqlite":
            with sqlite3.connect(url) as raw:
                assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with open_diary(url) as diary:
            episode = diary.episode()
            stored = {
                0: {c.id for c in diary.check_ins(episode.id)},
                1: {w.id for w in diary.water(episode.id)},
                2: {e.id for e in diary.exercises(episode.id)},
            }
            for kind, entry_id in acked:
                assert entry_id in stored[kind]
            # At most the one write in flight when the kill came landed without its ack.
            assert sum(map(len, stored.values())) - len(acked) in (0, 1)
            diary.check_in(4)  # and the diary takes new entries
