"""JT901 ignored-function-reachable: ignored functions that compiled code does not call, and their alternatives."""

import functools

import torch
from torch import nn, Tensor


class Guarded(nn.Module):
    """The ignored call sits under ``if not torch.jit.is_scripting():``; unused / dropped methods are fine."""

    @torch.jit.ignore
    def log_stats(self, x: Tensor) -> None:
        print(float(x.mean()))

    @torch.jit.unused
    def slow_path(self, x: Tensor) -> Tensor:
        return x * 2

    @torch.jit.ignore(drop=True)
    def dropped(self, x: Tensor) -> Tensor:
        return x * 3

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            self.log_stats(x)
        if x.dim() > 4:
            return self.slow_path(x) + self.dropped(x)
        return x + 1


def case_guarded_and_unused():
    return Guarded().eval(), (torch.randn(3),)


class Configured(nn.Module):
    """Ignored helpers used only outside compiled code (``__init__`` and an ignored method)."""

    def __init__(self):
        super().__init__()
        self.scale = self.compute_scale(4)

    @torch.jit.ignore
    def compute_scale(self, n: int) -> float:
        return 1.0 / n

    @torch.jit.ignore
    def no_weight_decay(self):
        return {self.compute_scale(2)}

    def forward(self, x: Tensor) -> Tensor:
        return x * self.scale


def case_ignored_outside_compiled_code():
    return Configured().eval(), (torch.randn(3),)


@functools.cache
def identity_rotation(n: int) -> Tensor:
    return torch.eye(n, requires_grad=False)


class Rotated(nn.Module):
    """A cached helper called in ``__init__`` only: its value is a buffer, compiled code never calls it."""

    def __init__(self):
        super().__init__()
        self.register_buffer("rotation", identity_rotation(3))

    def forward(self, x: Tensor) -> Tensor:
        return x @ self.rotation


def case_cached_function_outside_compiled_code():
    return Rotated().eval(), (torch.randn(2, 3),)


class Checked(nn.Module):
    """Cached and ignored calls behind a static short circuit: TorchScript never emits the right operand."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting() and identity_rotation(3).sum() > 0:
            x = x.clone()  # eager only: the same values
        if torch.jit.is_scripting() or bool(log_scale(x) >= 0):  # true in eager too
            return x + 1
        return x


@torch.jit.ignore
def log_scale(x: Tensor) -> Tensor:
    return x.abs().max()


def case_short_circuited_calls():
    return Checked().eval(), (torch.randn(2, 3),)
