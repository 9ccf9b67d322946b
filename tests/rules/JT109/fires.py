"""JT109 async-function: cases that must fire (each diagnostic marked, see scripts/add_rule.py)."""
import torch
from torch import nn, Tensor


class Example(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x  # expect: JT109@16-17 none "TODO: the message of the diagnostic"


def case_example():
    torch.manual_seed(0)
    return Example().eval(), (torch.randn(2),)
