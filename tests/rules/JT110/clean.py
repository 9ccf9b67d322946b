"""JT110 import-in-body: look-alikes that DO script on torch 2.13.0 (must not fire).

Module-level imports used in compiled code, and imports where TorchScript never looks (``__init__``, a
``@torch.jit.unused`` method, an uncalled method).
"""

import math

import torch
from torch import nn, Tensor


class Circle(nn.Module):
    """``math.pi`` resolved from the module-level import."""

    def __init__(self):
        super().__init__()
        import os

        self.sep = os.sep

    def forward(self, r: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            self.log(r)
        return r * r * math.pi

    @torch.jit.unused
    def log(self, r: Tensor) -> None:
        import logging

        logging.getLogger(__name__).debug("radius %s", r.shape)

    def export_onnx(self, path: str) -> None:
        import io

        io.BytesIO()


def case_module_level_import():
    torch.manual_seed(0)
    return Circle().eval(), (torch.randn(2),)


def full_turn(x: Tensor) -> Tensor:
    return x * math.tau


class Angles(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return full_turn(x)


def case_module_function():
    torch.manual_seed(0)
    return Angles().eval(), (torch.randn(2),)
