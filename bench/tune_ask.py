"""Fit the weights of `backcare ask`'s answer rule on the train split; show where ANSWER_AT falls.

    .venv/bin/python bench/tune_ask.py

``fusion.answers`` answers a question when ``similarity + KNOWN_WEIGHT·known + ASKED_WEIGHT·
asked − NOT_ANSWERED_WEIGHT·not_answered + COVERED_WEIGHT·covered + PROBE_WEIGHT·answerable``
reaches ``ANSWER_AT`` (see ``backcare/ask/fusion.py``). This script fits a logistic regression of
"some card answers it" on those six signals over the train share (the knowledge base's asked
questions, each judged as if it were not there: ``CardVectors.closeness``'s ``leave_out``),
scales its weights so the similarity counts once, and prints top-1, top-3 and the share of
unanswerable questions refused on the train and dev splits for a range of ANSWER_AT, with the
floor rule (``DENSE_FLOOR``) applied as ``fusion.answers`` applies it. Choose ANSWER_AT on
dev; never look at the sealed set here. Rerun it after changing the cards' questions,
ask.yaml's questions no card answers or asked.yaml.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from backcare.ask.answer import MAX_ANSWERS, confident_hits
from backcare.ask.dense import encoder_knows, vectors_for
from backcare.ask.fusion import DENSE_FLOOR, covered, fuse
from backcare.ask.index import index_for
from backcare.ask.probe import fit_logistic
from backcare.knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from ask_corpus_support import split  # noqa: E402

L2 = 0.01


def signals(questions: list[dict[str, object]], held: bool) -> dict[str, np.ndarray]:
    """Per question: the six signals, the floor rule, and whether the ranking is right;
    ``held``: the questions are the knowledge base's asked ones, in order, each left out of
    its own judgement."""
    kb = load_knowledge()
    cards, index, vectors = tuple(kb.cards.values()), index_for(kb), vectors_for(kb)
    rows = []
    for number, question in enumerate(questions):
        text = str(question["question"])
        search = index.search(text, len(cards))
        closeness = vectors.closeness(index.respelled(text, encoder_knows),
                                      leave_out=number if held else None)
        fused = fuse(cards, search, closeness.cards)
        ranked = [item.card.id for item in fused[:MAX_ANSWERS]]
        wanted = set(question["cards"])  # type: ignore[call-overload]
        floors = closeness.cards.max() >= DENSE_FLOOR or bool(confident_hits(search))
        rows.append((closeness.cards.max(), search.known(), closeness.asked,
                     -closeness.not_answered, covered(search, fused[0]), closeness.answerable,
                     floors, bool(wanted), ranked[0] in wanted, bool(set(ranked[:3]) & wanted)))
    table = np.array(rows, dtype=float)
    return {"x": table[:, :6], "floors": table[:, 6] > 0, "answerable": table[:, 7] > 0,
            "top1": table[:, 8] > 0, "top3": table[:, 9] > 0}


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised signals; raw-scale weights."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    weights, bias = fit_logistic((x - mean) / scale, y, l2=L2, steps=8000, rate=0.3)
    raw = weights / scale
    return raw, bias - float(raw @ mean)


def main() -> None:
    train, dev = split()
    sets = {"train": signals(train, held=True), "dev": signals(dev, held=False)}
    weights, bias = fit(sets["train"]["x"], sets["train"]["answerable"])
    scaled = weights / weights[0]
    print(f"KNOWN_WEIGHT = {scaled[1]:.2f}\nASKED_WEIGHT = {scaled[2]:.2f}\n"
          f"NOT_ANSWERED_WEIGHT = {scaled[3]:.2f}\nCOVERED_WEIGHT = {scaled[4]:.2f}\n"
          f"PROBE_WEIGHT = {scaled[5]:.2f}")
    middle = -bias / weights[0]
    print(f"(probability 1/2 at ANSWER_AT = {middle:.2f})\n")
    print(f"{'ANSWER_AT':>9}  " + "  ".join(f"{name:>22}" for name in sets))
    for answer_at in np.arange(middle - 0.2, middle + 0.31, 0.01):
        cells = []
        for data in sets.values():
            shown = data["floors"] & (data["x"] @ scaled >= answer_at)
            answerable = data["answerable"]
            cells.append(f"{np.mean((shown & data['top1'])[answerable]):6.1%} "
                         f"{np.mean((shown & data['top3'])[answerable]):6.1%} "
                         f"{np.mean(~shown[~answerable]):6.0%}")
        print(f"{answer_at:9.2f}  " + "  ".join(cells))
    print("\n(top-1, top-3 with refusals counted as misses, share of unanswerable refused)")


if __name__ == "__main__":
    main()
