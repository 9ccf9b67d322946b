"""JT102 set-comprehension: look-alikes that DO script on torch 2.13.0 (must not fire).

Dict comprehensions (braces, but a key/value pair), the dict-based dedup rewrite, and set comprehensions in code
that is never compiled (``__init__``, ``@torch.jit.unused`` bodies, unreachable methods, module top level).
"""

from typing import Dict, List

import torch
from torch import nn, Tensor

# Module top level is never compiled.
SPECIAL_IDS = {i for i in range(3)}


class UniqueLabelCount(nn.Module):
    """Dedup with a typed dict instead of a set comprehension."""

    def __init__(self, num_classes: int = 4):
        super().__init__()
        self.cls = nn.Linear(3, num_classes)

    def forward(self, x: Tensor, labels: List[int]) -> Tensor:
        seen: Dict[int, bool] = {}
        for label in labels:
            seen[label] = True
        return self.cls(x) * len(seen)


def case_dict_dedup():
    torch.manual_seed(0)
    return UniqueLabelCount().eval(), (torch.randn(2, 3), [1, 1, 3])


class LevelIndex(nn.Module):
    """Dict comprehensions use braces too."""

    def forward(self, feats: Dict[str, Tensor], names: List[str]) -> Dict[str, Tensor]:
        index = {n: i for i, n in enumerate(names)}
        return {k: v * float(index[k]) for k, v in feats.items()}


def case_dict_comprehension():
    torch.manual_seed(0)
    feats = {"p3": torch.randn(2), "p4": torch.randn(2)}
    return LevelIndex().eval(), (feats, ["p3", "p4"])


class Tokenizer(nn.Module):
    """Set comprehensions where TorchScript never looks."""

    def __init__(self, vocab: List[str] = ["<pad>", "a", "b", "a"], dim: int = 4):
        super().__init__()
        distinct = {w for w in vocab}
        self.emb = nn.Embedding(len(distinct), dim)
        self.vocab_size = len(distinct)

    def forward(self, ids: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            out = self.emb(ids)
        else:
            out = self.embed_checked(ids)
        return out

    @torch.jit.unused
    def embed_checked(self, ids: Tensor) -> Tensor:
        assert len({int(i) for i in ids.tolist()}) <= self.vocab_size
        return self.emb(ids)

    def vocab_report(self, ids: List[int]) -> int:
        return len({i for i in ids})


def case_not_compiled():
    torch.manual_seed(0)
    return Tokenizer().eval(), (torch.tensor([0, 2, 1]),)
