"""JT616 union-unrefined: Unions TorchScript takes (each case scripts)."""
from typing import List, Optional, Tuple, Union

import torch
from torch import nn, Tensor


class Refined(nn.Module):
    """An `isinstance` test refines the Union before its use."""

    def forward(self, pixel_values: Union[Tensor, List[Tensor]]) -> Tensor:
        if isinstance(pixel_values, list):
            return torch.stack(pixel_values).flatten(1)
        return pixel_values.flatten(1)


def case_refined():
    torch.manual_seed(0)
    return Refined().eval(), (torch.randn(2, 3, 4),)


class LogitsToKeep(nn.Module):
    """transformers' `logits_to_keep: int | Tensor`, refined in a conditional expression."""

    def forward(self, hidden: Tensor, logits_to_keep: Union[int, Tensor] = 0) -> Tensor:
        keep = logits_to_keep if isinstance(logits_to_keep, int) else int(logits_to_keep.item())
        return hidden[:, -keep:]


def case_refined_in_a_conditional_expression():
    torch.manual_seed(0)
    return LogitsToKeep().eval(), (torch.randn(2, 5), 2)


class Numbers(nn.Module):
    """`int | float` is a number to TorchScript's arithmetic."""

    def forward(self, x: Tensor, scale: Union[int, float] = 2) -> Tensor:
        return x * (scale + 1)


def case_numbers():
    torch.manual_seed(0)
    return Numbers().eval(), (torch.randn(3), 2)


class OptionalOfOne(nn.Module):
    """An Optional of one type is JT601's when unrefined; refined here, it scripts."""

    def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        if mask is not None:
            x = x * mask.float()
        return x


def case_optional_of_one():
    torch.manual_seed(0)
    return OptionalOfOne().eval(), (torch.randn(3), torch.ones(3))


class StridePoolEach(nn.Module):
    """Each sequence type tested on its own: both blocks see one type."""

    def forward(self, x: Tensor, axis: Union[int, Tuple[int], List[int]] = 1) -> Tensor:
        if isinstance(axis, list):
            for ax in axis:
                x = x.sum(ax)
            return x
        if isinstance(axis, tuple):
            for ax in axis:
                x = x.sum(ax)
            return x
        return x.sum(axis)


def case_each_type_tested():
    torch.manual_seed(0)
    return StridePoolEach().eval(), (torch.randn(2, 3),)


class OneSequenceMember(nn.Module):
    """timm_wrapper's `output_hidden_states: bool | list[int]`: `(list, tuple)` keeps the one list member."""

    def forward(self, x: Tensor, layers: Union[bool, List[int]] = False) -> Tensor:
        if isinstance(layers, (list, tuple)):
            for i in layers:
                x = x + i
        return x


def case_tuple_test_keeps_one_member():
    torch.manual_seed(0)
    return OneSequenceMember().eval(), (torch.randn(2, 3),)


class PositionsOnRefined(nn.Module):
    """The string is turned into a device first: `isinstance` refines the Union."""

    def forward(self, x: Tensor, device: Union[torch.device, str] = "cpu") -> Tensor:
        if isinstance(device, str):
            device = torch.device(device)
        return x + torch.arange(x.shape[-1], device=device)


def case_device_refined():
    return PositionsOnRefined().eval(), (torch.randn(2, 3), "cpu")


class DeviceAsString(nn.Module):
    """A plain `str` device: TorchScript converts it for `device=`."""

    def forward(self, x: Tensor, device: str = "cpu") -> Tensor:
        return x + torch.arange(x.shape[-1], device=device)


def case_device_string():
    return DeviceAsString().eval(), (torch.randn(2, 3), "cpu")
