"""JT115 attribute-annotation-outside-init: look-alikes that DO script on torch 2.13.0 (must not fire).

Attribute annotations in ``__init__`` and in the class body, annotated locals in forward, a plain attribute
assignment in forward, and an annotated attribute of a first parameter not spelled ``self`` (torch checks the
spelling; it scripts).
"""

from typing import Optional

import torch
from torch import nn, Tensor


class Scaled(nn.Module):
    bias: Optional[Tensor]

    def __init__(self):
        super().__init__()
        self.scale: float = 1.0
        self.bias = None

    def forward(self, x: Tensor) -> Tensor:
        factor: float = 2.0
        self.scale = factor
        return x * self.scale


def case_annotations_in_init():
    torch.manual_seed(0)
    return Scaled().eval(), (torch.randn(2),)


class This(nn.Module):
    def __init__(self):
        super().__init__()
        self.n = 1

    def forward(this, x: Tensor) -> Tensor:
        this.n: int = 2
        return x * this.n


def case_first_parameter_not_self():
    torch.manual_seed(0)
    return This().eval(), (torch.randn(2),)
