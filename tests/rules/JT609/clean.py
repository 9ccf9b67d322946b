"""JT609 bare-tuple-unpacked: tuples TorchScript can unpack."""

from typing import List, Tuple

import torch
from torch import nn, Tensor


class SplitLevels(nn.Module):
    """Element types given."""

    def forward(self, value: Tensor, spatial_shapes: List[Tuple[int, int]]) -> Tensor:
        parts = value.split([h * w for h, w in spatial_shapes], dim=1)
        return parts[0]


def case_typed_elements():
    return SplitLevels().eval(), (torch.randn(1, 6, 2), [(1, 2), (2, 2)])


class Area(nn.Module):
    """A tuple with its element types, unpacked."""

    def forward(self, x: Tensor, size: Tuple[int, int]) -> Tensor:
        h, w = size
        return x * h * w


def case_typed_tuple():
    return Area().eval(), (torch.randn(2), (2, 3))
