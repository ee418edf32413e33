"""Start-up cost of the command line: CPU time against Python's own start-up and an older commit.

Prints two tables of the median CPU time (user + system) of whole processes, every command
run in turn in each round so that the machine's load falls alike on all of them:

1. ``backcare --help``, with and without its kept copy (``help_cache.py``), and
   ``import backcare``, each against ``python -c pass`` with the same interpreter;
2. ``backcare assess --text "…" --json`` from this tree against the same command from the
   baseline commit (d5988be by default, when the start-up issue was filed; its ``src/`` is
   taken with ``git archive`` into a temporary folder), with the ratio. The kept copies
   (help, compiled patterns, parsed knowledge) are made by a first run of each, as any earlier
   use makes them; the cost of that first run, with an empty cache folder, is measured too.

Both trees run from their ``src/`` through ``PYTHONPATH`` in this environment, the
baseline's dependencies being a subset of this one's. Bytecode is written and used
(``PYTHONDONTWRITEBYTECODE`` is dropped), as for a program installed by pip; on a shared
machine expect a few per cent of noise from one run of this script to the next.

    python bench/bench_startup.py [--runs 15] [--baseline d5988be | --baseline-src DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKCARE = str(Path(sys.executable).with_name("backcare"))
TEXT = "my back hurts after lifting"
ASSESS = [BACKCARE, "assess", "--text", TEXT, "--json"]
GOAL = 0.5  # assess's CPU at most half the baseline's (the start-up issue)

Run = tuple[list[str], dict[str, str]]


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """CPU time of one run of ``command`` (and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n"
                 f"{done.stderr.decode(errors='replace')[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(commands: dict[str, Callable[[], Run]], runs: int) -> dict[str, float]:
    """The median CPU of each command, the commands taking turns in each round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, make in commands.items():
            times[name].append(cpu_seconds(*make()))
    return {name: statistics.median(values) for name, values in times.items()}


@contextmanager
def baseline_tree(revision: str) -> Iterator[Path]:
    """``src/`` of ``revision``, exported from this repository into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="backcare-baseline-") as folder:
        archive = Path(folder) / "src.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), revision, "src"],
                       check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder) / "src"


def environment(cache: str, src: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    return {**env, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(src)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", default="d5988be", help="commit to compare assess with")
    parser.add_argument("--baseline-src", help="src/ of a checkout to compare with instead")
    args = parser.parse_args()
    with ExitStack() as stack:
        cache, old_cache, empty_caches = (stack.enter_context(tempfile.TemporaryDirectory())
                                          for _ in range(3))
        old = (Path(args.baseline_src) if args.baseline_src
               else stack.enter_context(baseline_tree(args.baseline)))
        env = environment(cache, ROOT / "src")
        old_env = environment(old_cache, old)
        # A cache folder that cannot be created: no copy is ever kept or found.
        uncached = {**env, "XDG_CACHE_HOME": "/dev/null/backcare-bench"}
        fresh = iter(range(10**6))

        def first_run() -> Run:  # a new, empty cache folder every time
            return ASSESS, {**env, "XDG_CACHE_HOME": f"{empty_caches}/{next(fresh)}"}

        for command, environ in ((ASSESS, env), (ASSESS, old_env), ([BACKCARE, "--help"], env)):
            cpu_seconds(command, environ)  # bytecode and kept copies, as after any earlier use
        startup = medians({
            "python -c pass": lambda: ([sys.executable, "-c", "pass"], env),
            "backcare --help": lambda: ([BACKCARE, "--help"], env),
            "backcare --help (no kept copy)": lambda: ([BACKCARE, "--help"], uncached),
            "python -c 'import backcare'": lambda: ([sys.executable, "-c", "import backcare"],
                                                    env),
        }, args.runs)
        assess = medians({
            "baseline": lambda: (ASSESS, old_env),
            "this tree": lambda: (ASSESS, env),
            "this tree, first run (empty cache)": first_run,
        }, args.runs)
    base = startup["python -c pass"]
    print(f"CPU time, median of {args.runs} runs each, the commands taking turns\n")
    print(f"{'command':<34} {'CPU ms':>8} {'x python -c pass':>18}")
    for name, seconds in startup.items():
        print(f"{name:<34} {seconds * 1000:>8.1f} {seconds / base:>18.1f}")
    baseline_name = args.baseline_src or args.baseline
    print(f"\nbackcare assess --text {TEXT!r} --json")
    print(f"{'tree':<34} {'CPU ms':>8} {'x baseline':>18}")
    for name, seconds in assess.items():
        label = f"baseline ({baseline_name})" if name == "baseline" else name
        print(f"{label:<34} {seconds * 1000:>8.1f} {seconds / assess['baseline']:>18.2f}")
    ratio = assess["this tree"] / assess["baseline"]
    print(f"\ngoal: assess at most {GOAL}x the baseline: {ratio:.2f}x, "
          f"{'met' if ratio <= GOAL else 'NOT met'}; --help within 5x python -c pass: "
          f"{startup['backcare --help'] / base:.1f}x, "
          f"{'met' if startup['backcare --help'] <= 5 * base else 'NOT met'}")


if __name__ == "__main__":
    main()
