"""JT112 augmented-assignment-unsupported: look-alikes that DO script on torch 2.13.0 (must not fire).

Every other augmented assignment of TorchScript's table (``+= -= *= |= &= ^= <<= >>=`` on ints, ``/= **= %=`` on
floats, ``+= *=`` on tensors, on a subscript and an attribute), the written-out ``x = x // y`` / ``x = x @ y``, and
``//=`` where TorchScript never looks.
"""

from typing import List

import torch
from torch import nn, Tensor


class IntOps(nn.Module):
    def forward(self, x: Tensor, a: int) -> Tensor:
        a += 1
        a -= 2
        a *= 3
        a |= 8
        a &= 13
        a ^= 2
        a <<= 2
        a >>= 1
        return x * a


def case_int_augmented_ops():
    torch.manual_seed(0)
    return IntOps().eval(), (torch.randn(2), 5)


class FloatOps(nn.Module):
    def forward(self, x: Tensor, b: float) -> Tensor:
        b /= 2.0
        b **= 2.0
        b %= 3.0
        return x * b


def case_float_augmented_ops():
    torch.manual_seed(0)
    return FloatOps().eval(), (torch.randn(2), 5.0)


class TensorOps(nn.Module):
    """In-place tensor ops, on a list item; the written-out floor division and matmul."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(3, 3))
        self.steps = 4
        self.steps //= 2

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        y = x.clone()
        y += 1
        y *= 2
        sizes = list(sizes)
        sizes[0] += 1
        y = y @ self.w
        n = sizes[0]
        n = n // 2
        return y * n * self.steps


def case_tensor_and_written_out():
    torch.manual_seed(0)
    return TensorOps().eval(), (torch.randn(2, 3), [3, 4])
