"""Scripts, but cannot be saved: forward calls a `@torch.jit.ignore` method (a Python call in the graph)."""

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 2)

    @torch.jit.ignore
    def postprocess(self, x: torch.Tensor) -> torch.Tensor:
        return x.clamp(min=0)

    def forward(self, x):
        return self.postprocess(self.lin(x))


def make():
    return Net(), (torch.randn(3, 4),)
