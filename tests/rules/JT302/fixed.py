"""JT302 positional-only-parameters: a ``/`` in a compiled signature.

torch 2.13.0's frontend never reads ``posonlyargs``: the parameters before ``/`` are left out of the compiled schema
and their first read fails as ``undefined value``.
"""

import torch
from torch import nn, Tensor


# One line: torch points at the first read of `x`, jitlint at the `/`.
def scale(x: Tensor, factor: float = 2.0) -> Tensor: return x * factor  # expect: JT302@22-23 safe "Positional-only parameters (before `/`) are left out of the compiled signature by TorchScript"


class Scaler(nn.Module):
    """A module-level helper forward calls."""

    def forward(self, x: Tensor) -> Tensor:
        return scale(x, 3.0)


def case_helper_function():
    return Scaler().eval(), (torch.randn(3),)


class Gate(nn.Module):
    """A method with two positional-only parameters."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 3)

    def forward(self, x: Tensor, g: Tensor) -> Tensor:  # expect: JT302@45-46 safe "Positional-only parameters (before `/`) are left out of the compiled signature by TorchScript"
        return self.proj(x) * torch.sigmoid(g)


def case_forward():
    torch.manual_seed(0)
    return Gate().eval(), (torch.randn(2, 3), torch.randn(2, 3))
