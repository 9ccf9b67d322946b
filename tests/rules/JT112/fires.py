"""JT112 augmented-assignment-unsupported: ``x //= y`` and ``x @= y`` in compiled code.

TorchScript's frontend rejects them with ``unsupported kind of augmented assignment: FloorDiv`` / ``...: MatMult``,
also in statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Project(nn.Module):
    """``@=`` on a local name: Tensor has no in-place matmul, the rewrite is what Python does."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(3, 3))

    def forward(self, x: Tensor) -> Tensor:
        x @= self.w  # expect: JT112@9-20 safe "Augmented assignment `@=` is not supported by TorchScript"
        return x


def case_matmul_name():
    torch.manual_seed(0)
    return Project().eval(), (torch.randn(2, 3),)


class Stride(nn.Module):
    """``//=`` on ints (a parameter and a local), with a right side that needs parentheses."""

    def forward(self, x: Tensor, stride: int) -> Tensor:
        stride //= 2  # expect: JT112@9-21 safe "Augmented assignment `//=` is not supported by TorchScript"
        n = x.size(0)
        n //= stride + 1  # expect: JT112@9-25 safe "Augmented assignment `//=` is not supported by TorchScript"
        return x[::stride][:n]


def case_floordiv_ints():
    torch.manual_seed(0)
    return Stride().eval(), (torch.randn(8), 4)


class Quantize(nn.Module):
    """``//=`` on a Tensor works in place in Python: the rewrite would break aliasing (unsafe)."""

    def forward(self, x: Tensor) -> Tensor:
        q = x * 10
        q //= 3  # expect: JT112@9-16 unsafe "Augmented assignment `//=` is not supported by TorchScript"
        return q


def case_floordiv_tensor():
    torch.manual_seed(0)
    return Quantize().eval(), (torch.randn(4),)


class Buckets(nn.Module):
    """A subscript target is evaluated twice by the rewrite (unsafe); a dead branch does not hide ``@=``."""

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        buckets = list(sizes)
        buckets[0] //= 2  # expect: JT112@9-25 unsafe "Augmented assignment `//=` is not supported by TorchScript"
        if not torch.jit.is_scripting():
            x @= torch.eye(x.size(-1))  # expect: JT112@13-39 safe "Augmented assignment `@=` is not supported by TorchScript"
        return x * buckets[0]


def case_subscript_and_dead_branch():
    torch.manual_seed(0)
    return Buckets().eval(), (torch.randn(2, 2), [6, 3])
