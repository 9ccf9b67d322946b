"""JT511 global-python-value: look-alikes that script on torch 2.13.0 (must not fire)."""

import math
from typing import Final

import torch
from torch import nn, Tensor

SCALE = 0.5
MASK = torch.ones(3)
TYPES = (int, float)


def double(x: Tensor) -> Tensor:
    return x * 2


ACTIVATION = double


class Attributes(nn.Module):
    """Globals copied into attributes in ``__init__``; a local shadowing a global; module attributes and
    functions."""

    scale: Final[float]

    def __init__(self):
        super().__init__()
        self.scale = SCALE
        self.register_buffer("mask", MASK.clone(), persistent=False)

    def forward(self, x: Tensor) -> Tensor:
        SCALE = 2.0
        return ACTIVATION(x) * self.scale * SCALE * math.pi + self.mask


def case_attributes_and_shadowing():
    torch.manual_seed(0)
    return Attributes().eval(), (torch.randn(2, 3),)


class EagerOnly(nn.Module):
    """Reads in an eager-only branch, an ignored method and a default value."""

    @torch.jit.unused
    def eager(self, x: Tensor) -> Tensor:
        return x + MASK * 0

    def forward(self, x: Tensor, k: float = SCALE) -> Tensor:
        if not torch.jit.is_scripting():
            x = self.eager(x) + 0 * SCALE
        return x * k


def case_eager_only():
    torch.manual_seed(0)
    return EagerOnly().eval(), (torch.randn(2, 3),)
