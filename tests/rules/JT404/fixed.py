"""JT404 optional-attribute-unrefined: an attribute annotated Optional in the class body, used where its value is
needed; TorchScript narrows only locals, so a guard on the attribute does not help.

Operators fail with ``Arguments for call are not valid.``; a method with ``'Optional[Tensor]' object has no attribute
or method 'sum'.``
"""

from typing import Optional

import torch
from torch import nn, Tensor


class Affine(nn.Module):
    bias: Optional[Tensor]

    def __init__(self, dim: int = 4, bias: bool = True):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim)) if bias else None

    def forward(self, x: Tensor) -> Tensor:
        x = x * self.weight
        bias = self.bias
        if bias is not None:
            x = x + bias  # expect: JT404@21-30 safe "`self.bias` is annotated `Optional` in the class body and TorchScript does not narrow attributes, so it is still Optional here"
        return x


def case_guarded_operand():
    torch.manual_seed(0)
    return Affine().eval(), (torch.randn(2, 4),)


class Scaled(nn.Module):
    scale: Optional[Tensor]

    def __init__(self, scale: Optional[Tensor] = None):
        super().__init__()
        self.scale = scale

    def forward(self, x: Tensor) -> Tensor:
        if self.scale is not None and self.scale.sum() > 0:  # expect: JT404@39-49 none "`self.scale` is annotated `Optional` in the class body and TorchScript does not narrow attributes, so it is still Optional here and has no `.sum`"
            x = x * 2
        return x


def case_method_in_and_chain():
    return Scaled(torch.ones(2)).eval(), (torch.randn(2),)


class Repeat(nn.Module):
    times: Optional[int]

    def __init__(self, times: Optional[int] = 3):
        super().__init__()
        self.times = times

    def forward(self, x: Tensor) -> Tensor:
        times = self.times
        if times is not None:
            x = x * times  # expect: JT404@21-31 safe "`self.times` is annotated `Optional` in the class body and TorchScript does not narrow attributes, so it is still Optional here"
        return x


def case_optional_int():
    return Repeat().eval(), (torch.randn(2),)


class Shifted(nn.Module):
    shift: Optional[Tensor]

    def __init__(self):
        super().__init__()
        self.shift = torch.ones(2)

    def forward(self, x: Tensor) -> Tensor:
        shift = self.shift
        if shift is not None:
            x = self.center(x) - shift  # expect: JT404@34-44 unsafe "`self.shift` is annotated `Optional` in the class body and TorchScript does not narrow attributes, so it is still Optional here"
        return x

    def center(self, x: Tensor) -> Tensor:
        return x - x.mean()


def case_guard_with_method_call():
    return Shifted().eval(), (torch.randn(2),)


class Gate:
    """A plain class built in compiled code: a TorchScript class, its attributes typed by what ``__init__`` assigns."""

    def __init__(self, weight: Optional[Tensor] = None):
        self.weight = weight

    def apply(self, x: Tensor) -> Tensor:
        weight = self.weight
        if weight is not None:
            return x * weight.sigmoid()  # expect: JT404@24-35 safe "`self.weight` is typed `Optional` by the parameter `__init__` assigns it and TorchScript does not narrow attributes, so it is still Optional here and has no `.sigmoid`"
        return x


class Gated(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        gate = Gate(self.proj(x))
        return gate.apply(x)


def case_script_class_attribute_from_optional_parameter():
    torch.manual_seed(0)
    return Gated().eval(), (torch.randn(2, 4),)
