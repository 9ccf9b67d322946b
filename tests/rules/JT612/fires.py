"""JT612 tensor-annotation-foreign-attribute: a parameter annotated `Tensor` used as something else
(``'Tensor' object has no attribute or method 'get_seq_length'``)."""
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
