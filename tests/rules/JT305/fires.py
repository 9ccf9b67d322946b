"""JT305 unannotated-parameter-nontensor-use: an unannotated parameter used as an int, a string, a function, a list of tensors or a torch op argument of another type."""

from typing import Dict, List, Optional

import torch
from torch import nn, Tensor
import torch.nn.functional as F


def repeat(x: Tensor, times) -> Tensor:
    for _ in range(times):  # expect: JT305@14-26 unsafe "Parameter `times` has no annotation, so TorchScript types it `Tensor`, but it is used as a `range` bound"
        x = x * 2
    return x


class Repeater(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return repeat(x, 3)


def case_range_bound():
    return Repeater().eval(), (torch.randn(3),)


class Activation(nn.Module):
    """``mode`` compared with string literals."""

    def forward(self, x: Tensor) -> Tensor:
        return self.act(x, "relu")

    def act(self, x: Tensor, mode) -> Tensor:
        if mode == "relu":  # expect: JT305@12-26 unsafe "Parameter `mode` has no annotation, so TorchScript types it `Tensor`, but it is used as a string"
            return torch.relu(x)
        return torch.tanh(x)


def case_compared_with_string():
    return Activation().eval(), (torch.randn(3),)


def apply(x: Tensor, fn) -> Tensor:
    return fn(x)  # expect: JT305@12-17 none "Parameter `fn` has no annotation, so TorchScript types it `Tensor`, but it is used as a function"


@torch.jit.script
def doubled(x: Tensor) -> Tensor:
    return x * 2


class Applier(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return apply(x, doubled)


def case_called():
    return Applier().eval(), (torch.randn(3),)


def join(parts, dim: int) -> Tensor:
    return torch.cat(parts, dim=dim)  # expect: JT305@12-37 unsafe "Parameter `parts` has no annotation, so TorchScript types it `Tensor`, but it is used as a list of tensors"


class Joiner(nn.Module):
    """timm's ``SelectSeq``: the tensors ``torch.cat`` joins, passed unannotated."""

    def forward(self, x: Tensor) -> Tensor:
        return join([x, x * 2], 1)


def case_tensor_list():
    return Joiner().eval(), (torch.randn(2, 3),)


class Window:
    def __init__(self, length: int):
        self.length = length


def crop(x: Tensor, window) -> Tensor:
    return x[: window.length]  # expect: JT305@16-29 none "Parameter `window` has no annotation, so TorchScript types it `Tensor`, but it is used as an object with `.length`, which a Tensor does not have"


class Cropper(nn.Module):
    """transformers' TAPAS ``IndexMap``: a plain object passed to a helper, unannotated."""

    def forward(self, x: Tensor) -> Tensor:
        return crop(x, Window(2))


def case_foreign_attribute():
    return Cropper().eval(), (torch.randn(4),)


def scale(x: Tensor, height_width) -> Tensor:
    height, width = height_width  # expect: JT305@5-33 none "Parameter `height_width` has no annotation, so TorchScript types it `Tensor`, but it is used as a tuple"
    return x * height * width


class Scaler(nn.Module):
    """transformers' ViTDet ``unpad_windows``: a pair of sizes passed unannotated."""

    def forward(self, x: Tensor) -> Tensor:
        return scale(x, (2, 3))


def case_unpacked():
    return Scaler().eval(), (torch.randn(4),)


def shift(x: Tensor, parts) -> Tensor:
    return x + parts["bias"]  # expect: JT305@16-29 none "Parameter `parts` has no annotation, so TorchScript types it `Tensor`, but it is used as a mapping with string keys"


class Shifter(nn.Module):
    """transformers' Gemma 4 assistant: a dict of states passed unannotated."""

    def forward(self, x: Tensor) -> Tensor:
        return shift(x, {"bias": x})


def case_string_indexed():
    return Shifter().eval(), (torch.randn(4),)


class PaddingCache:
    def update(self, x: Tensor) -> Tensor:
        return torch.cat([x[:1], x])


def pad(x: Tensor, cache=None) -> Tensor:  # expect: JT304@20-30 none "Parameter `cache` defaults to `None` but has no annotation: TorchScript types it `Tensor`, and calls that omit it or pass `None` fail"
    if cache is not None:
        x = cache.update(x)  # expect: JT305@13-25 none "Parameter `cache` has no annotation, so TorchScript types it `Tensor`, but it is used as an object with `.update`, which a Tensor does not have"
    return x


class Padder(nn.Module):
    """transformers' Mimi: a cache object behind a ``None`` default (TorchScript decides ``is not None`` statically)."""

    def forward(self, x: Tensor) -> Tensor:
        return pad(x, PaddingCache())


def case_none_default_object():
    return Padder().eval(), (torch.randn(3),)


def positions(x: Tensor, device) -> Tensor:
    return x + torch.arange(x.shape[-1], device=device)  # expect: JT305@16-56 unsafe "Parameter `device` has no annotation, so TorchScript types it `Tensor`, but it is used as `torch.arange`'s `device`, which takes a device or None"


class Positions(nn.Module):
    """transformers' OmDet-Turbo ``build_2d_sincos_position_embedding``: the device passed on unannotated."""

    def forward(self, x: Tensor) -> Tensor:
        return positions(x, x.device)


def case_device_argument():
    return Positions().eval(), (torch.randn(2, 3),)


def reduce_patches(x: Tensor, num_patches) -> Tensor:
    out = torch.zeros((x.shape[0], num_patches, x.shape[-1]))  # expect: JT305@11-62 unsafe "Parameter `num_patches` has no annotation, so TorchScript types it `Tensor`, but it is used as an element of the tuple given as `torch.zeros`'s argument 1, which takes a list of ints"
    return out + x[:, :1]


class PatchReducer(nn.Module):
    """transformers' BLT ``patch_reduce``: a size passed unannotated, then an element of a shape tuple."""

    def forward(self, x: Tensor) -> Tensor:
        return reduce_patches(x, 4)


def case_shape_tuple_element():
    return PatchReducer().eval(), (torch.randn(2, 3, 5),)


def total(x: Tensor, keep) -> Tensor:
    return x.sum(1, keepdim=keep)  # expect: JT305@12-34 unsafe "Parameter `keep` has no annotation, so TorchScript types it `Tensor`, but it is used as `Tensor.sum`'s `keepdim`, which takes a bool"


class Totaller(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return total(x, True)


def case_bool_argument():
    return Totaller().eval(), (torch.randn(2, 3),)


def pad_right(x: Tensor, padding) -> Tensor:
    return F.pad(x, padding)  # expect: JT305@12-29 unsafe "Parameter `padding` has no annotation, so TorchScript types it `Tensor`, but it is used as `torch.nn.functional.pad`'s argument 2, which takes a list of ints"


class RightPadder(nn.Module):
    """transformers' Longformer ``_pad_and_transpose_last_two_dims``: the padding passed on unannotated."""

    def forward(self, x: Tensor) -> Tensor:
        return pad_right(x, [0, 1])


def case_list_argument():
    return RightPadder().eval(), (torch.randn(2, 3),)


class ConvState:
    """A plain class that ``forward`` names only in an annotation (transformers' VibeVoice padding cache): torch
    compiles every method of it all the same."""

    def __init__(self):
        self.width = 0

    def grow(self, conv):
        self.width = self.width + conv.left_pad  # expect: JT305@35-48 none "Parameter `conv` has no annotation, so TorchScript types it `Tensor`, but it is used as an object with `.left_pad`, which a Tensor does not have"


class CachedConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.left_pad = 2

    def forward(self, x: Tensor, state: Optional[ConvState] = None) -> Tensor:
        return x * 2


def case_class_named_by_an_annotation():
    return CachedConv().eval(), (torch.randn(3),)


class DeformableSampling(nn.Module):
    """transformers' Deformable DETR family: `spatial_shapes_list` without an annotation, unpacked by a comprehension."""

    def forward(self, x: Tensor, spatial_shapes_list) -> Tensor:
        total = sum(height * width for height, width in spatial_shapes_list)  # expect: JT305@36-76 none "Parameter `spatial_shapes_list` has no annotation, so TorchScript types it `Tensor`, but it is used as a sequence of tuples the loop unpacks"
        return x * total


def case_iterated_and_unpacked():
    return DeformableSampling().eval(), (torch.randn(2), [(2, 3), (1, 1)])


class MatcherPermutation(nn.Module):
    """transformers' Mask2Former loss: matcher `indices` without an annotation, enumerated and unpacked."""

    def forward(self, x: Tensor, indices) -> Tensor:
        batch = torch.cat([torch.full_like(src, i) for i, (src, _) in enumerate(indices)])  # expect: JT305@80-89 none "Parameter `indices` has no annotation, so TorchScript types it `Tensor`, but it is used as a sequence of tuples the loop unpacks"
        return x[batch]


def case_enumerated_and_unpacked():
    return MatcherPermutation().eval(), (torch.randn(4), [(torch.tensor([0, 1]), torch.tensor([1, 0]))])


class AbsolutePositions(nn.Module):
    """transformers' ViTDet: the grid's `height` and `width` without annotations, passed as `interpolate`'s size."""

    def __init__(self):
        super().__init__()
        self.positions = nn.Parameter(torch.randn(1, 4, 4, 2))

    def resize(self, positions: Tensor, height, width) -> Tensor:
        return F.interpolate(positions.permute(0, 3, 1, 2), size=(height, width), mode="bicubic")  # expect: JT305@16-98 unsafe "Parameter `height` has no annotation, so TorchScript types it `Tensor`, but it is used as an element of the tuple given as `torch.nn.functional.interpolate`'s `size`, which takes an int, a list of ints or None" JT305@16-98 unsafe "Parameter `width` has no annotation, so TorchScript types it `Tensor`, but it is used as an element of the tuple given as `torch.nn.functional.interpolate`'s `size`, which takes an int, a list of ints or None"

    def forward(self, x: Tensor) -> Tensor:
        return x + self.resize(self.positions, x.shape[2], x.shape[3])


def case_interpolate_size_elements():
    torch.manual_seed(0)
    return AbsolutePositions().eval(), (torch.randn(1, 2, 3, 5),)


class HeadsSplit(nn.Module):
    """transformers' GPT-Neo / DeBERTa-v2: the head count without an annotation, in the shape a tuple extends."""

    def split_heads(self, x: Tensor, num_heads) -> Tensor:
        new_shape = x.size()[:-1] + (num_heads, -1)  # expect: JT305@21-52 unsafe "Parameter `num_heads` has no annotation, so TorchScript types it `Tensor`, but it is used as an int, in the tuple added to the list of ints `x.size()[:-1]`"
        return x.view(new_shape)

    def forward(self, x: Tensor) -> Tensor:
        return self.split_heads(x, 2)


def case_shape_extended_by_a_tuple():
    torch.manual_seed(0)
    return HeadsSplit().eval(), (torch.randn(2, 3, 4),)


class HeadsMerge(nn.Module):
    """transformers' GPT-J / Bark `_merge_heads`: the product of the head count and size, in the tuple extending the
    shape, is a Tensor when the head count is one."""

    def merge_heads(self, x: Tensor, num_heads, head_size: int) -> Tensor:
        x = x.transpose(1, 2).contiguous()
        return x.view(x.size()[:-2] + (num_heads * head_size,))  # expect: JT305@23-63 unsafe "Parameter `num_heads` has no annotation, so TorchScript types it `Tensor`, but it is used as an int, in the tuple added to the list of ints `x.size()[:-2]`"

    def forward(self, x: Tensor) -> Tensor:
        return self.merge_heads(x, 2, 3)


def case_shape_extended_by_a_product():
    torch.manual_seed(0)
    return HeadsMerge().eval(), (torch.randn(1, 2, 4, 3),)


def adjacent_offsets(num_before, num_after: int) -> List[int]:
    """transformers' Reformer `_look_adjacent`: `range(-num_chunks_before, num_chunks_after + 1)`; the negated
    Tensor is a Tensor."""
    offsets: List[int] = []
    for i in range(-num_before, num_after + 1):  # expect: JT305@19-47 unsafe "Parameter `num_before` has no annotation, so TorchScript types it `Tensor`, but it is used as a `range` bound"
        offsets.append(i)
    return offsets


class Adjacent(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x + len(adjacent_offsets(torch.tensor(1), 1))


def case_range_of_negated_parameter():
    return Adjacent().eval(), (torch.ones(2),)


def check_mask(mask: Tensor, seq_len) -> Tensor:
    """transformers' XLM / FlauBERT `get_masks`: `assert mask.size() == (bs, slen)`; TorchScript compares a list of
    ints with a tuple only when every element is an int."""
    batch = mask.size(0)
    assert mask.size() == (batch, seq_len)  # expect: JT305@12-43 unsafe "Parameter `seq_len` has no annotation, so TorchScript types it `Tensor`, but it is used as an int, in the tuple compared with the list of ints `mask.size()`"
    return mask


class MaskCheck(nn.Module):
    def forward(self, mask: Tensor) -> Tensor:
        return check_mask(mask, torch.tensor(3))


def case_shape_compared_with_tuple():
    return MaskCheck().eval(), (torch.ones(2, 3),)


def denoising_group_sizes(targets, num_queries: int) -> List[int]:
    """transformers' RT-DETR denoising group: the targets are a list of dicts, but unannotated they are a Tensor,
    whose elements are Tensors and take no string index."""
    sizes = [len(t["class_labels"]) for t in targets]  # expect: JT305@18-35 none "Parameter `targets` has no annotation, so TorchScript types it `Tensor`, but it is used as a sequence of mappings with string keys"
    return [num_queries // max(1, s) for s in sizes]


class DenoisingGroups(nn.Module):
    def forward(self, targets: List[Dict[str, Tensor]]) -> List[int]:
        return denoising_group_sizes(targets, 10)


def case_sequence_of_mappings():
    return DenoisingGroups().eval(), ([{"class_labels": torch.tensor([1, 2])}],)
