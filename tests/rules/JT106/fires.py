"""JT106 nested-definition: ``def`` / ``class`` inside a compiled function.

TorchScript's frontend rejects them with ``function definitions aren't supported`` / ``class definitions aren't
supported`` (``async function definitions aren't supported`` for an ``async def``), also when decorated and
inside statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Rescale(nn.Module):
    """A closure over a parameter of forward."""

    def forward(self, x: Tensor, scale: float) -> Tensor:
        def rescale(t: Tensor) -> Tensor:  # expect: JT106@9-42 none "Function definition `rescale` inside compiled code is not supported by TorchScript"
            return t * scale

        return rescale(x)


def case_closure():
    torch.manual_seed(0)
    return Rescale().eval(), (torch.randn(2), 0.5)


class Boxes(nn.Module):
    """A local class in a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        return x * self.area(2, 3)

    def area(self, w: int, h: int) -> int:
        class Box:  # expect: JT106@9-19 none "Class definition `Box` inside compiled code is not supported by TorchScript"
            def __init__(self, w: int, h: int):
                self.w = w
                self.h = h

        b = Box(w, h)
        return b.w * b.h


def case_local_class_in_helper():
    torch.manual_seed(0)
    return Boxes().eval(), (torch.randn(2),)


class Decorated(nn.Module):
    """A decorator does not help, not even ``@torch.jit.unused``; and a dead branch does not hide it."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():

            @torch.jit.unused
            def check(values: List[int]) -> None:  # expect: JT106@13-50 none "Function definition `check` inside compiled code is not supported by TorchScript"
                assert all(v >= 0 for v in values)

            check(ids)
        return x


def case_decorated_in_dead_branch():
    torch.manual_seed(0)
    return Decorated().eval(), (torch.randn(2), [1, 2])


def total(ids: List[int]) -> int:
    """Module-level helper compiled through forward; a nested ``async def``."""

    async def fetch(i: int) -> int:  # expect: JT106@5-36 none "Async function definition `fetch` inside compiled code is not supported by TorchScript"
        return i

    return len(ids)


class Total(nn.Module):
    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * total(ids)


def case_nested_async_def():
    torch.manual_seed(0)
    return Total().eval(), (torch.randn(2), [1, 2, 3])
