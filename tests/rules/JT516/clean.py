"""JT516 iterator-as-value: where TorchScript iterates `zip`, `enumerate` and `range` (loops, comprehensions,
`list(...)`, `dict(...)`, nested in each other, a name bound to one), and the list forms of the fix."""
from typing import Dict, List

import torch
from torch import nn, Tensor


class Iterated(nn.Module):
    def forward(self, x: Tensor, ids: List[int], names: List[str], n: int) -> Tensor:
        for i, (a, b) in enumerate(zip(ids, range(len(ids)))):
            x = x + a * b + i
        squares = [k * k for k in range(n)]
        pairs = list(zip(ids, ids))
        index: Dict[int, int] = dict(enumerate(ids))
        lookup = {name: j for j, name in enumerate(names)}
        later = zip(ids, ids)
        for a, b in later:
            x = x + a - b
        return x + len(squares) + len(pairs) + len(index) + len(lookup)


def case_iterated():
    torch.manual_seed(0)
    return Iterated().eval(), (torch.randn(2), [1, 2], ["a", "b"], 3)


class Listed(nn.Module):
    """What the fix writes: a list of it."""

    def forward(self, x: Tensor, ids: List[int], n: int) -> Tensor:
        order = sorted(list(zip(ids, range(len(ids)))))
        if n in list(range(len(ids))):
            x = x * len(list(range(n)))
        return x + order[0][1] + sum(list(range(n)))


def case_listed():
    torch.manual_seed(0)
    return Listed().eval(), (torch.randn(2), [3, 1, 2], 1)
