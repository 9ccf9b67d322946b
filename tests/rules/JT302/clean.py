"""JT302 positional-only-parameters: ``/`` outside compiled code, and ordinary signatures."""

import torch
from torch import nn, Tensor


def eager_helper(x: Tensor, /) -> Tensor:
    return x + 1


class Plain(nn.Module):
    """The same helper without ``/`` compiles; ``/`` in ``__init__`` and in unused methods is never compiled."""

    def __init__(self, width: int = 3, /):
        super().__init__()
        self.proj = nn.Linear(width, width)

    def forward(self, x: Tensor, factor: float = 2.0) -> Tensor:
        return self.proj(x) * factor

    @torch.jit.unused
    def eager_only(self, x: Tensor, /) -> Tensor:
        return eager_helper(x)


def case_plain_signature():
    torch.manual_seed(0)
    return Plain().eval(), (torch.randn(2, 3),)


@torch.jit.script
def keyword_only(x: Tensor, *, factor: float) -> Tensor:
    return x * factor


class UsesKeywordOnly(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return keyword_only(x, factor=0.5)


def case_keyword_only_without_default():
    return UsesKeywordOnly().eval(), (torch.randn(3),)
