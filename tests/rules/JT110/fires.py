"""JT110 import-in-body: ``import`` statements inside compiled code.

TorchScript's frontend rejects them with ``import statements aren't supported``, also under ``if TYPE_CHECKING:``
and in statically dead branches.
"""

from typing import TYPE_CHECKING, List

import torch
from torch import nn, Tensor


class Circle(nn.Module):
    """A lazy ``import math`` in forward."""

    def forward(self, r: Tensor) -> Tensor:
        import math  # expect: JT110@9-20 none "`import` statements inside compiled code are not supported by TorchScript"

        return r * r * math.pi


def case_import_in_forward():
    torch.manual_seed(0)
    return Circle().eval(), (torch.randn(2),)


class Angles(nn.Module):
    """``from ... import`` in a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        return x * self.full_turn()

    def full_turn(self) -> float:
        from math import tau  # expect: JT110@9-29 none "`from ... import` statements inside compiled code are not supported by TorchScript"

        return tau


def case_from_import_in_helper():
    torch.manual_seed(0)
    return Angles().eval(), (torch.randn(2),)


class Typed(nn.Module):
    """``if TYPE_CHECKING:`` is never true at run time, but the frontend parses its body."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if TYPE_CHECKING:
            from collections import OrderedDict  # expect: JT110@13-48 none "`from ... import` statements inside compiled code are not supported by TorchScript"
        return x * len(ids)


def case_type_checking_block():
    torch.manual_seed(0)
    return Typed().eval(), (torch.randn(2), [1, 2])


class Debug(nn.Module):
    """An eager-only branch (statically dead for TorchScript) is parsed too."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            import os  # expect: JT110@13-22 none "`import` statements inside compiled code are not supported by TorchScript"

            assert os.sep
        return x


def case_dead_branch():
    torch.manual_seed(0)
    return Debug().eval(), (torch.randn(2),)
