"""Would a static encoder read as well for less? Build one from the shipped encoder, train a
head on it exactly as ``train_reader.py`` trains the shipped one, and compare them on dev.

    .venv/bin/python training/static_encoder_trial.py      # ~25 min on 2 cores

A static encoder (the idea of model2vec) keeps one vector per word piece and embeds a text as
the mean of its pieces' vectors: no transformer runs, so a unit costs microseconds instead of
milliseconds. Here each piece's vector is what the shipped (fine-tuned, int8) encoder gives
for that piece alone, so both encoders come from the same model and only the reading differs.
It needs no torch. The head is trained, merged and tuned on dev as for the shipped encoder
(``train_reader.train_head`` and ``tune``, into a temporary folder; nothing in ``model/``
changes), and both are scored on dev with the lexicon beside them, as the reader runs. It
prints a table: the dev figures and the CPU per unit of each. The sealed test is not read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import corpus
import numpy as np
from evaluate import Score, score
from train_reader import MEMBERS, train_head, tune

import backcare
from backcare.knowledge.loader import KnowledgeBase
from backcare.language.encoder import MODEL_DIR, Embeddings, SentenceEncoder
from backcare.language.fusion import read_texts
from backcare.language.model_reader import ClauseModel
from backcare.language.onnx_runtime import onnxruntime
from backcare.language.units import split_units


class StaticEncoder:
    """One vector per word piece, a text the normalised mean of its pieces' vectors."""

    dimensions = SentenceEncoder.dimensions

    def __init__(self) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        vocabulary = self._tokenizer.get_vocab()
        pieces = [piece for piece, _ in sorted(vocabulary.items(), key=lambda item: item[1])]
        # Each piece alone through the shipped transformer, in a session of its own; the
        # tokenizer's decoding of a piece can differ from the piece, so the ids are fed as they
        # are.
        self._table = np.zeros((len(pieces), self.dimensions), dtype=np.float32)
        cls, sep = vocabulary["[CLS]"], vocabulary["[SEP]"]
        session = onnxruntime().InferenceSession(str(MODEL_DIR / "encoder.onnx"))
        for piece_id in range(len(pieces)):
            ids = np.array([[cls, piece_id, sep]], dtype=np.int64)
            (embedded,) = session.run(None, {"input_ids": ids,
                                             "attention_mask": np.ones_like(ids)})
            self._table[piece_id] = embedded[0]

    def encode(self, texts: Sequence[str]) -> Embeddings:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, encoding in enumerate(self._tokenizer.encode_batch(list(texts),
                                                                    add_special_tokens=False)):
            if encoding.ids:
                mean = self._table[encoding.ids].mean(axis=0)
                out[row] = mean / max(float(np.linalg.norm(mean)), 1e-9)
        return out


def dev_score(dev: Sequence[corpus.Message], model: ClauseModel, kb: KnowledgeBase) -> Score:
    """``model`` on dev with the lexicon beside it, read as the project reads a message."""
    return score(dev, read_texts([m.text for m in dev], kb, model), kb)


def cpu_per_unit(encoder: SentenceEncoder | StaticEncoder, units: Sequence[str]) -> float:
    """Milliseconds of process CPU per unit, over ``units``."""
    started = time.process_time()
    encoder.encode(units)
    return 1000 * (time.process_time() - started) / max(len(units), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=MEMBERS)
    args = parser.parse_args()
    kb = backcare.load_knowledge()
    train, dev = corpus.train_and_dev()
    shipped = SentenceEncoder()
    started = time.perf_counter()
    static = StaticEncoder()
    print(f"static table built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    shipped_model = ClauseModel(shipped)
    results = {"shipped (transformer, int8)": dev_score(dev, shipped_model, kb)}
    with tempfile.TemporaryDirectory() as folder:
        train_head(kb, train, dev, static, args.members, Path(folder), cached=False)
        static_model = ClauseModel(static, Path(folder))
        static_model.thresholds, _, _ = tune(dev, static_model, kb)
        results["static, from the same model"] = dev_score(dev, static_model, kb)
    units = [u.text for m in dev[:300] for u in split_units(m.text)]
    cost = {"shipped (transformer, int8)": cpu_per_unit(shipped, units),
            "static, from the same model": cpu_per_unit(static, units)}
    print(f"### Dev share ({len(dev)} messages), lexicon beside each head\n")
    print("| encoder | CPU per unit (ms) | emergencies caught | under-triaged (possible) "
          "| exact | over-triaged | findings right |")
    print("|---|---|---|---|---|---|---|")
    for name, result in results.items():
        n = max(result.messages, 1)
        print(f"| {name} | {cost[name]:.2f} | {result.emergencies_caught} of "
              f"{result.emergencies} | {result.under} ({result.under_flagged}) | "
              f"{result.exact / n:.1%} | {result.over / n:.1%} | "
              f"{result.findings_right / max(result.findings_total, 1):.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
