"""JT125 keyword-argument-unpack: ``f(**kwargs)`` in compiled code.

TorchScript's frontend rejects ``keyword-arg expansion is not supported``, also in statically dead branches.
"""

from typing import Dict

import torch
from torch import nn, Tensor
import torch.nn.functional as F


def scaled(x: Tensor, scale: float = 1.0) -> Tensor:
    return x * scale


class Dropout(nn.Module):
    """Options forwarded with ``**``."""

    def forward(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
        return scaled(x, **opts)  # expect: JT125@26-32 none "Keyword-argument unpacking (`**kwargs`) in a call is not supported by TorchScript"


def case_forwarded_options():
    torch.manual_seed(0)
    return Dropout().eval(), (torch.randn(2), {"scale": 2.0})


class Interp(nn.Module):
    """A torch function called with ``**``, in an exported method."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def resize(self, x: Tensor, kw: Dict[str, float]) -> Tensor:
        return F.interpolate(x, **kw)  # expect: JT125@33-37 none "Keyword-argument unpacking (`**kwargs`) in a call is not supported by TorchScript"


def case_export_torch_call():
    torch.manual_seed(0)
    return Interp().eval(), (torch.randn(1, 1, 4),)


class EagerOnly(nn.Module):
    def forward(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
        if not torch.jit.is_scripting():
            return scaled(x, **opts)  # expect: JT125@30-36 none "Keyword-argument unpacking (`**kwargs`) in a call is not supported by TorchScript"
        return x


def case_dead_branch():
    torch.manual_seed(0)
    return EagerOnly().eval(), (torch.randn(2), {"scale": 2.0})
