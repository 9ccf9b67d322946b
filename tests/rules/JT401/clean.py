"""JT401 unscriptable-attribute: attributes TorchScript can type, or reads it never compiles."""

from typing import Dict, List

import torch
from torch import nn, Tensor


class Annotated(nn.Module):
    """A class-level annotation types the empty list."""

    names: List[str]
    table: Dict[str, int]

    def __init__(self):
        super().__init__()
        self.names = []
        self.table = {}

    def forward(self, x: Tensor) -> Tensor:
        return x * (len(self.names) + len(self.table) + 1)


def case_annotated_empty_containers():
    return Annotated().eval(), (torch.randn(2),)


class Filled(nn.Module):
    """Filled in __init__: a non-empty list of ints by the time torch sees it."""

    def __init__(self, n: int = 3):
        super().__init__()
        self.sizes = []
        for i in range(n):
            self.sizes.append(i + 1)
        self.blocks = nn.ModuleList([nn.Linear(2, 2) for _ in range(2)])

    def forward(self, x: Tensor) -> Tensor:
        for block in self.blocks:
            x = block(x)
        return x * len(self.sizes)


def case_filled_in_init():
    torch.manual_seed(0)
    return Filled().eval(), (torch.randn(2, 2),)


class Options:
    """A plain class TorchScript compiles as a TorchScript class."""

    def __init__(self, k: int = 2):
        self.k = k


def act(t: Tensor) -> Tensor:
    return torch.relu(t)


class Configured(nn.Module):
    def __init__(self):
        super().__init__()
        self.options = Options()
        self.act = act
        self.unused_lambda = lambda t: t
        self.spec = [3, "relu"]

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            assert len(self.spec) == 2
        return self.act(x) * self.options.k

    def extra(self, x: Tensor) -> Tensor:
        """Not reached from forward: never compiled."""
        return self.unused_lambda(x)


def case_scriptable_values():
    return Configured().eval(), (torch.randn(2),)


class Recording(nn.Module):
    """Annotations written out as a dict in the class body (torch's RecordingObserver)."""

    __annotations__ = {"values": List[Tensor]}

    def __init__(self):
        super().__init__()
        self.values = []

    def forward(self, x: Tensor) -> Tensor:
        self.values.append(x.clone())
        return x


def case_annotations_dict():
    return Recording().eval(), (torch.randn(2),)
