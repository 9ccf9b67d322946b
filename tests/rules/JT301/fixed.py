"""JT301 variadic-parameters: ``*args``, ``**kwargs`` and keyword-only parameters with defaults in compiled signatures.

TorchScript's frontend (``build_param_list``) rejects them all with one message; keyword-only parameters without a
default compile (see clean.py).
"""

from typing import List

import torch
from torch import nn, Tensor


class KwargsBlock(nn.Module):
    """``**kwargs`` that forward never reads (a common pass-through API): the unsafe fix deletes it."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:  # expect: JT301@34-42 unsafe "`**kwargs` in the signature of a compiled function is not supported by TorchScript"
        return self.proj(x)


def case_unused_kwargs():
    torch.manual_seed(0)
    return KwargsBlock().eval(), (torch.randn(2, 4),)


class ScaledBlock(nn.Module):
    """A keyword-only parameter with a default on a helper that forward calls."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        return self.scaled(x, scale=0.5)

    def scaled(self, x: Tensor, scale: float = 1.0) -> Tensor:  # expect: JT301@36-54 unsafe "Keyword-only parameter `scale` has a default value, which TorchScript does not support in a compiled signature"
        return self.proj(x) * scale


def case_keyword_only_default():
    torch.manual_seed(0)
    return ScaledBlock().eval(), (torch.randn(2, 4),)


class StackInputs(nn.Module):
    """``*args`` that the body reads: no automatic fix."""

    def forward(self, *xs: Tensor) -> Tensor:  # expect: JT301@23-34 none "`*xs` in the signature of a compiled function is not supported by TorchScript"
        out: List[Tensor] = []
        for x in xs:
            out.append(x)
        return torch.stack(out)


def case_used_varargs():
    return StackInputs().eval(), (torch.randn(2), torch.randn(2))


def add_all(x: Tensor, *rest: Tensor, alpha: float = 1.0) -> Tensor:  # expect: JT301@24-37 none "`*rest` in the signature of a compiled function is not supported by TorchScript" JT301@39-57 none "Keyword-only parameter `alpha` has a default value, which TorchScript does not support in a compiled signature"
    for r in rest:
        x = x + alpha * r
    return x


class Summer(nn.Module):
    """A module-level helper of the compiled closure: every offending parameter is reported at once."""

    def forward(self, x: Tensor, y: Tensor) -> Tensor:
        return add_all(x, y)


def case_closure_helper():
    return Summer().eval(), (torch.randn(2), torch.randn(2))
