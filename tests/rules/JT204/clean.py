"""JT204 modulelist-zip-dynamic: zips TorchScript unrolls (module containers together, a tuple), enumerate, and a
zip of lists with no module container."""
from typing import List, Tuple

import torch
from torch import nn, Tensor


class PairedContainers(nn.Module):
    """Two module containers, a tuple parameter, and `enumerate` with an index into the list."""

    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])
        self.norms = nn.ModuleList([nn.LayerNorm(4) for _ in range(2)])

    def forward(self, x: Tensor, pair: Tuple[Tensor, Tensor], feats: List[Tensor]) -> Tensor:
        for conv, norm in zip(self.convs, self.norms):
            x = norm(conv(x))
        for conv, extra in zip(self.convs, pair):
            x = conv(x) + extra
        for i, conv in enumerate(self.convs):
            x = x + conv(feats[i])
        return x


def case_static_lengths():
    torch.manual_seed(0)
    return PairedContainers().eval(), (torch.randn(2, 4), (torch.randn(2, 4), torch.randn(2, 4)), [torch.randn(2, 4)] * 2)


class ListsOnly(nn.Module):
    """A zip of plain lists is an ordinary loop."""

    def forward(self, xs: List[Tensor], weights: List[float]) -> Tensor:
        total = torch.zeros(1)
        for x, w in zip(xs, weights):
            total = total + x.sum() * w
        return total


def case_lists_only():
    return ListsOnly().eval(), ([torch.randn(3), torch.randn(3)], [0.5, 2.0])
