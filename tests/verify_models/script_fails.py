"""Fails to script: a ModuleList indexed with a loop variable (JT201 modulelist-variable-index)."""

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x):
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        return x


def make():
    return Net(), (torch.randn(2, 4),)
