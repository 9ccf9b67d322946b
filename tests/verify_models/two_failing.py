"""Two submodule classes fail to script, each for its own reason; torch only reports the first.

- Encoder: a ModuleList indexed with a loop variable (JT201 modulelist-variable-index)
- Head: a comprehension with an `if` (JT101 comprehension-if)
"""

import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])

    def forward(self, x):
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        return x


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        keep = [i for i in range(4) if i % 2 == 0]
        return self.proj(x)[:, keep]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.head = Head()

    def forward(self, x):
        return self.head(self.encoder(x))


def make():
    return Net(), (torch.randn(2, 4),)
