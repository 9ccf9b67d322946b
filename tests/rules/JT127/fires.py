"""JT127 bytes-literal: ``b"..."`` in compiled code.

TorchScript has no bytes type: ``Unknown Constant expression type``, also in statically dead branches.
"""

import torch
from torch import nn, Tensor


class Magic(nn.Module):
    """A bytes constant used for its length."""

    def forward(self, x: Tensor) -> Tensor:
        magic = b"\x89PNG"  # expect: JT127@17-27 none "Bytes literals are not supported by TorchScript"
        return x[: len(magic)]


def case_bytes_constant():
    torch.manual_seed(0)
    return Magic().eval(), (torch.randn(6),)


class Header(nn.Module):
    """A raw bytes literal in the eager-only branch still fails."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            print(rb"\header")  # expect: JT127@19-30 none "Bytes literals are not supported by TorchScript"
        return x


def case_dead_branch_raw_bytes():
    torch.manual_seed(0)
    return Header().eval(), (torch.randn(2),)
