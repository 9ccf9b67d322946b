"""JT205 unrolled-loop-break: loops TorchScript does not unroll (a `while`, a `range`, a list) may `break`, also when
nested in a loop over modules; and the guarded form of an early exit."""
from typing import List

import torch
from torch import nn, Tensor


class Guarded(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x: Tensor, depth: int, xs: List[Tensor]) -> Tensor:
        for i, layer in enumerate(self.layers):
            if i < depth:
                x = layer(x)
            steps = 0
            while True:
                steps += 1
                if steps > depth:
                    break
            for k in range(depth):
                if k == 1:
                    continue
                x = x + k
        for v in xs:
            if bool(v.sum() > 100):
                break
            x = x + v
        return x


def case_loops_not_unrolled():
    torch.manual_seed(0)
    return Guarded().eval(), (torch.randn(2, 4), 2, [torch.randn(2, 4)])


class Scan(nn.Module):
    """A `break` in a `for` over a list of tensors and in a `while`: ordinary loops."""

    def forward(self, x: Tensor, xs: List[Tensor], limit: int) -> Tensor:
        for v in xs:
            if bool(v.sum() > 100):
                break
            x = x + v
        n = 0
        while n < limit:
            n += 1
            if n == 2:
                continue
            x = x * 1.5
        return x


def case_list_and_while():
    torch.manual_seed(0)
    return Scan().eval(), (torch.randn(2, 4), [torch.randn(2, 4), torch.randn(2, 4)], 3)
