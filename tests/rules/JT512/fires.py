"""JT512 wrapped-forward-global: a decorator's `functools.wraps` wrapper makes TorchScript look the body's global
names up in the decorator's module.

``undefined value torch`` (``File ".../torch/utils/_contextlib.py"``) and ``undefined value F``. The cases of a class
decorator of another module are in tests/python/test_project_torch.py.
"""

from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class RotaryEmbedding(nn.Module):
    """transformers' rotary embeddings: `@torch.no_grad()` on `forward`, whose body reads `torch`."""

    def __init__(self):
        super().__init__()
        self.register_buffer("inv_freq", torch.arange(4, dtype=torch.float), persistent=False)

    @torch.no_grad()
    def forward(self, x: Tensor, position_ids: Tensor) -> Tensor:
        freqs = position_ids[..., None].float() * self.inv_freq.to(device=x.device, dtype=torch.float)  # expect: JT512@91-96 safe "`torch` is not defined in `torch.utils._contextlib`, the module of the `@torch.no_grad()` wrapper around this function: TorchScript compiles this body but looks its global names up there; use `with torch.no_grad():` in the body instead"
        return freqs.cos()


def case_no_grad():
    return RotaryEmbedding().eval(), (torch.randn(2, 3), torch.arange(3)[None])


class Gate(nn.Module):
    """`torch.amp.autocast_mode` imports `torch` but not `F`."""

    @torch.autocast("cpu", enabled=False)
    def forward(self, x: Tensor) -> Tensor:
        return F.relu(x) * 2  # expect: JT512@16-17 safe "`F` is not defined in `torch.amp.autocast_mode`, the module of the `@torch.autocast(\"cpu\", enabled=False)` wrapper around this function: TorchScript compiles this body but looks its global names up there; use `with torch.autocast(\"cpu\", enabled=False):` in the body instead"


def case_autocast():
    return Gate().eval(), (torch.randn(4),)


class PowerIteration(nn.Module):
    """torch's spectral norm: `F.normalize` under `@torch.no_grad()`, where `F` is the wrapper module's `TypeVar`."""

    def __init__(self):
        super().__init__()
        self.register_buffer("v", torch.ones(3))

    @torch.no_grad()
    def forward(self, x: Tensor) -> Tensor:
        return x + F.normalize(self.v, dim=0)  # expect: JT512@20-21 safe "`F` is a `TypeVar` in `torch.utils._contextlib`, the module of the `@torch.no_grad()` wrapper around this function: TorchScript compiles this body but looks its global names up there; use `with torch.no_grad():` in the body instead"


def case_shadowed_name():
    return PowerIteration().eval(), (torch.randn(3),)


class Pair(NamedTuple):
    first: Tensor
    second: Tensor


class PairOrTensor(nn.Module):
    """A class of this file as `isinstance`'s type: torch parses it as a type, found nowhere ("Unknown type name")."""

    @torch.no_grad()
    def forward(self, x: Tensor) -> Tensor:
        if isinstance(x, Pair):  # expect: JT512@26-30 safe "`Pair` is not defined in `torch.utils._contextlib`, the module of the `@torch.no_grad()` wrapper around this function: TorchScript compiles this body but looks its global names up there; use `with torch.no_grad():` in the body instead"
            return x.first
        return x * 2


def case_isinstance_type():
    return PairOrTensor().eval(), (torch.randn(3),)
