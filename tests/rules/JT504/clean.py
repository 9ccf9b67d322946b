"""JT504 builtin-as-value: look-alikes that script on torch 2.13.0 (must not fire).

A builtin bound to a local and called (``f = max``), types in type positions (``isinstance(x, (int, float))``,
``torch.jit.annotate(int, ...)``), torch dtypes, names that shadow a builtin, and builtins as values where TorchScript
does not compile them.
"""

from typing import List

import torch
from torch import nn, Tensor


class Reducer(nn.Module):
    def forward(self, x: Tensor, sizes: List[int], k: int) -> Tensor:
        pick = max
        total = pick(sizes) + len(sizes)
        if isinstance(k, (int, float)):
            total += torch.jit.annotate(int, k)
        y = x.to(torch.float64) + torch.zeros(2, dtype=torch.float64)
        return y * total


def case_alias_and_type_positions():
    return Reducer().eval(), (torch.randn(2), [1, 2], 3)


class Shadowed(nn.Module):
    def __init__(self):
        super().__init__()
        self.count = sum(map(len, [[1], [2, 3]]))  # __init__ is never compiled

    def forward(self, x: Tensor, len: int) -> Tensor:
        scaled = [x * len, x]  # `len` is a parameter here
        if not torch.jit.is_scripting():
            ops = (abs, round, max)
            assert callable(ops[0])
        return scaled[0] + scaled[1] * self.count

    @torch.jit.unused
    def eager_only(self, x: Tensor) -> Tensor:
        return x * float(callable(max))


def case_shadowed_and_guarded():
    return Shadowed().eval(), (torch.randn(2), 3)
