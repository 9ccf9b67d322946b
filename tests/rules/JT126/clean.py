"""JT126 unary-plus: look-alikes that DO script on torch 2.13.0 (must not fire).

Binary ``+``, unary ``-``, ``~`` on a tensor, ``not``, and ``+x`` in code that is never compiled.
"""

import torch
from torch import nn, Tensor


class Signs(nn.Module):
    def __init__(self, offset: float = 2.0):
        super().__init__()
        self.offset = +offset

    def forward(self, x: Tensor, mask: Tensor, flag: bool, n: int) -> Tensor:
        y = -x + self.offset + (-n)
        if not flag:
            y = y + 1
        return torch.where(~mask, y, x)


def case_other_unary_operators():
    torch.manual_seed(0)
    return Signs().eval(), (torch.randn(3), torch.tensor([True, False, True]), False, 2)


class Ignored(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x + 1

    @torch.jit.ignore
    def plus(self, x: Tensor) -> Tensor:
        return +x


def case_ignored_method():
    torch.manual_seed(0)
    return Ignored().eval(), (torch.randn(2),)
