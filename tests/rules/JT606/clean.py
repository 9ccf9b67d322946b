"""JT606 dynamic-starred-unpacking: look-alikes that script on torch 2.13.0 (must not fire)."""

from typing import List, Tuple

import torch
from torch import nn, Tensor


class Lists(nn.Module):
    """Sizes as one list, plain (not starred) unpacking of a shape, tuples star-unpacked, ``zip`` of lists."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)
        self.shape = (2, -1)

    def forward(self, x: Tensor, hw: Tuple[int, int], a: List[int], b: List[int]) -> Tensor:
        q = self.proj(x)
        q = q.view(list(q.shape[:-1]) + [2, -1])
        n, h, d = q.shape
        first, *rest = hw
        y = x.view(*self.shape)
        total = 0
        for i, j in zip(a, b):
            total += i * j
        return q.sum() + y.sum() + n + h + d + first + len(rest) + total + x.new_zeros(*hw).sum()


def case_lists_and_tuples():
    torch.manual_seed(0)
    return Lists().eval(), (torch.randn(3, 4), (2, 6), [1, 2], [3, 4])


class EagerOnly(nn.Module):
    """Starred shapes in a statically dead branch (the IR emitter skips it)."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        q = self.proj(x)
        if not torch.jit.is_scripting():
            q = q.view(*q.shape[:-1], 4)
        return q


def case_eager_only():
    torch.manual_seed(0)
    return EagerOnly().eval(), (torch.randn(3, 4),)


class ForecastHead(nn.Module):
    """transformers' PatchTSMixer head: ``self.projection`` returns a tuple only under a distribution head, and
    TorchScript drops ``isinstance(out, tuple)`` for the Linear built here. jitlint cannot tell which module it is, so
    it leaves that branch alone."""

    def __init__(self, projection: nn.Module):
        super().__init__()
        self.projection = projection

    def forward(self, x: Tensor) -> Tensor:
        out = self.projection(x)
        if isinstance(out, tuple):
            out = tuple(z.transpose(-1, -2) for z in out)
        else:
            out = out.transpose(-1, -2)
        return out


def case_branch_of_a_head_of_unknown_type():
    torch.manual_seed(0)
    return ForecastHead(nn.Linear(4, 4)).eval(), (torch.randn(2, 3, 4),)
