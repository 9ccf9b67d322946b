"""JT109 async-function: look-alikes that DO script on torch 2.13.0 (must not fire).

Plain ``def`` methods next to coroutines TorchScript never compiles: an ``async def`` method forward does not call,
an ``@torch.jit.unused`` coroutine behind ``torch.jit.is_scripting()``, and ``torch.jit.fork``/``wait``.
"""

import torch
from torch import nn, Tensor


def double(x: Tensor) -> Tensor:
    return x * 2


class Forked(nn.Module):
    """TorchScript's own asynchrony: fork/wait."""

    def forward(self, x: Tensor) -> Tensor:
        fut = torch.jit.fork(double, x)
        return torch.jit.wait(fut) + 1


def case_fork_wait():
    torch.manual_seed(0)
    return Forked().eval(), (torch.randn(2),)


class Server(nn.Module):
    """Coroutines for the serving loop stay in Python."""

    def forward(self, x: Tensor) -> Tensor:
        return x * 2

    async def serve(self, x: Tensor) -> Tensor:
        return self.forward(x)

    @torch.jit.unused
    async def warmup(self, x: Tensor) -> Tensor:
        return self.forward(x)


def case_uncompiled_coroutines():
    torch.manual_seed(0)
    return Server().eval(), (torch.randn(2),)
