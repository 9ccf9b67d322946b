"""JT304 unannotated-none-default: annotated Optionals, and None defaults outside compiled code."""

from typing import Optional

import torch
from torch import nn, Tensor


class Annotated(nn.Module):
    """``Optional[Tensor] = None`` compiles, whether callers pass it or not."""

    def __init__(self, norm=None):
        super().__init__()
        self.proj = nn.Linear(3, 3)

    def forward(self, x: Tensor) -> Tensor:
        return self.apply_mask(self.proj(x)) + self.apply_mask(x, torch.ones(3))

    def apply_mask(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        if mask is not None:
            x = x * mask
        return x

    @torch.jit.unused
    def eager_only(self, x, mask=None):
        return x if mask is None else x * mask


def case_annotated_optional():
    torch.manual_seed(0)
    return Annotated().eval(), (torch.randn(2, 3),)


def typed_by_comment(x, mask=None):
    # type: (Tensor, Optional[Tensor]) -> Tensor
    if mask is None:
        return x
    return x * mask


class TypeComment(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return typed_by_comment(x)


def case_type_comment():
    return TypeComment().eval(), (torch.randn(3),)
