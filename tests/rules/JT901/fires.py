"""JT901 ignored-function-reachable: compiled code calls a ``@torch.jit.ignore`` function.

The model scripts and runs in Python; ``torch.jit.save`` fails ("Could not export Python function call ...").
"""

import functools

import torch
from torch import nn, Tensor


@torch.jit.ignore
def log_stats(x: Tensor) -> Tensor:
    print(float(x.mean()), float(x.std()))
    return x


class Logged(nn.Module):
    """A module-level ignored helper called from forward."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        return log_stats(self.proj(x)) * 2  # expect: JT901@16-25 none "`log_stats` is `@torch.jit.ignore`d, so this call stays a Python call that `torch.jit.save` cannot export"


def case_ignored_function():
    torch.manual_seed(0)
    return Logged().eval(), (torch.randn(2, 4),)


class Postprocess(nn.Module):
    """An ignored method, ``drop=False`` spelled out."""

    @torch.jit.ignore(drop=False)
    def decode(self, x: Tensor) -> Tensor:
        return x.softmax(-1)

    def forward(self, x: Tensor) -> Tensor:
        return self.decode(x)  # expect: JT901@16-27 none "`self.decode` is `@torch.jit.ignore`d, so this call stays a Python call that `torch.jit.save` cannot export"


def case_ignored_method():
    return Postprocess().eval(), (torch.randn(2, 3),)


class EagerBlock(nn.Module):
    @torch.jit.ignore
    def forward(self, x: Tensor) -> Tensor:
        return x.relu()


class Wrapper(nn.Module):
    """A submodule whose forward is ignored, called as a module."""

    def __init__(self):
        super().__init__()
        self.block = EagerBlock()

    def forward(self, x: Tensor) -> Tensor:
        return self.block(x) + 1  # expect: JT901@16-26 none "`self.block`'s forward is `@torch.jit.ignore`d, so this call stays a Python call that `torch.jit.save` cannot export"


def case_ignored_submodule_forward():
    return Wrapper().eval(), (torch.randn(3),)


@functools.lru_cache(maxsize=None)
def identity_rotation(n: int) -> Tensor:
    return torch.eye(n, requires_grad=False)  # never compiled: no JT510 for the keyword torch.eye lacks


class Rotated(nn.Module):
    """A cached module-level helper (ESMFold's ``identity_rot_mats``): a cache object, never compiled."""

    def forward(self, x: Tensor) -> Tensor:
        return x @ identity_rotation(3)  # expect: JT901@20-37 none "`identity_rotation` is a `@functools.lru_cache(maxsize=None)` object, not a function: TorchScript never compiles it, and the Python call it leaves cannot be deployed"


def case_cached_function():
    return Rotated().eval(), (torch.randn(2, 3),)


@functools.lru_cache
def is_kernels_available(min_version: str = "0.1") -> bool:
    return False


class KernelGate(nn.Module):
    """transformers' `is_kernels_available()` (SAM 3 video): a cached helper whose defaulted parameter the call omits
    fails in `torch.jit.script` itself, naming no line (an internal assert)."""

    def forward(self, x: Tensor) -> Tensor:
        if is_kernels_available():  # expect: JT901@12-32 none "`is_kernels_available` is a `@functools.lru_cache` object, not a function: TorchScript never compiles it, and the Python call it leaves cannot be deployed"
            return x * 2
        return x


def case_cached_function_with_a_default():
    return KernelGate().eval(), (torch.randn(2),)


class ScaledLog(nn.Module):
    """An ignored method called without its defaulted parameter: torch types the call from the signature without its
    defaults, and `torch.jit.script` fails at the call."""

    @torch.jit.ignore
    def log_scaled(self, x: Tensor, scale: float = 1.0) -> Tensor:
        return x * scale

    def forward(self, x: Tensor) -> Tensor:
        return self.log_scaled(x) + 1  # expect: JT901@16-31 none "`self.log_scaled` is `@torch.jit.ignore`d, and torch types the call from its signature without its defaults: `scale` is not passed here, so `torch.jit.script` fails (\"Argument scale not provided\")"


def case_ignored_method_without_its_default():
    return ScaledLog().eval(), (torch.randn(2),)
