"""JT617 tensor-unpacked: unpacking TorchScript takes (each case scripts)."""
from typing import List, Tuple

import torch
from torch import nn, Tensor


class UnbindRow(nn.Module):
    """`.unbind(0)` gives a list of Tensors, which TorchScript unpacks (checking its length when it runs)."""

    def forward(self, x: Tensor, image_sizes: Tensor) -> Tensor:
        h, w = image_sizes[0].unbind(0)
        return x * h + x * w


def case_unbind():
    torch.manual_seed(0)
    return UnbindRow().eval(), (torch.randn(2, 3), torch.tensor([[3, 4]]))


class TuplePair(nn.Module):
    """Annotated as the tuple it holds."""

    def forward(self, x: Tensor, position_embeddings: Tuple[Tensor, Tensor]) -> Tensor:
        cos, sin = position_embeddings
        return x * cos + x * sin


def case_tuple_annotation():
    torch.manual_seed(0)
    return TuplePair().eval(), (torch.randn(2, 4), (torch.randn(2, 4), torch.randn(2, 4)))


class ListPair(nn.Module):
    """A `List[Tensor]` itself unpacks; only its elements, Tensors, do not."""

    def forward(self, x: Tensor, bounds: List[Tensor]) -> Tensor:
        lo, hi = bounds
        return x.clamp(lo, hi)


def case_list_unpacked():
    torch.manual_seed(0)
    return ListPair().eval(), (torch.randn(4), [torch.tensor(-1.0), torch.tensor(1.0)])


class MaxAndIndex(nn.Module):
    """A call's result is left alone: `x.max(dim=...)` returns a tuple."""

    def forward(self, x: Tensor) -> Tensor:
        values, indices = x.max(dim=-1)
        return values + indices


def case_call_result():
    torch.manual_seed(0)
    return MaxAndIndex().eval(), (torch.randn(2, 3),)


class ZippedRows(nn.Module):
    """`zip` and `enumerate` give tuples to unpack."""

    def forward(self, x: Tensor, scales: Tensor) -> Tensor:
        for i, s in enumerate(scales):
            x = x + s * i
        return x


def case_enumerate():
    torch.manual_seed(0)
    return ZippedRows().eval(), (torch.randn(3), torch.randn(2))
