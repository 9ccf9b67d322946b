"""Scripts, saves and loads, but the scripted output differs from eager: TorchScript compiles forward's own
source and drops the Python decorator that doubles its output."""

import functools

import torch
from torch import nn


def double_output(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs) * 2

    return wrapper


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 2)

    @double_output
    def forward(self, x):
        return self.lin(x)


def make():
    return Net(), (torch.randn(3, 4),)
