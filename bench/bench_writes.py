"""Diary writes per second, on a SQLite file synced on every commit, one transaction each.

Prints a table: for a check-in with a short note (read for warning signs), a check-in without
one, and a glass of water, the writes per second and the CPU time per write. Run it with the
code of another commit to compare (``PYTHONPATH=/path/to/that/src``).

    python bench/bench_writes.py [--writes 300]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import backcare
from backcare.diary import Diary, open_diary


def rate(diary: Diary, write: Callable[[Diary], object], count: int) -> tuple[float, float]:
    """Writes per second (wall clock) and CPU milliseconds per write."""
    write(diary)  # warm: the reader is built, the statements are compiled
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        write(diary)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return count / wall, cpu / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    args = parser.parse_args()
    writes: dict[str, Callable[[Diary], object]] = {
        "check-in with a note": lambda d: d.check_in(5, notes="stiff this morning"),
        "check-in, no note": lambda d: d.check_in(5),
        "water": lambda d: d.log_water("250ml"),
    }
    print(f"{'write':<22} {'per second':>11} {'CPU ms each':>12}")
    with tempfile.TemporaryDirectory() as folder, \
            open_diary(str(Path(folder) / "diary.sqlite3")) as diary:
        diary.save_assessment(backcare.assess(text="my back went lifting a box", age=40))
        diary.set_profile(age=40)
        for name, write in writes.items():
            per_second, cpu_ms = rate(diary, write, args.writes)
            print(f"{name:<22} {per_second:>11.0f} {cpu_ms:>12.2f}")


if __name__ == "__main__":
    main()
