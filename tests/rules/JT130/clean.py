"""JT130 starred-list: look-alikes that DO script on torch 2.13.0 (must not fire).

Tuples have a fixed length: ``f(*t)``, ``[*t]`` and ``a, *rest = t`` script. Lists passed whole, ``+`` to build
lists, and ``*xs`` in a statically dead branch (a semantic error, skipped there).
"""

from typing import List, Tuple

import torch
from torch import nn, Tensor


def area(h: int, w: int) -> int:
    return h * w


class Tuples(nn.Module):
    def forward(self, x: Tensor, hw: Tuple[int, int], shape: List[int]) -> Tensor:
        first, *rest = hw
        dims = [*hw, 1]
        y = x.view(shape)
        z = y.view(list(x.shape[:1]) + [-1])
        if not torch.jit.is_scripting():
            z = z.reshape(*z.shape)
        return z * area(*hw) + first + len(rest) + len(dims)


class TupleArithmetic(nn.Module):
    """A tuple plus a tuple stays a tuple; a size plus a tuple passed whole is fine."""

    def forward(self, x: Tensor, h: int) -> Tensor:
        shape = (h, 2) + (3, 1)
        return x.view(*shape).sum() + x.view(x.size()[:-1] + (6,))


def case_tuple_arithmetic():
    torch.manual_seed(0)
    return TupleArithmetic().eval(), (torch.randn(4, 6), 4)


def case_tuples_and_whole_lists():
    torch.manual_seed(0)
    return Tuples().eval(), (torch.randn(2, 6), (2, 3), [3, 4])


class Syntax(nn.Module):
    """Other expression forms that script: slicing with a step, tuple indexing with ``...``, chained and
    identity/membership comparisons, ``-x``, ``not``, ternaries, ``@``, ``//`` and a generator passed to a call."""

    def forward(self, x: Tensor, ids: List[int], k: int) -> Tensor:
        evens = ids[::2]
        y = x[0, 1:2, ...] @ x[0, 1:2, ...].t()
        ok = 0 < k < 3 and k is not None and 1 in ids and 5 not in ids and not (k // 2 == 7)
        s = sum(i for i in ids)
        sign = -k if ok else k
        return y * (len(evens) + s + sign)


def case_scripting_expressions():
    torch.manual_seed(0)
    return Syntax().eval(), (torch.randn(2, 3, 4), [1, 2, 3], 2)
