"""JT121 yield: look-alikes that DO script on torch 2.13.0 (must not fire).

The recipe (fill a list and return it) and generators where TorchScript never looks (``__init__`` helpers at
module level, ``@torch.jit.unused`` methods).
"""

from typing import List

import torch
from torch import nn, Tensor


def layer_sizes(n: int):
    # Module level, only called from __init__: never compiled.
    for i in range(n):
        yield 2 ** i


class Windows(nn.Module):
    """The generator rewritten as a list builder."""

    def forward(self, x: Tensor) -> Tensor:
        out = torch.zeros(1)
        for w in self.windows(x, 2):
            out = out + w.sum()
        return out

    def windows(self, x: Tensor, size: int) -> List[Tensor]:
        chunks: List[Tensor] = []
        for start in range(0, x.size(0), size):
            chunks.append(x[start:start + size])
        return chunks


def case_list_instead_of_generator():
    torch.manual_seed(0)
    return Windows().eval(), (torch.randn(6),)


class Sized(nn.Module):
    """Generators in ``__init__`` and in an unused method."""

    def __init__(self):
        super().__init__()
        self.sizes: List[int] = list(layer_sizes(3))

    def forward(self, x: Tensor) -> Tensor:
        return x * float(sum(self.sizes))

    @torch.jit.unused
    def chunks(self, x: Tensor):
        yield from x.split(2)


def case_init_and_unused():
    torch.manual_seed(0)
    return Sized().eval(), (torch.randn(2),)
