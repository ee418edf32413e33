"""How fast is the diary? Prints a table; run with `.venv/bin/python bench/bench_diary.py`.

- writes per second and p50/p99 latency for each kind of entry, on SQLite (a temp file, synced
  on every commit) and on PostgreSQL (a throwaway schema on 127.0.0.1:5432, when it answers);
  every write is its own transaction, as in use;
- the time to compute progress (trend, alert, adherence) for a year of daily entries;
- the whole-process time of `backcare log water 250ml` on a SQLite diary.
"""

from __future__ import annotations

import argparse
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

import backcare
from backcare.diary import Diary, open_diary

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


def year_of_entries(url: str, days: int, runs: int) -> tuple[int, list[float]]:
    first = date(2025, 1, 1)
    clock = Clock(first)
    with open_diary(url, now=clock) as diary:
        start(diary)
        for day in range(days):
            clock.moment = Clock(first + timedelta(days=day)).moment
            now = clock.moment
            diary.check_in(max(0, 8 - day // 20) if day < 200 else 2, spasms=day % 4,
                           movement=min(10, day // 10))
            diary.record_session("heat" if day > 3 else "ice", now - timedelta(minutes=90),
                                 now - timedelta(minutes=75))
            diary.log_exercise("pelvic-tilt")
            diary.log_exercise("cat-cow")
            diary.log_water("500ml")
            diary.log_water("0.75l")
        entries = days * 6
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            diary.progress().to_json()
            times.append(time.perf_counter() - t0)
    return entries, times


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
    parser.add_argument("--days", type=int, default=365)
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

        print(f"\n{'backend':<12}{'progress of':<24}{'entries':>8}{'median ms':>11}")
        for backend in backends:
            with database(backend, folder, "year") as url:
                if url is None:
                    continue
                entries, times = year_of_entries(url, args.days, args.runs)
                print(f"{backend:<12}{f'{args.days} days, daily entries':<24}{entries:>8}"
                      f"{statistics.median(times) * 1e3:>11.1f}")

        cold = cli_write(Path(folder) / "writes.sqlite3", args.runs)
        print(f"\n`backcare log water 250ml` as a whole process over {len(cold)} runs: "
              f"min {min(cold):.3f} s, median {statistics.median(cold):.3f} s")


if __name__ == "__main__":
    main()
