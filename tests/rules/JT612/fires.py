"""JT612 annotation-foreign-attribute: a parameter annotated `Tensor` (or a number) used as something else
(``'Tensor' object has no attribute or method 'get_seq_length'``, ``'int' object has no attribute or method 'size'``)."""
from typing import Optional

import torch
from torch import nn, Tensor


class CachedDecoder(nn.Module):
    """transformers' Qwen2-VL family: `past_key_values: torch.Tensor | None`, a cache object in eager."""

    def forward(self, x: Tensor, past_key_values: Optional[torch.Tensor] = None) -> Tensor:
        past = 0 if past_key_values is None else past_key_values.get_seq_length()  # expect: JT612@50-80 none "`past_key_values` is annotated `Optional[torch.Tensor]`, and a Tensor has no attribute or method `get_seq_length`"
        return x[:, past:]


def case_cache_annotated_tensor():
    return CachedDecoder().eval(), (torch.randn(2, 4),)


class TrackedObjects(nn.Module):
    """A plain `Tensor` annotation on an object the body reads fields of."""

    def forward(self, x: Tensor, state: Tensor) -> Tensor:
        return x + state.obj_ids  # expect: JT612@20-33 none "`state` is annotated `Tensor`, and a Tensor has no attribute or method `obj_ids`"


class Tracks:
    """What callers pass in eager: an object with the field."""

    def __init__(self):
        self.obj_ids = torch.arange(2.0)


def case_object_annotated_tensor():
    return TrackedObjects().eval(), (torch.randn(2), Tracks())


class ScoresOfIntAnnotation(nn.Module):
    """transformers' PVT: `hidden_states: int` where a Tensor comes in; read before the body binds it again."""

    def forward(self, hidden_states: int) -> Tensor:
        new_shape = hidden_states.size()[:-1] + (2, 2)  # expect: JT612@21-39 none "`hidden_states` is annotated `int`, and an int has no attribute or method `size`"
        hidden_states = hidden_states.view(new_shape)  # expect: JT612@25-43 none "`hidden_states` is annotated `int`, and an int has no attribute or method `view`"
        return hidden_states


def case_int_annotation_read():
    return ScoresOfIntAnnotation().eval(), (torch.randn(3, 4),)


class ScaleOfFloatAnnotation(nn.Module):
    """A scale annotated `Optional[float]` where callers pass a Tensor, read as one once checked."""

    def forward(self, x: Tensor, scale: Optional[float] = None) -> Tensor:
        if scale is not None:
            return x * scale.item()  # expect: JT612@24-34 none "`scale` is annotated `Optional[float]`, and a float has no attribute or method `item`"
        return x


def case_float_annotation_read():
    return ScaleOfFloatAnnotation().eval(), (torch.randn(3), torch.tensor(2.0))


class MaskOfBoolAnnotation(nn.Module):
    """A mask annotated `bool` where callers pass a boolean Tensor."""

    def forward(self, x: Tensor, mask: bool) -> Tensor:
        return x * mask.float()  # expect: JT612@20-30 none "`mask` is annotated `bool`, and a bool has no attribute or method `float`"


def case_bool_annotation_read():
    return MaskOfBoolAnnotation().eval(), (torch.randn(3), torch.tensor([True, False, True]))
