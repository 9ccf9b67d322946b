"""JT130 starred-list: ``*xs`` with ``xs`` a list of unknown length in compiled code.

The IR emitter needs the length: ``cannot statically infer the expected size of a list in this context``.
"""

from typing import List

import torch
from torch import nn, Tensor


class Reshape(nn.Module):
    """``x.view(*shape)``: the list passes as it is (safe fix)."""

    def forward(self, x: Tensor, shape: List[int]) -> Tensor:
        return x.view(*shape)  # expect: JT130@23-29 safe "Star-unpacking the list `shape` is not supported by TorchScript (its length is not known)"


def case_view_list_parameter():
    torch.manual_seed(0)
    return Reshape().eval(), (torch.randn(2, 6), [3, 4])


class Heads(nn.Module):
    """``x.shape`` slices mixed with other arguments, and a local assigned from ``x.shape``."""

    def forward(self, x: Tensor) -> Tensor:
        tail = x.shape[1:]
        y = x.view(*x.shape[:1], -1)  # expect: JT130@20-32 none "Star-unpacking the list `x.shape[:1]` is not supported by TorchScript (its length is not known)"
        return x[0].reshape(*tail) + y.sum()  # expect: JT130@29-34 safe "Star-unpacking the list `tail` is not supported by TorchScript (its length is not known)"


def case_shape_slices():
    torch.manual_seed(0)
    return Heads().eval(), (torch.randn(2, 3, 4),)


class Zeros(nn.Module):
    """``torch.zeros(*x.size())`` and a list display."""

    def forward(self, x: Tensor, extra: List[int]) -> Tensor:
        dims = [*extra, 1]  # expect: JT130@17-23 none "Star-unpacking the list `extra` is not supported by TorchScript (its length is not known)"
        return torch.zeros(*x.size()) + x + len(dims)  # expect: JT130@28-37 none "Star-unpacking the list `x.size()` is not supported by TorchScript (its length is not known)"


def case_factory_and_list_display():
    torch.manual_seed(0)
    return Zeros().eval(), (torch.randn(2, 3), [4])


class FirstRest(nn.Module):
    """Star assignment from a list."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        first, *rest = ids  # expect: JT130@9-27 none "Star-unpacking the list `ids` in an assignment is not supported by TorchScript (its length is not known)"
        return x * first + len(rest)


def case_star_assignment():
    torch.manual_seed(0)
    return FirstRest().eval(), (torch.randn(2), [3, 4, 5])


class Unroll(nn.Module):
    """timm's hiera ``Unroll``: a view to ``[B] + size + [C]``, spelled with a star."""

    def __init__(self):
        super().__init__()
        self.size = [2, 2]

    def forward(self, x: Tensor) -> Tensor:
        b = x.shape[0]
        c = x.shape[-1]
        return x.view(*([b] + self.size + [c]))  # expect: JT130@23-47 safe "Star-unpacking the list `([b] + self.size + [c])` is not supported by TorchScript (its length is not known)"


def case_list_concatenation():
    torch.manual_seed(0)
    return Unroll().eval(), (torch.randn(3, 4, 5),)


class TransposeForScores(nn.Module):
    """transformers' LUKE / OpenAI GPT: ``x.size()[:-1] + (heads, dim)`` is a list in TorchScript, which takes the
    tuple as a list beside one (a tuple in eager, where ``torch.Size`` is one)."""

    def __init__(self):
        super().__init__()
        self.num_attention_heads = 2
        self.attention_head_size = 3

    def forward(self, x: Tensor) -> Tensor:
        new_x_shape = x.size()[:-1] + (self.num_attention_heads, self.attention_head_size)
        return x.view(*new_x_shape).permute(0, 2, 1, 3)  # expect: JT130@23-35 safe "Star-unpacking the list `new_x_shape` is not supported by TorchScript (its length is not known)"


def case_size_plus_tuple():
    torch.manual_seed(0)
    return TransposeForScores().eval(), (torch.randn(2, 4, 6),)


class RowEmbeddings(nn.Module):
    """transformers' TVP: ``(1,) * n`` repeats a tuple into a list in TorchScript (beside it, ``min`` of a config
    attribute and an int is an int)."""

    def __init__(self):
        super().__init__()
        self.max_rows = 8

    def forward(self, x: Tensor, table: Tensor) -> Tensor:
        rows = min(self.max_rows, table.shape[0])
        row_shape = (1,) * (len(x.shape) - 2) + (rows, table.shape[1])
        return x + table.view(*row_shape)  # expect: JT130@31-41 safe "Star-unpacking the list `row_shape` is not supported by TorchScript (its length is not known)"


def case_repeated_tuple():
    torch.manual_seed(0)
    return RowEmbeddings().eval(), (torch.randn(2, 3, 4), torch.randn(3, 4))
