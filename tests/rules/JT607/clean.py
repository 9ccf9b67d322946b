"""JT607 return-type-mismatch: returns TorchScript unifies or converts."""

from typing import Dict, List, Optional, Union

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


class Displays(nn.Module):
    """Dict and list displays under annotations that take them: an ``Optional`` of one, a ``Union`` holding one
    (TorchScript types the display from the annotation and accepts each)."""

    def pairs(self, x: Tensor) -> Optional[Dict[str, Tensor]]:
        return {"x": x}

    def either(self, x: Tensor) -> Union[Tensor, Dict[str, Tensor]]:
        return {k: x for k in ["a", "b"]}

    def many(self, x: Tensor) -> Optional[List[Tensor]]:
        return [x * i for i in range(2)]

    def forward(self, x: Tensor) -> Tensor:
        pairs = self.pairs(x)
        many = self.many(x)
        self.either(x)
        if pairs is None or many is None:
            return x
        return pairs["x"] + many[1]


def case_displays_under_annotations():
    return Displays().eval(), (torch.randn(3),)
