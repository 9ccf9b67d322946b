"""JT614 branch-type-mismatch: branches TorchScript unifies (each case scripts with torch 2.13.0)."""
from typing import Optional

import torch
from torch import nn, Tensor


class NotReadAfter(nn.Module):
    """Not read after the statement: no output of the `if`, no type to agree on."""

    def forward(self, x: Tensor, flag: bool) -> Tensor:
        if flag:
            ef = 0
            x = x + ef
        else:
            ef = x * 2
            x = x + ef
        return x


def case_not_read_after():
    torch.manual_seed(0)
    return NotReadAfter().eval(), (torch.randn(3), True)


class NoneAndTensor(nn.Module):
    """`None` and a Tensor unify to `Optional[Tensor]`; one type in both blocks needs nothing."""

    def forward(self, x: Tensor, flag: bool) -> Tensor:
        if flag:
            mask = None
            scale = 2.0
        else:
            mask = x > 0
            scale = 3.0
        if mask is not None:
            x = x * mask
        return x * scale


def case_optional_and_same_types():
    torch.manual_seed(0)
    return NoneAndTensor().eval(), (torch.randn(3), False)


class Returns(nn.Module):
    """A block that returns flows nowhere."""

    def forward(self, x: Tensor, flag: bool) -> Tensor:
        if flag:
            y = 0
            return x + y
        else:
            y = x * 2
        return y


def case_block_returns():
    torch.manual_seed(0)
    return Returns().eval(), (torch.randn(3), False)


class ListsOfTwoLengths(nn.Module):
    """Two lists of different lengths (one type, `List[Tensor]`), and a list against None (an Optional list)."""

    def forward(self, x: Tensor, flag: bool) -> Tensor:
        if flag:
            parts = [x]
        else:
            parts = [x, x * 2]
        if flag:
            extra = [x]
        else:
            extra = None
        total = parts[0]
        if extra is not None:
            total = total + extra[0]
        return total


def case_lists_of_two_lengths():
    return ListsOfTwoLengths().eval(), (torch.randn(3), True)
