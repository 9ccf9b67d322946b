"""JT114 match-statement: ``match`` statements in compiled code.

TorchScript's frontend rejects them with ``Match aren't supported``, also in statically dead branches.
"""

import torch
from torch import nn, Tensor


class Activation(nn.Module):
    """``match`` on a string in forward."""

    def forward(self, x: Tensor, mode: str) -> Tensor:
        match mode:  # expect: JT114@9-20 none "`match` statements are not supported by TorchScript"
            case "relu":
                return torch.relu(x)
            case "tanh":
                return torch.tanh(x)
            case _:
                return x


def case_match_string():
    torch.manual_seed(0)
    return Activation().eval(), (torch.randn(3), "relu")


class Rank(nn.Module):
    """In an eager-only branch of a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        return x * self.rank(x.dim())

    def rank(self, d: int) -> int:
        if not torch.jit.is_scripting():
            match d:  # expect: JT114@13-21 none "`match` statements are not supported by TorchScript"
                case 0:
                    return 1
        return d


def case_dead_branch_in_helper():
    torch.manual_seed(0)
    return Rank().eval(), (torch.randn(3),)
