"""JT613 tuple-grown: tuples TorchScript compiles (each case scripts with torch 2.13.0)."""
from typing import List

import torch
from torch import nn, Tensor


class Unrolled(nn.Module):
    """A loop over a ModuleList is unrolled: the tuple grows in straight-line code, one type per step."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])

    def forward(self, x: Tensor) -> Tensor:
        outputs = ()
        for layer in self.layers:
            x = layer(x)
            outputs = outputs + (x,)
        return torch.stack(outputs).sum(0)


def case_unrolled_loop():
    torch.manual_seed(0)
    return Unrolled().eval(), (torch.randn(2, 4),)


class SameBlock(nn.Module):
    """Grown in the block where it starts (from a non-empty tuple for `+=`)."""

    def forward(self, x: Tensor) -> Tensor:
        pair = (x,)
        pair += (x * 2,)
        triple = ()
        triple = triple + (x, x + 1, x + 2)
        return pair[1] + triple[2]


def case_same_block():
    torch.manual_seed(0)
    return SameBlock().eval(), (torch.randn(3),)


class AsList(nn.Module):
    """The recipe: a list has one type whatever its length."""

    def forward(self, xs: List[Tensor], keep: bool) -> Tensor:
        collected: List[Tensor] = []
        for x in xs:
            if keep:
                collected.append(x)
        return torch.stack(collected).sum(0) if len(collected) > 0 else xs[0]


def case_list_instead():
    torch.manual_seed(0)
    return AsList().eval(), ([torch.randn(3), torch.randn(3)], True)
