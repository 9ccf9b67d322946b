"""JT510 unknown-keyword-argument: keyword arguments no overload of the torch operator takes.

Eager PyTorch takes numpy's ``axis`` / ``keepdims`` for ``dim`` / ``keepdim``; TorchScript matches keywords against
the operator's schema: ``Arguments for call are not valid`` (several overloads) or the schema itself (one).
"""

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class NumpyNames(nn.Module):
    """``keepdims`` on a Tensor method, ``axis`` on ``torch.cat``: renamed safely."""

    def forward(self, x: Tensor) -> Tensor:
        m = x.sum(-1, keepdim=True)  # expect: JT510@23-36 safe "TorchScript's `Tensor.sum` takes no keyword argument `keepdims` (its schema calls it `keepdim`)"
        return torch.cat([x, m], dim=-1)  # expect: JT510@34-41 safe "TorchScript's `torch.cat` takes no keyword argument `axis` (its schema calls it `dim`)"


def case_numpy_names():
    torch.manual_seed(0)
    return NumpyNames().eval(), (torch.randn(2, 3),)


class MaxKeepdims(nn.Module):
    """``torch.amax(..., keepdims=True)`` through ``from torch import``-free qualified names."""

    def forward(self, x: Tensor) -> Tensor:
        return x - torch.amax(x, dim=-1, keepdim=True)  # expect: JT510@42-55 safe "TorchScript's `torch.amax` takes no keyword argument `keepdims` (its schema calls it `keepdim`)"


def case_torch_function():
    torch.manual_seed(0)
    return MaxKeepdims().eval(), (torch.randn(2, 3),)


class Typo(nn.Module):
    """A misspelt keyword of a function TorchScript compiles from its Python source: no fix."""

    def forward(self, x: Tensor) -> Tensor:
        if x.dim() > 5:
            return F.softmax(x, dimension=-1)  # expect: JT510@33-45 none "TorchScript's `torch.nn.functional.softmax` takes no keyword argument `dimension`"
        return x


def case_functional_typo():
    torch.manual_seed(0)
    return Typo().eval(), (torch.randn(2, 3),)


class SingleSchema(nn.Module):
    """One overload: the first line is the schema itself."""

    def forward(self, x: Tensor) -> Tensor:
        return x.unsqueeze(dim=0)  # expect: JT510@28-34 safe "TorchScript's `Tensor.unsqueeze` takes no keyword argument `axis` (its schema calls it `dim`)"


def case_single_schema():
    torch.manual_seed(0)
    return SingleSchema().eval(), (torch.randn(2),)


class ExpertsHit(nn.Module):
    """transformers' LongCat-Flash: `nonzero(as_tuple=False)` on a comparison's result, a Tensor whatever its
    arguments."""

    def forward(self, expert_mask: Tensor) -> Tensor:
        return torch.greater(expert_mask.sum(dim=(-1, -2)), 0).nonzero(as_tuple=False)  # expect: JT510@72-86 none "TorchScript's `Tensor.nonzero` takes no keyword argument `as_tuple`"


def case_method_of_a_comparison():
    return ExpertsHit().eval(), (torch.randn(4, 2, 3),)
