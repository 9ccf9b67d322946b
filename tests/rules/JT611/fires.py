"""JT611 if-expression-type-mismatch: a conditional expression whose branches have types TorchScript cannot unify."""

from typing import Tuple

import torch
from torch import nn, Tensor


class SelfOutput(nn.Module):
    """transformers' attention layers: ``(context, probs) if output_attentions else (context,)``."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor, output_attentions: bool = False) -> Tensor:
        context = self.proj(x)
        probs = torch.softmax(context, dim=-1)
        outputs = (context, probs) if output_attentions else (context,)  # expect: JT611@19-72 none "The branches of this conditional expression are a tuple of 2 elements and a tuple of 1 element, which TorchScript cannot give one type"
        return outputs[0]


def case_tuple_lengths():
    torch.manual_seed(0)
    return SelfOutput().eval(), (torch.randn(2, 4),)


def scale(x: Tensor, fast: bool) -> Tensor:
    factor = 2 if fast else 0.5  # expect: JT611@14-32 none "The branches of this conditional expression are `int` and `float`, which TorchScript cannot give one type"
    return x * factor


class Scaled(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return scale(x, True)


def case_int_or_float():
    return Scaled().eval(), (torch.randn(3),)


class ListOrSum(nn.Module):
    """A list display in one branch of a conditional expression, a Tensor in the other."""

    def forward(self, x: Tensor, keep: bool) -> Tensor:
        parts = [x, x] if keep else x.sum()  # expect: JT611@17-44 none "The branches of this conditional expression are a list and `Tensor`, which TorchScript cannot give one type"
        return parts[0]


def case_list_or_tensor():
    return ListOrSum().eval(), (torch.randn(3), True)
