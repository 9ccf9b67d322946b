"""JT514 dataclass-in-compiled-code: a `@dataclass` constructed or tested in compiled code.

``OSError: Failed to get source for <function Output.__init__ at 0x...> using inspect.getsource``.
"""

import dataclasses
from dataclasses import dataclass
from typing import Optional

import torch
from torch import nn, Tensor


@dataclass
class Output:
    """transformers' `ModelOutput` pattern: the outputs of a forward, by name."""

    logits: Tensor
    hidden: Optional[Tensor] = None


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 2)

    def forward(self, x: Tensor):
        return Output(logits=self.proj(x), hidden=x)  # expect: JT514@16-22 none "`Output` is a dataclass: TorchScript cannot construct it in compiled code (its generated `__init__` has no source)"


def case_returned():
    return Head().eval(), (torch.randn(3, 4),)


@dataclasses.dataclass(frozen=True)
class Span:
    start: int
    end: int


class Crop(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        span = Span(1, 3)  # expect: JT514@16-20 none "`Span` is a dataclass: TorchScript cannot construct it in compiled code (its generated `__init__` has no source)"
        return x[span.start:span.end]


def case_frozen_local():
    return Crop().eval(), (torch.randn(5),)


class PassThrough(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if isinstance(x, Output):  # expect: JT514@26-32 none "`Output` is a dataclass: TorchScript cannot compile it to test `isinstance` (its generated `__init__` has no source)"
            return x.logits
        return x


def case_isinstance():
    return PassThrough().eval(), (torch.randn(2),)
