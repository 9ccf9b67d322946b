"""JT401 unscriptable-attribute: compiled code reads an attribute whose value TorchScript cannot type.

Each read fails with ``Module 'M' has no attribute 'x' (This attribute exists on the Python module, but we failed to
convert Python type: ...)`` (for a lambda: ``... but we failed to compile it to a TorchScript function``).
"""

import dataclasses
import functools
from typing import List

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class Tagger(nn.Module):
    """An empty list filled by compiled code: the class-level annotation is the fix."""

    seen: List[Tensor]
    def __init__(self):
        super().__init__()
        self.seen = []

    def forward(self, x: Tensor) -> Tensor:
        self.seen.append(x.sum())  # expect: JT401@9-18 safe "`self.seen` is an empty list with no class-level annotation, which TorchScript cannot type, so compiled code cannot read it"
        return x * 2


def case_empty_list_appended():
    torch.manual_seed(0)
    return Tagger().eval(), (torch.randn(2, 3),)


class Counter(nn.Module):
    def __init__(self):
        super().__init__()
        self.counts = {}

    def forward(self, x: Tensor) -> Tensor:
        return x * (len(self.counts) + 1)  # expect: JT401@25-36 none "`self.counts` is an empty dict with no class-level annotation, which TorchScript cannot type, so compiled code cannot read it"


def case_empty_dict():
    return Counter().eval(), (torch.randn(2),)


class Stack(nn.Module):
    """A plain list of modules instead of an nn.ModuleList."""

    def __init__(self):
        super().__init__()
        self.blocks = [nn.Linear(4, 4), nn.Linear(4, 4)]

    def forward(self, x: Tensor) -> Tensor:
        for block in self.blocks:  # expect: JT401@22-33 none "`self.blocks` is a plain list of modules, which TorchScript cannot type, so compiled code cannot read it"
            x = block(x)
        return x


def case_list_of_modules():
    torch.manual_seed(0)
    return Stack().eval(), (torch.randn(2, 4),)


class PredictionBlock(nn.Module):
    """MaskFormer's PredictionBlock: a list of a layer and a module passed in (annotated ``nn.Module``), registered
    with ``add_module`` for the state dict; the list itself is still a plain list."""

    def __init__(self, in_dim: int, out_dim: int, activation: nn.Module) -> None:
        super().__init__()
        self.layers = [nn.Linear(in_dim, out_dim), activation]
        for i, layer in enumerate(self.layers):
            self.add_module(str(i), layer)

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:  # expect: JT401@22-33 none "`self.layers` is a plain list of modules, which TorchScript cannot type, so compiled code cannot read it"
            x = layer(x)
        return x


def case_list_with_module_parameter():
    torch.manual_seed(0)
    return PredictionBlock(4, 4, nn.ReLU()).eval(), (torch.randn(2, 4),)


class Appended(nn.Module):
    """An empty list that __init__ fills with modules is a plain list of modules too."""

    def __init__(self, depth: int = 2):
        super().__init__()
        self.layers = []
        for _ in range(depth):
            self.layers.append(nn.Linear(4, 4))

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:  # expect: JT401@22-33 none "`self.layers` is a plain list of modules, which TorchScript cannot type, so compiled code cannot read it"
            x = layer(x)
        return x


def case_list_appended_modules():
    torch.manual_seed(0)
    return Appended().eval(), (torch.randn(2, 4),)


class Mixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.spec = [3, "relu"]

    def forward(self, x: Tensor) -> Tensor:
        return x * len(self.spec)  # expect: JT401@24-33 none "`self.spec` is a list mixing int and str, which TorchScript cannot type, so compiled code cannot read it"


def case_mixed_list():
    return Mixed().eval(), (torch.randn(2),)


class Act(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = lambda t: t * 2
        self.leaky = functools.partial(F.leaky_relu, negative_slope=0.2)

    def forward(self, x: Tensor) -> Tensor:
        return self.act(x)  # expect: JT401@16-24 none "`self.act` is a lambda, which TorchScript cannot type, so compiled code cannot read it"


def case_lambda():
    return Act().eval(), (torch.randn(2),)


class Leaky(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = functools.partial(F.leaky_relu, negative_slope=0.2)

    def forward(self, x: Tensor) -> Tensor:
        return self.act(x)  # expect: JT401@16-24 none "`self.act` is a `functools.partial`, which TorchScript cannot type, so compiled code cannot read it"


def case_partial():
    return Leaky().eval(), (torch.randn(2),)


@dataclasses.dataclass
class HeadConfig:
    scale: float = 2.0


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.config = HeadConfig()

    def forward(self, x: Tensor) -> Tensor:
        return x * self.config.scale  # expect: JT401@20-31 none "`self.config` is an instance of the dataclass `HeadConfig`, which TorchScript cannot type, so compiled code cannot read it"


def case_dataclass_config():
    return Head().eval(), (torch.randn(2),)


class BlockConfig:
    def __init__(self, **kwargs):
        self.hidden = kwargs.get("hidden", 4)


class Block(nn.Module):
    def __init__(self, config: BlockConfig):
        super().__init__()
        self.config = config
        self.proj = nn.Linear(config.hidden, config.hidden)

    def forward(self, x: Tensor) -> Tensor:
        if self.config.hidden > 2:  # expect: JT401@12-23 none "`self.config` is an instance of `BlockConfig`, which TorchScript cannot type (its class's `__init__` takes `**kwargs`), so compiled code cannot read it"
            x = self.proj(x)
        return x


def case_config_parameter():
    torch.manual_seed(0)
    return Block(BlockConfig(hidden=4)).eval(), (torch.randn(2, 4),)


class GeluTanh(nn.Module):
    """transformers' ``GELUTanh``: the activation a bound method on one path, a ``functools.partial`` on the other."""

    def __init__(self, use_python: bool = False):
        super().__init__()
        if use_python:
            self.act = self._gelu_tanh_python
        else:
            self.act = functools.partial(nn.functional.gelu, approximate="tanh")

    def _gelu_tanh_python(self, x: Tensor) -> Tensor:
        return x * 0.5 * (1.0 + torch.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))

    def forward(self, x: Tensor) -> Tensor:
        return self.act(x)  # expect: JT401@16-24 none "`self.act` is a bound method (`self._gelu_tanh_python`), which TorchScript cannot type, so compiled code cannot read it"


def case_bound_method_or_partial():
    return GeluTanh().eval(), (torch.randn(2, 3),)


class BiasCache(nn.Module):
    """transformers' LeViT: an empty dict cache, cleared (not filled) by a ``train`` override."""

    def __init__(self):
        super().__init__()
        self.biases = nn.Parameter(torch.zeros(4))
        self.cache = {}

    def train(self, mode: bool = True):
        super().train(mode)
        if mode and self.cache:
            self.cache = {}
        return self

    def forward(self, x: Tensor) -> Tensor:
        if self.training:
            return x + self.biases
        key = str(x.device)
        if key not in self.cache:  # expect: JT401@23-33 none "`self.cache` is an empty dict with no class-level annotation, which TorchScript cannot type, so compiled code cannot read it"
            self.cache[key] = self.biases
        return x + self.cache[key]


def case_cache_cleared_in_train():
    return BiasCache().eval(), (torch.randn(4),)
