"""JT129 ellipsis-statement: look-alikes that DO script on torch 2.13.0 (must not fire).

Overload declarations, ``...`` in a subscript, ``...`` in a statically dead branch, and stubs that are not
compiled (``@torch.jit.unused``, never called).
"""

from typing import Optional

import torch
from torch import nn, Tensor


class Overloaded(nn.Module):
    @torch.jit._overload_method  # noqa: F811
    def pick(self, x: Tensor, k: int) -> Tensor:
        ...

    @torch.jit._overload_method  # noqa: F811
    def pick(self, x: Tensor, k: Optional[int]) -> Tensor:
        ...

    def pick(self, x: Tensor, k: Optional[int]) -> Tensor:  # noqa: F811
        if k is None:
            return x
        return x * k

    def forward(self, x: Tensor) -> Tensor:
        return self.pick(x, 2)


def case_overload_method_stubs():
    torch.manual_seed(0)
    return Overloaded().eval(), (torch.randn(2),)


class Subscripts(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            ...
        return x[..., 0] + x[0, 1:2, ...].sum()

    @torch.jit.unused
    def later(self, x: Tensor) -> Tensor:
        ...

    def never_called(self) -> None:
        ...


def case_subscript_dead_branch_and_stubs():
    torch.manual_seed(0)
    return Subscripts().eval(), (torch.randn(3, 4),)
