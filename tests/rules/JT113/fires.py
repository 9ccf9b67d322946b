"""JT113 bare-raise: ``raise`` without an exception in compiled code.

torch 2.13.0's frontend crashes on it: ``AttributeError: 'NoneType' object has no attribute 'lineno'`` (no line
of the user's file in the message), also in statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Checked(nn.Module):
    """A re-raise without an exception being handled."""

    def forward(self, x: Tensor) -> Tensor:
        if x.dim() != 2:
            raise  # expect: JT113@13-18 none "A bare `raise` (re-raise) is not supported by TorchScript"
        return x


def case_bare_raise():
    torch.manual_seed(0)
    return Checked().eval(), (torch.randn(2, 3),)


class EagerChecked(nn.Module):
    """In an eager-only branch (statically dead for TorchScript), in a helper reached from forward."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * self.first(ids)

    def first(self, ids: List[int]) -> int:
        if not torch.jit.is_scripting() and len(ids) == 0:
            raise  # expect: JT113@13-18 none "A bare `raise` (re-raise) is not supported by TorchScript"
        return ids[0]


def case_dead_branch_in_helper():
    torch.manual_seed(0)
    return EagerChecked().eval(), (torch.randn(2), [3, 4])
