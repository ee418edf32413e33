"""Helpers for the diary tests: a diary on each backend, a clock to live through an episode.

PostgreSQL tests run in a throwaway schema on 127.0.0.1:5432 and are skipped, with the reason,
where no server answers (a laptop without PostgreSQL).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import backcare
from backcare.diary import Diary, open_diary

NOTE = 'Stiff on waking, "better" by lunch;\nslept on the sofa, 2nd night — ça va'
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
BACKENDS = ["sqlite", "postgresql"]


@functools.cache
def _postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None; asked once per test run."""
    import psycopg

    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"{exc.__class__.__name__}: {str(exc).strip().splitlines()[0]}"
    return None


def postgres_or_skip() -> None:
    problem = _postgres_problem()
    if problem is not None:
        pytest.skip(f"PostgreSQL does not answer on 127.0.0.1:5432 ({problem}); "
                    "start it to run the diary's PostgreSQL tests")


@contextmanager
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test: a temp file, or a throwaway PostgreSQL schema."""
    if backend == "sqlite":
        yield str(tmp_path / "diary.sqlite3")
        return
    postgres_or_skip()
    import psycopg

    schema = f"backcare_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


class Clock:
    """A clock the test moves on; starts at noon local time so a day never flips by accident."""

    def __init__(self, day: date = date(2026, 3, 2)) -> None:
        self.moment = datetime(day.year, day.month, day.day, 12, 0).astimezone().astimezone(UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)

    def today(self) -> date:
        return self.moment.astimezone().date()


@contextmanager
def diary_on(backend: str, tmp_path: Path, clock: Clock | None = None) -> Iterator[Diary]:
    with database_url(backend, tmp_path) as url, \
            open_diary(url, now=clock or Clock()) as diary:
        yield diary


def start_episode(diary: Diary, onset_days: int = 0, **findings: Any) -> None:
    """Save an assessment that opens an episode which started ``onset_days`` ago."""
    intake = {"text": "my back seized up", "age": 44,
              "findings": {"pain_lower_back": True, "onset_days": onset_days, **findings}}
    diary.save_assessment(backcare.assess(intake))


def row_counts(diary: Diary) -> dict[str, int]:
    return {name: len(rows) for name, rows in diary.export()["tables"].items()}


def fill(diary: Diary) -> None:
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


def everything(diary: Diary) -> dict[str, Any]:
    """All a person can read back from their diary."""
    episodes = diary.episodes()
    return {
        "profile": diary.profile(),
        "episodes": episodes,
        **{kind: [getattr(diary, kind)(e.id) for e in episodes]
           for kind in ("check_ins", "sessions", "exercises", "water", "alerts")},
    }
