"""JT903 dropped-decorator: context managers in the body, and decorators on code that is not compiled."""

import functools

import torch
from torch import nn, Tensor


class WithBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        with torch.no_grad():
            return self.backbone(x)

    @torch.no_grad()
    @torch.jit.unused
    def eager_only(self, x: Tensor) -> Tensor:
        return self.backbone(x)


def case_with_statement():
    torch.manual_seed(0)
    return WithBlock().eval(), (torch.randn(2, 4),)


class Cached(nn.Module):
    """Decorators on methods that are never compiled: ``__init__`` helpers and static configuration."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)
        self.reset()

    @torch.no_grad()
    def reset(self) -> None:
        self.proj.weight.mul_(0.5)

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def table(n: int) -> int:
        return n * 2

    def forward(self, x: Tensor) -> Tensor:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return self.proj(x).float()


def case_not_compiled():
    torch.manual_seed(0)
    return Cached().eval(), (torch.randn(2, 4),)
