"""JT503 builtin-unsupported-keyword: look-alikes that script on torch 2.13.0 (must not fire).

The supported forms (``sorted(xs)`` then ``.reverse()``, ``xs.sort(reverse=True)``, ``max`` of two values,
``round(v)``, ``int(s)``, ``print`` without keywords, ``enumerate(xs, start=1)``, ``zip(a, b, strict=...)``), a local
function named like a builtin, and the rejected forms in ``__init__`` and under ``if not torch.jit.is_scripting():``.
"""

from typing import List

import torch
from torch import nn, Tensor


class Largest(nn.Module):
    def __init__(self):
        super().__init__()
        self.largest = sorted([3, 1, 2], reverse=True)[0]  # __init__ is never compiled
        self.longest = max([[1], [2, 3]], key=len)

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        ordered = sorted(sizes)
        ordered.reverse()
        again = list(sizes)
        again.sort(reverse=True)
        total = 0
        for i, s in enumerate(ordered, start=1):
            total += i * s
        for a, b in zip(ordered, again, strict=True):
            total += a - b
        print("total:", total)
        return x * (max(total, 1) + round(float(total) / 3.0) + int("7") + self.largest)


def case_supported_forms():
    return Largest().eval(), (torch.randn(2), [1, 3, 2])


class Guarded(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            print("eager:", x.sum().item(), end="\n", flush=True)
        return x * 2.0


def case_guarded_print():
    return Guarded().eval(), (torch.randn(2),)
