"""JT408 class-object-through-self: reads TorchScript never compiles, or values it can read."""

import torch
from torch import nn, Tensor


class Named(nn.Module):
    """The name copied in `__init__` (eager code): compiled code reads a str attribute."""

    def __init__(self):
        super().__init__()
        self.kind = self.__class__.__name__

    def forward(self, x: Tensor) -> Tensor:
        if x.sum() > 100:
            raise ValueError(self.kind + " got too large a value")
        return x + 1


def case_name_copied_in_init():
    return Named().eval(), (torch.randn(2),)


class Guarded(nn.Module):
    """Behind `torch.jit.is_scripting()`: TorchScript drops the branch."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            print(f"{self.__class__.__name__} runs eagerly")
        return x * 3


def case_guarded_by_is_scripting():
    return Guarded().eval(), (torch.randn(2),)


class Described(nn.Module):
    """An ignored method is never compiled."""

    @torch.jit.ignore
    def describe(self) -> str:
        return self.__class__.__name__

    def forward(self, x: Tensor) -> Tensor:
        return x - 1


def case_ignored_method():
    return Described().eval(), (torch.randn(2),)
