"""JT509 module-constructed-in-compiled-code: look-alikes that script on torch 2.13.0 (must not fire).

Modules built in `__init__`, the functional forms, a TorchScript class (not a module) instantiated in forward, and
a module built under `if not torch.jit.is_scripting():`.
"""
import torch
import torch.nn.functional as F
from torch import nn, Tensor


@torch.jit.script
class Pair:
    def __init__(self, a: Tensor, b: Tensor):
        self.a = a
        self.b = b


class Built(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.ReLU()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        pair = Pair(self.act(self.proj(x)), F.relu(x))
        y = pair.a + pair.b
        if not torch.jit.is_scripting():
            y = y + 0.0 * nn.Identity()(y)
        return y


def case_built_in_init():
    torch.manual_seed(0)
    return Built().eval(), (torch.randn(2, 4),)


class Functional(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return F.gelu(F.layer_norm(x, [4])) + torch.relu(x)


def case_functional():
    torch.manual_seed(0)
    return Functional().eval(), (torch.randn(2, 4),)
