"""JT123 fstring-conversion-or-spec: ``{x!r}``, ``{x=}``, ``{x:.2f}`` in an f-string in compiled code.

TorchScript compiles f-strings to ``str.format`` with plain fields only: ``Don't support conversion in JoinedStr``
/ ``Don't support formatting in JoinedStr``, also in statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class StepTag(nn.Module):
    """``!s`` / ``!r`` on an int: dropping the conversion gives the same text (safe fix)."""

    def forward(self, x: Tensor, step: int, name: str) -> str:
        return f"{name!s} step {step!r} of {x.size(0)!s}"  # expect: JT123@18-26 safe "The f-string conversion `!s` is not supported by TorchScript" JT123@32-40 safe "The f-string conversion `!r` is not supported by TorchScript" JT123@44-57 safe "The f-string conversion `!s` is not supported by TorchScript"


def case_conversion_on_int_and_str():
    torch.manual_seed(0)
    return StepTag().eval(), (torch.randn(3), 7, "run")


class LossReport(nn.Module):
    """A format spec in an exported method: no fix (TorchScript has no format specs)."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def report(self, loss: float) -> str:
        return f"loss={loss:.3f}"  # expect: JT123@23-33 none "The f-string format spec `:.3f` is not supported by TorchScript"


def case_format_spec_export():
    torch.manual_seed(0)
    return LossReport().eval(), (torch.randn(2),)


class Debug(nn.Module):
    """``{x=}`` and ``!r`` on a str (``repr`` adds quotes): no fix; the eager-only branch fails too."""

    def forward(self, x: Tensor, name: str, n: int) -> str:
        if not torch.jit.is_scripting():
            print(f"{n=}")  # expect: JT123@21-25 none "The self-documenting f-string field `{...=}` is not supported by TorchScript"
        return f"name {name!r}"  # expect: JT123@23-31 none "The f-string conversion `!r` is not supported by TorchScript"


def case_self_documenting_and_repr_str():
    torch.manual_seed(0)
    return Debug().eval(), (torch.randn(2), "a", 3)


class Ratio(nn.Module):
    """``!s`` on a float: same text in Python, but TorchScript prints floats with more digits (unsafe)."""

    def forward(self, x: Tensor, ratios: List[float]) -> str:
        r = ratios[0]
        return f"ratio {r!s}"  # expect: JT123@24-29 unsafe "The f-string conversion `!s` is not supported by TorchScript"


def case_conversion_on_float():
    torch.manual_seed(0)
    return Ratio().eval(), (torch.randn(2), [0.5, 0.25])
