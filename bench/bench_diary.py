"""How fast is the diary? Prints a table; run with `.venv/bin/python bench/bench_diary.py`.

- writes per second and p50/p99 latency for each kind of entry, on SQLite (a temp file, synced
  on every commit) and on PostgreSQL (a throwaway schema on 127.0.0.1:5432, when it answers);
  every write is its own transaction, as in use;
- the time to compute progress (trend, alert, adherence), ``Diary.progress()`` and the whole
  `backcare progress` process, for one person with ``--years`` of daily entries (six a day,
  bulk-inserted so that ten years take seconds to set up);
- ``progress()`` per person in a PostgreSQL database shared by ``--people`` people with a year
  each (filled server-side with ``generate_series``), for ``--sample`` random people: what a
  clinic's or a hosted service's server pays per request;
- the whole-process time of `backcare log water 250ml` on a SQLite diary.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

import backcare
from backcare.diary import Diary, open_diary
from backcare.diary.models import CheckInRow, ExerciseRow, SessionRow, WaterRow

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


class Clock:
    def __init__(self, day: date) -> None:
        self.moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


@contextmanager
def postgres_url() -> Iterator[str | None]:
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.Error:
        yield None
        return
    schema = f"backcare_bench_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def start(diary: Diary, onset_days: int = 0) -> None:
    diary.save_assessment(backcare.assess(
        {"text": "my back seized up", "age": 44,
         "findings": {"pain_lower_back": True, "onset_days": onset_days, "pain_score": 7}}))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def time_writes(diary: Diary, count: int) -> list[tuple[str, int, float, list[float]]]:
    now = diary.now()
    kinds: list[tuple[str, Callable[[int], object]]] = [
        ("check-in", lambda n: diary.check_in(n % 11)),
        ("check-in + note", lambda n: diary.check_in(5, notes="stiff this morning, better "
                                                             "after a walk, no numbness")),
        ("water", lambda n: diary.log_water("250ml")),
        ("exercise", lambda n: diary.log_exercise("pelvic-tilt")),
        ("cold session", lambda n: diary.record_session("ice", now - timedelta(minutes=15),
                                                         now)),
    ]
    rows = []
    for name, write in kinds:
        latencies = []
        started = time.perf_counter()
        for n in range(count):
            t0 = time.perf_counter()
            write(n)
            latencies.append(time.perf_counter() - t0)
        rows.append((name, count, count / (time.perf_counter() - started), latencies))
    return rows


def _pain(day: int) -> float:
    """A recovery: pain falling from 8 over the first 200 days, then steady."""
    return max(0, 8 - day // 20) if day < 200 else 2


def daily_rows(episode_id: int, first: date, days: int) -> dict[type[Any], list[dict[str, Any]]]:
    """Six entries a day for ``days`` days: a check-in, a session, two exercises, two waters."""
    rows: dict[type[Any], list[dict[str, Any]]] = {
        CheckInRow: [], SessionRow: [], ExerciseRow: [], WaterRow: []}
    for n in range(days):
        on = first + timedelta(days=n)
        noon = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
        entry = {"episode_id": episode_id, "day": on}
        rows[CheckInRow].append({**entry, "recorded_at": noon, "pain": _pain(n),
                                 "spasms": n % 4, "movement": min(10, n // 10), "notes": None,
                                 "findings": {}})
        rows[SessionRow].append({**entry, "kind": "heat" if n > 3 else "cold",
                                 "started_at": noon - timedelta(minutes=90),
                                 "ended_at": noon - timedelta(minutes=75), "place": None,
                                 "interrupted": False})
        rows[ExerciseRow] += [{**entry, "recorded_at": noon, "item": item}
                              for item in ("pelvic-tilt", "cat-cow")]
        rows[WaterRow] += [{**entry, "recorded_at": noon, "ml": ml} for ml in (500, 750)]
    return rows


def time_progress(diary: Diary, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        diary.progress().to_json()
        times.append(time.perf_counter() - t0)
    return times


def years_of_entries(url: str, days: int, runs: int) -> tuple[int, list[float], float]:
    """One person, ``days`` of daily entries: ``progress()`` times and one whole CLI run."""
    first = date(2016, 1, 1)
    clock = Clock(first)
    with open_diary(url, now=clock) as diary:
        start(diary)
        rows = daily_rows(diary.episode().id, first, days)
        with diary.engine.begin() as connection:
            for model, batch in rows.items():
                connection.execute(insert(model), batch)
        entries = sum(map(len, rows.values()))
        # Let the rows go before timing: 22,000 dicts kept alive would make every garbage
        # collection during progress() walk them, a cost no real process has.
        del rows
        clock.moment = Clock(first + timedelta(days=days - 1)).moment
        times = time_progress(diary, runs)
    return entries, times, cli_progress(url)


def cli_progress(url: str) -> float:
    """The whole `backcare progress` process once; the diary's last day is long past, which
    changes nothing of the work: the trend and adherence cover the whole episode."""
    command = [str(Path(sys.executable).with_name("backcare")), "progress", "--db", url]
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True,
                   env={**os.environ, "COLUMNS": "100"})
    return time.perf_counter() - t0


# One statement per table, run once for everyone: each person's episode opens on 2025-01-01
# with a copy of the first person's real assessment, then ``:days`` days of the entries above.
PEOPLE_SQL = """
INSERT INTO episodes (person, started_on, opened_at)
    SELECT 'person-' || n, DATE '2025-01-01', TIMESTAMPTZ '2025-01-01 12:00+00'
    FROM generate_series(1, :people - 1) AS n;
INSERT INTO assessments (episode_id, recorded_at, knowledge_base, level, intake, result)
    SELECT e.id, e.opened_at, a.knowledge_base, a.level, a.intake, a.result
    FROM episodes e, (SELECT * FROM assessments ORDER BY id LIMIT 1) a
    WHERE e.id <> a.episode_id;
INSERT INTO check_ins (episode_id, day, recorded_at, pain, spasms, movement, notes, findings)
    SELECT e.id, e.started_on + d, e.opened_at + d * INTERVAL '1 day',
           CASE WHEN d < 200 THEN GREATEST(0, 8 - d / 20) ELSE 2 END, d % 4, LEAST(10, d / 10),
           NULL, '{}'
    FROM episodes e, generate_series(0, :days - 1) AS d;
INSERT INTO therapy_sessions (episode_id, kind, day, started_at, ended_at, place, interrupted)
    SELECT e.id, CASE WHEN d > 3 THEN 'heat' ELSE 'cold' END, e.started_on + d,
           e.opened_at + d * INTERVAL '1 day' - INTERVAL '90 minutes',
           e.opened_at + d * INTERVAL '1 day' - INTERVAL '75 minutes', NULL, false
    FROM episodes e, generate_series(0, :days - 1) AS d;
INSERT INTO exercises (episode_id, day, recorded_at, item)
    SELECT e.id, e.started_on + d, e.opened_at + d * INTERVAL '1 day', item
    FROM episodes e, generate_series(0, :days - 1) AS d,
         (VALUES ('pelvic-tilt'), ('cat-cow')) AS items(item);
INSERT INTO water (episode_id, day, recorded_at, ml)
    SELECT e.id, e.started_on + d, e.opened_at + d * INTERVAL '1 day', ml
    FROM episodes e, generate_series(0, :days - 1) AS d, (VALUES (500), (750)) AS mls(ml);
ANALYZE
"""


def many_people(url: str, people: int, days: int, sample: int) -> tuple[int, float, list[float]]:
    """``people`` people with ``days`` each in one database: rows, seconds to fill it, and
    one ``progress()`` time for each of ``sample`` random people."""
    first = date(2025, 1, 1)
    clock = Clock(first + timedelta(days=days - 1))
    with open_diary(url, now=clock, person="person-0") as diary:
        clock.moment = Clock(first).moment
        start(diary)
        clock.moment = Clock(first + timedelta(days=days - 1)).moment
        t0 = time.perf_counter()
        with diary.engine.begin() as connection:
            for statement in PEOPLE_SQL.split(";"):
                connection.execute(text(statement), {"people": people, "days": days})
        filled = time.perf_counter() - t0
        with diary.engine.connect() as connection:
            rows = sum(int(connection.scalar(text(f"SELECT COUNT(*) FROM {table}")) or 0)
                       for table in ("episodes", "assessments", "check_ins",
                                     "therapy_sessions", "exercises", "water"))
        # A server keeps one connection pool and opens a person's diary per request.
        times = []
        for n in random.Random(7).sample(range(people), min(sample, people)):
            someone = Diary(diary.engine, diary.guidance, clock, person=f"person-{n}")
            t0 = time.perf_counter()
            someone.progress().to_json()
            times.append(time.perf_counter() - t0)
    return rows, filled, times


def cli_write(path: Path, runs: int) -> list[float]:
    command = [str(Path(sys.executable).with_name("backcare")), "log", "water", "250ml",
               "--db", str(path)]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


@contextmanager
def database(backend: str, folder: str, name: str) -> Iterator[str | None]:
    """A fresh database: a file in ``folder``, or a throwaway PostgreSQL schema (or None)."""
    if backend == "sqlite":
        yield str(Path(folder) / f"{name}.sqlite3")
        return
    with postgres_url() as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="writes of each kind")
    parser.add_argument("--years", type=int, default=10,
                        help="daily entries for the one-person progress timing")
    parser.add_argument("--people", type=int, default=500,
                        help="people sharing the PostgreSQL database (10000 for the full run)")
    parser.add_argument("--sample", type=int, default=200,
                        help="random people whose progress is timed")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    backcare.assess({"findings": {"pain_lower_back": True}})  # load the knowledge base once
    backends = ("sqlite", "postgresql")
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'backend':<12}{'write':<18}{'n':>6}{'per second':>12}{'p50 ms':>9}{'p99 ms':>9}")
        for backend in backends:
            with database(backend, folder, "writes") as url:
                if url is None:
                    print(f"{backend:<12}skipped: no server answers on 127.0.0.1:5432")
                    continue
                with open_diary(url) as diary:
                    start(diary)
                    for name, n, rate, latencies in time_writes(diary, args.count):
                        print(f"{backend:<12}{name:<18}{n:>6}{rate:>12,.0f}"
                              f"{percentile(latencies, .5) * 1e3:>9.2f}"
                              f"{percentile(latencies, .99) * 1e3:>9.2f}")

        print(f"\n{'backend':<12}{'progress of':<26}{'entries':>11}{'median ms':>11}"
              f"{'p99 ms':>9}{'CLI s':>8}")
        for backend in backends:
            with database(backend, folder, "years") as url:
                if url is None:
                    continue
                days = args.years * 365
                entries, times, cli = years_of_entries(url, days, args.runs)
                print(f"{backend:<12}{f'1 person, {args.years} years':<26}{entries:>11,}"
                      f"{statistics.median(times) * 1e3:>11.1f}"
                      f"{percentile(times, .99) * 1e3:>9.1f}{cli:>8.2f}")
            with database(backend, folder, "people") as url:
                if url is None or backend != "postgresql":
                    continue
                rows, filled, times = many_people(url, args.people, 365, args.sample)
                label = f"{args.people:,} people x 1 year"
                print(f"{backend:<12}{label:<26}{rows:>11,}"
                      f"{statistics.median(times) * 1e3:>11.1f}"
                      f"{percentile(times, .99) * 1e3:>9.1f}{'-':>8}")
                print(f"{'':<12}  (filled in {filled:.0f} s; {len(times)} random people, "
                      f"mean {statistics.mean(times) * 1e3:.1f} ms per person)")

        cold = cli_write(Path(folder) / "writes.sqlite3", args.runs)
        print(f"\n`backcare log water 250ml` as a whole process over {len(cold)} runs: "
              f"min {min(cold):.3f} s, median {statistics.median(cold):.3f} s")


if __name__ == "__main__":
    main()
