"""JT301 variadic-parameters: signatures TorchScript compiles, and variadic ones it never sees."""

from typing import List, Optional

import torch
from torch import nn, Tensor


class KeywordOnlyNoDefault(nn.Module):
    """Keyword-only parameters without a default compile (only defaults are rejected)."""

    def forward(self, x: Tensor) -> Tensor:
        return self.scaled(x, scale=2.0)

    def scaled(self, x: Tensor, *, scale: float) -> Tensor:
        return x * scale


def case_keyword_only_without_default():
    return KeywordOnlyNoDefault().eval(), (torch.randn(3),)


class EagerOnlyApi(nn.Module):
    """``*args``/``**kwargs`` in ``__init__``, in an ``@torch.jit.unused`` method and in a helper forward never calls."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        self.proj = nn.Linear(3, 3)

    def forward(self, x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
        y = self.proj(x)
        if bias is not None:
            y = y + bias
        return y

    @torch.jit.unused
    def describe(self, *args, **kwargs) -> str:
        return "proj"

    def debug(self, *tensors: Tensor, **options) -> List[Tensor]:
        return list(tensors)


def case_variadics_outside_compiled_code():
    torch.manual_seed(0)
    return EagerOnlyApi().eval(), (torch.randn(2, 3),)
