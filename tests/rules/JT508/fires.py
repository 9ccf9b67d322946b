"""JT508 autograd-function-apply: a custom autograd Function applied in compiled code.

These modules script on torch 2.13.0 (the call becomes an opaque Python operation) and run in Python;
`torch.jit.save` fails: "Could not export Python function call 'ScaleGrad'".
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


class HalfGrad(ScaleGrad):
    """A subclass of a Function of this file is a Function too."""


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        return ScaleGrad.apply(self.proj(x))  # expect: JT508@16-31 none "`ScaleGrad.apply` calls the autograd Function `ScaleGrad`, which TorchScript keeps as a Python call that `torch.jit.save` cannot export"


def case_apply_in_forward():
    torch.manual_seed(0)
    return Block().eval(), (torch.randn(2, 4),)


class Head(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        y = HalfGrad.apply(x)  # expect: JT508@13-27 none "`HalfGrad.apply` calls the autograd Function `HalfGrad`, which TorchScript keeps as a Python call that `torch.jit.save` cannot export"
        return y * 2


def case_apply_of_subclass():
    torch.manual_seed(0)
    return Head().eval(), (torch.randn(2, 4),)
