"""JT201 modulelist-variable-index: look-alikes that DO script on torch 2.13.0 (must not fire).

Iteration (``for``, ``enumerate``, ``zip`` of two ModuleLists, comprehensions), integer literals (also negative),
``Final[int]`` attributes (class annotation or ``__constants__``), plain lists and tensors indexed by variables,
an interface-annotated local, and variable indices in code TorchScript never compiles or prunes: ``__init__``,
``@torch.jit.unused`` bodies, ``if not torch.jit.is_scripting():``, ``Final[bool]`` flags, unreachable methods.
"""

from typing import Final, List

import torch
import torch.nn as nn
from torch import Tensor


@torch.jit.interface
class LinearLike(nn.Module):
    def forward(self, input: Tensor) -> Tensor:  # parameter name matches nn.Linear.forward
        pass


class PreNormBlocks(nn.Module):
    """``enumerate`` (also with a start), ``zip`` of two ModuleLists, ``len``, literal indices."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])
        for i in range(depth):  # __init__ is never compiled
            self.layers[i].bias.data.zero_()

    def forward(self, x: Tensor) -> Tensor:
        for layer, norm in zip(self.layers, self.norms):
            x = layer(norm(x))
        for i, layer in enumerate(self.layers, 1):
            x = x + layer(x) / i
        x = self.layers[0](x) + self.layers[-1](x)
        ys = [m(x) for m in self.layers]
        return x * len(self.layers) + ys[-1]


def case_iteration_and_literals():
    torch.manual_seed(0)
    return PreNormBlocks().eval(), (torch.randn(2, 8),)


class EarlyExit(nn.Module):
    """``Final[int]`` index from a class annotation and from ``__constants__``; a negative literal."""

    exit_layer: Final[int]
    __constants__ = ["skip_layer"]

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.blocks = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.exit_layer = 1
        self.skip_layer = 2

    def forward(self, x: Tensor) -> Tensor:
        return self.layers[self.exit_layer](x) + self.layers[self.skip_layer](x) + self.blocks[-1](x)


def case_final_index():
    torch.manual_seed(0)
    return EarlyExit().eval(), (torch.randn(2, 8),)


class FeatureSum(nn.Module):
    """Plain ``List[int]`` attribute named ``layers`` and ``List[Tensor]``/tensors indexed by variables."""

    def __init__(self):
        super().__init__()
        self.layers = [2, 0, 1]
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(3)) for _ in range(2)])

    def forward(self, feats: List[Tensor]) -> Tensor:
        out = feats[0]
        for i in range(1, len(feats)):
            out = out + feats[i] * feats[i][self.layers[i]]
        for p in self.scales:
            out = out * p
        return out * self.scales[0]


def case_plain_lists_and_tensors():
    torch.manual_seed(0)
    return FeatureSum().eval(), ([torch.randn(3), torch.randn(3), torch.randn(3)],)


class Stages(nn.Module):
    """Nested containers: iterate stages, literal index into each stage; alias indexed by a literal."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.stages = nn.ModuleList(
            [nn.Sequential(nn.Linear(dim, dim), nn.ReLU()) for _ in range(2)]
        )

    def forward(self, x: Tensor) -> Tensor:
        for stage in self.stages:
            x = stage[0](x)
            for block in stage:
                x = block(x)
        stages = self.stages
        return stages[0](x)


def case_nested_containers_and_alias():
    torch.manual_seed(0)
    return Stages().eval(), (torch.randn(2, 4),)


class DynamicDepth(nn.Module):
    """A truly dynamic index through a module interface (called with ``.forward``)."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor, k: int) -> Tensor:
        layer: LinearLike = self.layers[k]
        return layer.forward(x)


def case_interface_annotated_local():
    torch.manual_seed(0)
    return DynamicDepth().eval(), (torch.randn(2, 8), 2)


class GuardedLoop(nn.Module):
    """Variable indices that TorchScript never compiles (dead branches, unused bodies, unreachable methods)."""

    use_dynamic: Final[bool]

    def __init__(self, dim: int = 8, depth: int = 2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.use_dynamic = False

    def forward(self, x: Tensor) -> Tensor:
        if self.use_dynamic:
            i = 1
            x = self.layers[i](x)
        if not torch.jit.is_scripting():
            return self.eager_path(x)
        for layer in self.layers:
            x = layer(x)
        return x

    @torch.jit.unused
    def eager_path(self, x: Tensor) -> Tensor:
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        return x

    def layer_at(self, x: Tensor, i: int) -> Tensor:
        return self.layers[i](x)


def case_not_compiled():
    torch.manual_seed(0)
    return GuardedLoop().eval(), (torch.randn(2, 8),)


class FirstAndAll(nn.ModuleList):
    """A ModuleList subclass indexing itself with a literal, and enumerating itself."""

    def __init__(self):
        super().__init__([nn.Linear(4, 4), nn.Linear(4, 4)])

    def forward(self, x: Tensor) -> Tensor:
        out = self[0](x)
        for i, layer in enumerate(self):
            out = out + layer(x) * i
        return out


def case_subclass_literal_index():
    torch.manual_seed(0)
    return FirstAndAll().eval(), (torch.randn(2, 4),)


class SlicedByConstants(nn.Module):
    """Slices with integer literals (also negative) and a `Final[int]` bound script."""

    skip: Final[int] = 1

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers[:-1]:
            x = layer.forward(x)
        for layer in self.layers[self.skip:]:
            x = layer.forward(x)
        for layer in self.layers[0:2]:
            x = layer.forward(x)
        return x


def case_sliced_by_constants():
    torch.manual_seed(0)
    return SlicedByConstants().eval(), (torch.randn(2, 4),)


class CleanChainEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])


class CleanChainText(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = CleanChainEncoder()


class ChainedByConstants(nn.Module):
    """A container two submodules down, iterated and sliced by constants: TorchScript takes both."""

    def __init__(self):
        super().__init__()
        self.text_model = CleanChainText()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.text_model.encoder.layer[:2]:
            x = layer.forward(x)
        for layer in self.text_model.encoder.layer:
            x = layer(x)
        return x


def case_chained_by_constants():
    torch.manual_seed(0)
    return ChainedByConstants().eval(), (torch.randn(2, 4),)
