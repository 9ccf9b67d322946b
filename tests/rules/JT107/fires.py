"""JT107 loop-else: ``for ... else:`` and ``while ... else:`` in compiled code.

``for ... else:`` gives ``else branches of for loops aren't supported``; for ``while ... else:`` torch 2.13.0
crashes building its error report: ``TypeError: __init__(): incompatible constructor arguments. ...``.
"""

from typing import List

import torch
from torch import nn, Tensor


class FirstNegative(nn.Module):
    """``for ... else`` with ``break`` in forward."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        for i in ids:  # expect: JT107@9-22 none "`for` loops with an `else` branch are not supported by TorchScript"
            if i < 0:
                break
        else:
            x = x + 1
        return x


def case_for_else():
    torch.manual_seed(0)
    return FirstNegative().eval(), (torch.randn(2), [1, 2])


class Halving(nn.Module):
    """``while ... else`` in a helper reached from forward."""

    def forward(self, x: Tensor, n: int) -> Tensor:
        return x * self.halvings(n)

    def halvings(self, n: int) -> int:
        steps = 0
        while n > 1:  # expect: JT107@9-21 none "`while` loops with an `else` branch are not supported by TorchScript"
            n = n // 2
            steps += 1
        else:
            steps += 100
        return steps


def case_while_else_in_helper():
    torch.manual_seed(0)
    return Halving().eval(), (torch.randn(2), 8)


class EagerOnly(nn.Module):
    """A statically dead branch does not hide it."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            for i in ids:  # expect: JT107@13-26 none "`for` loops with an `else` branch are not supported by TorchScript"
                assert i >= 0
            else:
                x = x.contiguous()
        return x


def case_dead_branch():
    torch.manual_seed(0)
    return EagerOnly().eval(), (torch.randn(2), [1, 2])
