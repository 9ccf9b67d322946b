"""JT123 fstring-conversion-or-spec: look-alikes that DO script on torch 2.13.0 (must not fire).

Plain f-string fields (``f"v {x}"``), a nested field inside a spec is not reported twice, ``str.format`` without
spec, and conversions in code that is never compiled.
"""

import torch
from torch import nn, Tensor


class StepTag(nn.Module):
    """Plain fields script (they become ``"...{}...".format(...)``)."""

    def __init__(self, lr: float = 0.001):
        super().__init__()
        self.label = f"lr={lr:.1e} {lr!r}"

    def forward(self, x: Tensor, step: int, name: str) -> str:
        return f"{name} step {step} of {x.size(0)}" + "/{}".format(step) + self.label


def case_plain_fields():
    torch.manual_seed(0)
    return StepTag().eval(), (torch.randn(3), 7, "run")


class Logged(nn.Module):
    """Conversions and specs in an ignored method."""

    def forward(self, x: Tensor, n: int) -> str:
        return f"n {n} {n * 2}"

    @torch.jit.ignore
    def pretty(self, loss: float) -> str:
        return f"{loss:.3f} {loss!r} {loss=}"


def case_ignored_method():
    torch.manual_seed(0)
    return Logged().eval(), (torch.randn(2), 4)
