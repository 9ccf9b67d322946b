"""JT617 tensor-unpacked: a Tensor unpacked into names (each case fails to script at its marker)."""
from typing import List, Optional, Tuple

import torch
from torch import nn, Tensor


class CropToSize(nn.Module):
    """Mistral3's `h, w = image_sizes[image_index]`: a row of a Tensor parameter."""

    def forward(self, x: Tensor, image_sizes: Tensor) -> Tensor:
        h, w = image_sizes[0]  # expect: JT617@9-13 none "Unpacking `image_sizes[0]`, a Tensor, into names is not supported by TorchScript (`image_sizes` is annotated `Tensor`); unpack `.unbind(0)` of it, or annotate the tuple it holds"
        return x[:, :h, :w]


def case_row_of_a_tensor():
    torch.manual_seed(0)
    return CropToSize().eval(), (torch.randn(2, 5, 6), torch.tensor([[3, 4]]))


class RotaryPair(nn.Module):
    """Gemma's `position_embeddings: torch.Tensor = None`, passed a `(cos, sin)` tuple in eager mode: TorchScript
    goes by the annotation."""

    def forward(self, x: Tensor, position_embeddings: torch.Tensor = None) -> Tensor:
        cos, sin = position_embeddings  # expect: JT617@9-17 none "Unpacking `position_embeddings`, a Tensor, into names is not supported by TorchScript (`position_embeddings` is annotated `torch.Tensor`); unpack `.unbind(0)` of it, or annotate the tuple it holds"
        return x * cos + x * sin


def case_annotation_wrong_for_a_tuple():
    torch.manual_seed(0)
    return RotaryPair().eval(), (torch.randn(2, 4), (torch.randn(2, 4), torch.randn(2, 4)))


class PatchCount(nn.Module):
    """Mask2Former-style `for height, width in spatial_shapes` over a Tensor of sizes."""

    def forward(self, x: Tensor, spatial_shapes: torch.LongTensor) -> Tensor:
        total = x.sum()
        for height, width in spatial_shapes:  # expect: JT617@13-26 none "Unpacking each element of `spatial_shapes`, a Tensor, into names is not supported by TorchScript (`spatial_shapes` is annotated `torch.LongTensor`); unpack `.unbind(0)` of it, or annotate the tuple it holds"
            total = total + height * width
        return total


def case_rows_unpacked_by_a_loop():
    torch.manual_seed(0)
    return PatchCount().eval(), (torch.randn(3), torch.tensor([[2, 3], [4, 5]]))


class PairsOfList(nn.Module):
    """Each element of a `List[Tensor]` unpacked by a loop."""

    def forward(self, x: Tensor, boxes: List[Tensor]) -> Tensor:
        for lo, hi in boxes:  # expect: JT617@13-19 none "Unpacking each element of `boxes`, a Tensor, into names is not supported by TorchScript (`boxes` is annotated `List[Tensor]`); unpack `.unbind(0)` of it, or annotate the tuple it holds"
            x = x.clamp(lo, hi)
        return x


def case_elements_of_a_tensor_list():
    torch.manual_seed(0)
    return PairsOfList().eval(), (torch.randn(4), [torch.tensor([-1.0, 1.0]), torch.tensor([-0.5, 0.5])])


class FirstBox(nn.Module):
    """An index of a `List[Tensor]` is a Tensor."""

    def forward(self, x: Tensor, boxes: List[Tensor]) -> Tensor:
        lo, hi = boxes[0]  # expect: JT617@9-15 none "Unpacking `boxes[0]`, a Tensor, into names is not supported by TorchScript (`boxes` is annotated `List[Tensor]`); unpack `.unbind(0)` of it, or annotate the tuple it holds"
        return x.clamp(lo, hi)


def case_index_of_a_tensor_list():
    torch.manual_seed(0)
    return FirstBox().eval(), (torch.randn(4), [torch.tensor([-1.0, 1.0])])


class OptionalSizes(nn.Module):
    """`Optional[Tensor]` refined is still a Tensor."""

    def forward(self, x: Tensor, sizes: Optional[Tensor] = None) -> Tensor:
        if sizes is not None:
            h, w = sizes  # expect: JT617@13-17 none "Unpacking `sizes`, a Tensor, into names is not supported by TorchScript (`sizes` is annotated `Optional[Tensor]`); unpack `.unbind(0)` of it, or annotate the tuple it holds"
            return x[:h, :w]
        return x


def case_refined_optional():
    torch.manual_seed(0)
    return OptionalSizes().eval(), (torch.randn(5, 6), torch.tensor([2, 3]))
