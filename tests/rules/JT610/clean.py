"""JT610 annotated-redeclaration: annotations TorchScript takes."""

from typing import List, Optional

import torch
from torch import nn, Tensor


class Decoder(nn.Module):
    """The parameter assigned without an annotation on its `None` branch: TorchScript refines it."""

    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(10, 4)

    def forward(self, input_ids: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if inputs_embeds is None:
            inputs_embeds = self.embed_tokens(input_ids)
        return inputs_embeds * 2


def case_parameter_assigned():
    return Decoder().eval(), (torch.tensor([[1, 2, 3]]),)


class Sizes(nn.Module):
    """Each local annotated once, where it is first defined; then assigned."""

    def forward(self, x: Tensor) -> Tensor:
        sizes: List[int] = []
        for d in x.shape:
            sizes.append(d)
        scale: float = 0.5
        scale = scale * 2
        return x * scale * len(sizes)


def case_first_declaration():
    return Sizes().eval(), (torch.randn(3),)


def weighted(x: Tensor, w: Optional[float] = None) -> Tensor:
    """A module-level function: another function's `w` is no concern of this one."""
    factor: float = 1.0
    if w is not None:
        factor = w
    return x * factor


class UsesHelper(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        w: float = 3.0
        return weighted(x, w)


def case_other_function():
    return UsesHelper().eval(), (torch.randn(3),)


class SameBlock(nn.Module):
    """Declared again in the block that defines it (the parameter's own block, or one `if` body): accepted."""

    def forward(self, x: Tensor, k: int) -> Tensor:
        k: int = 3
        if bool(x.sum() > 0):
            j: int = 2
            j: int = 4
            x = x + j
        return x + k


def case_same_block():
    return SameBlock().eval(), (torch.randn(3), 1)


class EachBranch(nn.Module):
    """Declared once in each branch: neither branch sees the other."""

    def forward(self, x: Tensor) -> Tensor:
        if bool(x.sum() > 0):
            k: int = 2
        else:
            k: int = 1
        return x + k


def case_each_branch():
    return EachBranch().eval(), (torch.randn(3),)
