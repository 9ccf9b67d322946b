"""JT508 autograd-function-apply: look-alikes that script and save on torch 2.13.0 (must not fire).

The Function applied only where TorchScript does not compile it (under `if not torch.jit.is_scripting():`),
and a static method `apply` of a class that is not an autograd Function.
"""
import torch
from torch import nn, Tensor


class ScaleGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, grad):
        return grad * 0.5


class Block(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            return ScaleGrad.apply(x)
        return x.clone()


def case_guarded():
    torch.manual_seed(0)
    return Block().eval(), (torch.randn(2, 4),)


class Ops:
    """A plain class with a static method named `apply`: not an autograd Function."""

    @staticmethod
    def apply(x: Tensor) -> Tensor:
        return x + 1


class Shifted(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return Ops.apply(x) * 2


def case_not_a_function():
    torch.manual_seed(0)
    return Shifted().eval(), (torch.randn(2, 4),)
