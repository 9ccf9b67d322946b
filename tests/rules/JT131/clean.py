"""JT131 type-comment-in-body: look-alikes that DO script on torch 2.13.0 (must not fire).

``# type: ignore`` / ``# type: ignore[code]`` at the end of a line, signature type comments (also the multi-line
PEP 484 form, after which torch ignores further lines), annotated locals, and type comments where TorchScript never
compiles (``__init__``, ``@torch.jit.unused`` methods, functions that are not compiled).
"""

from typing import List

import torch
from torch import nn, Tensor


class Ignored(nn.Module):
    """mypy's ignore comments, and a comment that merely mentions a dtype."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 3)

    def forward(self, x: Tensor) -> Tensor:
        y = self.proj(x)  # type: ignore
        z = y.relu()  # type: ignore[attr-defined]
        # dtype: float32 throughout; the type of z is inferred
        outs: List[Tensor] = [y, z]
        return torch.stack(outs)


def case_ignore_and_annotated_local():
    torch.manual_seed(0)
    return Ignored().eval(), (torch.randn(2, 3),)


def blend(a, b, w):
    # type: (Tensor, Tensor, float) -> Tensor
    return a * w + b * (1.0 - w)


def scale_all(x,  # type: Tensor
              k,  # type: float
              ):
    # type: (...) -> Tensor
    outs = []  # type: List[Tensor]
    outs.append(x * k)
    return outs[0]


class Blend(nn.Module):
    """Signature type comments, single-line and per-parameter (lines after `(...) -> ` are ignored by torch)."""

    def forward(self, x: Tensor) -> Tensor:
        return blend(x, x * 2, 0.25) + scale_all(x, 3.0)


def case_signature_type_comments():
    torch.manual_seed(0)
    return Blend().eval(), (torch.randn(2),)


class NotCompiled(nn.Module):
    """Type comments in `__init__`, in an unused method and in a method nothing compiled calls."""

    def __init__(self, sizes: List[int] = [2, 3]):
        super().__init__()
        widths = []  # type: List[int]
        for s in sizes:
            widths.append(s * 2)
        self.width = sum(widths)

    def forward(self, x: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            return x * self.width
        return self.eager_path(x)

    @torch.jit.unused
    def eager_path(self, x: Tensor) -> Tensor:
        factors = [self.width]  # type: List[int]
        return x * factors[0]

    def report(self) -> List[int]:
        out = []  # type: List[int]
        out.append(self.width)
        return out


def case_not_compiled():
    torch.manual_seed(0)
    return NotCompiled().eval(), (torch.randn(2),)
