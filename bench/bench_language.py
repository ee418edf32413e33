"""How fast the language layer starts and reads, and what medspaCy would cost instead.

    python bench/bench_language.py                      # this interpreter
    python bench/bench_language.py --medspacy-python /path/to/venv-with-medspacy/bin/python

Why the layer implements ConText itself rather than using medspaCy: the whole
``backcare assess --text`` command must start in under a second on a 2-core machine, and
medspaCy alone (import spaCy + medspaCy, build a blank English pipeline with a sentencizer,
target matcher and ConText, read one sentence) costs about that second before a single rule
of ours is added. Measured on 2026-11-22 (Python 3.11, spaCy 3.7.5, medspaCy 1.3.1):

    medspaCy, quiet machine     import spaCy 0.44–0.52 s + import medspaCy 0.20–0.24 s
                                + build 0.14–0.15 s = 0.80–0.91 s wall
    medspaCy, machine loaded    1.31 s wall, 1.67 s CPU for the whole process
    own ConText                 every lexicon phrase and trigger compiled ≈ 0.16 s CPU;
                                whole ``backcare assess --text`` 0.74 s CPU, 0.76 s wall
    own ConText, warm           ≈ 1 ms CPU per message, so 10,000 messages ≈ 10 s

Times are in seconds unless the measure says otherwise. Cold-start wall times vary with the
machine's load, so this script measures both again and prints them side by side, with CPU
times that vary less; medspaCy is measured only when an interpreter that has it is given (it
is deliberately not a dependency). Each cold run is a separate process, so nothing is cached
between them. The warm medspaCy baseline runs the same narratives through a stock pipeline
with a dozen target rules, against backcare's full lexicon: a floor for medspaCy, not a
like-for-like reading.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from backcare.knowledge.loader import load_knowledge
from backcare.language import MAX_TEXT_CHARS, read_text

OWN_COLD = """
import json, time
started = time.perf_counter()
from backcare.knowledge.loader import load_knowledge
kb = load_knowledge()
loaded = time.perf_counter()
from backcare.language import read_text
read_text("My lower back went this morning, no numbness, can't pee, 6/10", kb)
print(json.dumps({"import + build": time.perf_counter() - loaded,
                  "knowledge base": loaded - started}))
"""

MEDSPACY_COLD = """
import json, time
started = time.perf_counter()
import spacy
spacy_done = time.perf_counter()
import medspacy
from medspacy.ner import TargetRule
imported = time.perf_counter()
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
matcher = nlp.add_pipe("medspacy_target_matcher")
nlp.add_pipe("medspacy_context")
matcher.add([TargetRule("numbness", "NUMB"), TargetRule("can't pee", "BLADDER")])
nlp("No numbness, can't pee.")
built = time.perf_counter()
print(json.dumps({"import spaCy": spacy_done - started, "import medspaCy": imported - spacy_done,
                  "build + read": built - imported, "import + build": built - started}))
"""

# Sentences written for this benchmark: a mix of denials, fears, relatives and numbers.
CORPUS = [
    "My lower back went this morning picking up the shopping, no numbness, peeing fine.",
    "Pain about 7/10 for three days, worse when I bend, I'm 52.",
    "I'm scared I'll lose control of my bladder, my mum had a slipped disc.",
    "Can't feel the toilet paper when I wipe and can't wee properly since yesterday.",
    "Had sciatica years ago but it cleared up. Now my neck is stiff after sleeping funny.",
    "My husband is 61, he fell off a ladder and his legs feel weak.",
    "No fever, no weight loss, but the ache in the middle of my back wakes me at night.",
    "I think I might have a slight temperature and it burns when I pee.",
    "Desk job, stressed, overweight, back in spasm for a fortnight, getting a bit better.",
    "Sore throat and a cough for a week.",
]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold(python: str, code: str, runs: int) -> dict[str, float]:
    """Median timings of ``code`` run in ``runs`` fresh ``python`` processes.

    Besides the wall times the code reports, the whole process's CPU time is given: on a
    shared machine it varies far less with the load than wall time does.
    """
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        before = _children_cpu()
        done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
        sample = json.loads(done.stdout.strip().splitlines()[-1])
        sample["whole process (CPU)"] = _children_cpu() - before
        samples.append(sample)
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def cli_cold(runs: int) -> dict[str, float] | None:
    """Median wall and CPU time of a whole ``backcare assess --text`` in fresh processes."""
    command = [sys.executable, "-m", "backcare", "assess", "--text", CORPUS[0]]
    walls, cpus = [], []
    for _ in range(runs):
        before, started = _children_cpu(), time.perf_counter()
        if subprocess.run(command, capture_output=True).returncode not in (0, 1):
            return None
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - before)
    return {"backcare assess --text": statistics.median(walls),
            "backcare assess --text (CPU)": statistics.median(cpus)}


def _latencies(read: Callable[[str], object], texts: list[str]) -> dict[str, float]:
    """Narratives per second, p50/p99 per narrative, and the process's peak memory."""
    times = []
    for text in texts:
        started = time.perf_counter()
        read(text)
        times.append(time.perf_counter() - started)
    times.sort()
    return {"narratives per second": len(times) / sum(times),
            "p50 per narrative": times[len(times) // 2],
            "p99 per narrative": times[int(len(times) * 0.99)],
            "peak memory (MB)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


MEDSPACY_WARM = """
import json, sys, time, resource
import spacy, medspacy
from medspacy.ner import TargetRule
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
matcher = nlp.add_pipe("medspacy_target_matcher")
nlp.add_pipe("medspacy_context")
matcher.add([TargetRule(term, "FINDING") for term in
             ["numbness", "numb", "can't pee", "wee", "fever", "temperature", "weak",
              "toilet paper", "bladder", "wakes me at night", "weight loss", "back"]])
texts = json.loads(sys.stdin.read())
nlp(texts[0])
times = []
for text in texts:
    started = time.perf_counter(); nlp(text); times.append(time.perf_counter() - started)
times.sort()
print(json.dumps({"narratives per second": len(times) / sum(times),
                  "p50 per narrative": times[len(times) // 2],
                  "p99 per narrative": times[int(len(times) * 0.99)],
                  "peak memory (MB)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def warm() -> dict[str, float]:
    kb = load_knowledge()
    read_text("warm up", kb)
    figures = _latencies(lambda text: read_text(text, kb), CORPUS * 200)
    longest = ("I think my lower back is numb and no tingling, my dad had cancer. " * 400)
    started = time.perf_counter()
    read_text(longest[:MAX_TEXT_CHARS], kb)
    figures[f"one {MAX_TEXT_CHARS:,}-character text"] = time.perf_counter() - started
    return figures


def medspacy_warm(python: str) -> dict[str, float]:
    """The same narratives through a stock medspaCy pipeline (a handful of target rules)."""
    done = subprocess.run([python, "-c", MEDSPACY_WARM], input=json.dumps(CORPUS * 200),
                          capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--medspacy-python", default=sys.executable,
                        help="an interpreter that has medspaCy installed")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rows: list[tuple[str, str, float]] = []
    for key, value in cold(sys.executable, OWN_COLD, args.runs).items():
        rows.append(("own ConText", f"cold: {key}", value))
    try:
        for key, value in cold(args.medspacy_python, MEDSPACY_COLD, args.runs).items():
            rows.append(("medspaCy", f"cold: {key}", value))
        for key, value in medspacy_warm(args.medspacy_python).items():
            rows.append(("medspaCy", f"warm: {key}", value))
    except subprocess.CalledProcessError:
        print(f"(medspaCy is not installed for {args.medspacy_python}; "
              "see the module docstring for the recorded figures)")
    for key, value in (cli_cold(args.runs) or {}).items():
        rows.append(("whole command", f"cold: {key}", value))
    for key, value in warm().items():
        rows.append(("own ConText", f"warm: {key}", value))

    width = max(len(what) for _, what, _ in rows)
    print(f"{'reader':<14} {'measure':<{width}} {'value':>10}")
    for who, what, value in rows:
        print(f"{who:<14} {what:<{width}} {value:>10.4f}")


if __name__ == "__main__":
    main()
