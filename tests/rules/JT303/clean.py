"""JT303 unannotated-nontensor-default: annotated defaults, type comments, tensors, and code never compiled."""

from typing import Tuple

import torch
from torch import nn, Tensor


class Annotated(nn.Module):
    """Annotated literal defaults compile; ``__init__`` and unused methods may have any defaults."""

    def __init__(self, channels=4, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.proj = nn.Linear(channels, channels)

    def forward(self, x: Tensor, scale: float = 1.0, dims: Tuple[int, int] = (0, 1), mode: str = "a") -> Tensor:
        y = self.proj(x) * scale
        if mode == "a":
            y = y + 1.0
        return y.sum(dims[1]) + self.eps

    @torch.jit.unused
    def eager_only(self, x, k=2):
        return x * k


def case_annotated_defaults():
    torch.manual_seed(0)
    return Annotated().eval(), (torch.randn(2, 4),)


def typed_by_comment(x, k=2):
    # type: (Tensor, int) -> Tensor
    return x * k


class TypeComment(nn.Module):
    """A type comment types the parameters, as annotations do."""

    def forward(self, x: Tensor) -> Tensor:
        return typed_by_comment(x)


def case_type_comment():
    return TypeComment().eval(), (torch.randn(3),)


class AnnotatedDtype(nn.Module):
    """A dtype default annotated `torch.dtype`."""

    def forward(self, x: Tensor) -> Tensor:
        return self.cast(x)

    def cast(self, x: Tensor, dtype: torch.dtype = torch.float64) -> Tensor:
        return x.to(dtype)


def case_annotated_dtype():
    return AnnotatedDtype().eval(), (torch.arange(3),)
