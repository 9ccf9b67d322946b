"""JT130 starred-list: cases that must not fire and must script."""
import torch
from torch import nn, Tensor


class Example(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x


def case_example():
    torch.manual_seed(0)
    return Example().eval(), (torch.randn(2),)
