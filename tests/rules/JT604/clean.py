"""JT604 undefined-on-path: variables defined on every path TorchScript follows."""
from typing import Final

import torch
from torch import nn, Tensor


class Branches(nn.Module):
    """Both branches assign; the other branch leaves the function; unused after; defined before."""

    def forward(self, x: Tensor, a: bool, b: bool) -> Tensor:
        if a:
            y = x
        else:
            y = -x
        if b:
            z = x
        else:
            raise ValueError("b must be set")
        if a:
            unused = x * 2
        w = x
        for i in range(2):
            w = w + i
        return y + z + w


def case_branches():
    return Branches().eval(), (torch.randn(3), True, True)


class FinalFlag(nn.Module):
    """A Final flag: TorchScript compiles only the branch taken."""

    use_skip: Final[bool]

    def __init__(self) -> None:
        super().__init__()
        self.use_skip = True
        self.layers = nn.ModuleList([nn.Identity(), nn.Identity()])

    def forward(self, x: Tensor) -> Tensor:
        if self.use_skip:
            skip = x
        for layer in self.layers:
            out = layer(x)
        if not torch.jit.is_scripting():
            extra = x
        else:
            extra = x * 1
        if self.use_skip:
            x = x + skip
        return x + out + extra


def case_final_flag_and_unrolled_loop():
    return FinalFlag().eval(), (torch.randn(3),)
