"""JT120 lambda: ``lambda`` expressions in compiled code.

TorchScript's frontend rejects every lambda with ``Lambda aren't supported``: assigned to a name, passed as a
``key=``, also inside statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Swish(nn.Module):
    """An activation written as a lambda."""

    def forward(self, x: Tensor) -> Tensor:
        act = lambda t: t * torch.sigmoid(t)  # expect: JT120@15-45 none "Lambdas are not supported by TorchScript"
        return act(x)


def case_assigned_lambda():
    torch.manual_seed(0)
    return Swish().eval(), (torch.randn(2, 3),)


class BestScore(nn.Module):
    """``sorted(key=lambda ...)`` in a helper reached from forward."""

    def forward(self, x: Tensor, scores: List[float]) -> Tensor:
        return x[self.best(scores)]

    def best(self, scores: List[float]) -> int:
        order = sorted(range(len(scores)), key=lambda i: scores[i])  # expect: JT516@24-42 none "`range(...)` is used as a value, which TorchScript does not support (a range can only be iterated by a loop, a comprehension or `list(...)`)" JT120@48-67 none "Lambdas are not supported by TorchScript"
        return order[0]


def case_sorted_key_in_helper():
    torch.manual_seed(0)
    return BestScore().eval(), (torch.randn(3, 2), [0.5, 0.1, 0.9])


class EagerDebug(nn.Module):
    """A lambda in the eager-only branch still fails: the frontend parses it before branches are pruned."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            show = lambda t: print(t.shape)  # expect: JT120@20-44 none "Lambdas are not supported by TorchScript"
            show(x)
        return x + 1


def case_dead_branch():
    torch.manual_seed(0)
    return EagerDebug().eval(), (torch.randn(2),)
