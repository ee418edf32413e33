"""The sentence encoder the trained reader and ``ask`` share: text → 384 numbers per unit.

all-MiniLM-L6-v2 (Apache-2.0), fine-tuned on the reader's corpus (``training/
finetune_encoder.py``), exported to ONNX with its mean pooling and normalisation and quantised
to int8. It runs on onnxruntime with the tokenizer
of the ``tokenizers`` library: no torch and nothing downloaded. One encoder is loaded per
process, on first use, so a command that never reads free text never pays for it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

import numpy as np
import numpy.typing as npt

MODEL_DIR = Path(str(files("backcare.language") / "model"))
# The encoder was trained on pieces of up to 128 tokens; a unit is at most 32 words.
MAX_TOKENS = 128

Embeddings = npt.NDArray[np.float32]


class SentenceEncoder:
    """Encodes short texts into normalised sentence embeddings."""

    dimensions = 384

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        from tokenizers import Tokenizer

        from backcare.language import kept_graph
        from backcare.language.onnx_runtime import onnxruntime

        options = onnxruntime().SessionOptions()
        # One thread: the web server reads requests in a pool of its own, and a batch command
        # is one person's work; threads fighting over two cores cost more than they give.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # The same graph, already optimised by an earlier run where one was kept (kept_graph.py).
        self._session = kept_graph.session(model_dir / "encoder.onnx", options)
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        # The exported tokenizer pads every text to 128 tokens; units are run unpadded.
        self._tokenizer.no_padding()
        # Encoding is serialised: on two cores, concurrent runs only slow each other down.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Embeddings:
        """One row per text, in order.

        Each text is run on its own. The int8 model quantises its activations with a scale
        taken from the whole input, so in a padded batch a unit's numbers would depend on
        its neighbours; alone, a unit always reads the same (in training as at run time), and
        without padding it is also faster on a CPU.
        """
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        with self._lock:
            for row, encoding in enumerate(self._tokenizer.encode_batch(list(texts))):
                ids = np.array([encoding.ids], dtype=np.int64)
                (embedded,) = self._session.run(
                    None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
                out[row] = embedded[0]
        return out


@functools.cache
def shared_encoder() -> SentenceEncoder:
    """The process's one encoder, loaded on first use."""
    return SentenceEncoder()
