"""JT403 attribute-assigned-in-compiled-code: compiled code creates, retypes or assigns a constant attribute.

``Tried to set nonexistent attribute: cache. Did you forget to initialize it in __init__()?`` and ``Wrong type for
attribute assignment. Expected NoneType but got Tensor``.
"""

from typing import Final, Optional, Tuple

import torch
from torch import nn, Tensor


class Cached(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        self.cache = x  # expect: JT403@9-19 none "`self.cache` is assigned in compiled code but nowhere outside it, and TorchScript cannot add an attribute to a scripted module"
        return x * 2


def case_new_attribute():
    return Cached().eval(), (torch.randn(2),)


class Remember(nn.Module):
    def __init__(self):
        super().__init__()
        self.last = None

    def forward(self, x: Tensor) -> Tensor:
        self.last = x  # expect: JT403@9-18 none "`self.last` is None outside compiled code and is assigned a Tensor here, and TorchScript cannot change an attribute's type"
        return x + 1


def case_none_then_tensor():
    return Remember().eval(), (torch.randn(2),)


class Steps(nn.Module):
    def __init__(self):
        super().__init__()
        self.steps = 0

    def forward(self, x: Tensor) -> Tensor:
        self.steps += 0.5  # expect: JT403@9-19 none "`self.steps` is an int outside compiled code and is assigned a float here, and TorchScript cannot change an attribute's type"
        return x


def case_int_then_float():
    return Steps().eval(), (torch.randn(2),)


class Frozen(nn.Module):
    depth: Final[int]

    def __init__(self):
        super().__init__()
        self.depth = 2

    def forward(self, x: Tensor) -> Tensor:
        self.depth = 3  # expect: JT403@9-19 none "`self.depth` is a constant (`Final` or in `__constants__`), which compiled code cannot assign"
        return x * self.depth


def case_final():
    return Frozen().eval(), (torch.randn(2),)


class Chained(nn.Module):
    """A chained assignment (transformers' Funnel: `self.seq_len = seq_len = inputs_embeds.size(1)`)."""

    def forward(self, x: Tensor) -> Tensor:
        self.length = length = x.size(0)  # expect: JT403@9-20 none "`self.length` is assigned in compiled code but nowhere outside it, and TorchScript cannot add an attribute to a scripted module"
        return x * length


def case_chained_assignment():
    return Chained().eval(), (torch.randn(2),)


class RecurrentScan(nn.Module):
    """transformers' RecurrentGemma: the state comes back from a method annotated to return a tuple."""

    def __init__(self):
        super().__init__()
        self.recurrent_states = None

    def forward(self, x: Tensor) -> Tensor:
        hidden_states, recurrent_states = self._scan(x, self.recurrent_states)
        self.recurrent_states = recurrent_states  # expect: JT403@9-30 none "`self.recurrent_states` is None outside compiled code and is assigned a Tensor here, and TorchScript cannot change an attribute's type"
        return hidden_states

    def _scan(self, x: Tensor, state: Optional[Tensor]) -> Tuple[Tensor, Tensor]:
        return x * 2, x


def case_state_from_a_tuple():
    return RecurrentScan().eval(), (torch.randn(2, 4),)
