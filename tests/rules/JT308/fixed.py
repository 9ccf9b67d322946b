"""JT308 default-type-mismatch: an annotated parameter whose literal default does not fit the annotation.

TorchScript converts each default to the annotated type when it compiles the function and fails with
``Expected a default value of type int on parameter "scale".`` — Python never checked the annotation.
"""

from typing import List, Optional

import torch
from torch import nn, Tensor


class Scaler(nn.Module):
    """A float default on an ``int`` parameter of forward."""

    def forward(self, x: Tensor, scale: float = 0.5) -> Tensor:  # expect: JT308@34-50 safe "Parameter `scale` is annotated `int` but defaults to `0.5`, which TorchScript rejects"
        return x * scale


def case_int_with_float_default():
    torch.manual_seed(0)
    return Scaler().eval(), (torch.randn(2),)


class Pooling(nn.Module):
    """``str = None`` in a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        return self.pool(x)

    def pool(self, x: Tensor, mode: Optional[str] = None) -> Tensor:  # expect: JT308@31-47 safe "Parameter `mode` is annotated `str` but defaults to `None`, which TorchScript rejects"
        if mode is not None and mode == "max":
            return x.amax(dim=-1)
        return x.mean(dim=-1)


def case_str_with_none_default():
    torch.manual_seed(0)
    return Pooling().eval(), (torch.randn(2, 3),)


def permute_all(x: Tensor, dims: Optional[List[int]] = None) -> Tensor:  # expect: JT308@28-50 safe "Parameter `dims` is annotated `List[int]` but defaults to `None`, which TorchScript rejects"
    """Module-level helper compiled through forward."""
    if dims is None:
        dims = [1, 0]
    return x.permute(dims)


class Transposer(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return permute_all(x)


def case_list_with_none_default():
    torch.manual_seed(0)
    return Transposer().eval(), (torch.randn(2, 3),)


class Bias(nn.Module):
    """A number for a ``Tensor`` parameter: no fix."""

    def forward(self, x: Tensor, bias: Tensor = 0.0) -> Tensor:  # expect: JT308@34-52 none "Parameter `bias` is annotated `Tensor` but defaults to `0.0`, which TorchScript rejects"
        return x + bias


def case_tensor_with_float_default():
    torch.manual_seed(0)
    return Bias().eval(), (torch.randn(2),)


class TopK(nn.Module):
    """``Optional[int]`` with a float default in an ``@torch.jit.export`` method: no fix."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def top(self, x: Tensor, k: Optional[int] = 1.5) -> Tensor:  # expect: JT308@30-52 none "Parameter `k` is annotated `Optional[int]` but defaults to `1.5`, which TorchScript rejects"
        if k is None:
            return x
        return x[:k]


def case_optional_int_with_float_default():
    torch.manual_seed(0)
    return TopK().eval(), (torch.randn(3),)
