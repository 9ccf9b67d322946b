"""JT616 union-unrefined: a Union parameter used as one of its types with no `isinstance` test."""
from typing import Dict, List, Optional, Tuple, Union

import torch
from torch import nn, Tensor


class Flatten(nn.Module):
    """A method of the Union: TorchScript looks it up on the Union type, which has none."""

    def forward(self, pixel_values: Union[Tensor, List[Tensor]]) -> Tensor:
        return pixel_values.flatten(1)  # expect: JT616@16-36 none "`pixel_values` is annotated `Union[Tensor, List[Tensor]]`, a Union TorchScript refines only by `isinstance`; with no such test in the function it cannot be read for `.flatten`"


def case_method_of_the_union():
    torch.manual_seed(0)
    return Flatten().eval(), (torch.randn(2, 3, 4),)


class SpatialShapes(nn.Module):
    """transformers' `multi_scale_deformable_attention`: `value_spatial_shapes: Tensor | list[tuple]`, iterated."""

    def forward(self, value: Tensor, value_spatial_shapes: Tensor | List[Tuple[int, int]]) -> Tensor:
        parts = value.split([height * width for height, width in value_spatial_shapes], dim=1)  # expect: JT616@66-86 none "`value_spatial_shapes` is annotated `Tensor | List[Tuple[int, int]]`, a Union TorchScript refines only by `isinstance`; with no such test in the function it cannot be iterated"
        return parts[0]


def case_iterated():
    torch.manual_seed(0)
    return SpatialShapes().eval(), (torch.randn(2, 6, 3), [(1, 2), (2, 2)])


class RotaryPair(nn.Module):
    """DeepSeek-V4's `position_embeddings: dict[...] | tuple[Tensor, Tensor]`, subscripted."""

    def forward(self, x: Tensor, position_embeddings: Union[Dict[str, Tensor], Tuple[Tensor, Tensor]]) -> Tensor:
        cos = position_embeddings[0]  # expect: JT616@15-37 none "`position_embeddings` is annotated `Union[Dict[str, Tensor], Tuple[Tensor, Tensor]]`, a Union TorchScript refines only by `isinstance`; with no such test in the function it cannot be subscripted"
        return x * cos


def case_subscripted():
    torch.manual_seed(0)
    return RotaryPair().eval(), (torch.randn(2, 4), (torch.randn(2, 4), torch.randn(2, 4)))


class StridePool(nn.Module):
    """Funnel's `stride_pool`: `isinstance(axis, (list, tuple))` refines the Union only to its two sequence members."""

    def forward(self, x: Tensor, axis: Union[int, Tuple[int], List[int]] = 1) -> Tensor:
        if isinstance(axis, (list, tuple)):
            for ax in axis:  # expect: JT616@23-27 none "`isinstance(axis, (list, tuple))` refines `axis` only to a Union of `Tuple[int]` and `List[int]`, which TorchScript cannot treat as either: it cannot be iterated here; test each type on its own"
                x = x.sum(ax)
            return x
        return x.sum(axis)


def case_refined_to_two_members():
    torch.manual_seed(0)
    return StridePool().eval(), (torch.randn(2, 3),)


class StridePoolPipes(nn.Module):
    """The same, annotated with `|` as transformers writes it, and `axis` rebound only after the block."""

    def forward(self, x: Tensor, axis: int | tuple[int] | list[int] = 1) -> Tensor:
        if isinstance(axis, (list, tuple)):
            for ax in axis:  # expect: JT616@23-27 none "`isinstance(axis, (list, tuple))` refines `axis` only to a Union of `Tuple[int]` and `List[int]`, which TorchScript cannot treat as either: it cannot be iterated here; test each type on its own"
                x = x.sum(ax)
            return x
        axis %= x.dim()
        return x.sum(axis)


def case_refined_to_two_members_pipe_syntax():
    torch.manual_seed(0)
    return StridePoolPipes().eval(), (torch.randn(2, 3),)


class PositionsOn(nn.Module):
    """A device given as `torch.device | str` (DETR's sine position embedding, Qwen-VL's rope index): torch's
    `device=` takes a Device, not the Union."""

    def forward(self, x: Tensor, device: Union[torch.device, str] = "cpu") -> Tensor:
        return x + torch.arange(x.shape[-1], device=device)  # expect: JT616@53-59 none "`device` is annotated `Union[torch.device, str]`, a Union TorchScript refines only by `isinstance`; with no such test in the function it cannot be passed as `device=` to `torch.arange`"


def case_device_argument():
    return PositionsOn().eval(), (torch.randn(2, 3), "cpu")


class CastTo(nn.Module):
    """A dtype given as `torch.dtype | str` to a Tensor's `.to(...)`."""

    def forward(self, x: Tensor, dtype: Union[torch.dtype, str]) -> Tensor:
        return x.to(dtype=dtype)  # expect: JT616@27-32 none "`dtype` is annotated `Union[torch.dtype, str]`, a Union TorchScript refines only by `isinstance`; with no such test in the function it cannot be passed as `dtype=` to `x.to`"


def case_dtype_argument():
    return CastTo().eval(), (torch.randn(2, 3), torch.float64)


class MoveFrames(nn.Module):
    """A device given to the `.to(...)` of an Optional Tensor refined where it stands (the SAM 2 video family's
    `video.to(video_storage_device) if video is not None else None`)."""

    def forward(self, video: Optional[Tensor], device: Union[torch.device, str]) -> Optional[Tensor]:
        return video.to(device) if video is not None else None  # expect: JT616@25-31 none "`device` is annotated `Union[torch.device, str]`, a Union TorchScript refines only by `isinstance`; with no such test in the function it cannot be passed to `video.to`"


def case_device_to_refined_optional():
    return MoveFrames().eval(), (torch.randn(2, 3), "cpu")
