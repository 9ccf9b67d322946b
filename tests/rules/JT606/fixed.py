"""JT606 dynamic-starred-unpacking: a tensor's shape star-unpacked, ``zip(*xs)`` and ``tuple(list)``.

A shape is ``List[int]`` in TorchScript: ``cannot statically infer the expected size of a list in this context``.
"""

from typing import List, Optional, Tuple

import torch
from torch import nn, Tensor


class Heads(nn.Module):
    """The shape of a submodule's output (an ``nn.Sequential``: not provably a Tensor to the linter; an ``nn.Linear``'s
    is, and JT130 reports it): ``view`` gets one list."""

    def __init__(self):
        super().__init__()
        self.q_proj = nn.Sequential(nn.Linear(4, 4))

    def forward(self, x: Tensor) -> Tensor:
        q = self.q_proj(x)
        return q.view(list(q.shape[:-1]) + [2, -1])  # expect: JT606@23-36 unsafe "Star-unpacking the tensor shape `q.shape[:-1]` is not supported by TorchScript (a shape is a list of unknown length)"


def case_view_submodule_output():
    torch.manual_seed(0)
    return Heads().eval(), (torch.randn(3, 4),)


class KvShape(nn.Module):
    """A tuple display built from the shape of a conditional value, and a starred assignment target."""

    def forward(self, x: Tensor, e: Optional[Tensor]) -> Tensor:
        current = e if e is not None else x
        *batch, last = current.shape  # expect: JT606@9-37 none "Star-unpacking the tensor shape `current.shape` in an assignment is not supported by TorchScript (a shape is a list of unknown length)"
        kv_shape = (*current.shape[:-1], -1, 2)  # expect: JT606@21-40 none "Star-unpacking the tensor shape `current.shape[:-1]` is not supported by TorchScript (a shape is a list of unknown length)"
        return current.reshape(kv_shape) * last


def case_tuple_display_and_target():
    torch.manual_seed(0)
    return KvShape().eval(), (torch.randn(3, 4), torch.randn(3, 4))


class Transpose(nn.Module):
    """``zip(*rows)``: not supported whatever ``rows`` is (a tuple here)."""

    def forward(self, x: Tensor, rows: Tuple[List[int], List[int]]) -> Tensor:
        n = 0
        for column in zip(*rows):  # expect: JT606@27-32 none "Star-expanding `rows` into `zip(...)` is not supported by TorchScript"
            n += 1
        return x * n


def case_zip_star():
    torch.manual_seed(0)
    return Transpose().eval(), (torch.randn(2), ([1, 2], [3, 4]))


class Sizes(nn.Module):
    """``tuple(...)`` of a shape."""

    def forward(self, x: Tensor) -> Tensor:
        y = x.relu()
        dims = tuple(y.shape)  # expect: JT606@16-30 none "`tuple(...)` of the list `y.shape` is not supported by TorchScript (a list's length is not known when compiling)"
        return y * len(dims)


def case_tuple_of_shape():
    torch.manual_seed(0)
    return Sizes().eval(), (torch.randn(2, 3),)


class CrossAttentionShape(nn.Module):
    """BERT's cross-attention: ``encoder_hidden_states: Tensor | None``, refined, then its shape star-unpacked."""

    def forward(self, x: Tensor, encoder_hidden_states: Tensor | None = None) -> Tensor:
        if encoder_hidden_states is not None:
            kv_shape = (*encoder_hidden_states.shape[:-1], -1, 2)  # expect: JT606@25-58 none "Star-unpacking the tensor shape `encoder_hidden_states.shape[:-1]` is not supported by TorchScript (a shape is a list of unknown length)"
            x = x + encoder_hidden_states.reshape(kv_shape).sum()
        return x


def case_optional_tensor_shape():
    torch.manual_seed(0)
    return CrossAttentionShape().eval(), (torch.randn(2, 4), torch.randn(2, 4))


class PatchSize(nn.Module):
    """timm's NaFlexViT: `tuple(...)` of one of two shapes a conditional expression picks."""

    def __init__(self):
        super().__init__()
        self.channels_last = True

    def forward(self, x: Tensor) -> Tensor:
        patch_hw = tuple(x.shape[2:4] if self.channels_last else x.shape[3:5])  # expect: JT606@20-79 none "`tuple(...)` of the list `x.shape[2:4] if self.channels_last else x.shape[3:5]` is not supported by TorchScript (a list's length is not known when compiling)"
        return x.flatten(2) * patch_hw[0]


def case_tuple_of_conditional_shape():
    return PatchSize().eval(), (torch.randn(1, 2, 3, 4, 5),)
