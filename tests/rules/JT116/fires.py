"""JT116 del-unsupported-target: ``del obj.attr`` and ``del xs[a:b]`` in compiled code.

TorchScript's IR emitter rejects them: ``del statements are only supported for deleting list and dict items and
variables`` / ``del statements only support deletion at a single index, slicing is not supported``.
"""

from typing import List

import torch
from torch import nn, Tensor


class DropPrefix(nn.Module):
    """Deleting a slice of a list."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        kept = list(ids)
        del kept[0:2]  # expect: JT116@9-22 none "`del kept[0:2]` deletes a slice, which TorchScript does not support (only one index at a time)"
        return x * len(kept)


def case_del_slice():
    torch.manual_seed(0)
    return DropPrefix().eval(), (torch.randn(2), [1, 2, 3, 4])


class Scratch(nn.Module):
    """Deleting an attribute, in a helper reached from forward."""

    def __init__(self):
        super().__init__()
        self.scratch = 1

    def forward(self, x: Tensor) -> Tensor:
        return self.release(x)

    def release(self, x: Tensor) -> Tensor:
        del self.scratch  # expect: JT116@9-25 none "`del self.scratch` deletes an attribute, which TorchScript does not support"
        return x


def case_del_attribute_in_helper():
    torch.manual_seed(0)
    return Scratch().eval(), (torch.randn(2),)


class DropEvery(nn.Module):
    """A stepped slice, with a plain name deleted first in the same statement."""

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        kept = list(ids)
        tmp = 0
        del tmp, kept[::2]  # expect: JT116@9-27 none "`del kept[::2]` deletes a slice, which TorchScript does not support (only one index at a time)"
        return x * len(kept)


def case_del_stepped_slice_in_list():
    torch.manual_seed(0)
    return DropEvery().eval(), (torch.randn(2), [1, 2, 3, 4])
