"""JT126 unary-plus: ``+x`` in compiled code.

TorchScript's frontend crashes on unary plus (``'UnaryOp' object has no attribute 'range'``), also in statically
dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Roll(nn.Module):
    """``+shift`` on an int parameter and ``+1.0`` on a literal: dropping the ``+`` is safe."""

    def forward(self, x: Tensor, shift: int) -> Tensor:
        return x.roll(+shift, dims=0) * +1.0  # expect: JT126@23-29 safe "Unary `+` is not supported by TorchScript (its frontend crashes on it)" JT126@41-45 safe "Unary `+` is not supported by TorchScript (its frontend crashes on it)"


def case_int_and_literal():
    torch.manual_seed(0)
    return Roll().eval(), (torch.randn(4), 1)


class Residual(nn.Module):
    """``+`` on a tensor: same in eager (``+t`` is ``t``), but raises for bool tensors: unsafe."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 3)

    def forward(self, x: Tensor) -> Tensor:
        return +self.proj(x) - x  # expect: JT126@16-29 unsafe "Unary `+` is not supported by TorchScript (its frontend crashes on it)"


def case_tensor_operand():
    torch.manual_seed(0)
    return Residual().eval(), (torch.randn(2, 3),)


class EagerSign(nn.Module):
    """In the eager-only branch the frontend still crashes; ``len(...)`` is an int: safe."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            return x * +len(ids)  # expect: JT126@24-33 safe "Unary `+` is not supported by TorchScript (its frontend crashes on it)"
        return x


def case_dead_branch():
    torch.manual_seed(0)
    return EagerSign().eval(), (torch.randn(2), [1, 2])
