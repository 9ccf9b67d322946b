"""Scripts, saves, runs in LibTorch and matches eager; forward takes a list, a dict, an int and a float."""

from typing import Dict, List, Tuple

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, width: int):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(width, width) for _ in range(2)])
        self.norm = nn.LayerNorm(width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = torch.relu(layer(x))
        return self.norm(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block(8)
        self.head = nn.Linear(8, 3)

    def forward(
        self, x: torch.Tensor, extras: List[torch.Tensor], named: Dict[str, torch.Tensor], k: int, scale: float
    ) -> Tuple[torch.Tensor, List[torch.Tensor], Dict[str, torch.Tensor], int]:
        y = self.head(self.block(x)) * scale
        return y, [e + k for e in extras], {"sum": named["a"] + y.sum(), "b": named["b"]}, k + 1


def make():
    torch.manual_seed(1)
    inputs = (
        torch.randn(4, 8),
        [torch.randn(2), torch.randn(3, dtype=torch.float64)],
        {"a": torch.randn(3), "b": torch.arange(4)},
        2,
        1,  # an int where forward wants a float: eager and the Python binding accept it, the loader converts it
    )
    return Net(), inputs


def model_only():
    return Net()


def inputs():
    return make()[1]
