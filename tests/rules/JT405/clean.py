"""JT405 class-constant-through-self: class values torch does see, and reads it does not compile."""

from typing import Final

import torch
from torch import nn, Tensor


class Constants(nn.Module):
    __constants__ = ["mode"]
    factor: Final[float] = 2.0
    mode = "double"
    offset = 1

    def __init__(self):
        super().__init__()
        self.offset = 3  # the instance value shadows the class value

    def forward(self, x: Tensor) -> Tensor:
        if self.mode == "double":
            x = x * self.factor
        return x + self.offset


def case_final_and_constants():
    return Constants().eval(), (torch.randn(2),)


class Eager(nn.Module):
    K = 4

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            assert self.K == 4
        return x

    def describe(self) -> int:
        """Not reached from forward: never compiled."""
        return self.K


def case_read_outside_compiled_code():
    return Eager().eval(), (torch.randn(2),)
