"""A shared encoder with one head per task, selected at call time by the task name.

A common multi-task pattern: the heads live in an ``nn.ModuleDict`` keyed by task name and are reached by walking
its keys (``self.heads[name](features)``), a set literal names the tasks that need sigmoid outputs, and loss weights
are filtered with a dict comprehension.

Runs eagerly; as written, ``torch.jit.script`` rejects it on torch 2.13.0 (JT202 moduledict-variable-key, JT103
set-literal-or-type, JT101 comprehension-if). ``jitlint fix`` fixes all of them (safe fixes only);
``fixed/multitask_heads.py`` is its output. See README.md for the expected diagnostics.
"""

from typing import Dict, Optional

import torch
from torch import nn, Tensor


class Encoder(nn.Module):
    """Token embedding + a small Transformer encoder, mean-pooled."""

    def __init__(self, vocab: int = 100, dim: int = 32, layers: int = 2):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        layer = nn.TransformerEncoderLayer(dim, nhead=4, dim_feedforward=64, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=layers, enable_nested_tensor=False)

    def forward(self, ids: Tensor) -> Tensor:
        return self.encoder(self.embed(ids)).mean(dim=1)


class MultiTaskModel(nn.Module):
    def __init__(self, dim: int = 32):
        super().__init__()
        self.encoder = Encoder(dim=dim)
        self.heads = nn.ModuleDict({
            "sentiment": nn.Linear(dim, 3),
            "toxicity": nn.Linear(dim, 1),
            "topic": nn.Linear(dim, 8),
        })
        self.loss_weights: Dict[str, float] = {"sentiment": 1.0, "toxicity": 0.5, "topic": 0.0}

    def forward(self, ids: Tensor, task: str) -> Tensor:
        """Probabilities from the head of ``task`` (sigmoid for binary tasks, softmax otherwise)."""
        feats = self.encoder(ids)
        logits: Optional[Tensor] = None
        for name in self.heads:
            if name == task:
                logits = self.heads[name](feats)
        if logits is None:
            raise ValueError("unknown task: " + task)
        if task in {"toxicity", "spam"}:
            return torch.sigmoid(logits)
        return logits.softmax(dim=-1)

    @torch.jit.export
    def active_loss_weights(self) -> Dict[str, float]:
        """Loss weights of the tasks that are trained (weight > 0), for the training loop that loads this model."""
        return {k: w for k, w in self.loss_weights.items() if w > 0.0}

    @torch.jit.export
    def predict_all(self, ids: Tensor) -> Dict[str, Tensor]:
        """Raw logits of every head, keyed by task name."""
        feats = self.encoder(ids)
        out: Dict[str, Tensor] = {}
        for t in self.heads.keys():
            out[t] = self.heads[t](feats)
        return out


def build():
    torch.manual_seed(0)
    model = MultiTaskModel().eval()
    ids = torch.randint(0, 100, (2, 12))
    return model, (ids, "toxicity")
