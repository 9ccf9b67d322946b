"""JT604 undefined-on-path: a local defined on some paths only and read after."""
import torch
from torch import nn, Tensor


class Skip(nn.Module):
    """The "flag twice" pattern with a plain (not Final) flag."""

    def __init__(self, use_skip: bool = True) -> None:
        super().__init__()
        self.use_skip = use_skip
        self.body = nn.Linear(3, 3)

    def forward(self, x: Tensor) -> Tensor:
        if self.use_skip:  # expect: JT604@9-26 none "`skip` is not assigned in the false branch of this `if` but is read after it (line 19); TorchScript requires it defined on both paths"
            skip = x
        x = self.body(x)
        if self.use_skip:
            x = x + skip
        return x


def case_if_without_else():
    return Skip().eval(), (torch.randn(3),)


class Chain(nn.Module):
    """An `if`/`elif` chain without `else`."""

    def forward(self, x: Tensor, mode: int) -> Tensor:
        if mode == 0:  # expect: JT604@9-22 none "`y` is not assigned in the false branch of this `if` but is read after it (line 35); TorchScript requires it defined on both paths"
            y = x * 2
        elif mode == 1:
            y = x * 3
        return y


def case_elif_without_else():
    return Chain().eval(), (torch.randn(3), 1)


class LastValue(nn.Module):
    """A variable first assigned inside a loop, read after it."""

    def forward(self, x: Tensor, n: int) -> Tensor:
        for i in range(n):
            h = x * i
        return h  # expect: JT604@16-17 none "`h` is first assigned inside a loop and read after it; TorchScript does not define a variable after a loop whose body may not run"


def case_loop():
    return LastValue().eval(), (torch.randn(3), 3)


class ElseOnly(nn.Module):
    """Assigned in the `else` branch only."""

    def forward(self, x: Tensor, ready: bool) -> Tensor:
        if ready:  # expect: JT604@9-18 none "`pending` is not assigned in the true branch of this `if` but is read after it (line 63); TorchScript requires it defined on both paths"
            x = x + 1
        else:
            pending = x * 2
        return x + pending


def case_else_only():
    return ElseOnly().eval(), (torch.randn(3), False)


class TwoStreams(nn.Module):
    """XLNet's relative attention: `target_mapping` is unannotated, so TorchScript types it `Tensor` and compiles
    only the first branch of `if target_mapping is not None:`, where `attn_prob` is set under a flag only."""

    def forward(self, g: Tensor, target_mapping, output_attentions: bool = False) -> Tensor:
        if target_mapping is not None:
            pair = (g, g * 2)
            if output_attentions:  # expect: JT604@13-34 none "`attn_prob` is not assigned in the false branch of this `if` but is read after it (line 83); TorchScript requires it defined on both paths"
                g, attn_prob = pair
        else:
            pair = (g, g * 3)
        out = g
        if output_attentions:
            out = attn_prob
        return out


def case_branch_dead_in_torchscript():
    return TwoStreams().eval(), (torch.randn(3), torch.ones(3), True)
