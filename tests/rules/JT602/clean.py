"""JT602 optional-bool-as-bool: refined Optional[bool] flags, plain bools and eager-only code."""
from typing import Optional

import torch
from torch import nn, Tensor


class Refined(nn.Module):
    def forward(self, x: Tensor, a: Optional[bool] = None, b: Optional[bool] = None, c: bool = False,
                d: Optional[bool] = None) -> Tensor:
        if a is not None and a:
            x = x + 1
        b = b if b is not None else True
        if b:
            x = x * 2
        if c:
            x = x - 1
        if d is None:
            return x
        if d:
            x = -x
        return x


def case_refined():
    return Refined().eval(), (torch.randn(3), True, None, True, False)


class EagerOnly(nn.Module):
    def forward(self, x: Tensor, verbose: Optional[bool] = None) -> Tensor:
        if not torch.jit.is_scripting():
            if verbose:
                print(x.shape)
        return x

    @torch.jit.unused
    def helper(self, x: Tensor, verbose: Optional[bool] = None) -> Tensor:
        return x * 2 if verbose else x


def case_eager_only():
    return EagerOnly().eval(), (torch.randn(3), True)


class CacheDefaulted(nn.Module):
    """`use_cache` given its default before any test: a bool from there on."""

    def forward(self, x: Tensor, use_cache: Optional[bool] = None) -> Tensor:
        use_cache = use_cache if use_cache is not None else False
        if use_cache:
            x = x + 1
        return x


def case_defaulted_before_test():
    return CacheDefaulted().eval(), (torch.randn(3), True)


class PatchEmbeddingsChecked(nn.Module):
    def forward(self, pixel_values: Tensor, interpolate_pos_encoding: bool = False) -> Tensor:
        return pixel_values * 2 if interpolate_pos_encoding else pixel_values


class VisionModelChecked(nn.Module):
    """The caller settles `None` first; a submodule parameter that is itself Optional takes it as it is."""

    def __init__(self):
        super().__init__()
        self.embeddings = PatchEmbeddingsChecked()

    def forward(self, pixel_values: Tensor, interpolate_pos_encoding: Optional[bool] = None) -> Tensor:
        if interpolate_pos_encoding is None:
            interpolate_pos_encoding = False
        return self.embeddings(pixel_values, interpolate_pos_encoding=interpolate_pos_encoding)


def case_settled_before_the_submodule():
    return VisionModelChecked().eval(), (torch.randn(2, 3), True)
