"""JT511 global-python-value: module-level variables holding plain Python values, read in compiled code.

TorchScript resolves the name through the function's globals and cannot turn a number, string, container, tensor or
plain object into a compiled value: ``python value of type 'float' cannot be used as a value``.
"""

from typing import List

import torch
from torch import nn, Tensor

SCALE = 0.5
MASK = torch.ones(3)
KERNELS = [1, 2, 3]
MODE = "sum"


class Scaled(nn.Module):
    """A float and a tensor."""

    def forward(self, x: Tensor) -> Tensor:
        return x * SCALE + MASK  # expect: JT511@20-25 none "`SCALE` is a module-level float, a Python value TorchScript cannot use in compiled code" JT511@28-32 none "`MASK` is a module-level tensor, a Python value TorchScript cannot use in compiled code"


def case_float_and_tensor():
    torch.manual_seed(0)
    return Scaled().eval(), (torch.randn(2, 3),)


class Loop(nn.Module):
    """A list iterated: ``cannot be used as an iterable``."""

    def forward(self, x: Tensor) -> Tensor:
        for k in KERNELS:  # expect: JT511@18-25 none "`KERNELS` is a module-level list, a Python value TorchScript cannot use in compiled code"
            x = x + k
        return x


def case_list_iterated():
    torch.manual_seed(0)
    return Loop().eval(), (torch.randn(2, 3),)


class Config:
    def __init__(self):
        self.eps = 1e-6


CONFIG = Config()


class Normalize(nn.Module):
    """An attribute of a plain object: ``attribute lookup is not defined on python value of type 'Config'``."""

    def forward(self, x: Tensor) -> Tensor:
        return x / (x.norm() + CONFIG.eps)  # expect: JT511@32-38 none "`CONFIG` is a module-level object of class `Config`, a Python value TorchScript cannot use in compiled code"


def case_object_attribute():
    torch.manual_seed(0)
    return Normalize().eval(), (torch.randn(2, 3),)


class Reduce(nn.Module):
    """A string compared (ints, floats and strings fail as well on torch 2.13.0)."""

    def forward(self, x: Tensor, mode: str) -> Tensor:
        if mode == MODE:  # expect: JT511@20-24 none "`MODE` is a module-level string, a Python value TorchScript cannot use in compiled code"
            return x.sum()
        return x.mean()


def case_string():
    torch.manual_seed(0)
    return Reduce().eval(), (torch.randn(2, 3), "sum")
