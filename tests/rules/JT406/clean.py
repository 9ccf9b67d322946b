"""JT406 none-attribute-used: None attributes TorchScript accepts."""

from typing import Optional

import torch
from torch import nn, Tensor


class Guarded(nn.Module):
    """torch resolves `self.cache is not None` statically for a NoneType attribute: the block is never compiled."""

    def __init__(self):
        super().__init__()
        self.cache = None

    def forward(self, x: Tensor) -> Tensor:
        if self.cache is not None:
            return x + self.cache
        return x


def case_static_guard():
    return Guarded().eval(), (torch.randn(2),)


class Annotated(nn.Module):
    """A class-level annotation types the attribute Optional; a local copy tested against None is used."""

    cached_len: Optional[int]

    def __init__(self):
        super().__init__()
        self.cached_len = None

    def forward(self, x: Tensor) -> Tensor:
        cached_len = self.cached_len
        if cached_len is not None and x.shape[0] == cached_len:
            return x
        return x * 2


def case_annotated():
    return Annotated().eval(), (torch.randn(2),)


class Passed(nn.Module):
    """None as a call argument, and an attribute that is not only None (a tensor on the other path)."""

    def __init__(self, bias: bool = False):
        super().__init__()
        self.weight = nn.Parameter(torch.eye(2))
        self.bias = None
        self.offset = torch.ones(2) if bias else None

    def forward(self, x: Tensor) -> Tensor:
        y = torch.nn.functional.linear(x, self.weight, self.bias)
        return y


def case_argument():
    return Passed().eval(), (torch.randn(2, 2),)


class MaskedEmbeddings(nn.Module):
    """None on one path of `__init__`, used only under a test TorchScript decides from the instance."""

    def __init__(self, use_mask_token: bool = False):
        super().__init__()
        self.mask_token = nn.Parameter(torch.zeros(1, 1, 4)) if use_mask_token else None

    def forward(self, x: Tensor) -> Tensor:
        if self.mask_token is not None:
            x = x + self.mask_token
        return x


def case_none_on_a_path_guarded():
    return MaskedEmbeddings().eval(), (torch.randn(2, 3, 4),)


class PositionEmbeddings(nn.Module):
    """data2vec's embeddings: the method that reads the attribute is only called behind a test of it, which
    TorchScript decides from the instance (a None instance never compiles the method)."""

    def __init__(self, use_position_embeddings: bool = False):
        super().__init__()
        if use_position_embeddings:
            self.position_embeddings = nn.Parameter(torch.zeros(1, 3, 4))
        else:
            self.position_embeddings = None

    def interpolate(self, x: Tensor) -> Tensor:
        return x + self.position_embeddings[:, : x.shape[1]]

    def forward(self, x: Tensor) -> Tensor:
        if self.position_embeddings is not None:
            x = self.interpolate(x)
        return x


def case_tested_in_another_method():
    return PositionEmbeddings().eval(), (torch.randn(2, 3, 4),)


class DualLambda(nn.Module):
    """timm's differential attention: one branch of `__init__` sets `lambda_a`, the other `lambda_q`; the test of
    `lambda_a` decides which use TorchScript compiles."""

    def __init__(self, dual: bool = True):
        super().__init__()
        if dual:
            self.lambda_a = nn.Parameter(torch.ones(1))
            self.lambda_q = None
        else:
            self.lambda_a = None
            self.lambda_q = nn.Parameter(torch.ones(4))

    def forward(self, x: Tensor) -> Tensor:
        if self.lambda_a is not None:
            return x * self.lambda_a
        return x * self.lambda_q.sum()


def case_correlated_attribute():
    return DualLambda().eval(), (torch.randn(2, 4),)


class DecodeCache(nn.Module):
    """GLM-Image's decode positions: `_prefill_len` and the cache are both None on the instance, and the use of the
    one sits under the other's None test, which TorchScript decides from the instance: never compiled."""

    def __init__(self):
        super().__init__()
        self._cached_positions = None
        self._prefill_len = None

    @torch.jit.unused
    def prefill(self, x: Tensor) -> None:  # eager generation fills the cache
        self._cached_positions = x

    def forward(self, x: Tensor, past_length: int = 0) -> Tensor:
        if self._cached_positions is not None:
            step = past_length - self._prefill_len
            return x[:, step:]
        return x


def case_under_another_attributes_none_test():
    return DecodeCache().eval(), (torch.randn(2, 4),)
