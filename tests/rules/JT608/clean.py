"""JT608 int-pow-is-float: powers used as floats, or converted."""
import torch
from torch import nn, Tensor


class Powers(nn.Module):
    def __init__(self, levels: int = 3) -> None:
        super().__init__()
        self.size = 2 ** levels  # in __init__: eager Python

    def forward(self, x: Tensor, level: int) -> Tensor:
        scale = 2 ** level * 0.5
        for _ in range(int(2 ** level)):
            x = x * 0.5
        y = x ** 2
        return y * scale + (1 << level)


def case_powers():
    return Powers().eval(), (torch.randn(3), 2)


class GuardedPower(nn.Module):
    """An int power used as a float, and one in a method TorchScript never compiles (`@torch.jit.unused`)."""

    def forward(self, x: Tensor, level: int) -> Tensor:
        return x * float(2 ** level) + 2 ** level

    @torch.jit.unused
    def steps(self, level: int) -> int:
        return 2 ** level


def case_guarded_power():
    return GuardedPower().eval(), (torch.randn(3), 2)
