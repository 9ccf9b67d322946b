"""JT114 match-statement: look-alikes that DO script on torch 2.13.0 (must not fire).

The ``if``/``elif`` chain, ``match`` used as an ordinary name (a soft keyword), and ``match`` in ``__init__``.
"""

import torch
from torch import nn, Tensor


class Activation(nn.Module):
    def __init__(self, mode: str = "relu"):
        super().__init__()
        match mode:
            case "relu" | "tanh":
                self.mode = mode
            case _:
                self.mode = "identity"

    def forward(self, x: Tensor) -> Tensor:
        if self.mode == "relu":
            return torch.relu(x)
        elif self.mode == "tanh":
            return torch.tanh(x)
        else:
            return x


def case_if_elif_chain():
    torch.manual_seed(0)
    return Activation().eval(), (torch.randn(3),)


class Best(nn.Module):
    """``match`` as a variable name."""

    def forward(self, x: Tensor) -> Tensor:
        match = x.argmax()
        return x * match


def case_match_as_name():
    torch.manual_seed(0)
    return Best().eval(), (torch.randn(3),)
