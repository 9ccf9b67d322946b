"""JT607 return-type-mismatch: returns that do not match the annotation, or each other."""

from typing import Optional, Tuple

import torch
from torch import nn, Tensor


def scale_for(fast: bool):
    if fast:
        return 1
    return 0.5  # expect: JT607@12-15 none "This return gives a `float`, but an earlier return gives an `int`: TorchScript needs one return type"


class Scaled(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x * scale_for(True)


def case_int_then_float():
    return Scaled().eval(), (torch.randn(3),)


class Split(nn.Module):
    """Annotated as a pair, returns one tensor on one path."""

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        if x.dim() == 1:
            return x  # expect: JT607@20-21 none "`x` is a `Tensor`, but the function is annotated to return `Tuple[Tensor, Tensor]`"
        return x[0], x[1]


def case_annotated_tuple():
    return Split().eval(), (torch.randn(2, 3),)


class Count(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return self.rows(x) * x

    def rows(self, x: Tensor) -> Tensor:
        return x.shape[0]  # expect: JT607@16-26 none "`x.shape[0]` is an `int`, but the function is annotated to return `Tensor`"


def case_int_for_tensor():
    return Count().eval(), (torch.randn(2, 3),)


class Shape(nn.Module):
    def forward(self, x: Tensor, flat: bool = False):
        if flat:
            return x.reshape(-1)
        return x.shape  # expect: JT607@16-23 none "This return gives a `List[int]`, but an earlier return gives a `Tensor`: TorchScript needs one return type"


def case_tensor_then_list():
    return Shape().eval(), (torch.randn(2, 3), True)


class Attend(nn.Module):
    def forward(self, x: Tensor):
        return x * 2, torch.softmax(x, dim=-1)


class SelfAttention(nn.Module):
    """transformers' BERT: ``-> tuple[torch.Tensor]`` (a 1-tuple) returning two values whose types come from a
    submodule (not known to the linter; the tuple's length is)."""

    def __init__(self):
        super().__init__()
        self.attend = Attend()

    def forward(self, x: Tensor) -> Tuple[Tensor]:
        attn_output, attn_weights = self.attend(x)
        return attn_output, attn_weights  # expect: JT607@16-41 none "`attn_output, attn_weights` is a tuple of 2 values, but the function is annotated to return `Tuple[Tensor]`"


def case_tuple_length():
    torch.manual_seed(0)
    return SelfAttention().eval(), (torch.randn(2, 3),)


class Merge(nn.Module):
    """transformers' CSM: a helper annotated ``-> torch.Tensor | None`` returns a dict display, which TorchScript types
    from the annotation it is returned under."""

    def merge(self, x: Tensor, labels: Optional[Tensor] = None) -> Optional[Tensor]:
        embeds = x * 2
        return {"inputs_embeds": embeds, "labels": labels}  # expect: JT607@16-59 none "`{\"inputs_embeds\": embeds, \"labels\": labels}` is a dict, but the function is annotated to return `Optional[Tensor]`"

    def forward(self, x: Tensor) -> Tensor:
        merged = self.merge(x)
        return merged["inputs_embeds"]


def case_dict_display_for_tensor():
    torch.manual_seed(0)
    return Merge().eval(), (torch.randn(2, 3),)
