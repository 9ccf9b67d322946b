"""JT404 optional-attribute-unrefined: maybe-None attributes TorchScript accepts."""

from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class Unannotated(nn.Module):
    """No class-level annotation: the attribute is typed from the instance's value (Tensor or NoneType)."""

    def __init__(self, dim: int = 4, bias: bool = True):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(dim)) if bias else None

    def forward(self, x: Tensor) -> Tensor:
        if self.bias is not None:
            x = x + self.bias
        return x


def case_unannotated_maybe_none():
    return Unannotated(bias=False).eval(), (torch.randn(2, 4),)


class Aliased(nn.Module):
    """Refinement through a local works; an Optional argument is fine."""

    bias: Optional[Tensor]

    def __init__(self, dim: int = 4):
        super().__init__()
        self.weight = nn.Parameter(torch.eye(dim))
        self.bias = nn.Parameter(torch.zeros(dim)) if dim > 2 else None

    def forward(self, x: Tensor) -> Tensor:
        y = F.linear(x, self.weight, self.bias)
        bias = self.bias
        if bias is not None:
            y = y + bias
        return y


def case_local_alias():
    torch.manual_seed(0)
    return Aliased().eval(), (torch.randn(2, 4),)


class Window:
    """TorchScript class attributes that are not Optional: a parameter bound again in ``__init__`` (refined by the
    ``is None`` test), a non-Optional parameter; and the Optional one read through a local."""

    def __init__(self, size: Optional[int] = None, weight: Optional[Tensor] = None, bias: Tensor = torch.zeros(1)):
        if size is None:
            size = 4
        self.size = size
        self.weight = weight
        self.bias = bias

    def apply(self, x: Tensor) -> Tensor:
        weight = self.weight
        if weight is not None:
            x = x * weight
        return x[..., : self.size] + self.bias.sum()


class Windowed(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return Window(2, x).apply(x)


def case_script_class_attributes():
    return Windowed().eval(), (torch.randn(2, 4),)
