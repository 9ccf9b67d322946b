"""JT105 try-statement: look-alikes that DO script on torch 2.13.0 (must not fire).

The documented recipe (the ``try`` in a ``@torch.jit.unused`` helper, ``torch.jit.is_scripting()`` on the
scripted side), ``try`` in ``__init__`` and in an unreachable method, and ``with`` statements, which TorchScript
supports (``torch.no_grad()``, several context managers in one ``with``).
"""

import torch
from torch import nn, Tensor


class SafeNorm(nn.Module):
    """The recipe: the scripted path has no ``try``; eager keeps its fallback."""

    def __init__(self):
        super().__init__()
        try:
            self.eps = float(torch.finfo(torch.float32).eps)
        except TypeError:
            self.eps = 1e-7

    def forward(self, x: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            return x / (x.norm() + self.eps)
        return self._safe(x)

    @torch.jit.unused
    def _safe(self, x: Tensor) -> Tensor:
        try:
            return x / (x.norm() + self.eps)
        except RuntimeError:
            return x

    def debug_norm(self, x: Tensor) -> Tensor:
        try:
            return x.norm()
        except RuntimeError:
            return x


def case_unused_helper_recipe():
    torch.manual_seed(0)
    return SafeNorm().eval(), (torch.randn(2, 3),)


class NoGrad(nn.Module):
    """``with torch.no_grad():`` scripts."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 2)

    def forward(self, x: Tensor) -> Tensor:
        with torch.no_grad():
            y = self.lin(x)
        return y * 2


def case_with_no_grad():
    torch.manual_seed(0)
    return NoGrad().eval(), (torch.randn(2, 3),)


def twice_no_grad(x: Tensor) -> Tensor:
    with torch.no_grad(), torch.no_grad():
        y = x * 2
    return y + 1


def case_with_several_items():
    torch.manual_seed(0)
    return twice_no_grad, (torch.randn(3),)
