"""JT304 unannotated-none-default: ``mask=None`` without an annotation.

TorchScript types ``mask`` as ``Tensor`` with an undefined-tensor default; ``mask is not None`` becomes statically
true. The callee compiles; a compiled caller that omits the argument fails ("Unsupported value kind: Tensor"), one
that passes ``None`` fails to match the schema.
"""

from typing import Optional

import torch
from torch import nn, Tensor


class MaskedFill(nn.Module):
    """Every read is a None test or, refined, a tensor use: the fix is safe."""

    def forward(self, x: Tensor, mask=None) -> Tensor:  # expect: JT304@34-43 safe "Parameter `mask` defaults to `None` but has no annotation: TorchScript types it `Tensor`, and calls that omit it or pass `None` fail"
        if mask is not None:
            x = x.masked_fill(mask, 0.0)
        return x


class Encoder(nn.Module):
    """Calls the block without the mask."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)
        self.fill = MaskedFill()

    def forward(self, x: Tensor) -> Tensor:
        return self.fill(self.proj(x))


def case_caller_omits_argument():
    torch.manual_seed(0)
    return Encoder().eval(), (torch.randn(2, 4),)


def add_bias(x: Tensor, bias=None) -> Tensor:  # expect: JT304@25-34 safe "Parameter `bias` defaults to `None` but has no annotation: TorchScript types it `Tensor`, and calls that omit it or pass `None` fail"
    if bias is None:
        return x
    return x + bias.unsqueeze(0)


class Biased(nn.Module):
    """A closure helper called without ``bias``: the early exit refines it."""

    def forward(self, x: Tensor) -> Tensor:
        return add_bias(x)


def case_closure_helper_early_exit():
    return Biased().eval(), (torch.randn(2, 3),)


class Residual(nn.Module):
    """``residual`` is passed on unrefined: nothing proves it is a tensor, so annotating it is unsafe."""

    def forward(self, x: Tensor) -> Tensor:
        return self.combine(x)

    def combine(self, x: Tensor, residual=None) -> Tensor:  # expect: JT304@34-47 unsafe "Parameter `residual` defaults to `None` but has no annotation: TorchScript types it `Tensor`, and calls that omit it or pass `None` fail"
        return self.add(x, residual)

    def add(self, x: Tensor, residual: Optional[Tensor]) -> Tensor:
        if residual is None:
            return x
        return x + residual


def case_unrefined_read():
    return Residual().eval(), (torch.randn(3),)

