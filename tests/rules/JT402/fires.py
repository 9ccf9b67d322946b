"""JT402 attribute-on-some-paths: an attribute __init__ assigns only on some paths, read in compiled code.

An instance built down the other path has no such attribute: ``Module 'Block' has no attribute 'proj' :``.
"""

import torch
from torch import nn, Tensor


class Block(nn.Module):
    def __init__(self, dim: int = 4, use_proj: bool = False):
        super().__init__()
        self.use_proj = use_proj
        if use_proj:
            self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        if self.use_proj:
            x = self.proj(x)  # expect: JT402@17-26 none "`self.proj` is assigned in `__init__` only on some paths, and TorchScript cannot read it on an instance built down the others (it has no such attribute)"
        return x


def case_flag_guarded_submodule():
    return Block(use_proj=False).eval(), (torch.randn(2, 4),)


class Scaler(nn.Module):
    def __init__(self, mode: str = "none"):
        super().__init__()
        self.mode = mode
        if mode == "double":
            self.factor = 2.0
        elif mode == "half":
            self.factor = 0.5

    def forward(self, x: Tensor) -> Tensor:
        if self.mode != "none":
            x = x * self.factor  # expect: JT402@21-32 none "`self.factor` is assigned in `__init__` only on some paths, and TorchScript cannot read it on an instance built down the others (it has no such attribute)"
        return x


def case_elif_without_else():
    return Scaler("none").eval(), (torch.randn(2),)
