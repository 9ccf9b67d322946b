"""JT109 async-function: a compiled function that is an ``async def``.

torch 2.13.0 re-parses the function and expects one ``def``: ``RuntimeError: Expected a single top-level function:
<file>:<line>``.
"""

import torch
from torch import nn, Tensor


class AsyncForward(nn.Module):
    """``async def forward``: calling the module returns a coroutine in eager mode."""

    async def forward(self, x: Tensor) -> Tensor:  # expect: JT109@5-50 none "`async def forward` is compiled, but TorchScript does not support async functions"
        return x * 2


def case_async_forward():
    torch.manual_seed(0)
    return AsyncForward().eval(), (torch.randn(2),)


class AsyncExport(nn.Module):
    """An exported coroutine method, with ``await`` inside (one diagnostic, on the header)."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    async def fetch(self, x: Tensor) -> Tensor:  # expect: JT109@5-48 none "`async def fetch` is compiled, but TorchScript does not support async functions"
        y = await self.prepare(x)
        return y

    async def prepare(self, x: Tensor) -> Tensor:  # expect: JT109@5-50 none "`async def prepare` is compiled, but TorchScript does not support async functions"
        return x + 1


def case_async_export_with_await():
    torch.manual_seed(0)
    return AsyncExport().eval(), (torch.randn(2),)


async def rescale(x: Tensor) -> Tensor:  # expect: JT109@1-40 none "`async def rescale` is compiled, but TorchScript does not support async functions"
    return x * 2


class CallsCoroutine(nn.Module):
    """A module-level coroutine function called from forward (eager only creates the coroutine)."""

    def forward(self, x: Tensor) -> Tensor:
        pending = rescale(x)
        return x


def case_module_coroutine_called():
    torch.manual_seed(0)
    return CallsCoroutine().eval(), (torch.randn(2),)
