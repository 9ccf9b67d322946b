"""JT108 global-nonlocal: ``global`` statements in compiled code.

TorchScript's frontend rejects them with ``global variables aren't supported``, also inside statically dead
branches. (``nonlocal`` only occurs in nested functions, reported by JT106; see the rule's doc.)
"""

import torch
from torch import nn, Tensor

SCALE = 2.0
CALLS = 0


class Scaled(nn.Module):
    """A ``global`` for a value only read."""

    def forward(self, x: Tensor) -> Tensor:
        global SCALE  # expect: JT108@9-21 none "`global` statements are not supported by TorchScript"
        return x * SCALE


def case_global_read():
    torch.manual_seed(0)
    return Scaled().eval(), (torch.randn(2),)


class Counted(nn.Module):
    """A call counter in an eager-only branch: the frontend parses the branch anyway."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            global CALLS  # expect: JT108@13-25 none "`global` statements are not supported by TorchScript"
            CALLS += 1
        return x


def case_dead_branch_counter():
    torch.manual_seed(0)
    return Counted().eval(), (torch.randn(2),)


def bump(x: Tensor) -> Tensor:
    """Module-level helper compiled through forward; several names."""
    global SCALE, CALLS  # expect: JT108@5-24 none "`global` statements are not supported by TorchScript"
    CALLS = CALLS + 1
    return x * SCALE


class Bumped(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return bump(x)


def case_module_function():
    torch.manual_seed(0)
    return Bumped().eval(), (torch.randn(2),)
