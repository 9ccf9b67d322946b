"""JT128 reserved-jit-name: names starting with ``__jit`` in compiled code.

TorchScript reserves the prefix: ``names of variables used in JIT-ed functions can't start with __jit``, for
locals, loop and comprehension variables and parameter uses, also in statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Noise(nn.Module):
    """A local named ``__jitter`` (it starts with ``__jit``)."""

    def forward(self, x: Tensor) -> Tensor:
        __jitter = torch.zeros_like(x) * 0.01  # expect: JT128@9-17 none "The name `__jitter` starts with `__jit`, which TorchScript reserves for its own names"
        return x + __jitter  # expect: JT128@20-28 none "The name `__jitter` starts with `__jit`, which TorchScript reserves for its own names"


def case_local_variable():
    torch.manual_seed(0)
    return Noise().eval(), (torch.randn(2),)


def total(__jit_xs: List[int]) -> int:
    """The parameter itself is accepted; its use in the body is a name and fails."""
    return sum([__jit_i for __jit_i in __jit_xs])  # expect: JT128@17-24 none "The name `__jit_i` starts with `__jit`, which TorchScript reserves for its own names" JT128@29-36 none "The name `__jit_i` starts with `__jit`, which TorchScript reserves for its own names" JT128@40-48 none "The name `__jit_xs` starts with `__jit`, which TorchScript reserves for its own names"


class Summed(nn.Module):
    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * total(ids)


def case_parameter_use_and_comprehension():
    torch.manual_seed(0)
    return Summed().eval(), (torch.randn(2), [1, 2])


class Loop(nn.Module):
    """A loop variable, in the eager-only branch."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            for __jit_i in ids:  # expect: JT128@17-24 none "The name `__jit_i` starts with `__jit`, which TorchScript reserves for its own names"
                x = x + 1
        return x


def case_dead_branch_loop_variable():
    torch.manual_seed(0)
    return Loop().eval(), (torch.randn(2), [1, 2])
