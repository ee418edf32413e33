"""Start-up cost of the command line, as CPU time against Python's own start-up.

Prints a table: for each command, the median CPU time (user + system) of the process over
several runs, and its ratio to ``python -c pass`` with the same interpreter (on this machine
``python3`` on the PATH is a pyenv shim that takes 100 ms by itself). ``backcare --help`` is
run once first so that its kept copy (``help_cache.py``) exists, as after any earlier use.

    python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BACKCARE = str(Path(sys.executable).with_name("backcare"))


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """CPU time of one run of ``command`` (and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(command: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(cpu_seconds(command, env) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        subprocess.run([BACKCARE, "--help"], env=env, stdout=subprocess.DEVNULL, check=True)
        # A cache folder that cannot be created: no copy is ever kept or found.
        uncached = {**env, "XDG_CACHE_HOME": "/dev/null/backcare-bench"}
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            "backcare --help": ([BACKCARE, "--help"], env),
            "backcare --help (no kept copy)": ([BACKCARE, "--help"], uncached),
            "python -c 'import backcare'": ([sys.executable, "-c", "import backcare"], env),
        }
        times = {name: median_cpu(command, environment, args.runs)
                 for name, (command, environment) in commands.items()}
    base = times["python -c pass"]
    print(f"{'command':<34} {'CPU ms':>8} {'x python -c pass':>18}")
    for name, seconds in times.items():
        print(f"{name:<34} {seconds * 1000:>8.1f} {seconds / base:>18.1f}")


if __name__ == "__main__":
    main()
