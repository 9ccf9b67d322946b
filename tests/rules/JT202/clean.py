"""JT202 moduledict-variable-key: look-alikes that DO script on torch 2.13.0 (must not fire).

String-literal keys (also non-ASCII), iteration over ``items()`` / ``values()`` / ``keys()``, membership tests,
comprehensions over the dict, plain ``Dict[str, Tensor]`` values indexed by variables, an interface-annotated local
(called with ``.forward``), and variable keys in code TorchScript never compiles or prunes.
"""

from typing import Dict, List

import torch
from torch import nn, Tensor


@torch.jit.interface
class HeadIface(nn.Module):
    def forward(self, input: Tensor) -> Tensor:  # parameter name matches nn.Linear.forward
        pass


class MultiTaskHeads(nn.Module):
    """Literal keys, iteration, membership and comprehensions; keys indexed in ``__init__``."""

    def __init__(self, dim: int = 4, tasks: List[str] = ["cls", "reg", "tête"]):
        super().__init__()
        self.heads = nn.ModuleDict({t: nn.Linear(dim, dim) for t in tasks})
        for t in tasks:  # __init__ is never compiled
            self.heads[t].bias.data.fill_(0.1)
        self.bias = nn.ParameterDict({"cls": nn.Parameter(torch.ones(dim))})

    def forward(self, x: Tensor) -> Dict[str, Tensor]:
        out = {k: head(x) for k, head in self.heads.items()}
        out["sum"] = torch.stack([head(x) for head in self.heads.values()]).sum(0)
        for name in self.heads.keys():
            out[name] = out[name] + self.bias["cls"]
        if "tête" in self.heads:
            out["tête"] = self.heads["tête"](x) * 2.0
        return out


def case_literals_and_iteration():
    torch.manual_seed(0)
    return MultiTaskHeads().eval(), (torch.randn(2, 4),)


class Router(nn.Module):
    """The scriptable rewrite: scan ``items()`` for the wanted key; plain dicts may be indexed by variables."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.heads = nn.ModuleDict({"cls": nn.Linear(dim, dim), "reg": nn.Linear(dim, dim)})

    def forward(self, feats: Dict[str, Tensor], task: str) -> Tensor:
        x = feats[task]
        out = x
        for name, head in self.heads.items():
            if name == task:
                out = head(x)
        return out


def case_items_scan_and_plain_dict():
    torch.manual_seed(0)
    feats = {"cls": torch.randn(2, 4), "reg": torch.randn(2, 4)}
    return Router().eval(), (feats, "reg")


class InterfaceHeads(nn.Module):
    """A truly dynamic key through a module interface, called with ``.forward``."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.heads = nn.ModuleDict({"cls": nn.Linear(dim, dim), "reg": nn.Linear(dim, dim)})

    def forward(self, x: Tensor, task: str) -> Tensor:
        head: HeadIface = self.heads[task]
        return head.forward(x)


def case_interface_annotated_local():
    torch.manual_seed(0)
    return InterfaceHeads().eval(), (torch.randn(2, 4), "reg")


class EagerRouter(nn.Module):
    """Variable keys only where TorchScript does not compile: dead branch, unused body, unreachable method."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.heads = nn.ModuleDict({"cls": nn.Linear(dim, dim), "reg": nn.Linear(dim, dim)})

    def forward(self, x: Tensor, task: str) -> Tensor:
        if not torch.jit.is_scripting():
            return self.heads[task](x)
        return self.scripted_route(x, task)

    def scripted_route(self, x: Tensor, task: str) -> Tensor:
        out = x
        for name, head in self.heads.items():
            if name == task:
                out = head(x)
        return out

    @torch.jit.unused
    def route_eager(self, x: Tensor, task: str) -> Tensor:
        return self.heads[task](x)

    def head_weight(self, task: str) -> Tensor:
        return self.heads[task].weight


def case_not_compiled():
    torch.manual_seed(0)
    return EagerRouter().eval(), (torch.randn(2, 4), "reg")


class NamedExperts(nn.ModuleDict):
    """A ModuleDict subclass indexing itself with a literal, and iterating its items."""

    def __init__(self):
        super().__init__({"a": nn.Linear(4, 4), "b": nn.Linear(4, 4)})

    def forward(self, x: Tensor) -> Tensor:
        out = self["a"](x)
        for name, expert in self.items():
            out = out + expert(x)
        return out


def case_subclass_literal_key():
    torch.manual_seed(0)
    return NamedExperts().eval(), (torch.randn(2, 4),)
