"""JT607 return-type-mismatch: returns TorchScript unifies or converts."""

from typing import Optional

import torch
from torch import nn, Tensor


def maybe_mask(x: Tensor, use: bool):
    if use:
        return x > 0
    return None  # Tensor and None unify to Optional[Tensor]


def flag(x: Tensor) -> int:
    return True  # bool is accepted as int


class Unified(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        mask = maybe_mask(x, True)
        if mask is not None:
            x = x * mask
        return x * flag(x)


def case_optional_and_conversions():
    return Unified().eval(), (torch.randn(3),)


class Guarded(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            return x
        return x + 0

    @torch.jit.unused
    def eager(self, x: Tensor) -> Tensor:
        return 1

    def first(self, x: Tensor) -> Optional[int]:
        if x.dim() > 5:
            return None
        return 3


def case_eager_only():
    return Guarded().eval(), (torch.randn(3),)
