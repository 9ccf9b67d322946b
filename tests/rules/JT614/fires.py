"""JT614 branch-type-mismatch: a variable bound in both blocks of an `if` / `else` with types TorchScript cannot unify,
and read after them."""
from typing import Optional

import torch
from torch import nn, Tensor


class SegmentBias(nn.Module):
    """transformers' XLNet: `ef = 0` in one block, a Tensor in the other."""

    def forward(self, q: Tensor, seg: Optional[Tensor] = None) -> Tensor:
        if seg is None:  # expect: JT614@12-23 none "`ef` is `int` in the `if` block and `Tensor` in the `else` block, and is read after them: TorchScript gives a variable one type where the branches meet"
            ef = 0
        else:
            ef = torch.einsum("i,i->i", q, seg)
        return q + ef


def case_int_and_tensor():
    torch.manual_seed(0)
    return SegmentBias().eval(), (torch.randn(3), torch.randn(3))


class Outputs(nn.Module):
    """transformers' ViTDet / LUKE: `outputs` a tuple of 2 or of 1 element."""

    def forward(self, x: Tensor, output_attentions: bool = False) -> Tensor:
        probs = x.softmax(-1)
        if output_attentions:  # expect: JT614@12-29 none "`outputs` is a tuple of 2 elements in the `if` block and a tuple of 1 element in the `else` block, and is read after them: TorchScript gives a variable one type where the branches meet"
            outputs = (x, probs)
        else:
            outputs = (x,)
        return outputs[0]


def case_tuples_of_two_lengths():
    torch.manual_seed(0)
    return Outputs().eval(), (torch.randn(3), True)


class Scale(nn.Module):
    """An int in one block, a float in the other: TorchScript does not promote."""

    def forward(self, x: Tensor, half: bool) -> Tensor:
        if half:  # expect: JT614@12-16 none "`scale` is `float` in the `if` block and `int` in the `else` block, and is read after them: TorchScript gives a variable one type where the branches meet"
            scale = 0.5
        else:
            scale = 1
        return x * scale


def case_float_and_int():
    torch.manual_seed(0)
    return Scale().eval(), (torch.randn(3), True)


class ProjectedFeatures(nn.Module):
    """transformers' RT-DETR family: a list of projected feature maps in the `if` block, the caller's embeddings in
    the `else` block (refined there to a Tensor): a list and a Tensor never unify."""

    def __init__(self):
        super().__init__()
        self.proj = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])

    def forward(self, pixel_values: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if inputs_embeds is None:  # expect: JT614@12-33 none "`proj_feats` is a list in the `if` block and `Tensor` (or None) in the `else` block, and is read after them: TorchScript gives a variable one type where the branches meet"
            proj_feats = [layer(pixel_values) for layer in self.proj]
        else:
            proj_feats = inputs_embeds
        return proj_feats[0]


def case_list_or_embeddings():
    torch.manual_seed(0)
    return ProjectedFeatures().eval(), (torch.randn(2, 4), None)
