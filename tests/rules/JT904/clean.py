"""JT904 len-of-optional: lengths TorchScript takes of the value itself (each case scripts and matches eager)."""
from typing import List, Optional, Tuple, Union

import torch
from torch import nn, Tensor


class RefinedTimes(nn.Module):
    """The `None` check refines the Optional before `len`."""

    def forward(self, x: Tensor, times: Optional[List[Tensor]] = None) -> Tensor:
        if times is not None and len(times) > 0:
            x = x / len(times)
        return x


def case_refined():
    torch.manual_seed(0)
    return RefinedTimes().eval(), (torch.randn(3), [torch.randn(3), torch.randn(3)])


class GatesByIsinstance(nn.Module):
    """An `isinstance` test refines the Union."""

    def forward(self, x: Tensor, gates: Union[Tensor, Tuple[Tensor, Tensor]]) -> Tensor:
        if isinstance(gates, tuple):
            return x * len(gates)
        return x


def case_union_refined():
    torch.manual_seed(0)
    return GatesByIsinstance().eval(), (torch.randn(3), (torch.randn(3), torch.randn(3)))


class PlainList(nn.Module):
    """A list is a list."""

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        return x * len(sizes)


def case_plain_list():
    torch.manual_seed(0)
    return PlainList().eval(), (torch.randn(3), [1, 2, 3])


class ScaleByList(nn.Module):
    """The block tests the parameter again: `isinstance(scale, list)` refines it to the list itself."""

    def forward(self, x: Tensor, scale: Union[List[int], Tuple[int, int], Tensor]) -> Tensor:
        if isinstance(scale, (list, tuple)):
            if isinstance(scale, list):
                return x * len(scale)
        return x


def case_refined_again():
    torch.manual_seed(0)
    return ScaleByList().eval(), (torch.randn(3), [1, 2, 3])


class ScaleByOneSequence(nn.Module):
    """Only one member of the Union is a sequence: `isinstance(scale, (list, tuple))` refines it to `List[int]`."""

    def forward(self, x: Tensor, scale: Union[List[int], Tensor]) -> Tensor:
        if isinstance(scale, (list, tuple)):
            return x * len(scale)
        return x


def case_one_sequence():
    torch.manual_seed(0)
    return ScaleByOneSequence().eval(), (torch.randn(3), [1, 2, 3])
