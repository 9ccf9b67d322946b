"""JT514 dataclass-in-compiled-code: dataclasses TorchScript never compiles, and what compiles in their place."""

from dataclasses import dataclass
from typing import NamedTuple, Tuple

import torch
from torch import nn, Tensor


@dataclass
class Settings:
    width: int = 4
    scale: float = 0.5


class Scaled(nn.Module):
    """A dataclass read in `__init__` only: its fields are copied to typed attributes."""

    def __init__(self, settings: Settings = Settings()):
        super().__init__()
        self.proj = nn.Linear(settings.width, settings.width)
        self.scale = settings.scale

    def forward(self, x: Tensor) -> Tensor:
        return self.proj(x) * self.scale


def case_init_only():
    return Scaled().eval(), (torch.randn(2, 4),)


class Pair(NamedTuple):
    logits: Tensor
    hidden: Tensor


class Head(nn.Module):
    """A NamedTuple keeps the names and compiles."""

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        out = Pair(x * 2, x)
        return out.logits, out.hidden


def case_named_tuple():
    return Head().eval(), (torch.randn(3),)


@torch.jit.script
@dataclass
class Box:
    """TorchScript's opt-in: a scripted dataclass gets synthesized methods."""

    x: Tensor
    k: int = 1


class UsesBox(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return Box(x).x + 1


def case_scripted_dataclass():
    return UsesBox().eval(), (torch.randn(2),)


class EagerOnly(nn.Module):
    """Built only where TorchScript does not compile."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            return x * (Settings(width=2).scale * 2)
        return x


def case_eager_branch():
    return EagerOnly().eval(), (torch.randn(2),)
