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


class DecoupledEmbedding(nn.Module):
    """IDEFICS' decoupled embedding: an early `return` on an int attribute guards the read after it."""

    def __init__(self, dim: int = 4, extra: int = 0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(8, dim))
        self.extra = extra
        if extra > 0:
            self.extra_embedding = nn.Embedding(extra, dim)

    def forward(self, ids: Tensor) -> Tensor:
        if self.extra == 0:
            return torch.nn.functional.embedding(ids, self.weight)
        return self.extra_embedding(ids - 8)  # expect: JT402@16-36 none "`self.extra_embedding` is assigned in `__init__` only on some paths, and TorchScript cannot read it on an instance built down the others (it has no such attribute)"


def case_read_after_an_early_return():
    return DecoupledEmbedding(extra=0).eval(), (torch.tensor([1, 2]),)
