"""JT121 yield: ``yield`` / ``yield from`` in compiled code.

TorchScript has no generators: the frontend rejects ``Yield aren't supported`` / ``YieldFrom aren't supported``,
also in statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Windows(nn.Module):
    """A helper written as a generator of chunks."""

    def forward(self, x: Tensor) -> Tensor:
        out = torch.zeros(2)
        for w in self.windows(x, 2):
            out = out + w.sum()
        return out

    def windows(self, x: Tensor, size: int):
        for start in range(0, x.size(0), size):
            yield x[start:start + size]  # expect: JT121@13-40 none "`yield` is not supported by TorchScript"


def case_generator_helper():
    torch.manual_seed(0)
    return Windows().eval(), (torch.randn(6),)


class Flatten(nn.Module):
    """``yield from`` in an exported method."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def all_ids(self, ids: List[int]):
        yield from ids  # expect: JT121@9-23 none "`yield from` is not supported by TorchScript"


def case_yield_from_export():
    torch.manual_seed(0)
    return Flatten().eval(), (torch.randn(2),)


class EagerTrace(nn.Module):
    """A ``yield`` in the eager-only branch fails too (the frontend parses it)."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            yield x  # expect: JT121@13-20 none "`yield` is not supported by TorchScript"
        return x * 2


def case_dead_branch():
    torch.manual_seed(0)
    return EagerTrace().eval(), (torch.randn(2),)
