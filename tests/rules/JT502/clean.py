"""JT502 unsupported-builtin-call: look-alikes that script on torch 2.13.0 (must not fire).

Supported builtins (``len``, ``enumerate(start=)``, ``zip``, ``sum`` of numbers, ``isinstance``, ``hash``, ``divmod``,
``sorted``), the rewrites the rule suggests, names that shadow a builtin (a parameter called ``filter``), and
unsupported builtins where TorchScript does not compile them: ``__init__``, ``@torch.jit.unused`` methods and
``if not torch.jit.is_scripting():`` branches.
"""

from typing import List

import torch
from torch import nn, Tensor


def map(f: int, xs: List[int]) -> List[int]:  # a module-level function of this file shadows the builtin
    return [x * f for x in xs]


class Supported(nn.Module):
    def __init__(self, dim: int = 4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.device_hint = next(iter(self.parameters())).device  # __init__ is never compiled
        self.names = list(filter(None, ["a", "", "b"]))

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        total = 0
        for i, s in enumerate(sorted(sizes), 1):
            total += i * s + hash(s) % 2 + divmod(s, 2)[0]
        for a, b in zip(sizes, sizes[::-1]):
            total += a - b
        for i in range(len(sizes) - 1, -1, -1):
            total += sizes[i]
        if isinstance(x, Tensor):
            total += sum(sizes) + sum([s * 2 for s in sizes]) + len(map(2, sizes))
        return self.proj(x) * total


def case_supported_builtins():
    torch.manual_seed(0)
    return Supported().eval(), (torch.randn(2, 4), [3, 1, 2])


class Guarded(nn.Module):
    def forward(self, x: Tensor, filter: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            if callable(filter) or type(x) is not Tensor:
                return x
        parts = [x, filter]
        out = parts[0]
        for p in parts[1:]:
            out = out + p
        return out

    @torch.jit.unused
    def debug(self, x: Tensor) -> Tensor:
        return sum(reversed([x, next(iter([x]))]))


def case_guarded_and_shadowed():
    return Guarded().eval(), (torch.randn(2), torch.randn(2))


class TypeTests(nn.Module):
    """``isinstance`` with the types TorchScript names (``list``, a tuple of them, ``Dict[str, Tensor]``), and
    ``dict`` tested where TorchScript does not compile it."""

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        if isinstance(sizes, (list, tuple)) and isinstance(x, Tensor):
            x = x * len(sizes)
        if not torch.jit.is_scripting():
            if isinstance(x, dict):
                return x
        return x


def case_isinstance_named_types():
    return TypeTests().eval(), (torch.randn(2), [1, 2])


class Counts(nn.Module):
    """``sum`` of a generator of ints (sizes) compiles."""

    def forward(self, xs: List[Tensor]) -> int:
        return sum(x.size(0) for x in xs) + sum([len(x) for x in xs])


def case_sum_of_sizes():
    return Counts().eval(), ([torch.randn(2), torch.randn(3)],)
