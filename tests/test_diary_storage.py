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
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from backcare.diary import Diary, TransferError, open_diary
from backcare.diary.database import HEAD, MIGRATIONS_DIR, current_revision, resolve_url
from backcare.diary.models import Base
from backcare.diary.transfer import COLUMNS, READABLE_SCHEMAS, read_csv, write_csv
from diary_support import (
    BACKENDS,
    Clock,
    database_url,
    diary_on,
    everything,
    fill,
    row_counts,
    start_episode,
)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def diary(backend: str, tmp_path: Path) -> Iterator[Diary]:
    with diary_on(backend, tmp_path) as opened:
        yield opened


def test_export_forget_import_gives_back_the_same_diary(diary: Diary) -> None:
    fill(diary)
    before = everything(diary)
    exported = json.loads(json.dumps(diary.export()))  # as written to and read from a file
    assert all(exported["tables"][name] for name in exported["tables"])  # one of everything
    diary.forget()
    assert sum(row_counts(diary).values()) == 0
    assert diary.import_export(exported) == sum(len(rows) for rows in exported["tables"].values())
    assert everything(diary) == before
    assert diary.export()["tables"] == exported["tables"]


def test_the_csv_export_loses_nothing_either(diary: Diary, tmp_path: Path) -> None:
    fill(diary)
    before = everything(diary)
    exported = diary.export()
    files = write_csv(tmp_path / "csv", exported)
    assert {path.name for path in files} >= {"check_ins.csv", "alerts.csv", "manifest.csv"}
    diary.forget()
    diary.import_export(read_csv(tmp_path / "csv"))
    assert everything(diary) == before


def test_a_diary_moves_between_sqlite_and_postgresql_intact(tmp_path: Path) -> None:
    with diary_on("sqlite", tmp_path) as laptop:
        fill(laptop)
        exported = laptop.export()
        before = everything(laptop)
    with diary_on("postgresql", tmp_path) as server:
        server.import_export(exported)
        assert everything(server) == before
        written = server.check_in(3)  # new entries follow on from the imported ones
        assert written.entry.id > max(row["id"] for row in exported["tables"]["check_ins"])


def test_writing_goes_on_after_an_import(diary: Diary) -> None:
    fill(diary)
    exported = diary.export()
    diary.forget()
    diary.import_export(exported)
    written = diary.check_in(2, signs={"fever": True})
    assert written.entry.id == max(row["id"] for row in exported["tables"]["check_ins"]) + 1
    assert written.alerts[0].id > max(row["id"] for row in exported["tables"]["alerts"])


def test_an_import_with_one_bad_row_writes_nothing(diary: Diary) -> None:
    fill(diary)
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
    fill(diary)
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
        fill(diary)
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


BURST = textwrap.dedent("""
    import sys
    from backcare.diary import open_diary

    with open_diary(sys.argv[1]) as diary:
        print("ready", flush=True)
        sys.stdin.readline()  # the go signal: both processes start writing together
        for n in range(int(sys.argv[2])):
            if n % 2:
                entry = diary.log_water(f"{n + 100}ml").entry
                print(f"water {entry.id}", flush=True)
            else:
                entry = diary.check_in(n % 11, notes=f"{sys.argv[3]} {n}").entry
                print(f"check_in {entry.id}", flush=True)
""")


def test_two_processes_logging_at_once_lose_nothing_and_see_no_error(
    backend: str, tmp_path: Path
) -> None:
    """A phone app and the command line writing the same diary in the same second: every
    entry lands and neither writer is told "database is locked"."""
    per_process = 100
    with database_url(backend, tmp_path) as url:
        with open_diary(url) as diary:
            start_episode(diary)
        writers = [
            subprocess.Popen([sys.executable, "-c", BURST, url, str(per_process), name],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for name in ("phone", "laptop")
        ]
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outcomes = [writer.communicate(timeout=120) for writer in writers]
        for writer, (_, errors) in zip(writers, outcomes, strict=True):
            assert "locked" not in errors
            assert writer.returncode == 0, errors
        acked = [line.split() for out, _ in outcomes for line in out.splitlines()]
        assert len(acked) == 2 * per_process

        with open_diary(url) as diary:
            episode = diary.episode()
            check_ins = diary.check_ins(episode.id)
            stored = {"check_in": {c.id for c in check_ins},
                      "water": {w.id for w in diary.water(episode.id)}}
            assert {(kind, int(entry_id)) for kind, entry_id in acked} == {
                (kind, entry_id) for kind, ids in stored.items() for entry_id in ids}
            notes = {c.notes for c in check_ins}
            assert {f"{name} {n}" for name in ("phone", "laptop")
                    for n in range(0, per_process, 2)} == notes


# One of every row, in the first schema's own words: what a diary written by backcare 0.1 held.
R0001_ROWS = """
INSERT INTO profile (id, age, sex, region, conditions, updated_at)
    VALUES (1, 61, 'female', 'UK', '["anticoagulant"]', {at});
INSERT INTO episodes (started_on, opened_at) VALUES ('2026-02-27', {at});
INSERT INTO assessments (episode_id, recorded_at, knowledge_base, level, intake, result)
    VALUES (1, {at}, 'kb-2026.1', 'routine', '{{"text": "lifting a box"}}',
            '{{"level": "routine", "findings": {{"pain_score": 8}}}}');
INSERT INTO check_ins (episode_id, day, recorded_at, pain, spasms, movement, notes, findings)
    VALUES (1, '2026-03-01', {at}, 6.5, 3, 4, 'slept on the sofa', '{{}}'),
           (1, '2026-03-02', {at}, 5, NULL, NULL, NULL, '{{"fever": true}}');
INSERT INTO therapy_sessions (episode_id, kind, day, started_at, ended_at, place, interrupted)
    VALUES (1, 'heat', '2026-03-02', {at}, {at}, 'lower back', TRUE);
INSERT INTO exercises (episode_id, day, recorded_at, item)
    VALUES (1, '2026-03-02', {at}, 'pelvic-tilt');
INSERT INTO water (episode_id, day, recorded_at, ml) VALUES (1, '2026-03-02', {at}, 330);
INSERT INTO alerts (episode_id, raised_at, kind, level, message, sources, detail,
                    knowledge_base, check_in_id, session_id)
    VALUES (1, {at}, 'warning_sign', 'urgent', 'See a doctor today.', '["nice"]', '{{}}',
            'kb-2026.1', 2, NULL);
"""


def test_a_diary_from_the_first_schema_opens_upgraded_with_every_entry(
    backend: str, tmp_path: Path
) -> None:
    """Someone who started their diary with the first release updates backcare: every entry
    they made is still there, and the diary takes new ones."""
    from alembic import command
    from sqlalchemy import text

    from backcare.diary.database import alembic_config, create_diary_engine

    with database_url(backend, tmp_path) as url:
        engine = create_diary_engine(resolve_url(url))
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "r0001")
            at = "'2026-03-02 09:30:00.000000'" if backend == "sqlite" \
                else "'2026-03-02 09:30:00+00'"
            for statement in R0001_ROWS.format(at=at).split(";"):
                if statement.strip():
                    connection.execute(text(statement))
        engine.dispose()

        with open_diary(url, now=Clock()) as diary:
            with diary.engine.connect() as connection:
                assert current_revision(connection) == HEAD
            profile = diary.profile()
            assert profile is not None
            assert (profile.age, profile.sex, profile.region, profile.conditions) == (
                61, "female", "UK", ("anticoagulant",))
            episode = diary.episode()
            assert (episode.id, episode.started_on.isoformat()) == (1, "2026-02-27")
            assert episode.opening.result["findings"]["pain_score"] == 8
            assert [(c.pain, c.notes) for c in diary.check_ins(1)] == [
                (6.5, "slept on the sofa"), (5.0, None)]
            assert [(s.kind, s.place, s.interrupted) for s in diary.sessions(1)] == [
                ("heat", "lower back", True)]
            assert [e.item for e in diary.exercises(1)] == ["pelvic-tilt"]
            assert [w.ml for w in diary.water(1)] == [330]
            assert [(a.level, a.check_in_id) for a in diary.alerts(1)] == [("urgent", 2)]
            trend = {d.day.isoformat(): d.score for d in diary.progress().pain.daily}
            assert trend["2026-03-01"] == 6.5  # the old entries feed the trend
            written = diary.check_in(4, signs={"fever": True})
            assert written.entry.id > 2 and written.alerts
            assert [c.pain for c in diary.check_ins(1)] == [6.5, 5.0, 4.0]


def test_an_export_made_by_the_first_release_imports_into_this_one(
    backend: str, tmp_path: Path
) -> None:
    """Someone exported their diary with the first release, updated backcare, and imports the
    file into a fresh diary: it must be read, not refused for its older schema."""
    from alembic import command
    from sqlalchemy import inspect

    from backcare.diary.database import alembic_config, create_diary_engine

    with database_url(backend, tmp_path) as url:
        engine = create_diary_engine(resolve_url(url))
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "r0001")
            tables = inspect(connection)
            first = {name: {c["name"] for c in tables.get_columns(name)} for name in COLUMNS}
        engine.dispose()
    # An r0001 export carried every column of every table: exactly what an export holds now.
    assert first == {name: {c.name for c in columns} for name, columns in COLUMNS.items()}
    assert READABLE_SCHEMAS[-1] == HEAD, "a new migration must say which exports it reads"

    with diary_on(backend, tmp_path) as diary:
        fill(diary)
        before = everything(diary)
        exported = json.loads(json.dumps(diary.export()))
        diary.forget()
        with pytest.raises(TransferError, match="newer backcare"):
            diary.import_export({**exported, "schema": "r0099"})
        assert sum(row_counts(diary).values()) == 0
        diary.import_export({**exported, "schema": "r0001"})
        assert everything(diary) == before
