"""How fast is an assessment? Prints a table; run with `.venv/bin/python bench/bench_assess.py`.

- structured intakes per second and p50/p99 latency, in one process, through the full public
  path (`backcare.assess`: validation, triage, watch-list, causes, plan) and `to_json()`;
  the rate is the median of several rounds (with the slowest and fastest), because one round
  on a shared 2-core machine can be a third slower than the next;
- the same for text intakes (the language layer included);
- the cold start of `backcare assess --text "..."` as a whole process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from backcare import assess, load_knowledge

TEXTS = [
    "My lower back went into spasm lifting a box two days ago, pain 6/10, no numbness.",
    "Neck and upper back tight for a week from hunching over my laptop, stretching helps.",
    "Back pain for 3 days and I think I have a slight temperature, peeing normally.",
    "I'm 70, slipped in the garden yesterday and my lower back really hurts when I move.",
]


def structured_intakes(count: int, seed: int = 7) -> list[dict[str, Any]]:
    kb = load_knowledge()
    rng = random.Random(seed)
    bools = sorted(fid for fid, f in kb.findings.items() if f.kind == "bool")
    intakes = []
    for n in range(count):
        findings: dict[str, Any] = {fid: rng.random() < 0.5 for fid in rng.sample(bools, 10)}
        findings["onset_days"] = rng.randint(0, 120)
        findings["pain_score"] = rng.randint(0, 10)
        intakes.append({"id": n, "age": rng.randint(16, 95), "findings": findings})
    return intakes


def timed(intakes: list[dict[str, Any]]) -> tuple[float, list[float]]:
    latencies = []
    started = time.perf_counter()
    for intake in intakes:
        t0 = time.perf_counter()
        assess(intake).to_json()
        latencies.append(time.perf_counter() - t0)
    return time.perf_counter() - started, latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def cold_start(runs: int) -> list[float]:
    backcare = Path(sys.executable).with_name("backcare")
    command = [str(backcare), "assess", "--text", TEXTS[0], "--age", "44", "--json"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=7)
    args = parser.parse_args()

    load_knowledge()
    timed(structured_intakes(2_000, seed=1))  # warm up, as a long batch would be
    rows = []
    structured = structured_intakes(args.count)
    rates, lat = [], []
    for _ in range(args.rounds):
        total, latencies = timed(structured)
        rates.append(len(structured) / total)
        lat.extend(latencies)
    rows.append(("structured", len(structured), rates, lat))
    texts = [{"id": n, "text": TEXTS[n % len(TEXTS)], "age": 44} for n in range(args.count // 10)]
    total, lat = timed(texts)
    rows.append(("text", len(texts), [len(texts) / total], lat))

    print(f"{'intake':<12}{'n':>8}{'per second':>14}{'(min–max)':>18}{'p50 µs':>10}{'p99 µs':>10}")
    for name, n, rates, latencies in rows:
        spread = f"{min(rates):,.0f}–{max(rates):,.0f}" if len(rates) > 1 else ""
        print(f"{name:<12}{n:>8}{statistics.median(rates):>14,.0f}{spread:>18}"
              f"{percentile(latencies, .5) * 1e6:>10.0f}{percentile(latencies, .99) * 1e6:>10.0f}")
    cold = cold_start(args.cold_runs)
    print(f"\ncold start `backcare assess --text ... --json` over {len(cold)} runs: "
          f"min {min(cold):.3f} s, median {statistics.median(cold):.3f} s, max {max(cold):.3f} s")


if __name__ == "__main__":
    main()
