"""JT603 variable-type-change: a local assigned a value of another type inside a loop or branch."""
from typing import List, Optional

import torch
from torch import nn, Tensor


class Residual(nn.Module):
    """`prev = None`, then a Tensor inside the loop."""

    def forward(self, xs: List[Tensor]) -> Tensor:
        prev = None
        out = xs[0]
        for x in xs:
            if prev is not None:
                out = out + prev
            prev = x  # expect: JT603@13-17 safe "`prev` has type NoneType before this block and is assigned a value of type Tensor here; TorchScript keeps one type for a variable that flows out of a branch or loop"
        return out


def case_none_then_tensor_in_loop():
    return Residual().eval(), ([torch.randn(3), torch.randn(3)],)


class Scale(nn.Module):
    """An int made a float in one branch."""

    def forward(self, x: Tensor, half: bool) -> Tensor:
        scale = 1
        if half:
            scale = 0.5  # expect: JT603@13-18 none "`scale` has type int before this block and is assigned a value of type float here; TorchScript keeps one type for a variable that flows out of a branch or loop"
        return x * scale


def case_int_then_float_in_branch():
    return Scale().eval(), (torch.randn(3), True)


class Reset(nn.Module):
    """A Tensor replaced by a number in a loop."""

    def forward(self, x: Tensor, n: int) -> Tensor:
        acc = x
        for i in range(n):
            acc = 0  # expect: JT603@13-16 none "`acc` has type Tensor before this block and is assigned a value of type int here; TorchScript keeps one type for a variable that flows out of a branch or loop"
        return x


def case_tensor_then_int_in_loop():
    return Reset().eval(), (torch.randn(3), 2)


class Embeddings(nn.Module):
    """transformers' SAM2 / Bark: an `Optional[Tensor]` parameter given a list in a branch (a list comprehension the
    engine types no further than a list)."""

    def forward(self, x: Tensor, embeds: Optional[Tensor] = None) -> Tensor:
        if x.dim() > 1:
            embeds = [row * 2 for row in x]  # expect: JT603@13-19 none "`embeds` has type Optional[Tensor] before this block and is assigned a value of type List here; TorchScript keeps one type for a variable that flows out of a branch or loop"
            embeds = torch.stack(embeds)
        return x if embeds is None else embeds


def case_optional_then_list_in_branch():
    return Embeddings().eval(), (torch.randn(2, 3),)


class FusionIndices(nn.Module):
    """transformers' CLAP audio encoder: the indices `torch.where(cond)[0]` gives (an element of `Tensor[]`), bound
    under a flag after `None`."""

    def __init__(self, enable_fusion: bool = True):
        super().__init__()
        self.enable_fusion = enable_fusion

    def forward(self, x: Tensor) -> Tensor:
        longer_idx = None
        if self.enable_fusion:
            longer_idx = torch.where(x > 0)[0]  # expect: JT603@13-23 safe "`longer_idx` has type NoneType before this block and is assigned a value of type Tensor here; TorchScript keeps one type for a variable that flows out of a branch or loop"
        return x if longer_idx is None else x[longer_idx]


def case_none_then_where_indices():
    return FusionIndices().eval(), (torch.randn(4),)


class LatentPositions(nn.Module):
    """transformers' EdgeTAM perceiver: the positional features an `Optional[Tensor]` gives through its methods,
    bound under its `is not None` test after `None`."""

    def forward(self, x: Tensor, positional_encoding: Optional[Tensor] = None) -> Tensor:
        positional_features = None
        if positional_encoding is not None:
            positional_features = positional_encoding.permute(1, 0).flatten(0, 1)  # expect: JT603@13-32 safe "`positional_features` has type NoneType before this block and is assigned a value of type Tensor here; TorchScript keeps one type for a variable that flows out of a branch or loop"
        return x if positional_features is None else x + positional_features.sum()


def case_none_then_method_of_optional():
    return LatentPositions().eval(), (torch.randn(2, 3), torch.randn(2, 3))


class CrossAttentions(nn.Module):
    """transformers' LXMERT: `all_attentions = ()`, then the encoders' attentions in `if output_attentions:`; the
    elements come from submodule outputs of unknown type, but a tuple of three is never `Tuple[()]`."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.MultiheadAttention(4, 1)

    def forward(self, x: Tensor, output_attentions: bool = False):
        outputs = self.encoder(x, x, x)
        all_attentions = ()
        if output_attentions:
            all_attentions = (outputs[1], outputs[1], outputs[1])  # expect: JT603@13-27 none "`all_attentions` has type Tuple[()] before this block and is assigned a tuple of 3 elements here; TorchScript keeps one type for a variable that flows out of a branch or loop"
        return outputs[0], all_attentions


def case_empty_tuple_then_three():
    return CrossAttentions().eval(), (torch.randn(2, 1, 4), True)


class LayerDropEncoder(nn.Module):
    """The wav2vec2 family's LayerDrop: `skip_the_layer = False`, then a Tensor under `if self.training`. TorchScript
    unrolls the loop over the ModuleList, and the `if` inside each iteration still keeps the bool's type."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])
        self.layerdrop = 0.1

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            skip_the_layer = False
            if self.training:
                dropout_probability = torch.rand([])
                skip_the_layer = dropout_probability < self.layerdrop  # expect: JT603@17-31 none "`skip_the_layer` has type bool before this block and is assigned a value of type Tensor here; TorchScript keeps one type for a variable that flows out of a branch or loop"
            if not skip_the_layer:
                x = layer(x)
        return x


def case_bool_given_a_tensor_in_an_unrolled_loop():
    torch.manual_seed(0)
    return LayerDropEncoder().eval(), (torch.randn(2, 4),)


class DroppedPair(nn.Module):
    """Pegasus-X's LayerDrop: both states set to `(None, None)` in a branch of the unrolled loop's first
    iteration, where they are still the Tensors passed in."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])

    def forward(self, hidden_states: Tensor, global_states: Tensor) -> Tensor:
        for layer in self.layers:
            to_drop = False
            if self.training:
                to_drop = True
            if to_drop:
                hidden_states, global_states = (None, None)  # expect: JT603@17-30 none "`hidden_states` has type Tensor before this block and is assigned a value of type None here; TorchScript keeps one type for a variable that flows out of a branch or loop" JT603@32-45 none "`global_states` has type Tensor before this block and is assigned a value of type None here; TorchScript keeps one type for a variable that flows out of a branch or loop"
            else:
                hidden_states, global_states = layer(hidden_states), layer(global_states)
        return hidden_states + global_states


def case_pair_of_nones_in_an_unrolled_loop():
    torch.manual_seed(0)
    return DroppedPair().eval(), (torch.randn(2, 4), torch.randn(2, 4))
