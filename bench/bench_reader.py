"""What the trained reader costs beside the lexicon: per message, per batch, by length, cold.

    python bench/bench_reader.py
    python bench/bench_reader.py --baseline-src /path/to/an/older/checkout/src

Prints one table. Each measure is taken side by side in this run: the lexicon alone (the
reader before the model) against lexicon and model together, so the ratio holds however
busy the machine is. CPU times (``time.process_time``) are given rather than wall times, as
they vary far less with the load. With ``--baseline-src`` the cold start of
``backcare assess --text`` is also measured for that source tree, in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import TypeVar

from backcare.knowledge.loader import load_knowledge
from backcare.language import read_texts
from backcare.language.encoder import MODEL_DIR
from backcare.language.reader import reader_for
from bench_language import CORPUS

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")

# bench_language's sentences (denials, relatives, fears, numbers) and two about medicines and
# a fall; joined into long messages.
SENTENCES = [
    *CORPUS,
    "took two co-codamol and then some lemsip as well because nothing touches it",
    "went all dizzy on the stairs and sat down hard, back's been locked since",
]


def corpus_messages(low: int, high: int, count: int) -> list[str]:
    """Up to ``count`` real messages of the corpus's dev share, ``low``–``high`` characters long
    (the sealed test is never read here)."""
    sys.path.insert(0, str(ROOT / "training"))
    import corpus

    dev = [m.text for m in corpus.load("train") if m.split == "dev"]
    return [text for text in dev if low <= len(text) <= high][:count]


def messages(length: int, count: int) -> list[str]:
    """``count`` different messages of about ``length`` characters."""
    out: list[str] = []
    for start in range(count):
        parts: list[str] = []
        index = start
        while sum(len(p) + 1 for p in parts) < length:
            parts.append(SENTENCES[index % len(SENTENCES)])
            index += 7
        out.append(" ".join(parts)[:length])
    return out


def cpu_each(read: Callable[[T], object], items: Sequence[T]) -> list[float]:
    """The CPU time of ``read`` on each item (a message, or a batch of them)."""
    times = []
    for item in items:
        started = time.process_time()
        read(item)
        times.append(time.process_time() - started)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cold_cli(python: str, env: dict[str, str], runs: int) -> float:
    """Median CPU of a whole ``backcare assess --text`` in fresh processes."""
    cpus = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([python, "-m", "backcare", "assess", "--text", SENTENCES[0], "--json"],
                       capture_output=True, env=env, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(cpus)


def installed_mib(*names: str) -> float:
    total = 0
    for name in names:
        try:
            files = distribution(name).files or []
        except PackageNotFoundError:
            continue
        total += sum(Path(str(f.locate())).stat().st_size for f in files
                     if Path(str(f.locate())).is_file())
    return total / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline-src", help="src/ of an older checkout, for the cold start")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kb = load_knowledge()
    lexicon = reader_for(kb)
    read_texts(["warm up the encoder"], kb)
    texts = corpus_messages(300, 700, 200)
    rows: list[tuple[str, str, str]] = []

    def both_once(text: str) -> object:
        return read_texts([text], kb)

    alone = cpu_each(lexicon.read, texts)
    both = cpu_each(both_once, texts)
    ms = 1000
    rows.append((f"corpus message of 300–700 chars (n={len(texts)}), p50 CPU (ms)",
                 f"{statistics.median(alone) * ms:.1f}", f"{statistics.median(both) * ms:.1f}"))
    rows.append(("the same, p99 CPU (ms)", f"{percentile(alone, 0.99) * ms:.1f}",
                 f"{percentile(both, 0.99) * ms:.1f}"))

    # Alternated run by run, so that a slower spell of this shared machine falls on both.
    batches = [texts[first:first + 32] for first in range(0, len(texts), 32)]
    rates = [(len(texts) / sum(cpu_each(lexicon.read, texts)),
              len(texts) / sum(cpu_each(lambda batch: read_texts(batch, kb), batches)))
             for _ in range(args.runs)]
    rows.append((f"narratives per CPU second, batches of 32 (median of {args.runs})",
                 *(f"{statistics.median(rate[i] for rate in rates):.0f}" for i in (0, 1))))

    for length in (1_000, 5_000, 20_000):
        text = messages(length, 1)[0]
        rows.append((f"{length:,} characters, CPU (ms)",
                     f"{statistics.median(cpu_each(lexicon.read, [text] * 3)) * ms:.0f}",
                     f"{statistics.median(cpu_each(both_once, [text] * 3)) * ms:.0f}"))

    env = dict(os.environ)
    cold_now = cold_cli(sys.executable, env, args.runs)
    cold_before = "–"
    if args.baseline_src:
        baseline_env = {**env, "PYTHONPATH": args.baseline_src}
        cold_before = f"{cold_cli(sys.executable, baseline_env, args.runs):.2f}"
    rows.append(("cold `backcare assess --text` CPU (s), baseline | now", cold_before,
                 f"{cold_now:.2f}"))
    model_mib = sum(f.stat().st_size for f in MODEL_DIR.iterdir()) / 2**20
    rows.append(("installed size added (MiB): model files | onnxruntime + tokenizers",
                 f"{model_mib:.1f}", f"{installed_mib('onnxruntime', 'tokenizers'):.1f}"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'lexicon alone':>14}  {'lexicon + model':>16}")
    for name, before, after in rows:
        print(f"{name:{width}}  {before:>14}  {after:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
