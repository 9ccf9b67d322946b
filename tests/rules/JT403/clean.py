"""JT403 attribute-assigned-in-compiled-code: assignments TorchScript accepts."""

from typing import Optional, Tuple

import torch
from torch import nn, Tensor


class Stateful(nn.Module):
    last: Optional[Tensor]

    def __init__(self):
        super().__init__()
        self.last = None
        self.steps = 0
        self.scale = 1.0
        self.register_buffer("running", torch.zeros(2))
        self.mean = torch.zeros(2)

    def forward(self, x: Tensor) -> Tensor:
        self.last = x
        self.steps += 1
        self.scale = 2.0
        self.running = x.detach()
        self.mean = x.mean(0, keepdim=True)
        if not torch.jit.is_scripting():
            self.debug = x
        return x * self.scale


def case_same_types():
    return Stateful().eval(), (torch.randn(2),)


class Reset(nn.Module):
    def __init__(self):
        super().__init__()
        self.reset()

    def reset(self):
        self.count = 0

    def forward(self, x: Tensor) -> Tensor:
        self.count = self.count + 1
        return x * self.count


def case_assigned_in_helper():
    return Reset().eval(), (torch.randn(2),)


class RecurrentScanTyped(nn.Module):
    """The state starts as a tensor, so a tensor from the unpacked tuple keeps its type."""

    def __init__(self):
        super().__init__()
        self.recurrent_states = torch.zeros(2, 4)

    def forward(self, x: Tensor) -> Tensor:
        hidden_states, recurrent_states = self._scan(x, self.recurrent_states)
        self.recurrent_states = recurrent_states
        return hidden_states

    def _scan(self, x: Tensor, state: Tensor) -> Tuple[Tensor, Tensor]:
        return x * 2 + state, x


def case_state_from_a_tuple_typed():
    return RecurrentScanTyped().eval(), (torch.randn(2, 4),)
