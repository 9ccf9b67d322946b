"""JT129 ellipsis-statement: a bare ``...`` statement in live compiled code.

The IR emitter cannot emit ``...`` as a statement (``Cannot emit expr for: (dots)``); a statically dead branch is
skipped.
"""

from typing import List

import torch
from torch import nn, Tensor


class Stateful(nn.Module):
    """A placeholder method body reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        self.reset_state()
        return x * 2

    def reset_state(self) -> None:
        ...  # expect: JT129@9-12 safe "A bare `...` statement is not supported by TorchScript"


def case_placeholder_method():
    torch.manual_seed(0)
    return Stateful().eval(), (torch.randn(2),)


class Branchy(nn.Module):
    """``...`` as the body of a live branch, and ``Ellipsis`` spelled out."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if len(ids) > 2:
            ...  # expect: JT129@13-16 safe "A bare `...` statement is not supported by TorchScript"
        else:
            Ellipsis  # expect: JT129@13-21 safe "A bare `Ellipsis` statement is not supported by TorchScript"
        return x + len(ids)


def case_live_branch():
    torch.manual_seed(0)
    return Branchy().eval(), (torch.randn(2), [1, 2, 3])
