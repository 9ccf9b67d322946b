"""JT507 dynamic-getattr: look-alikes that script on torch 2.13.0 (must not fire).

Literal names (also with a default, and an implicit concatenation of literals), and computed names where
TorchScript does not compile them: under `if not torch.jit.is_scripting():` and in `__init__`.
"""
import torch
from torch import nn, Tensor


class Literal(nn.Module):
    def __init__(self):
        super().__init__()
        self.stage0 = nn.Linear(4, 4)
        self.stage1 = nn.Linear(4, 4)
        self.first = getattr(self, "stage" + str(0))  # __init__ runs in Python

    def forward(self, x: Tensor) -> Tensor:
        x = getattr(self, "stage0")(x)
        x = getattr(self, "stage" "1")(x)
        if hasattr(self, "missing"):
            x = x + 1
        if getattr(self, "training", False):
            x = x * 2
        if not torch.jit.is_scripting():
            for i in range(2):
                x = x + 0.0 * getattr(self, f"stage{i}")(x)
        return self.first(x)


def case_literal_names():
    torch.manual_seed(0)
    return Literal().eval(), (torch.randn(2, 4),)


class OnTensor(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return getattr(x, "T") + 1


def case_literal_on_tensor():
    torch.manual_seed(0)
    return OnTensor().eval(), (torch.randn(3, 3),)
