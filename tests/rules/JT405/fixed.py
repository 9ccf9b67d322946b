"""JT405 class-constant-through-self: a class attribute read through ``self`` in compiled code.

Recursive scripting only sees what the instance holds (and constants), so every kind of class value fails with
``Module 'Net' has no attribute 'K' :``.
"""
from typing import Final

import torch
from torch import nn, Tensor


class Scale(nn.Module):
    factor: Final[float] = 2.0
    name: Final[str] = "scale"

    def forward(self, x: Tensor) -> Tensor:
        if self.name == "scale":  # expect: JT405@12-21 safe "`self.name` reads the class attribute `name`, which TorchScript does not see on a module unless it is `Final` or in `__constants__`"
            x = x * self.factor  # expect: JT405@21-32 safe "`self.factor` reads the class attribute `factor`, which TorchScript does not see on a module unless it is `Final` or in `__constants__`"
        return x


def case_float_constant():
    return Scale().eval(), (torch.randn(2),)


class Base(nn.Module):
    SIZES = (1, 2)


class Pooled(Base):
    def forward(self, x: Tensor) -> Tensor:
        return x * self.SIZES[0]  # expect: JT405@20-30 none "`self.SIZES` reads the class attribute `SIZES`, which TorchScript does not see on a module unless it is `Final` or in `__constants__`"


def case_tuple_in_base_class():
    return Pooled().eval(), (torch.randn(2),)
