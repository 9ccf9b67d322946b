"""JT503 builtin-unsupported-keyword: arguments of builtins that Python accepts and TorchScript does not.

TorchScript's ``sorted``, ``max``, ``min``, ``sum``, ``round``, ``int`` and ``pow`` have fixed schemas without
``key``, ``reverse``, ``default``, ``start``, ``ndigits``, ``base`` or ``mod``: ``Arguments for call are not valid.``
(``key=len`` fails on the value first: ``__len__ cannot be used as a value``).  ``print`` takes no keyword at all.
"""

from typing import List

import torch
from torch import nn, Tensor


class Largest(nn.Module):
    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        ordered = sorted(sizes, reverse=True)  # expect: JT503@33-45 none "TorchScript's `sorted` does not accept the `reverse` argument"
        return x * ordered[0]


def case_sorted_reverse():
    return Largest().eval(), (torch.randn(2), [1, 3, 2])


class Longest(nn.Module):
    def forward(self, x: Tensor, groups: List[List[int]]) -> Tensor:
        longest = max(groups, key=len)  # expect: JT503@31-38 none "TorchScript's `max` does not accept the `key` argument"
        return x * len(longest)


def case_max_key():
    return Longest().eval(), (torch.randn(2), [[1], [2, 3]])


class Smallest(nn.Module):
    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        return x * min(sizes, default=1)  # expect: JT503@31-40 none "TorchScript's `min` does not accept the `default` argument"


def case_min_default():
    return Smallest().eval(), (torch.randn(2), [4, 2])


class Logged(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        print("norm:", x.norm().item(), end="")  # expect: JT503@41-47 none "`print` does not accept keyword arguments such as `end=` in TorchScript"
        return x


def case_print_end():
    return Logged().eval(), (torch.randn(2),)


class Offsets(nn.Module):
    """A start for ``sum`` and digits for ``round``, positional."""

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        total = sum(sizes, 10)  # expect: JT503@28-30 none "TorchScript's `sum` does not accept the `start` argument"
        return x * round(total / 3.0, 2)  # expect: JT503@39-40 none "TorchScript's `round` does not accept the `ndigits` argument"


def case_sum_start_and_round_digits():
    return Offsets().eval(), (torch.randn(2), [1, 2])
