"""Give the shipped int8 encoder 7-bit weights, so that every x86 processor reads alike.

Run once in a build environment with the ``onnx`` package (never needed at run time)::

    pip install onnx
    python3 training/seven_bit_encoder.py

then retrain the head (``train_reader.py``) and rewrite the card matrix
(``training/card_vectors.py``): both are built over the encoder's embeddings.

Why: onnxruntime multiplies the quantised activations (0–255) by the int8 weights. A processor
with AVX-512 VNNI adds each pair of products in 32 bits; one with AVX2 only adds them in 16 bits
first, which saturates when both weights of a pair are large. The same message then gave
embeddings up to 0.02 of cosine apart on the two kinds of machine, a head tuned on one read
worse on the other (dev cost 2,214 where it was tuned, 2,284 on the other), and a test could
pass on one and fail on the other. With weights of at most 64 in size, no pair can reach
the 16-bit limit (2 × 255 × 64 < 32,767), so both kinds of processor compute exactly the same
integers. This is ``reduce_range`` in onnxruntime's ``quantize_dynamic``, which
``export_encoder.py`` now passes; this script does the same to an encoder already quantised
to 8 bits, by halving each weight (rounded) and doubling its channel's scale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

MODEL = Path(__file__).resolve().parent.parent / "src" / "backcare" / "language" / "model"
LIMIT = 64  # the largest 7-bit weight: 2 × 255 × 64 = 32,640, under the 16-bit 32,767


def seven_bit(model: onnx.ModelProto) -> int:
    """Halve the int8 weights of every ``MatMulInteger`` in ``model`` and double their scales,
    in place; return how many weight matrices changed (none if they are already 7-bit)."""
    initializers = {init.name: init for init in model.graph.initializer}
    changed = 0
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or node.input[1] not in initializers:
            continue
        name = node.input[1]
        weights = numpy_helper.to_array(initializers[name])
        zero_point = numpy_helper.to_array(initializers[node.input[3]])
        if weights.dtype != np.int8 or zero_point.any():
            raise SystemExit(f"{name}: expected symmetric int8 weights")
        if np.abs(weights.astype(np.int16)).max() <= LIMIT:
            continue
        scale_name = name.removesuffix("_quantized") + "_scale"
        scale = numpy_helper.to_array(initializers[scale_name])
        halved = np.round(weights.astype(np.float32) / 2).astype(np.int8)
        initializers[name].CopyFrom(numpy_helper.from_array(halved, name))
        initializers[scale_name].CopyFrom(
            numpy_helper.from_array((scale * 2).astype(scale.dtype), scale_name))
        changed += 1
    return changed


def main() -> int:
    path = MODEL / "encoder.onnx"
    model = onnx.load(path)
    changed = seven_bit(model)
    onnx.save(model, path)
    print(f"{path}: {changed} weight matrices now 7-bit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
