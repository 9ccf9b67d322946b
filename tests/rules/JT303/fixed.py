"""JT303 unannotated-nontensor-default: ``eps=1e-6`` and other literal defaults without an annotation.

TorchScript types an unannotated parameter ``Tensor`` and fails converting the default while building the schema.
"""
from typing import Tuple

import torch
from torch import nn, Tensor


class LayerNorm2d(nn.Module):
    """A float and a bool default on forward."""

    def __init__(self, channels: int = 4):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))

    def forward(self, x: Tensor, eps: float = 1e-6, affine: bool = True) -> Tensor:  # expect: JT303@34-42 safe "Parameter `eps` has no annotation, so TorchScript types it `Tensor`, but its default is a float" JT303@44-55 safe "Parameter `affine` has no annotation, so TorchScript types it `Tensor`, but its default is a bool"
        mean = x.mean(1, keepdim=True)
        var = (x - mean).pow(2).mean(1, keepdim=True)
        y = (x - mean) / torch.sqrt(var + eps)
        if affine:
            y = y * self.weight[None, :, None, None]
        return y


def case_float_and_bool_defaults():
    torch.manual_seed(0)
    return LayerNorm2d().eval(), (torch.randn(2, 4, 3, 3),)


class Pooler(nn.Module):
    """A staticmethod helper with an int, a str and a tuple default."""

    def forward(self, x: Tensor) -> Tensor:
        return self.pool(x)

    @staticmethod
    def pool(x: Tensor, k: int = 2, dims: Tuple[int, int] = (2, 3), name: str = "pool") -> Tensor:  # expect: JT303@25-28 safe "Parameter `k` has no annotation, so TorchScript types it `Tensor`, but its default is an int" JT303@30-41 safe "Parameter `dims` has no annotation, so TorchScript types it `Tensor`, but its default is a tuple" JT303@43-54 safe "Parameter `name` has no annotation, so TorchScript types it `Tensor`, but its default is a str"
        return x.amax(dim=2) * k


def case_staticmethod_int_str_tuple():
    return Pooler().eval(), (torch.randn(2, 3, 4, 4),)


def shift(x: Tensor, offset: int = -1) -> Tensor:  # expect: JT303@22-31 safe "Parameter `offset` has no annotation, so TorchScript types it `Tensor`, but its default is an int"
    return x + offset


class Shifter(nn.Module):
    """A module-level helper of the compiled closure."""

    def forward(self, x: Tensor) -> Tensor:
        return shift(x)


def case_closure_function_negative_int():
    return Shifter().eval(), (torch.randn(3),)


class Caster(nn.Module):
    """A dtype default (OmDet-Turbo's `build_2d_sincos_position_embedding(..., dtype=torch.float32)`)."""

    def forward(self, x: Tensor) -> Tensor:
        return self.cast(x)

    def cast(self, x: Tensor, dtype: torch.dtype = torch.float32) -> Tensor:  # expect: JT303@31-50 safe "Parameter `dtype` has no annotation, so TorchScript types it `Tensor`, but its default is a dtype"
        return x.to(dtype) * 2


def case_dtype_default():
    return Caster().eval(), (torch.arange(4),)
