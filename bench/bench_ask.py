"""Benchmark `backcare ask` retrieval against plain BM25 over the same cards; prints a table.

    .venv/bin/python bench/bench_ask.py

Rows: plain ``bm25s`` over each card's title and text (bm25s's own tokenizer, no stemming, no
lay words, no threshold — it always answers); backcare's index with only stemming or only the
knowledge base's lay words; and the full ``answer_question`` (stemming, lay words, typo
matching, confidence threshold, and the triage of every question). Measured on the project's
labelled questions (tests/ask_questions.yaml): top-3 accuracy on answerable questions, the
share of unanswerable ones correctly refused, questions per second, and the cold start of one
question in a fresh process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bm25s  # type: ignore[import-untyped]
import yaml

from backcare.ask import answer_question
from backcare.ask.answer import MAX_ANSWERS, confident_hits
from backcare.ask.index import CardIndex, index_for
from backcare.knowledge.loader import KnowledgeBase, load_knowledge

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "ask_questions.yaml"
COLD_RUNS = 5
COLD_QUESTION = "how long should I keep ice on my back?"
Retrieve = Callable[[str], list[str]]


def plain_bm25s(kb: KnowledgeBase) -> Retrieve:
    cards = list(kb.cards.values())
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([f"{c.title} {c.text}" for c in cards], stopwords="en",
                                   show_progress=False), show_progress=False)

    def retrieve(question: str) -> list[str]:
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        ids, scores = retriever.retrieve(tokens, k=3, show_progress=False)
        return [cards[i].id for i, s in zip(ids[0], scores[0], strict=True) if s > 0]

    return retrieve


def backcare_index(kb: KnowledgeBase, *, stem: bool, synonyms: bool) -> Retrieve:
    index = CardIndex(tuple(kb.cards.values()), kb.findings, stem=stem, synonyms=synonyms)

    def retrieve(question: str) -> list[str]:
        return [hit.card.id for hit in confident_hits(index.search(question, 2 * MAX_ANSWERS))]

    return retrieve


def backcare_ask(kb: KnowledgeBase) -> Retrieve:
    index_for(kb)  # built here so its cost shows under "build ms", as it does for the others

    def retrieve(question: str) -> list[str]:
        return [answer.card for answer in answer_question(question, kb).answers]

    return retrieve


def measure(build: Callable[[], Retrieve], questions: list[dict[str, Any]]) -> dict[str, float]:
    started = time.perf_counter()
    retrieve = build()
    built = time.perf_counter() - started
    answered = refused = 0
    started = time.perf_counter()
    for question in questions:
        shown = retrieve(question["q"])
        if question.get("unanswerable"):
            refused += not shown
        else:
            answered += bool(set(shown[:3]) & set(question["expect"]))
    elapsed = time.perf_counter() - started
    answerable = sum(1 for q in questions if not q.get("unanswerable"))
    return {
        "top3": answered / answerable,
        "refused": refused / (len(questions) - answerable),
        "qps": len(questions) / elapsed,
        "build_ms": built * 1000,
    }


def cold_start(code: str) -> float:
    """Median seconds for a fresh interpreter to run ``code`` (imports, load, index, answer)."""
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    kb = load_knowledge()
    questions: list[dict[str, Any]] = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))[
        "questions"
    ]
    rows = {
        "plain bm25s (title+text)": measure(lambda: plain_bm25s(kb), questions),
        "backcare index, stemming only": measure(
            lambda: backcare_index(kb, stem=True, synonyms=False), questions),
        "backcare index, lay words only": measure(
            lambda: backcare_index(kb, stem=False, synonyms=True), questions),
        "backcare ask (full, with triage)": measure(lambda: backcare_ask(kb), questions),
    }
    plain_cold = cold_start(
        "import bm25s; from backcare.knowledge.loader import load_knowledge; "
        "cs = list(load_knowledge().cards.values()); r = bm25s.BM25(); "
        "r.index(bm25s.tokenize([c.title + ' ' + c.text for c in cs], show_progress=False), "
        f"show_progress=False); r.retrieve(bm25s.tokenize([{COLD_QUESTION!r}], "
        "show_progress=False), k=3, show_progress=False)"
    )
    ask_cold = cold_start(
        "import sys; from backcare.cli import main; "
        f"sys.argv = ['backcare', 'ask', {COLD_QUESTION!r}, '--json']; main()"
    )

    answerable = sum(1 for q in questions if not q.get("unanswerable"))
    print(f"{len(questions)} labelled questions ({answerable} answerable, "
          f"{len(questions) - answerable} not), {len(kb.cards)} cards\n")
    header = f"{'retrieval':34} {'top-3':>7} {'refused':>8} {'q/s':>8} {'build ms':>9}"
    print(header)
    print("-" * len(header))
    for name, row in rows.items():
        print(f"{name:34} {row['top3']:7.1%} {row['refused']:8.0%} {row['qps']:8.0f} "
              f"{row['build_ms']:9.1f}")
    print(f"\ncold start, one question in a new process (median of {COLD_RUNS}):")
    print(f"  plain bm25s over the cards      {plain_cold:.2f} s")
    print(f"  backcare ask --json             {ask_cold:.2f} s")


if __name__ == "__main__":
    main()
