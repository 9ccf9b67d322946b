"""JT406 none-attribute-used: an attribute only ever None outside compiled code, used as a value.

``Arguments for call are not valid.``, ``'NoneType' object has no attribute or method 'size'.`` and ``'NoneType'
object is not subscriptable``.
"""

from typing import Optional

import torch
from torch import nn, Tensor


class RotaryCache(nn.Module):
    """transformers' wav2vec2-conformer rotary embedding: a cache length compared with the current one."""

    def __init__(self):
        super().__init__()
        self.cached_len = None
        self.cached = None

    def forward(self, x: Tensor) -> Tensor:
        n = x.shape[1]
        if n == self.cached_len and self.cached is not None:  # expect: JT406@17-32 none "`self.cached_len` is only ever set to None outside compiled code, so TorchScript types it `NoneType`, and `==` takes no NoneType operand"
            return x
        return x * 2


def case_compared():
    return RotaryCache().eval(), (torch.randn(2, 3),)


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = None

    def forward(self, x: Tensor) -> Tensor:
        if x.dim() > 5:
            return x * self.scale  # expect: JT406@24-34 none "`self.scale` is only ever set to None outside compiled code, so TorchScript types it `NoneType`, and `*` takes no NoneType operand"
        return x


def case_arithmetic():
    return Scale().eval(), (torch.randn(2, 3),)


class Memory(nn.Module):
    def __init__(self):
        super().__init__()
        self.memory = None

    def forward(self, x: Tensor) -> Tensor:
        if x.dim() > 5:
            return x[: self.memory.size(0)]  # expect: JT406@24-35 none "`self.memory` is only ever set to None outside compiled code, so TorchScript types it `NoneType`, which has no `.size`"
        return x


def case_method():
    return Memory().eval(), (torch.randn(2, 3),)


class History(nn.Module):
    def __init__(self):
        super().__init__()
        self.history = None

    def forward(self, x: Tensor) -> Tensor:
        if x.dim() > 5:
            return self.history[0]  # expect: JT406@20-32 none "`self.history` is only ever set to None outside compiled code, so TorchScript types it `NoneType`, which cannot be indexed"
        return x


def case_indexed():
    return History().eval(), (torch.randn(2, 3),)


class MaskedEmbeddings(nn.Module):
    """ViT's embeddings: the mask token exists only when the model is built with `use_mask_token=True` (the default
    is False, so the instance holds None)."""

    def __init__(self, use_mask_token: bool = False):
        super().__init__()
        self.mask_token = nn.Parameter(torch.zeros(1, 1, 4)) if use_mask_token else None
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor, bool_masked_pos: Optional[Tensor] = None) -> Tensor:
        if bool_masked_pos is not None:
            mask_tokens = self.mask_token.expand(x.shape[0], x.shape[1], -1)  # expect: JT406@27-42 none "`self.mask_token` is None when `use_mask_token` is false, and then TorchScript types it `NoneType`, which has no `.expand`"
            x = x * (1 - bool_masked_pos) + mask_tokens * bool_masked_pos
        return self.proj(x)


def case_none_on_a_path():
    return MaskedEmbeddings().eval(), (torch.randn(2, 3, 4),)


class BranchEmbeddings(nn.Module):
    """InternVL's embeddings: the mask token set in one branch of an `if` of `__init__`, None in the other."""

    def __init__(self, use_mask_token: bool = False):
        super().__init__()
        if use_mask_token:
            self.mask_token = nn.Parameter(torch.zeros(1, 1, 4))
        else:
            self.mask_token = None

    def forward(self, x: Tensor, bool_masked_pos: Optional[Tensor] = None) -> Tensor:
        if bool_masked_pos is not None:
            mask_tokens = self.mask_token.expand(x.shape[0], x.shape[1], -1)  # expect: JT406@27-42 none "`self.mask_token` is None when `use_mask_token` is false, and then TorchScript types it `NoneType`, which has no `.expand`"
            x = x * (1 - bool_masked_pos) + mask_tokens * bool_masked_pos
        return x


def case_none_in_one_branch():
    return BranchEmbeddings().eval(), (torch.randn(2, 3, 4),)
