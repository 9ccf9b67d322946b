"""JT407 module-truth-value: a submodule (or None) attribute used as a truth value in compiled code."""

import torch
from torch import nn, Tensor


class Embeddings(nn.Module):
    """transformers' CvT: ``if self.normalization:`` on a LayerNorm."""

    def __init__(self):
        super().__init__()
        self.normalization = nn.LayerNorm(4)

    def forward(self, x: Tensor) -> Tensor:
        if self.normalization is not None:  # expect: JT407@12-30 safe "`self.normalization` holds a module (`torch.nn.LayerNorm`), which TorchScript cannot use as a truth value"
            x = self.normalization(x)
        return x


def case_layer():
    torch.manual_seed(0)
    return Embeddings().eval(), (torch.randn(2, 4),)


class PreNorm(nn.Module):
    """transformers' Florence-2: the module an operand of ``and``, or ``None`` on the other path."""

    def __init__(self, use_norm: bool, pre_norm: bool):
        super().__init__()
        self.norm = nn.LayerNorm(4) if use_norm else None
        self.pre_norm = pre_norm

    def forward(self, x: Tensor) -> Tensor:
        if self.norm is not None and self.pre_norm:  # expect: JT407@12-21 safe "`self.norm` holds a module or None (`torch.nn.LayerNorm`), which TorchScript cannot use as a truth value"
            x = self.norm(x)
        return x * 2


def case_and_operand():
    torch.manual_seed(0)
    return PreNorm(True, True).eval(), (torch.randn(2, 4),)


def case_none_path():
    torch.manual_seed(0)
    return PreNorm(False, True).eval(), (torch.randn(2, 4),)


class Stack(nn.Module):
    """A container: true when it is not empty."""

    def __init__(self, depth: int):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        y = x * 2 if not len(self.layers) > 0 else x  # expect: JT407@26-37 safe "`self.layers` holds a module, which TorchScript cannot use as a truth value"
        for layer in self.layers:
            y = layer(y)
        return y


def case_container():
    torch.manual_seed(0)
    return Stack(0).eval(), (torch.randn(2, 4),)
