"""JT113 bare-raise: look-alikes that DO script on torch 2.13.0 (must not fire).

The ``raise`` forms TorchScript supports (an exception instance, an exception class, ``raise ... from ...``, a
variable holding an exception), ``assert`` with a message, and a bare re-raise in an ``except`` of a
``@torch.jit.unused`` method.
"""

from typing import List

import torch
from torch import nn, Tensor


class Checked(nn.Module):
    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if x.numel() == 0:
            raise ValueError("empty input") from None
        if x.dim() > 4:
            raise ValueError
        if len(ids) > 100:
            err = RuntimeError("too many ids")
            raise err
        assert x.dim() >= 1, "expected at least 1-D"
        return x * len(ids)


def case_supported_raise_forms():
    torch.manual_seed(0)
    return Checked().eval(), (torch.randn(2), [1, 2])


class Retry(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            return x * 2
        return self.eager(x)

    @torch.jit.unused
    def eager(self, x: Tensor) -> Tensor:
        try:
            return x * 2
        except RuntimeError:
            raise


def case_reraise_in_unused_method():
    torch.manual_seed(0)
    return Retry().eval(), (torch.randn(2),)
