"""JT105 try-statement: ``try`` blocks in compiled code.

TorchScript's frontend rejects every ``try`` (``try blocks aren't supported``), with ``except``, ``finally`` or
``else``, also inside statically dead branches; ``try``/``except*`` gives ``TryStar aren't supported``.
"""

from typing import List

import torch
from torch import nn, Tensor


class SafeNorm(nn.Module):
    """A shape fallback with try/except in forward."""

    def forward(self, x: Tensor) -> Tensor:
        try:  # expect: JT105@9-13 none "`try` blocks are not supported by TorchScript"
            y = x / x.norm()
        except RuntimeError:
            y = x
        return y


def case_try_except():
    torch.manual_seed(0)
    return SafeNorm().eval(), (torch.randn(2, 3),)


class GroupedErrors(nn.Module):
    """``except*`` (Python 3.11) in a helper reached from forward."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * self.count(ids)

    def count(self, ids: List[int]) -> int:
        try:  # expect: JT105@9-13 none "`try`/`except*` blocks are not supported by TorchScript"
            n = len(ids)
        except* ValueError:
            n = 0
        return n


def case_try_star_in_helper():
    torch.manual_seed(0)
    return GroupedErrors().eval(), (torch.randn(2), [1, 2])


class EagerOnlyCheck(nn.Module):
    """A statically dead branch does not hide it: the frontend parses the branch first."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            try:  # expect: JT105@13-17 none "`try` blocks are not supported by TorchScript"
                x = x.contiguous()
            finally:
                pass
        return x * 2


def case_dead_branch_try_finally():
    torch.manual_seed(0)
    return EagerOnlyCheck().eval(), (torch.randn(2),)


def first_or_zero(ids: List[int]) -> int:
    """Module-level helper compiled through forward; ``try``/``except``/``else``."""
    try:  # expect: JT105@5-9 none "`try` blocks are not supported by TorchScript"
        v = ids[0]
    except IndexError:
        v = 0
    else:
        v = v + 1
    return v


class FirstId(nn.Module):
    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * first_or_zero(ids)


def case_module_function_try_else():
    torch.manual_seed(0)
    return FirstId().eval(), (torch.randn(2), [3, 4])
