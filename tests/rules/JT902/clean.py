"""JT902 string-identity: ``==`` on strings, ``is`` on None, and ``is`` on strings outside compiled code."""

from typing import Optional

import torch
from torch import nn, Tensor


class Equality(nn.Module):
    def __init__(self, mode: str = "double"):
        super().__init__()
        self.mode = "double"
        self.legacy = mode is "double"  # __init__ is not compiled

    def forward(self, x: Tensor, tag: Optional[str] = None) -> Tensor:
        if self.mode == "double" and tag is None:
            x = x * 2
        if not torch.jit.is_scripting():
            if self.mode is "double":
                x = x + 0
        return x


def case_equality_and_none_tests():
    return Equality().eval(), (torch.ones(3),)


class Dispatch(nn.Module):
    @torch.jit.unused
    def eager_only(self, x: Tensor, kind: str) -> Tensor:
        return x if kind is "id" else -x

    def forward(self, x: Tensor) -> Tensor:
        kind = "relu"
        if kind != "relu":
            return self.eager_only(x, kind)
        return x.relu()


def case_unused_method():
    return Dispatch().eval(), (torch.randn(4),)
