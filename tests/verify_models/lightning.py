"""LightningModules (needs pytorch_lightning): verify scripts them with `to_torchscript(method="script")`, as
Lightning's users do; `torch.jit.script` on them fails with "... is not attached to a `Trainer`".

- `clean`: scripts, saves, loads in LibTorch and matches eager;
- `loop_index`: fails to script, a ModuleList indexed with a loop variable (JT201 modulelist-variable-index).
"""

import pytorch_lightning as pl
import torch
from torch import nn


class LitClean(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 8), nn.ReLU())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return nn.functional.mse_loss(self(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


class LitLoop(LitClean):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.net(x)
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        return x


def clean():
    return LitClean(), (torch.randn(2, 4),)


def loop_index():
    return LitLoop(), (torch.randn(2, 4),)
