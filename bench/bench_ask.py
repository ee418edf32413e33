"""Benchmark `backcare ask` retrieval: BM25 alone, dense alone and their fusion; prints a table.

    .venv/bin/python bench/bench_ask.py             # dev split and the project's own questions
    .venv/bin/python bench/bench_ask.py --sealed    # and the sealed test: to report, never to tune

Rows, each with its own cut-off so refusing counts as well as answering:

- **BM25**: backcare's index (stemming, lay words, typo matching) and its confidence rules, as
  ``ask`` answered before dense retrieval (``answer.confident_hits``);
- **dense**: the cards nearest the question in the reader's sentence encoder (each card's
  descriptions and questions, ``dense.Closeness``), answering when the nearest is at least
  ``fusion.DENSE_FLOOR`` close and the questions the cards answer are nearer than those no
  card answers;
- **fusion**: what ``ask`` does now (``answer.ranked_answers``);
- **fusion + triage**: the whole ``answer_question``, whose every question also goes through the
  assessment, and whose plain questions get no serious-cause card, for the speed a person sees.

Measured on the dev split (tests/ask_corpus/dev.jsonl), on the project's own
tests/ask_questions.yaml, and with ``--sealed`` on the sealed sets in tests/ask_corpus/ (each
written by someone else: reported, never tuned on): top-1 and top-3 accuracy on answerable
questions, the share of unanswerable ones refused, and the share of answers citing sources the
knowledge base knows. Then questions per second, and the cold start of one question in a fresh
process, with the shipped card matrix and with the cards embedded at start.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from backcare.ask import answer_question
from backcare.ask.answer import MAX_ANSWERS, confident_hits, ranked_answers
from backcare.ask.dense import encoder_knows, vectors_for
from backcare.ask.fusion import DENSE_FLOOR
from backcare.ask.index import index_for
from backcare.knowledge.loader import KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from ask_corpus_support import SEALED, load_questions, split  # noqa: E402

OWN = ROOT / "tests" / "ask_questions.yaml"
COLD_RUNS = 3
COLD_QUESTION = "why am I shorter in the evening?"
Retrieve = Callable[[str], list[str]]


def bm25(kb: KnowledgeBase) -> Retrieve:
    index = index_for(kb)
    return lambda question: [
        hit.card.id for hit in confident_hits(index.search(question, 2 * MAX_ANSWERS))
    ]


def dense(kb: KnowledgeBase) -> Retrieve:
    vectors, index = vectors_for(kb), index_for(kb)

    def retrieve(question: str) -> list[str]:
        closeness = vectors.closeness(index.respelled(question, encoder_knows))
        if closeness.cards.max() < DENSE_FLOOR or closeness.not_answered >= closeness.asked:
            return []
        return [vectors.cards[i].id for i in np.argsort(-closeness.cards)[:MAX_ANSWERS]]

    return retrieve


def fusion(kb: KnowledgeBase) -> Retrieve:
    return lambda question: [item.card.id for item in ranked_answers(question, kb)]


def fusion_with_triage(kb: KnowledgeBase) -> Retrieve:
    return lambda question: [answer.card for answer in answer_question(question, kb).answers]


def accuracy(retrieve: Retrieve, questions: list[dict[str, Any]],
             kb: KnowledgeBase) -> dict[str, float]:
    top1 = top3 = refused = answers = cited = 0
    started = time.perf_counter()
    for question in questions:
        shown = retrieve(question["question"])
        answers += len(shown)
        cited += sum(1 for card in shown
                     if kb.cards[card].sources and set(kb.cards[card].sources) <= set(kb.sources))
        if not question["cards"]:
            refused += not shown
            continue
        top1 += bool(shown) and shown[0] in question["cards"]
        top3 += bool(set(shown[:3]) & set(question["cards"]))
    elapsed = time.perf_counter() - started
    answerable = sum(1 for q in questions if q["cards"])
    unanswerable = len(questions) - answerable
    return {"top1": top1 / answerable, "top3": top3 / answerable,
            "refused": refused / max(unanswerable, 1), "cited": cited / max(answers, 1),
            "qps": len(questions) / elapsed, "n_top1": top1, "n_top3": top3,
            "n_refused": refused}


def own_questions() -> list[dict[str, Any]]:
    """tests/ask_questions.yaml in the corpus's shape."""
    entries = yaml.safe_load(OWN.read_text(encoding="utf-8"))["questions"]
    return [{"question": q["q"], "cards": [] if q.get("unanswerable") else q["expect"]}
            for q in entries]


def cold_start(code: str) -> float:
    """Median seconds for a fresh interpreter to run ``code``."""
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    kb = load_knowledge()
    _, dev = split()
    sets = {"dev": dev, "own": own_questions()}
    if "--sealed" in sys.argv[1:]:
        sets |= {path.stem: load_questions(path) for path in SEALED if path.is_file()}
    rows: dict[str, Callable[[KnowledgeBase], Retrieve]] = {
        "BM25 (index + its cut-off)": bm25, "dense (encoder alone)": dense,
        "fusion (+ cut-off)": fusion, "fusion + triage (ask)": fusion_with_triage,
    }
    fusion(kb)("warm up")  # the encoder and both indexes load here, not in the first row's time

    for name, questions in sets.items():
        answerable = sum(1 for q in questions if q["cards"])
        print(f"\n{name}: {len(questions)} questions ({answerable} answerable, "
              f"{len(questions) - answerable} not), {len(kb.cards)} cards")
        header = (f"{'retrieval':28} {'top-1':>13} {'top-3':>13} {'refused':>11} "
                  f"{'cited':>6} {'q/s':>6}")
        print(header)
        print("-" * len(header))
        unanswerable = len(questions) - answerable
        for row, build in rows.items():
            r = accuracy(build(kb), questions, kb)
            print(f"{row:28} {r['top1']:6.1%} {r['n_top1']:>3}/{answerable:<3}"
                  f"{r['top3']:6.1%} {r['n_top3']:>3}/{answerable:<3}"
                  f"{r['refused']:5.0%} {r['n_refused']:>2}/{unanswerable:<2} "
                  f"{r['cited']:6.0%} {r['qps']:6.0f}")

    ask = ("from backcare.ask import answer_question; "
           f"answer_question({COLD_QUESTION!r})")
    recomputed = ("import backcare.ask.dense as d; from pathlib import Path; "
                  "d.SHIPPED = Path('/nonexistent'); " + ask)
    bm25_only = ("from backcare.ask.index import index_for; "
                 "from backcare.knowledge.loader import load_knowledge; "
                 f"index_for(load_knowledge()).search({COLD_QUESTION!r}, 10)")
    print(f"\ncold start, one question in a new process (median of {COLD_RUNS}):")
    print(f"  BM25 index alone                        {cold_start(bm25_only):.2f} s")
    print(f"  ask, shipped card matrix                {cold_start(ask):.2f} s")
    print(f"  ask, cards embedded at start            {cold_start(recomputed):.2f} s")


if __name__ == "__main__":
    main()
