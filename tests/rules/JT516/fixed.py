"""JT516 iterator-as-value: `zip`, `enumerate` and `range` used as values (``iterabletree cannot be used as a
value``, ``range cannot be used as a value``, and ``... as a tuple``)."""
import itertools
from typing import List

import torch
from torch import nn, Tensor


class DeepstackLayers(nn.Module):
    """transformers' Qwen3-VL text model: `layer_idx in range(len(deepstack_visual_embeds))`."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x: Tensor, deepstack: List[Tensor]) -> Tensor:
        for layer_idx, layer in enumerate(self.layers):
            x = layer(x)
            if layer_idx in list(range(len(deepstack))):  # expect: JT516@29-50 safe "`range(...)` is used as a value, which TorchScript does not support (a range can only be iterated by a loop, a comprehension or `list(...)`)"
                x = x + deepstack[layer_idx]
        return x


def case_membership_in_range():
    torch.manual_seed(0)
    return DeepstackLayers().eval(), (torch.randn(2, 4), [torch.randn(2, 4), torch.randn(2, 4)])


class SortedPairs(nn.Module):
    """Counted and sorted: builtins that consume the iterator once (the fix makes a list of it)."""

    def forward(self, x: Tensor, ids: List[int], n: int) -> Tensor:
        order = sorted(list(zip(ids, range(len(ids)))))  # expect: JT516@24-49 safe "`zip(...)` is used as a value, which TorchScript does not support (an iterator can only be iterated by a loop, a comprehension or `list(...)`)"
        return x * len(list(range(n))) + order[0][1]  # expect: JT516@24-32 safe "`range(...)` is used as a value, which TorchScript does not support (a range can only be iterated by a loop, a comprehension or `list(...)`)"


def case_sorted_and_counted():
    torch.manual_seed(0)
    return SortedPairs().eval(), (torch.randn(2), [3, 1, 2], 4)


class TokenGroups(nn.Module):
    """transformers' Qwen-VL `get_rope_index`: `itertools.groupby(enumerate(token_types), ...)`."""

    def forward(self, x: Tensor, token_types: List[int]) -> Tensor:
        for key, group in itertools.groupby(enumerate(token_types)):  # expect: JT505@27-44 none "`itertools.groupby` (itertools) cannot be compiled by TorchScript; write the loop out (nested `for` loops for `product`, a running total for `accumulate`)" JT516@45-67 none "`enumerate(...)` is used as a value, which TorchScript does not support (an iterator can only be iterated by a loop, a comprehension or `list(...)`)"
            x = x + key[0]
        return x


def case_enumerate_passed_on():
    torch.manual_seed(0)
    return TokenGroups().eval(), (torch.randn(2), [0, 0, 1])


class Transposed(nn.Module):
    def forward(self, x: Tensor, a: List[int], b: List[int]) -> Tensor:
        firsts, seconds = zip(a, b)  # expect: JT516@27-36 none "`zip(...)` is used as a value, which TorchScript does not support (an iterator can only be iterated by a loop, a comprehension or `list(...)`)"
        return x + firsts[0]


def case_unpacked():
    torch.manual_seed(0)
    return Transposed().eval(), (torch.randn(2), [1, 2], [3, 4])


class RangeTuple(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        dims = tuple(range(x.dim()))  # expect: JT516@22-36 none "`range(...)` is used as a value, which TorchScript does not support (a range can only be iterated by a loop, a comprehension or `list(...)`)"
        return x.sum(dims[1:])


def case_tuple_of_range():
    torch.manual_seed(0)
    return RangeTuple().eval(), (torch.randn(2, 3, 4),)


class Largest(nn.Module):
    def forward(self, x: Tensor, a: List[int], b: List[int]) -> Tensor:
        top = max(zip(a, b))  # expect: JT516@19-28 none "`zip(...)` is used as a value, which TorchScript does not support (an iterator can only be iterated by a loop, a comprehension or `list(...)`)"
        return x + top[0]


def case_passed_to_max():
    torch.manual_seed(0)
    return Largest().eval(), (torch.randn(2), [1, 2], [3, 4])
