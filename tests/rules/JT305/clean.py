"""JT305 unannotated-parameter-nontensor-use: uses a Tensor supports, annotated parameters, rebound names."""

import torch
from torch import nn, Tensor
from typing import Dict, List, Tuple


class TensorUses(nn.Module):
    """An unannotated tensor used in ways TorchScript accepts for a tensor: view sizes, truth tests, indexing."""

    def forward(self, x: Tensor, k: Tensor) -> Tensor:
        return self.reshape(x, k)

    def reshape(self, x, k):
        y = x.view(2, -1) * k
        if bool(k > 0):
            y = y + 1
        return y


def case_tensor_uses():
    return TensorUses().eval(), (torch.randn(2, 3), torch.tensor(2.0))


def repeat(x: Tensor, times: int, mode: str) -> Tensor:
    for _ in range(times):
        x = x * 2
    if mode == "neg":
        x = -x
    return x


class Annotated(nn.Module):
    """Annotated parameters; unannotated ones in code TorchScript never compiles."""

    def forward(self, x: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            return repeat(x, 2, "neg")
        return self.eager(x, 2)

    @torch.jit.unused
    def eager(self, x, times):
        for _ in range(times):
            x = x * 2
        return -x


def case_annotated():
    return Annotated().eval(), (torch.randn(3),)


def transpose_area(x, size: Tuple[int, int]) -> Tensor:
    height, width = size
    return x.T.contiguous().view(-1)[: height * width] * x.shape[0] + x.mT.sum() + x.ndim


class TensorAttributes(nn.Module):
    """Attributes and methods a Tensor has (`.T`, `.mT`, `.shape`, `.ndim`); an annotated tuple unpacked."""

    def forward(self, x: Tensor) -> Tensor:
        return transpose_area(x, (2, 3))


def case_tensor_attributes():
    return TensorAttributes().eval(), (torch.randn(3, 3),)


class ConvertedArguments(nn.Module):
    """An unannotated (Tensor) parameter where TorchScript converts a Tensor: a view size among others, a dim, a
    dtype, a single size, and `x.to(other)` (the Tensor overload)."""

    def forward(self, x: Tensor) -> Tensor:
        return self.shape_ops(x, torch.tensor(3), x)

    def shape_ops(self, x: Tensor, n, other) -> Tensor:
        y = x.view(2, n)
        y = torch.softmax(y, dim=n - 2)
        z = torch.zeros(n)
        return y.to(other) + z.sum()


def case_converted_arguments():
    return ConvertedArguments().eval(), (torch.randn(2, 3),)


class LazyPositions(nn.Module):
    """transformers' Perceiver: a size used under `if pos is None:`, with `pos=None` unannotated. torch types `pos`
    Tensor and drops that body; it compiles it once `pos` is `Optional` (JT304's fix), when the size would be an
    int. Which one holds is not certain: no finding."""

    def forward(self, x: Tensor) -> Tensor:
        return self.build(x, torch.tensor(2), x)

    def build(self, x: Tensor, batch_size, pos=None) -> Tensor:  # noqa: JT304 (the pattern itself)
        if pos is None:
            pos = torch.zeros((batch_size, 3))
        return x + pos


def case_under_none_default_test():
    return LazyPositions().eval(), (torch.randn(2, 3),)


class DeformableSamplingTyped(nn.Module):
    """The same comprehension over an annotated list of pairs."""

    def forward(self, x: Tensor, spatial_shapes_list: List[Tuple[int, int]]) -> Tensor:
        total = 0
        for height, width in spatial_shapes_list:
            total += height * width
        return x * total


def case_iterated_and_unpacked_typed():
    return DeformableSamplingTyped().eval(), (torch.randn(2), [(2, 3), (1, 1)])


class HeadsSplitAnnotated(nn.Module):
    """The same shape with the head count annotated: a tuple of ints extends a list of ints."""

    def split_heads(self, x: Tensor, num_heads: int) -> Tensor:
        new_shape = x.size()[:-1] + (num_heads, -1)
        return x.view(new_shape)

    def forward(self, x: Tensor) -> Tensor:
        return self.split_heads(x, 2)


def case_shape_extended_by_ints():
    torch.manual_seed(0)
    return HeadsSplitAnnotated().eval(), (torch.randn(2, 3, 4),)


def annotated_group_sizes(targets: List[Dict[str, Tensor]], num_queries: int) -> List[int]:
    """The same, annotated; and an unannotated tensor iterated for its rows."""
    return [num_queries // max(1, len(t["class_labels"])) for t in targets]


def row_sums(x) -> List[Tensor]:
    return [row.sum() for row in x]


class AnnotatedGroups(nn.Module):
    def forward(self, x: Tensor) -> List[int]:
        sums = row_sums(x)
        return annotated_group_sizes([{"class_labels": x}], 10) + [len(sums)]


def case_annotated_sequence_of_mappings():
    return AnnotatedGroups().eval(), (torch.randn(2, 3),)
