"""JT106 nested-definition: look-alikes that DO script on torch 2.13.0 (must not fire).

The hoisted helper (module-level function with the closed-over value as a parameter), nested definitions in
``__init__``, in a ``@torch.jit.unused`` method and in a method forward never calls.
"""

from typing import List

import torch
from torch import nn, Tensor


def rescale(t: Tensor, scale: float) -> Tensor:
    return t * scale


class Rescale(nn.Module):
    """The hoisted helper."""

    def forward(self, x: Tensor, scale: float) -> Tensor:
        return rescale(x, scale)


def case_hoisted_helper():
    torch.manual_seed(0)
    return Rescale().eval(), (torch.randn(2), 0.5)


class Builder(nn.Module):
    """Nested definitions where TorchScript never looks."""

    def __init__(self, sizes: List[int] = [3, 4, 2]):
        super().__init__()

        def block(i: int, o: int) -> nn.Module:
            return nn.Sequential(nn.Linear(i, o), nn.ReLU())

        class Spec:
            depth = len(sizes) - 1

        self.depth = Spec.depth
        self.blocks = nn.ModuleList([block(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

    def forward(self, x: Tensor) -> Tensor:
        for b in self.blocks:
            x = b(x)
        if torch.jit.is_scripting():
            return x
        return self.checked(x)

    @torch.jit.unused
    def checked(self, x: Tensor) -> Tensor:
        def finite(t: Tensor) -> bool:
            return bool(torch.isfinite(t).all())

        assert finite(x)
        return x

    def summary(self) -> str:
        def fmt(n: int) -> str:
            return str(n)

        return fmt(self.depth)


def case_not_compiled():
    torch.manual_seed(0)
    return Builder().eval(), (torch.randn(2, 3),)
