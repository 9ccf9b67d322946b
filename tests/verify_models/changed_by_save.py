"""Scripting changes the original model: `__prepare_scriptable__` folds the output scale into the weights of
*this* model in place (instead of a copy) and forgets to reset the scale, so afterwards the original eager
model computes a different function."""

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 2)
        self.register_buffer("scale", torch.tensor(3.0))

    def forward(self, x):
        return self.lin(x) * self.scale

    def __prepare_scriptable__(self):
        with torch.no_grad():
            self.lin.weight.mul_(self.scale)
            self.lin.bias.mul_(self.scale)
        return self


def make():
    return Net(), (torch.randn(3, 4),)
