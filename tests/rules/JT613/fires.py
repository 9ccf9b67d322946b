"""JT613 tuple-grown: a local tuple grown by concatenation where TorchScript cannot keep one type for it."""
from typing import List

import torch
from torch import nn, Tensor


class Encoder(nn.Module):
    """transformers' encoders: `() if output_hidden_states else None`, grown in the layer loop."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])

    def forward(self, hidden_states: Tensor, output_hidden_states: bool = False) -> Tensor:
        all_hidden_states = () if output_hidden_states else None
        for layer in self.layers:
            if output_hidden_states:
                all_hidden_states = all_hidden_states + (hidden_states,)  # expect: JT613@17-73 none "`all_hidden_states` is a tuple grown by concatenation, which TorchScript cannot compile here: it starts as a tuple or `None` (an `Optional` tuple, which `+` does not take), and a longer tuple is another type; collect the values in a list"
            hidden_states = layer(hidden_states)
        return hidden_states


def case_optional_tuple():
    torch.manual_seed(0)
    return Encoder().eval(), (torch.randn(2, 4), True)


class Backbone(nn.Module):
    """transformers' backbones: `feature_maps = ()`, then `+=` for each selected stage."""

    def __init__(self):
        super().__init__()
        self.out_indices = [0, 2]

    def forward(self, hidden_states: List[Tensor]) -> Tensor:
        feature_maps = ()
        for idx in range(len(hidden_states)):
            if idx in self.out_indices:
                feature_maps += (hidden_states[idx],)  # expect: JT613@17-54 none "`feature_maps` is a tuple grown by concatenation, which TorchScript cannot compile here: TorchScript has no `+=` for the empty tuple `()`; collect the values in a list"
        return torch.stack(feature_maps).sum(0)


def case_empty_tuple_augmented():
    torch.manual_seed(0)
    return Backbone().eval(), ([torch.randn(3), torch.randn(3), torch.randn(3)],)


class Collect(nn.Module):
    """A tuple that starts with one element and grows in a loop over a list."""

    def forward(self, xs: List[Tensor]) -> Tensor:
        out = (xs[0],)
        for x in xs:
            out = out + (x * 2,)  # expect: JT613@13-33 none "`out` is a tuple grown by concatenation, which TorchScript cannot compile here: it grows inside a loop or branch, and a tuple's length is part of its type, so the longer tuple cannot flow out of the block; collect the values in a list"
        return out[0]


def case_grown_in_loop():
    torch.manual_seed(0)
    return Collect().eval(), ([torch.randn(3), torch.randn(3)],)
