"""JT308 default-type-mismatch: defaults TorchScript converts to the annotated type, and mismatches it never sees.

``float = 1``, ``bool = 0``, ``int = True``, ``bool = None``, ``Tensor = None``, ``Optional[int] = None``,
``int | None = None``, ``Tuple[int, int] = (1, 2)``, ``float = -1`` compile; ``__init__`` and methods forward never
reaches are not compiled.
"""

from typing import Optional, Tuple

import torch
from torch import nn, Tensor


class Lenient(nn.Module):
    """Conversions TorchScript accepts."""

    def forward(self, x: Tensor, scale: float = 1, flag: bool = 0, steps: int = True, shift: float = -1,
                k: Optional[int] = None, m: int | None = None, pair: Tuple[int, int] = (1, 2)) -> Tensor:
        y = x * scale + shift + steps + pair[0]
        if flag:
            y = y * 2
        if k is not None:
            y = y + k
        if m is not None:
            y = y - m
        return y


def case_lenient_conversions():
    torch.manual_seed(0)
    return Lenient().eval(), (torch.randn(2),)


class NoneDefaults(nn.Module):
    """``None`` for a ``Tensor`` or a ``bool`` compiles (torch accepts both)."""

    def forward(self, x: Tensor, mask: Tensor = None, verbose: bool = None) -> Tensor:
        return x


def case_none_for_tensor_and_bool():
    torch.manual_seed(0)
    return NoneDefaults().eval(), (torch.randn(2),)


class Configured(nn.Module):
    """Mismatches in ``__init__`` and in a method forward never reaches."""

    def __init__(self, width: int = 2.0, name: str = None):
        super().__init__()
        self.width = int(width)

    def forward(self, x: Tensor) -> Tensor:
        return x * self.width

    def debug(self, x: Tensor, scale: int = 0.5) -> Tensor:
        return x * scale


def case_not_compiled():
    torch.manual_seed(0)
    return Configured().eval(), (torch.randn(2),)
