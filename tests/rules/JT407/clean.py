"""JT407 module-truth-value: modules tested against None, bool and int attributes as truth values."""

import torch
from torch import nn, Tensor


class Tested(nn.Module):
    """``is not None`` on a module or None: TorchScript decides it from the instance."""

    def __init__(self, use_norm: bool):
        super().__init__()
        self.norm = nn.LayerNorm(4) if use_norm else None
        self.use_norm = use_norm
        self.depth = 2

    def forward(self, x: Tensor) -> Tensor:
        norm = self.norm
        if norm is not None and self.use_norm:
            x = norm(x)
        if self.depth and not self.use_norm:
            x = x + 1
        return x


def case_tested():
    torch.manual_seed(0)
    return Tested(True).eval(), (torch.randn(2, 4),)


def case_tested_none():
    torch.manual_seed(0)
    return Tested(False).eval(), (torch.randn(2, 4),)
