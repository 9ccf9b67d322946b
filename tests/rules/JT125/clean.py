"""JT125 keyword-argument-unpack: look-alikes that DO script on torch 2.13.0 (must not fire).

Explicit keyword arguments, and ``**kwargs`` calls in ``__init__`` / an ignored method.
"""

from typing import Any, Dict

import torch
from torch import nn, Tensor


def scaled(x: Tensor, scale: float = 1.0) -> Tensor:
    return x * scale


class Dropout(nn.Module):
    def __init__(self, cfg: Dict[str, Any] = {"in_features": 2, "out_features": 2}):
        super().__init__()
        self.proj = nn.Linear(**cfg)

    def forward(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
        return self.proj(scaled(x, scale=opts["scale"]))

    @torch.jit.ignore
    def call_with(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
        return scaled(x, **opts)


def case_explicit_keywords():
    torch.manual_seed(0)
    return Dropout().eval(), (torch.randn(2), {"scale": 2.0})


class Pairs(nn.Module):
    """Dict displays are JT124's; a dict passed positionally is fine."""

    def forward(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
        merged = dict(opts)
        return x * merged["scale"]


def case_dict_positional():
    torch.manual_seed(0)
    return Pairs().eval(), (torch.randn(2), {"scale": 2.0})
