"""JT203 module-value-call: look-alikes that DO script on torch 2.13.0 (must not fire).

Submodules called through ``self.<attr>``, iteration of the container itself (``for``, ``enumerate``, ``zip`` of two
ModuleLists, ``items()``/``values()``), literal indices, a plain local alias, an interface-typed *attribute*, the
explicit ``.forward(...)`` rewrite of every failing shape, and failing shapes in code TorchScript never compiles.
"""

from typing import Dict, List

import torch
import torch.nn.functional as F
from torch import nn, Tensor


@torch.jit.interface
class HeadIface(nn.Module):
    def forward(self, input: Tensor) -> Tensor:  # parameter name matches nn.Linear.forward
        pass


class Trunk(nn.Module):
    """Container iteration, literal indices and a local alias of a submodule."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(dim, dim), "reg": nn.Linear(dim, dim)})
        self.seq = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.lin = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Dict[str, Tensor]:
        for layer in self.layers:
            x = layer(x)
        for i, layer in enumerate(self.layers):
            x = layer(x) + i
        for layer, norm in zip(self.layers, self.norms):
            x = norm(layer(x))
        x = self.layers[0](x) + self.layers[-1](x)
        lin = self.lin
        conv = self.seq[-1]
        x = conv(lin(x))
        out: Dict[str, Tensor] = {}
        for name, head in self.heads.items():
            out[name] = head(x)
        for head in self.heads.values():
            x = head(x)
        out["x"] = x
        return out


def case_container_iteration_and_alias():
    torch.manual_seed(0)
    return Trunk().eval(), (torch.randn(2, 8),)


class ExplicitForward(nn.Module):
    """The fix for every failing shape: call ``.forward(...)`` explicitly (or branch instead of a ternary)."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(4)])
        self.seq = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.a = nn.Linear(dim, dim)
        self.b = nn.Linear(dim, dim)
        self.heads = nn.ModuleDict({"cls": nn.Linear(dim, dim), "reg": nn.Linear(dim, dim)})

    def forward(self, x: Tensor, task: str) -> Tensor:
        for layer in self.layers[1:]:
            x = layer.forward(x)
        for m1, m2 in zip(self.layers[::2], self.layers[1::2]):
            x = m2.forward(m1.forward(x))
        for m in (self.a, self.b):
            x = m.forward(x)
        for m in self.seq[:2]:
            x = m.forward(x)
        body, last = self.seq[:-1], self.seq[-1]
        x = last.forward(x)
        head: HeadIface = self.heads[task]
        x = head.forward(x)
        if self.training:
            return self.a(x)
        else:
            return self.b(x)


def case_explicit_forward():
    torch.manual_seed(0)
    return ExplicitForward().eval(), (torch.randn(2, 8), "reg")


class Wrapper(nn.Module):
    """An interface-annotated class attribute is callable; so are function attributes and plain functions."""

    sub: HeadIface

    def __init__(self, dim: int = 8):
        super().__init__()
        self.sub = nn.Linear(dim, dim)
        self.act = F.gelu

    def forward(self, x: Tensor) -> Tensor:
        return torch.tanh(self.act(self.sub(x)))


def case_interface_attribute_and_functions():
    torch.manual_seed(0)
    return Wrapper().eval(), (torch.randn(2, 8),)


class Decoder(nn.Module):
    """Failing shapes where TorchScript does not compile: ``__init__``, dead branch, unused body, unreachable."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.a = nn.Linear(dim, dim)
        self.b = nn.Linear(dim, dim)
        y = torch.zeros(1, dim)
        for m in (self.a, self.b):  # __init__ is never compiled: infer the output width eagerly
            y = m(y)
        self.out_dim = y.shape[-1]

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            for block in self.blocks[1:]:
                x = block(x)
            return x
        return self.scripted(x)

    def scripted(self, x: Tensor) -> Tensor:
        for block in self.blocks[1:]:
            x = block.forward(x)
        return x

    @torch.jit.unused
    def pairwise(self, x: Tensor) -> Tensor:
        proj = self.a if x.sum() > 0 else self.b
        return proj(x)

    def head_only(self, x: Tensor) -> Tensor:
        return self.blocks[:2](x)


def case_not_compiled():
    torch.manual_seed(0)
    return Decoder().eval(), (torch.randn(2, 8),)


class PreStackFixed(nn.Module):
    """A slice bound to a local, its modules called with `.forward(...)`; its last element indexed by a literal."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.pre = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def forward(self, x: Tensor) -> Tensor:
        pre_ops = self.pre[:-1]
        for op in pre_ops:
            x = op.forward(x)
        return self.pre[-1](x)


def case_slice_local_forward():
    torch.manual_seed(0)
    return PreStackFixed().eval(), (torch.randn(2, 8),)
