"""JT902 string-identity: ``is`` between strings in compiled code.

Scripts, saves and loads; TorchScript compares the identity of the two string objects, so ``mode is "a"`` is False
and the scripted model takes the other branch than eager CPython (which interns literals).
"""

import torch
from torch import nn, Tensor


class Literal(nn.Module):
    def __init__(self):
        super().__init__()
        self.mode = "double"

    def forward(self, x: Tensor) -> Tensor:
        if self.mode == "double":  # expect: JT902@12-33 unsafe "`is` between strings compares object identity, which TorchScript does not keep: the compiled test is False whatever the value; use `==`"
            return x * 2
        return x * 0.5


def case_attribute_is_literal():
    return Literal().eval(), (torch.ones(3),)


def activation(x: Tensor, kind: str) -> Tensor:
    if kind != "relu":  # expect: JT902@8-26 unsafe "`is not` between strings compares object identity, which TorchScript does not keep: the compiled test is True whatever the value; use `!=`"
        return torch.tanh(x)
    return torch.relu(x)


class Act(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return activation(x, "relu")


def case_parameter_is_not_literal():
    return Act().eval(), (torch.randn(4),)
