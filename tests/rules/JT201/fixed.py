"""JT201 modulelist-variable-index: a ModuleList / Sequential / ParameterList attribute indexed by a non-literal.

TorchScript unrolls these containers into tuples, so an index must be an integer literal (or a ``Final[int]``
attribute): ``Expected integer literal for index but got a variable or non-integer. ModuleList/Sequential indexing
is only supported with integer literals. ...``.
"""

from typing import List

import torch
from torch import nn, Tensor
from torch.nn import ModuleList


class ResidualStack(nn.Module):
    """The classic ``for i in range(len(self.layers))`` loop (``from torch.nn import ModuleList``)."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.layers = ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = x + torch.relu(layer(x))  # expect: JT201@32-46 safe "`self.layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_range_len_loop():
    torch.manual_seed(0)
    return ResidualStack().eval(), (torch.randn(2, 8),)


class ConvTower(nn.Module):
    """``torch.nn.Sequential`` spelled in full, indexed by a ``while`` counter."""

    def __init__(self, channels: int = 4):
        super().__init__()
        self.blocks = torch.nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1),
        )

    def forward(self, x: Tensor) -> Tensor:
        i = 0
        while i < 3:
            x = self.blocks[i](x)  # expect: JT201@17-31 none "`self.blocks` is an nn.Sequential indexed by `i`, which is not an integer literal"
            i += 1
        return x


def case_sequential_while_counter():
    torch.manual_seed(0)
    return ConvTower().eval(), (torch.randn(1, 4, 6, 6),)


class LayerScale(nn.Module):
    """A ParameterList indexed by a loop variable (no call involved)."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.gammas = nn.ParameterList([nn.Parameter(torch.full((dim,), 0.1)) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for i in range(3):
            x = x * self.gammas[i]  # expect: JT201@21-35 display-only "`self.gammas` is an nn.ParameterList indexed by `i`, which is not an integer literal"
        return x


def case_parameterlist():
    torch.manual_seed(0)
    return LayerScale().eval(), (torch.randn(2, 8),)


class EarlyExit(nn.Module):
    """A plain (non-``Final``) int attribute is not a constant for TorchScript."""

    def __init__(self, dim: int = 8, depth: int = 3, exit_layer: int = 1):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.exit_layer = exit_layer

    def forward(self, x: Tensor) -> Tensor:
        return self.layers[self.exit_layer](x)  # expect: JT201@16-44 none "`self.layers` is an nn.ModuleList indexed by `self.exit_layer`, which is not an integer literal"


def case_non_final_attribute_index():
    torch.manual_seed(0)
    return EarlyExit().eval(), (torch.randn(2, 8),)


class PreNormBlocks(nn.Module):
    """``enumerate`` over one list, index into another: only the second subscript is wrong."""

    def __init__(self, dim: int = 8, depth: int = 2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(self.norms[i](x))  # expect: JT201@23-36 none "`self.norms` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_enumerate_indexes_other_list():
    torch.manual_seed(0)
    return PreNormBlocks().eval(), (torch.randn(2, 8),)


class AliasedLayers(nn.Module):
    """Through a local alias of the attribute."""

    def __init__(self, dim: int = 8, depth: int = 2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        layers = self.layers
        for i in range(2):
            x = layers[i](x)  # expect: JT201@17-26 none "`layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_local_alias():
    torch.manual_seed(0)
    return AliasedLayers().eval(), (torch.randn(2, 8),)


class Encoder(nn.Module):
    """Base class: defines ``self.stages``; its own forward is fine."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.stages = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for stage in self.stages:
            x = stage(x)
        return x


class MultiScaleEncoder(Encoder):
    """The attribute comes from the base class; the bad index sits in a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        outs: List[Tensor] = []
        for i in range(3):
            x = self.run_stage(x, i)
            outs.append(x)
        return torch.stack(outs)

    def run_stage(self, x: Tensor, i: int) -> Tensor:
        return self.stages[i](x)  # expect: JT201@16-30 none "`self.stages` is an nn.ModuleList indexed by `i`, which is not an integer literal"


def case_base_class_attribute_helper():
    torch.manual_seed(0)
    return MultiScaleEncoder().eval(), (torch.randn(2, 8),)


class ProbeHeads(Encoder):
    """``@torch.jit.export`` method and ``@property``: both compiled."""

    @torch.jit.export
    def stage_output(self, x: Tensor, k: int) -> Tensor:
        return self.stages[k](x)  # expect: JT201@16-30 none "`self.stages` is an nn.ModuleList indexed by `k`, which is not an integer literal"

    @property
    def first_weight(self) -> Tensor:
        i = 0
        return self.stages[i].weight  # expect: JT201@16-30 none "`self.stages` is an nn.ModuleList indexed by `i`, which is not an integer literal"


def case_export_and_property():
    torch.manual_seed(0)
    return ProbeHeads().eval(), (torch.randn(2, 8),)


class Unrolled(nn.Module):
    """Negated variable and non-ASCII text before the subscript (columns count characters)."""

    def __init__(self, dim: int = 8, depth: int = 2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor, depth: int) -> Tensor:
        étapes = {"dernière": self.layers[-depth](x)}  # expect: JT201@31-50 none "`self.layers` is an nn.ModuleList indexed by `-depth`, which is not an integer literal"
        return étapes["dernière"]


def case_negated_variable_non_ascii():
    torch.manual_seed(0)
    return Unrolled().eval(), (torch.randn(2, 8), 1)
