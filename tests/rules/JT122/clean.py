"""JT122 walrus: look-alikes that DO script on torch 2.13.0 (must not fire).

The rewrite (assign first, then test), keyword arguments (``=``, not ``:=``) and walruses in code TorchScript never
compiles (``__init__``, ``@torch.jit.ignore``).
"""

from typing import List

import torch
from torch import nn, Tensor
import torch.nn.functional as F


class LengthScale(nn.Module):
    def __init__(self, sizes: List[int] = [3, 4]):
        super().__init__()
        self.total = (t := sum(sizes)) + t

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        n = len(ids)
        if n > 1:
            return F.dropout(x * n, p=0.0, training=False) + self.total
        return x

    @torch.jit.ignore
    def debug(self, ids: List[int]) -> int:
        if (n := len(ids)) > 1:
            return n
        return 0


def case_assignment_first():
    torch.manual_seed(0)
    return LengthScale().eval(), (torch.randn(2), [1, 2, 3])


class Halving(nn.Module):
    """The ``while`` recipe: assign before the loop and at the end of the body."""

    def forward(self, x: Tensor, n: int) -> Tensor:
        steps = 0
        m = n // 2
        while m > 0:
            n = m
            steps += 1
            m = n // 2
        return x * steps


def case_while_rewrite():
    torch.manual_seed(0)
    return Halving().eval(), (torch.randn(2), 9)
