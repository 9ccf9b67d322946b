"""JT608 int-pow-is-float: `int ** int` (a float in TorchScript) used where an int is needed."""
from typing import List

import torch
from torch import nn, Tensor


class Halvings(nn.Module):
    """A `range` bound."""

    def forward(self, x: Tensor, level: int) -> Tensor:
        for _ in range(2 ** level):  # expect: JT608@24-34 unsafe "`2 ** level` is a float in TorchScript (`int ** int` is float) but is used as a `range` bound"
            x = x * 0.5
        return x


def case_range_bound():
    return Halvings().eval(), (torch.randn(3), 2)


class Pick(nn.Module):
    """A list index."""

    def forward(self, xs: List[Tensor], level: int) -> Tensor:
        return xs[2 ** level - 1]  # expect: JT608@19-29 unsafe "`2 ** level` is a float in TorchScript (`int ** int` is float) but is used as an index"


def case_list_index():
    return Pick().eval(), ([torch.randn(3), torch.randn(3)], 1)


class Width(nn.Module):
    """The value returned from a function annotated `-> int`."""

    def forward(self, x: Tensor) -> Tensor:
        return x.view(self.width(2), -1)

    def width(self, level: int) -> int:
        return 3 * 2 ** level  # expect: JT608@20-30 unsafe "`2 ** level` is a float in TorchScript (`int ** int` is float) but is used as the return value of a function annotated `-> int`"


def case_int_return():
    return Width().eval(), (torch.randn(12),)


class Row(nn.Module):
    """A tensor index."""

    def forward(self, x: Tensor, level: int) -> Tensor:
        return x[2 ** level]  # expect: JT608@18-28 unsafe "`2 ** level` is a float in TorchScript (`int ** int` is float) but is used as an index"


def case_tensor_index():
    return Row().eval(), (torch.randn(5, 3), 2)


class Blocks(nn.Module):
    """The value of an int-annotated local."""

    def forward(self, x: Tensor, level: int) -> Tensor:
        blocks: int = 2 ** level  # expect: JT608@23-33 unsafe "`2 ** level` is a float in TorchScript (`int ** int` is float) but is used as the value of an `int` variable"
        return x.view(blocks, -1)


def case_annotated_int():
    return Blocks().eval(), (torch.randn(8), 2)
