"""JT107 loop-else: look-alikes that DO script on torch 2.13.0 (must not fire).

The flag rewrite of ``for ... else:``, ``if``/``else`` inside loop bodies with ``pass`` / ``break`` / ``continue``,
and loop ``else`` branches where TorchScript never looks (``__init__``, a ``@torch.jit.unused`` method).
"""

from typing import List

import torch
from torch import nn, Tensor


class FirstNegative(nn.Module):
    """The flag rewrite; an ``if``/``else`` inside the loop body."""

    def __init__(self, sizes: List[int] = [3, 3]):
        super().__init__()
        for s in sizes:
            if s <= 0:
                break
        else:
            self.ok = True

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        found_negative = False
        for i in ids:
            if i == 0:
                continue
            if i < 0:
                found_negative = True
                break
            else:
                pass
            x = x * 1.0
        if not found_negative:
            x = x + 1
        n = 3
        while n > 0:
            n -= 1
        return x * n


def case_flag_rewrite():
    torch.manual_seed(0)
    return FirstNegative().eval(), (torch.randn(2), [1, -2])


class Checked(nn.Module):
    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if torch.jit.is_scripting():
            return x
        return self.check(x, ids)

    @torch.jit.unused
    def check(self, x: Tensor, ids: List[int]) -> Tensor:
        for i in ids:
            if i < 0:
                break
        else:
            return x.clone()
        return x


def case_unused_method():
    torch.manual_seed(0)
    return Checked().eval(), (torch.randn(2), [1, 2])
