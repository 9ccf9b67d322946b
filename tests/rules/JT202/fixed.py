"""JT202 moduledict-variable-key: a ModuleDict / ParameterDict attribute indexed by anything but a string literal.

``Unable to extract string literal index. ModuleDict indexing is only supported with string literals. ...`` —
arguments, loop variables, locals holding a literal, attributes and f-strings (even without placeholders) all
count as non-literal keys.
"""

from typing import Dict, List

import torch
import torch.nn as nn
from torch import Tensor


class MultiTaskHeads(nn.Module):
    """Task name passed as an argument (``import torch.nn as nn``)."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.trunk = nn.Linear(dim, dim)
        self.heads = nn.ModuleDict({"cls": nn.Linear(dim, 3), "reg": nn.Linear(dim, 3)})

    def forward(self, x: Tensor, task: str) -> Tensor:
        for name, head in self.heads.items():
            if name == task:
                return head(self.trunk(x))
        raise KeyError(task)  # expect: JT202@16-32 unsafe "`self.heads` is an nn.ModuleDict indexed by `task`, which is not a string literal"


def case_argument_key():
    torch.manual_seed(0)
    return MultiTaskHeads().eval(), (torch.randn(2, 8), "reg")


class NestedUNet(nn.Module):
    """UNet++-style f-string keys built from loop counters."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.blocks = nn.ModuleDict({f"x_{i}_{i}": nn.Linear(dim, dim) for i in range(2)})

    def forward(self, x: Tensor) -> Tensor:
        for depth in range(2):
            x = self.blocks[f"x_{depth}_{depth}"](x)  # expect: JT202@17-50 none "`self.blocks` is an nn.ModuleDict indexed by `f\"x_{depth}_{depth}\"`, which is not a string literal"
        return x


def case_fstring_key():
    torch.manual_seed(0)
    return NestedUNet().eval(), (torch.randn(2, 4),)


class HeadsBase(nn.Module):
    """Base class holding the ModuleDict; its own forward only uses literal keys."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.heads = nn.ModuleDict({"a": nn.Linear(dim, dim), "b": nn.Linear(dim, dim)})

    def forward(self, x: Tensor) -> Tensor:
        return self.heads["a"](x)


class ChainedHeads(HeadsBase):
    """Loop over ``keys()`` and index again; the attribute is inherited."""

    def forward(self, x: Tensor) -> Tensor:
        for head in self.heads.values():
            x = head(x)  # expect: JT202@17-33 safe "`self.heads` is an nn.ModuleDict indexed by `name`, which is not a string literal"
        return x


def case_keys_loop_base_class():
    torch.manual_seed(0)
    return ChainedHeads().eval(), (torch.randn(2, 4),)


class NamedOrder(HeadsBase):
    """A list attribute of names, used in a helper reached from forward."""

    def __init__(self, dim: int = 4):
        super().__init__(dim)
        self.order: List[str] = ["b", "a"]

    def forward(self, x: Tensor) -> Tensor:
        return self.apply_heads(x)

    def apply_heads(self, x: Tensor) -> Tensor:
        for name in self.order:
            matched = False
            for name_1, head in self.heads.items():
                if name_1 == name:
                    x = head(x)
                    matched = True
            if not matched:
                raise KeyError(name)  # expect: JT202@17-33 unsafe "`self.heads` is an nn.ModuleDict indexed by `name`, which is not a string literal"
        return x


def case_names_attribute_helper():
    torch.manual_seed(0)
    return NamedOrder().eval(), (torch.randn(2, 4),)


class LocalKey(HeadsBase):
    """A local holding a literal is still not a literal; f-string without placeholders neither."""

    @torch.jit.export
    def head_a(self, x: Tensor) -> Tensor:
        key = "a"
        for name, head in self.heads.items():
            if name == key:
                return head(x)
        raise KeyError(key)  # expect: JT202@16-31 unsafe "`self.heads` is an nn.ModuleDict indexed by `key`, which is not a string literal"

    @torch.jit.export
    def head_b(self, x: Tensor) -> Tensor:
        return self.heads[f"b"](x)  # expect: JT202@16-32 none "`self.heads` is an nn.ModuleDict indexed by `f\"b\"`, which is not a string literal"


def case_local_and_constant_fstring_export():
    torch.manual_seed(0)
    return LocalKey().eval(), (torch.randn(2, 4),)


class DomainBias(nn.Module):
    """ParameterDict indexed by an argument; non-ASCII text before it (columns count characters)."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.bias = nn.ParameterDict({"fr": nn.Parameter(torch.zeros(dim)), "de": nn.Parameter(torch.ones(dim))})

    def forward(self, x: Tensor, domain: str) -> Dict[str, Tensor]:
        return {"décalé": x + self.bias[domain]}  # expect: JT202@31-48 none "`self.bias` is an nn.ParameterDict indexed by `domain`, which is not a string literal"


def case_parameterdict_non_ascii():
    torch.manual_seed(0)
    return DomainBias().eval(), (torch.randn(2, 4), "de")


class RoutedExperts(nn.Module):
    """A ``@property`` reading a ModuleDict with an attribute as key (compiled even though forward ignores it)."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.experts = nn.ModuleDict({"e0": nn.Linear(dim, dim), "e1": nn.Linear(dim, dim)})
        self.default_expert = "e0"

    @property
    def default_weight(self) -> Tensor:
        return self.experts[self.default_expert].weight  # expect: JT202@16-49 none "`self.experts` is an nn.ModuleDict indexed by `self.default_expert`, which is not a string literal"

    def forward(self, x: Tensor) -> Tensor:
        return self.experts["e1"](x)


def case_property_attribute_key():
    torch.manual_seed(0)
    return RoutedExperts().eval(), (torch.randn(2, 4),)


class HeteroProjection(nn.Module):
    """A projection per node type of a heterogeneous graph, picked by the keys of the input dict."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.proj = nn.ModuleDict({"paper": nn.Linear(dim, dim), "author": nn.Linear(dim, 4)})

    def forward(self, x_dict: Dict[str, Tensor]) -> Dict[str, Tensor]:
        out: Dict[str, Tensor] = {}
        for node_type, x in x_dict.items():
            matched = False
            for name, proj in self.proj.items():
                if name == node_type:
                    out[node_type] = proj(x)
                    matched = True
            if not matched:
                raise KeyError(node_type)  # expect: JT202@30-50 unsafe "`self.proj` is an nn.ModuleDict indexed by `node_type`, which is not a string literal"
        return out


def case_keys_of_an_input_dict():
    torch.manual_seed(0)
    return HeteroProjection().eval(), ({"author": torch.randn(2, 8), "paper": torch.randn(3, 8)},)


class SwitchExperts(nn.ModuleDict):
    """transformers' Switch Transformers / NLLB-MoE: the experts are the ModuleDict itself, `self[f"expert_{i}"]`."""

    def __init__(self, dim: int = 4):
        super().__init__()
        for idx in range(2):
            self[f"expert_{idx}"] = nn.Linear(dim, dim)

    def forward(self, x: Tensor, expert: int) -> Tensor:
        return self[f"expert_{expert}"](x)  # expect: JT202@16-40 none "`self` is an nn.ModuleDict indexed by `f\"expert_{expert}\"`, which is not a string literal"


def case_subclass_indexes_itself():
    torch.manual_seed(0)
    return SwitchExperts().eval(), (torch.randn(2, 4), 1)
