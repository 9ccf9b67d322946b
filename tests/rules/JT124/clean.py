"""JT124 dict-unpack: look-alikes that DO script on torch 2.13.0 (must not fire).

The recipe (``copy`` + ``update``), dict comprehensions, and ``{**d}`` in ``__init__``.
"""

from typing import Dict

import torch
from torch import nn, Tensor


class MergeFeatures(nn.Module):
    def __init__(self, base: Dict[str, float] = {"scale": 1.0}):
        super().__init__()
        self.opts: Dict[str, float] = {**base, "shift": 0.5}

    def forward(self, feats: Dict[str, Tensor], extra: Dict[str, Tensor]) -> Dict[str, Tensor]:
        out = feats.copy()
        out.update(extra)
        scaled = {k: v * self.opts["scale"] for k, v in out.items()}
        return scaled


def case_copy_update():
    torch.manual_seed(0)
    return MergeFeatures().eval(), ({"a": torch.randn(2)}, {"b": torch.randn(2)})


class Kwargs(nn.Module):
    """Plain dict display with computed keys."""

    def forward(self, x: Tensor, name: str) -> Dict[str, Tensor]:
        return {name: x, name + "_sq": x * x}


def case_plain_display():
    torch.manual_seed(0)
    return Kwargs().eval(), (torch.randn(2), "a")
