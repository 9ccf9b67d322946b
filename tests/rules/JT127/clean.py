"""JT127 bytes-literal: look-alikes that DO script on torch 2.13.0 (must not fire).

str literals (raw too), string statements, and bytes in ``__init__``.
"""

import torch
from torch import nn, Tensor


class Magic(nn.Module):
    def __init__(self):
        super().__init__()
        self.magic_len = len(b"\x89PNG")

    def forward(self, x: Tensor) -> Tensor:
        "a str statement is skipped like a docstring"
        magic = [0x89, 0x50, 0x4E, 0x47]
        tag = r"\b" + "b"
        return x[: len(magic) + self.magic_len - len(tag)]


def case_str_and_list():
    torch.manual_seed(0)
    return Magic().eval(), (torch.randn(8),)


class Complexish(nn.Module):
    """A complex literal scripts (probed on 2.13.0)."""

    def forward(self, x: Tensor) -> Tensor:
        return torch.view_as_real(x.to(torch.complex64) * 2j)


def case_complex_literal():
    torch.manual_seed(0)
    return Complexish().eval(), (torch.randn(2),)
