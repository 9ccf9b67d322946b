"""JT616 union-unrefined: Unions TorchScript takes (each case scripts)."""
from typing import List, Optional, Union

import torch
from torch import nn, Tensor


class Refined(nn.Module):
    """An `isinstance` test refines the Union before its use."""

    def forward(self, pixel_values: Union[Tensor, List[Tensor]]) -> Tensor:
        if isinstance(pixel_values, list):
            return torch.stack(pixel_values).flatten(1)
        return pixel_values.flatten(1)


def case_refined():
    torch.manual_seed(0)
    return Refined().eval(), (torch.randn(2, 3, 4),)


class LogitsToKeep(nn.Module):
    """transformers' `logits_to_keep: int | Tensor`, refined in a conditional expression."""

    def forward(self, hidden: Tensor, logits_to_keep: Union[int, Tensor] = 0) -> Tensor:
        keep = logits_to_keep if isinstance(logits_to_keep, int) else int(logits_to_keep.item())
        return hidden[:, -keep:]


def case_refined_in_a_conditional_expression():
    torch.manual_seed(0)
    return LogitsToKeep().eval(), (torch.randn(2, 5), 2)


class Numbers(nn.Module):
    """`int | float` is a number to TorchScript's arithmetic."""

    def forward(self, x: Tensor, scale: Union[int, float] = 2) -> Tensor:
        return x * (scale + 1)


def case_numbers():
    torch.manual_seed(0)
    return Numbers().eval(), (torch.randn(3), 2)


class OptionalOfOne(nn.Module):
    """An Optional of one type is JT601's when unrefined; refined here, it scripts."""

    def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        if mask is not None:
            x = x * mask.float()
        return x


def case_optional_of_one():
    torch.manual_seed(0)
    return OptionalOfOne().eval(), (torch.randn(3), torch.ones(3))
