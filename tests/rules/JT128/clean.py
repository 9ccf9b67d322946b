"""JT128 reserved-jit-name: look-alikes that DO script on torch 2.13.0 (must not fire).

An unused parameter named ``__jit...``, keyword argument names, names that merely contain ``jit``, and such names
in ``__init__``.
"""

import torch
from torch import nn, Tensor


def scale(x: Tensor, __jit_unused: int = 0) -> Tensor:
    return x * 2


def shifted(x: Tensor, __jitshift: int) -> Tensor:
    return x


class Noise(nn.Module):
    def __init__(self):
        super().__init__()
        __jit_tmp = 3
        self.jitter_scale = float(__jit_tmp)

    def forward(self, x: Tensor) -> Tensor:
        jitter = torch.zeros_like(x) * self.jitter_scale
        _jit_local = 1
        return scale(x + jitter, __jit_unused=_jit_local) + shifted(x, __jitshift=2)


def case_keywords_and_parameters():
    torch.manual_seed(0)
    return Noise().eval(), (torch.randn(2),)


class Labels(nn.Module):
    """``__jit`` in strings and in an ``@torch.jit.unused`` method's locals is not a TorchScript name."""

    def forward(self, x: Tensor) -> Tensor:
        tag = "__jit_tag"
        return x * len(tag)

    @torch.jit.unused
    def eager_only(self, x: Tensor) -> Tensor:
        __jit_cache = x * 2
        return __jit_cache


def case_strings_and_unused_methods():
    return Labels().eval(), (torch.randn(3),)
