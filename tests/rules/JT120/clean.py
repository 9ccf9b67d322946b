"""JT120 lambda: look-alikes that DO script on torch 2.13.0 (must not fire).

The recipe (a module-level function with annotated parameters, a loop instead of ``sorted(key=...)``) and lambdas
where TorchScript never looks: ``__init__``, module level, ``@torch.jit.ignore`` methods.
"""

from typing import List

import torch
from torch import nn, Tensor

# Module top level is never compiled.
SQUARE = lambda v: v * v


def swish(t: Tensor) -> Tensor:
    return t * torch.sigmoid(t)


class BestScore(nn.Module):
    """The lambda hoisted to a module-level def, and the sort written as a loop."""

    def forward(self, x: Tensor, scores: List[float]) -> Tensor:
        best = 0
        for i in range(len(scores)):
            if scores[i] < scores[best]:
                best = i
        return swish(x)[best]


def case_hoisted_function_and_loop():
    torch.manual_seed(0)
    return BestScore().eval(), (torch.randn(3, 2), [0.5, 0.1, 0.9])


class Configured(nn.Module):
    """Lambdas in ``__init__`` and in an ignored method."""

    def __init__(self, sizes: List[int] = [3, 1, 2]):
        super().__init__()
        self.order = sorted(range(len(sizes)), key=lambda i: sizes[i])
        self.scale = float(SQUARE(2))

    def forward(self, x: Tensor) -> Tensor:
        return x * self.scale + float(self.order[0])

    @torch.jit.ignore
    def describe(self) -> str:
        return ", ".join(map(lambda i: str(i), self.order))


def case_init_and_ignored():
    torch.manual_seed(0)
    return Configured().eval(), (torch.randn(2),)
