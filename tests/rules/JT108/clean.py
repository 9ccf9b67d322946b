"""JT108 global-nonlocal: look-alikes that DO script on torch 2.13.0 (must not fire).

A global copied into a ``Final`` attribute in ``__init__`` (compiled code cannot read a global float), state kept in
a module attribute, and ``global`` / ``nonlocal`` where TorchScript never looks.
"""

import torch
from torch import nn, Tensor
from torch.jit import Final

SCALE = 2.0
CALLS = 0


class Scaled(nn.Module):
    """The global copied into an attribute; ``global`` in ``__init__`` and in an unused method."""

    scale: Final[float]

    def __init__(self):
        super().__init__()
        self.scale = SCALE
        global CALLS
        CALLS = 0
        count = 0

        def inc() -> None:
            nonlocal count
            count += 1

        inc()
        self.built = count

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            self.count_call()
        return x * self.scale * self.built

    @torch.jit.unused
    def count_call(self) -> None:
        global CALLS
        CALLS += 1


def case_global_copied_to_attribute():
    torch.manual_seed(0)
    return Scaled().eval(), (torch.randn(2),)


class Counted(nn.Module):
    """Mutable state in a module attribute instead of a global."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x: Tensor) -> Tensor:
        calls = self.calls + 1
        return x * calls


def case_state_in_attribute():
    torch.manual_seed(0)
    return Counted().eval(), (torch.randn(2),)
