"""JT122 walrus: assignment expressions ``(n := expr)`` in compiled code.

TorchScript's frontend rejects them with ``NamedExpr aren't supported``, also in statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class LengthScale(nn.Module):
    """The walrus as the left operand of the ``if`` test: hoisted safely."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        n = len(ids)
        if n > 1:  # expect: JT122@13-26 safe "Assignment expressions (`:=`) are not supported by TorchScript"
            return x * n
        return x


def case_if_comparison():
    torch.manual_seed(0)
    return LengthScale().eval(), (torch.randn(2), [1, 2, 3])


class FirstPositive(nn.Module):
    """The walrus as the whole ``if`` test, in a helper."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * self.count(ids)

    def count(self, ids: List[int]) -> int:
        k = len(ids)
        if k:  # expect: JT122@12-25 safe "Assignment expressions (`:=`) are not supported by TorchScript"
            return k
        return 1


def case_whole_if_test():
    torch.manual_seed(0)
    return FirstPositive().eval(), (torch.randn(2), [4, 5])


class Halving(nn.Module):
    """In a ``while`` test the value is re-evaluated each iteration: no fix."""

    def forward(self, x: Tensor, n: int) -> Tensor:
        steps = 0
        while (m := n // 2) > 0:  # expect: JT122@16-27 none "Assignment expressions (`:=`) are not supported by TorchScript"
            n = m
            steps += 1
        return x * steps


def case_while_test():
    torch.manual_seed(0)
    return Halving().eval(), (torch.randn(2), 9)


class EagerCheck(nn.Module):
    """In the eager-only branch it still fails (frontend); after ``and`` it is not evaluated first: no fix."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            if len(ids) > 0 and (first := ids[0]) < 0:  # expect: JT122@34-49 none "Assignment expressions (`:=`) are not supported by TorchScript"
                return x * first
        return x


def case_dead_branch_after_and():
    torch.manual_seed(0)
    return EagerCheck().eval(), (torch.randn(2), [-1, 2])


class MaskMapping(nn.Module):
    """The transformers shape: the walrus is the first argument of ``isinstance`` under ``not``, evaluated before
    anything else of the test: hoisted safely."""

    def forward(self, x: Tensor, mask: Tensor) -> Tensor:
        mapping = mask
        if not isinstance(mapping, Tensor):  # expect: JT122@27-42 safe "Assignment expressions (`:=`) are not supported by TorchScript"
            return x
        return x * mapping


def case_isinstance_argument():
    torch.manual_seed(0)
    return MaskMapping().eval(), (torch.randn(2), torch.randn(2))


class WeightRank(nn.Module):
    """The walrus as the object of a method called in the comparison that is the test: hoisted safely."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(2, 2)

    def forward(self, x: Tensor) -> Tensor:
        w = self.proj.weight
        if w.dim() > 1:  # expect: JT122@13-34 safe "Assignment expressions (`:=`) are not supported by TorchScript"
            return self.proj(x) * w.sum()
        return x


def case_attribute_object():
    torch.manual_seed(0)
    return WeightRank().eval(), (torch.randn(2),)


class SecondArgument(nn.Module):
    """A later argument: the call's first argument is evaluated before it, so no fix."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if max(len(ids), (k := 2)) > 2:  # expect: JT122@27-33 none "Assignment expressions (`:=`) are not supported by TorchScript"
            return x * k
        return x


def case_later_argument():
    torch.manual_seed(0)
    return SecondArgument().eval(), (torch.randn(2), [1, 2, 3])
