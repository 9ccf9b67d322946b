"""A small model with what jitlint reports, for the golden files of every output format."""
from typing import List

import torch
from torch import nn


class Stack(nn.Module):
    def __init__(self, n: int = 3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(n)])

    def forward(self, x: torch.Tensor, sizes: List[int]) -> torch.Tensor:
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        kept = [s for s in sizes if s > 0]
        seen = {1, 2}
        return x * len(kept) * len(seen)
