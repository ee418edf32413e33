"""The trained reader: for each unit of a message and each finding, how likely each reading is.

A small network (``training/train_reader.py``) over the shared sentence encoder's unit
embeddings, each beside the mean of its message's, gives per unit and per yes/no finding four
probabilities: the unit says the finding is present for the patient, denies it, mentions it
without setting it (someone else, a fear, a question, an idiom, something over), or does not
mention it. A second, message-level head says whether the message is about a back at all. The
weights and the thresholds tuned on the corpus's dev share ship in ``model/head.npz`` and
``model/head.json``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from backcare.language.encoder import MODEL_DIR, SentenceEncoder, shared_encoder
from backcare.language.units import Unit, split_units

PRESENT, DENIED, SET_ASIDE, UNSAID = range(4)
NEVER = 2.0  # a threshold no probability reaches
NEVER_LOW = -1.0  # a ceiling no probability is at or below
# The model reads at most this many units of one message (about 5,000 words): past that the
# word list alone reads on, so a request's cost stays bounded whatever its length.
MAX_UNITS = 200
# The numbers the head also reads: which unit tells the patient's age, this episode's length
# and the pain score (the value itself is read by the number patterns, from that unit's words).
NUMBERS = ("age", "onset_days", "pain_score")
Array = npt.NDArray[np.float32]


class Thresholds(NamedTuple):
    """Probabilities, tuned on the dev share, at which a reading is acted on."""

    # Per finding: set it true at or above this. A sign that would bring an emergency is set
    # on less certainty than a risk factor: missing it costs more.
    present: Mapping[str, float]
    # A warning sign at or above this share of its ``present`` threshold is *possible*:
    # listed and asked, never used to lower anything.
    possible_share: float
    denied: float  # set the finding false
    # Per finding: the word list's finding is withdrawn (and left for the check-up to ask)
    # when the model reads those very words as denying it or setting it aside with at least
    # this probability. Tuned on dev, and only for findings that bring no more than ``routine``
    # on their own: a warning sign the word list found is never withdrawn, as the model can
    # misread a told sign as a denial ("the rash didn't fade").
    doubt: Mapping[str, float] = {}
    # Scope, from the scope head's probability that the message is about the patient's back:
    # a message the word list put in scope is out at or below ``scope_out_named`` when back
    # words were named (they may not be about a back: "back in 2019", "tilt my head back"),
    # at or below ``scope_out_unnamed`` when nothing named a back (a knee, a cough, a
    # grandfather who does not know where he is); one it put out is in at or above
    # ``scope_in``. Out of scope only ever raises a level (to see a clinician), so a message
    # wrongly kept in scope is the one that can be under-read.
    scope_out_named: float = 0.05
    scope_out_unnamed: float = NEVER_LOW
    scope_in: float = 0.95
    # The patient's age, this episode's length and the pain score (``NUMBERS``), where the word
    # list read none: taken from the unit the model reads as telling it, at or above this
    # probability.
    number: float = NEVER
    # Per warning sign with a ``present`` threshold of its own (lower than its tier's): where
    # it is listed as possible, which stays its tier's threshold times ``possible_share``. An
    # own threshold is chosen for where the sign is *set*; multiplied by the share it would
    # also widen the possible list as a side effect no tuning step weighed ("did my back in"
    # listed a bowel sign at 0.18).
    possible: Mapping[str, float] = {}
    # Per warning sign: a look-alike the word list read in the unit the model points at (a
    # phrase it lists as not the sign, judged without the words around it) gives way where
    # the model reads the unit as telling the sign with at least this probability: "it hurts
    # to breathe in" does not unsay "her breathing has gone fast and shallow" beside it. Tuned
    # on dev. Its other reasons for setting words aside, and its denials, stand.
    overrule: Mapping[str, float] = {}

    def doubt_at(self, finding: str) -> float:
        return self.doubt.get(finding, NEVER)

    def overrule_at(self, finding: str) -> float:
        return self.overrule.get(finding, NEVER)

    def present_at(self, finding: str) -> float:
        return self.present[finding]

    def possible_at(self, finding: str) -> float:
        return self.possible.get(finding, self.present[finding] * self.possible_share)


class UnitReading(NamedTuple):
    """The model's best reading of one finding in one message."""

    finding: str
    unit: Unit
    present: float
    denied: float


class ModelReading(NamedTuple):
    """What the model reads in one message."""

    present: dict[str, UnitReading]  # the unit most likely to state each finding
    denied: dict[str, UnitReading]  # the unit most likely to deny it
    in_scope: float
    units: tuple[Unit, ...] = ()
    # (units, findings, 4): every reading of every finding in every unit.
    probabilities: Array | None = None
    columns: Mapping[str, int] | None = None  # a finding's index in ``probabilities``

    def at(self, finding: str, start: int, end: int) -> tuple[float, float] | None:
        """How the model reads ``finding`` in the words ``start:end``: the probability that
        they state it and that they deny it or set it aside, for the unit around them most
        likely to state it; None when it never read them."""
        if self.probabilities is None or self.columns is None or finding not in self.columns:
            return None
        column = self.columns[finding]
        rows = [row for row, unit in enumerate(self.units) if unit.overlaps(start, end)]
        if not rows:
            return None
        probabilities = self.probabilities
        row = max(rows, key=lambda r: float(probabilities[r, column, PRESENT]))
        cell = probabilities[row, column]
        return float(cell[PRESENT]), float(cell[DENIED] + cell[SET_ASIDE])


class ClauseModel:
    """The trained head over the encoder, with its tuned thresholds."""

    def __init__(self, encoder: SentenceEncoder, model_dir: Path = MODEL_DIR) -> None:
        from threadpoolctl import threadpool_limits

        # The head's products are small: BLAS worker threads cost more than they give, and
        # OpenBLAS's keep spinning after each product, taking the CPU from the encoder (a
        # message cost about half as much again). One thread, for the whole process.
        threadpool_limits(limits=1, user_api="blas")
        meta = json.loads((model_dir / "head.json").read_text(encoding="utf-8"))
        weights = np.load(model_dir / "head.npz")
        self.findings: tuple[str, ...] = tuple(meta["findings"])
        self._columns = {finding: column for column, finding in enumerate(self.findings)}
        self.thresholds = Thresholds(**meta["thresholds"])
        self._encoder = encoder
        self._hidden_w: Array = weights["hidden_w"]
        self._hidden_b: Array = weights["hidden_b"]
        self._out_w: Array = weights["out_w"]
        self._out_b: Array = weights["out_b"]
        self._scope_hidden_w: Array = weights["scope_hidden_w"]
        self._scope_hidden_b: Array = weights["scope_hidden_b"]
        self._scope_w: Array = weights["scope_w"]
        self._scope_b: Array = weights["scope_b"]

    def unit_probabilities(self, embeddings: Array) -> Array:
        """(units, findings, 4) probabilities for the units of one message (its rows)."""
        hidden = np.maximum(with_context(embeddings) @ self._hidden_w + self._hidden_b, 0.0)
        logits = (hidden @ self._out_w + self._out_b).reshape(
            len(embeddings), len(self.findings), 4)
        logits -= logits.max(axis=2, keepdims=True)
        exp = np.exp(logits)
        probabilities: Array = exp / exp.sum(axis=2, keepdims=True)
        return probabilities

    def scope_probability(self, embeddings: Array) -> float:
        """How likely the message (its unit embeddings) is about the patient's back or neck."""
        if not len(embeddings):
            return 1.0
        hidden = np.maximum(pooled(embeddings) @ self._scope_hidden_w + self._scope_hidden_b, 0.0)
        return float(1.0 / (1.0 + np.exp(-(hidden @ self._scope_w + self._scope_b)[0])))

    def read(self, text: str) -> ModelReading:
        return self.read_many([text])[0]

    def read_many(self, texts: Sequence[str]) -> list[ModelReading]:
        """Read several messages with their units encoded together, in batches."""
        units = [split_units(text)[:MAX_UNITS] for text in texts]
        flat = [unit.text for message in units for unit in message]
        # A unit said twice is encoded once ("no no no …" costs one unit, not thousands).
        distinct = list(dict.fromkeys(flat))
        encoded = self._encoder.encode(distinct)
        row_of = {text: row for row, text in enumerate(distinct)}
        embeddings = encoded[[row_of[text] for text in flat]] if flat else encoded
        readings: list[ModelReading] = []
        first = 0
        for message in units:
            rows = slice(first, first + len(message))
            first += len(message)
            present: dict[str, UnitReading] = {}
            denied: dict[str, UnitReading] = {}
            if message:
                chunk = self.unit_probabilities(embeddings[rows])
                best_present = chunk[:, :, PRESENT].argmax(axis=0)
                best_denied = chunk[:, :, DENIED].argmax(axis=0)
                for column, finding in enumerate(self.findings):
                    row = int(best_present[column])
                    present[finding] = UnitReading(finding, message[row],
                                                   float(chunk[row, column, PRESENT]),
                                                   float(chunk[row, column, DENIED]))
                    row = int(best_denied[column])
                    denied[finding] = UnitReading(finding, message[row],
                                                  float(chunk[row, column, PRESENT]),
                                                  float(chunk[row, column, DENIED]))
            readings.append(ModelReading(
                present, denied, self.scope_probability(embeddings[rows]), tuple(message),
                chunk if message else None, self._columns))
        return readings


def with_context(embeddings: Array) -> Array:
    """Each unit's embedding beside the mean of its message's: what the rest of the message is
    about (a relative, a denial list, another complaint) helps read each unit."""
    context = np.broadcast_to(embeddings.mean(axis=0), embeddings.shape)
    return np.concatenate([embeddings, context], axis=1)


def pooled(embeddings: Array) -> Array:
    """A message's units in one row, the scope head's input: their mean (what the message is
    mostly about) beside their maximum (a word one unit says strongly)."""
    return np.concatenate([embeddings.mean(axis=0), embeddings.max(axis=0)])


@functools.cache
def shared_model() -> ClauseModel:
    """The process's one trained reader, loaded on first use."""
    return ClauseModel(shared_encoder())
