"""JT609 bare-tuple-unpacked: a parameter annotated `tuple` / `list[tuple]` without element types, unpacked.

``Provided tuple is not fully defined/refined including its element types, please provide a value of type like
Tuple[int, int]``.
"""

import torch
from torch import nn, Tensor


class SplitLevels(nn.Module):
    """transformers' multi-scale deformable attention: `value_spatial_shapes_list: list[tuple]`."""

    def forward(self, value: Tensor, spatial_shapes: list[tuple]) -> Tensor:
        parts = value.split([h * w for h, w in spatial_shapes], dim=1)  # expect: JT609@48-62 none "`spatial_shapes` is annotated `list[tuple]`, a tuple without element types, and is unpacked here: TorchScript cannot type its elements"
        return parts[0]


def case_comprehension():
    return SplitLevels().eval(), (torch.randn(1, 6, 2), [(1, 2), (2, 2)])


class Area(nn.Module):
    def forward(self, x: Tensor, size: tuple) -> Tensor:
        h, w = size  # expect: JT609@16-20 none "`size` is annotated `tuple`, a tuple without element types, and is unpacked here: TorchScript cannot type its elements"
        return x * h * w


def case_assignment():
    return Area().eval(), (torch.randn(2), (2, 3))


class Total(nn.Module):
    def forward(self, x: Tensor, shapes: list[tuple]) -> Tensor:
        for h, w in shapes:  # expect: JT609@21-27 none "`shapes` is annotated `list[tuple]`, a tuple without element types, and is unpacked here: TorchScript cannot type its elements"
            x = x + h * w
        return x


def case_loop():
    return Total().eval(), (torch.randn(2), [(1, 2), (3, 4)])
