"""JT603 variable-type-change: type changes TorchScript accepts."""
from typing import List, Optional

import torch
from torch import nn, Tensor


class SameBlock(nn.Module):
    """Re-assignments in the block that defines the variable may change its type."""

    def forward(self, x: Tensor) -> Tensor:
        y = 0
        y = torch.zeros(3)
        z = None
        z = x
        return x + y + z


def case_same_block():
    return SameBlock().eval(), (torch.randn(3),)


class Annotated(nn.Module):
    """`prev: Optional[Tensor] = None`, a Tensor assigned to an int (converted), unrolled loops, static branches."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.ModuleList([nn.Identity(), nn.Identity()])

    def forward(self, xs: List[Tensor], flag: bool) -> Tensor:
        prev: Optional[Tensor] = None
        for x in xs:
            prev = x
        total = 0
        if flag:
            total = torch.tensor(3)
        out = None
        for layer in self.layers:
            out = layer(xs[0])
        state = None
        if torch.jit.is_scripting():
            state = xs[0]
        assert prev is not None and out is not None
        return prev + total + out


def case_annotated_and_traps():
    return Annotated().eval(), ([torch.randn(3), torch.randn(3)], True)


class SameLengthTuples(nn.Module):
    """A tuple rebound in a branch to another tuple of its length (element types the engine does not know)."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.MultiheadAttention(4, 1)

    def forward(self, x: Tensor, swap: bool = False):
        outputs = self.encoder(x, x, x)
        pair = (outputs[0], outputs[0])
        if swap:
            pair = (outputs[0] * 2, outputs[0] + 1)
        return pair


def case_same_length_tuples():
    return SameLengthTuples().eval(), (torch.randn(2, 1, 4), True)


class UnrolledStraightLine(nn.Module):
    """A bool made a Tensor by straight-line code of an unrolled loop's body: each iteration is code of the
    enclosing block, where an assignment may change a variable's type."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])

    def forward(self, x: Tensor) -> Tensor:
        skip = False
        for layer in self.layers:
            if not bool(skip):
                x = layer(x)
            skip = x.sum() > 100
        return x


def case_unrolled_straight_line():
    torch.manual_seed(0)
    return UnrolledStraightLine().eval(), (torch.randn(2, 4),)
