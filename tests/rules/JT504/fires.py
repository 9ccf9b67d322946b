"""JT504 builtin-as-value: builtins used as values (passed, returned, stored, tested) in compiled code.

TorchScript's builtins are sugared values that exist only where they are called: ``builtin cannot be used as a
value`` (``abs``, ``max``), ``__float__ cannot be used as a value`` (``x.to(float)``, ``dtype=float``).
"""

from typing import List

import torch
from torch import nn, Tensor


class Counts(nn.Module):
    """Builtins stored in a dict, chosen by a key."""

    def forward(self, x: Tensor, sizes: List[int], mode: str) -> Tensor:
        reducers = {"max": max, "min": min}  # expect: JT504@28-31 none "The builtin `max` is used as a value, which TorchScript does not support (builtins can only be called)" JT504@40-43 none "The builtin `min` is used as a value, which TorchScript does not support (builtins can only be called)"
        return x * reducers[mode](sizes)


def case_dict_of_builtins():
    return Counts().eval(), (torch.randn(2), [1, 2], "max")


class Widen(nn.Module):
    """Python types where torch wants a dtype."""

    def forward(self, x: Tensor) -> Tensor:
        y = x.to(float)  # expect: JT504@18-23 safe "The builtin `float` is used as a value, which TorchScript does not support (builtins can only be called)"
        return y + torch.zeros(2, dtype=float)  # expect: JT504@41-46 safe "The builtin `float` is used as a value, which TorchScript does not support (builtins can only be called)"


def case_python_type_as_dtype():
    return Widen().eval(), (torch.randn(2),)


class Reducer(nn.Module):
    """A builtin chosen by a conditional expression and stored in a tuple."""

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        pick = max if self.training else min  # expect: JT504@16-19 none "The builtin `max` is used as a value, which TorchScript does not support (builtins can only be called)" JT504@42-45 none "The builtin `min` is used as a value, which TorchScript does not support (builtins can only be called)"
        return x * pick(sizes)


def case_conditional_builtin():
    return Reducer().eval(), (torch.randn(2), [1, 2])


class Ops(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        ops = (abs, round)  # expect: JT504@16-19 none "The builtin `abs` is used as a value, which TorchScript does not support (builtins can only be called)" JT504@21-26 none "The builtin `round` is used as a value, which TorchScript does not support (builtins can only be called)"
        return x * len(ops)


def case_tuple_of_builtins():
    return Ops().eval(), (torch.randn(2),)
