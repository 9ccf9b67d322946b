"""JT510 unknown-keyword-argument: look-alikes that script on torch 2.13.0 (must not fire)."""

from typing import List

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class SchemaNames(nn.Module):
    """The schema's names, ``input=`` for an operator's ``self``, ``out``-less keywords of several overloads."""

    def forward(self, x: Tensor) -> Tensor:
        a = x.sum(dim=-1, keepdim=True)
        b = torch.relu(input=x)
        c = x.to(dtype=torch.float32, non_blocking=False)
        d = torch.arange(3, dtype=torch.float32, device=x.device)
        e = F.softmax(x, dim=-1)
        f = F.gelu(x, approximate="tanh")
        parts: List[Tensor] = x.split(split_size=1, dim=0)
        return a + b + c + d + e + f + parts[0]


def case_schema_names():
    torch.manual_seed(0)
    return SchemaNames().eval(), (torch.randn(2, 3),)


def mean_axis(t, axis: int):
    return t.mean(axis)


class Unsure(nn.Module):
    """Callees that are not certainly a torch operator, and numpy names outside compiled code."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 3)
        self.scale = torch.ones(3).sum(axis=0, keepdims=True)

    @torch.jit.unused
    def eager_only(self, x: Tensor) -> Tensor:
        return x + 0 * x.sum(axis=-1, keepdims=True)

    def forward(self, x: Tensor) -> Tensor:
        y = self.proj(x)
        if not torch.jit.is_scripting():
            y = self.eager_only(y)
        return y * self.scale


def case_unsure_callees():
    torch.manual_seed(0)
    return Unsure().eval(), (torch.randn(2, 3),)
