"""Does a question read like one the cards answer? A linear probe on its embedding.

The other signals of the answer rule (``fusion``) compare a question with its neighbours: how
close the nearest card is, and how close the nearest answered and unanswered questions are.
A question about a mattress brand, the price of an MRI or a dog's back can sit as close to a
card's questions as a true paraphrase does. What such questions share is their kind, whatever
their topic — a product, a price, a form, another body part, an animal — and a linear probe
on the embedding learns that direction from the knowledge base's own questions: the cards'
and the answered asked ones against ``ask.yaml``'s and the asked ones no card answers. On the
dev split it lifts the share of unanswerable questions refused at the same top-3
(``bench/tune_ask.py``).

Fitting the answer rule needs the probe's view of each asked question as if that question
had not been there, so ``FOLDS`` more probes are fitted, each without one fold of the asked
questions (``fold_of``).
"""

from __future__ import annotations

import numpy as np

FOLDS = 5
L2 = 1e-3
STEPS = 600
RATE = 2.0


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = STEPS,
                 rate: float = RATE) -> tuple[np.ndarray, float]:
    """A logistic regression by gradient descent, each class weighing the same in total."""
    weights, bias = np.zeros(x.shape[1]), 0.0
    weight = np.where(y > 0, 1.0, (y > 0).sum() / max(int((y <= 0).sum()), 1))
    for _ in range(steps):
        error = (1 / (1 + np.exp(-(x @ weights + bias))) - y) * weight
        weights -= rate * (x.T @ error / len(y) + l2 * weights)
        bias -= rate * float(error.mean())
    return weights, bias


def fold_of(asked_index: int) -> int:
    """The fold an asked question (by its index in ``asked.yaml``) is left out of."""
    return asked_index % FOLDS


def fit_probes(matrix: np.ndarray, answered: np.ndarray, unanswered: np.ndarray,
               asked_start: int) -> np.ndarray:
    """(FOLDS + 1, dims + 1): the probe on every question (row 0), then one per fold without
    that fold's asked questions; each row its weights, then its bias. ``answered`` and
    ``unanswered`` are rows of ``matrix``; the asked questions start at ``asked_start``."""
    rows = np.concatenate([answered, unanswered])
    labels = np.concatenate([np.ones(len(answered)), np.zeros(len(unanswered))])
    vectors = matrix[rows].astype(np.float64)
    fold = np.where(rows >= asked_start, (rows - asked_start) % FOLDS, -1)
    probes = []
    for left_out in (-2, *range(FOLDS)):  # -2: no row is left out
        kept = fold != left_out
        weights, bias = fit_logistic(vectors[kept], labels[kept])
        probes.append(np.append(weights, bias))
    return np.array(probes, dtype=np.float32)


def answerable(probes: np.ndarray, vector: np.ndarray, fold: int | None = None) -> float:
    """How much ``vector``'s question reads like an answered one, from 0 to 1; ``fold``: use
    the probe fitted without that fold's asked questions."""
    probe = probes[0 if fold is None else fold + 1]
    return float(1 / (1 + np.exp(-(float(vector @ probe[:-1]) + float(probe[-1])))))
