"""JT610 annotated-redeclaration: an annotated assignment to a name already defined.

``Attempting to declare and annotate the type of variable 'inputs_embeds' but it is already defined in an outer
block``.
"""

from typing import Optional

import torch
from torch import nn, Tensor


class Decoder(nn.Module):
    """transformers' decoders: the `inputs_embeds` parameter re-annotated on its `None` branch."""

    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(10, 4)

    def forward(self, input_ids: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if inputs_embeds is None:
            inputs_embeds: torch.Tensor = self.embed_tokens(input_ids)  # expect: JT610@13-40 safe "`inputs_embeds` is already defined, and TorchScript cannot declare it again with the annotation `torch.Tensor`"
        return inputs_embeds * 2


def case_parameter():
    return Decoder().eval(), (torch.tensor([[1, 2, 3]]),)


class Scale(nn.Module):
    """A local of the top-level block declared again inside an `if`."""

    def forward(self, x: Tensor) -> Tensor:
        scale = 0.5
        if bool(x.sum() > 0):
            scale: float = 2.0  # expect: JT610@13-25 safe "`scale` is already defined, and TorchScript cannot declare it again with the annotation `float`"
        return x * scale


def case_local():
    return Scale().eval(), (torch.randn(3),)


class Steps(nn.Module):
    """A local defined at the top, re-annotated inside a loop."""

    def forward(self, x: Tensor) -> Tensor:
        total = 0
        for i in range(3):
            total: int = total + i  # expect: JT610@13-23 safe "`total` is already defined, and TorchScript cannot declare it again with the annotation `int`"
        return x + total


def case_in_loop():
    return Steps().eval(), (torch.randn(2),)
