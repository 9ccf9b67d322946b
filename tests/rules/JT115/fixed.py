"""JT115 attribute-annotation-outside-init: ``self.x: T = v`` in a compiled method other than ``__init__``.

TorchScript's frontend raises ``ValueError: Type annotations on instance attributes must be declared in __init__,
not 'forward'``, also in statically dead branches.
"""

import torch
from torch import nn, Tensor


class Scaled(nn.Module):
    """An annotated re-assignment of an attribute in forward."""

    def __init__(self):
        super().__init__()
        self.scale = 1.0

    def forward(self, x: Tensor) -> Tensor:
        self.scale = 2.0  # expect: JT115@9-32 safe "Annotating `self.scale` in `forward` is not supported by TorchScript: attribute types are declared in `__init__`"
        return x * self.scale


def case_annotated_in_forward():
    torch.manual_seed(0)
    return Scaled().eval(), (torch.randn(2),)


class Temperature(nn.Module):
    """In an exported method; and in an eager-only branch of forward."""

    def __init__(self):
        super().__init__()
        self.t = 1.0

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            self.t = 1.0  # expect: JT115@13-32 safe "Annotating `self.t` in `forward` is not supported by TorchScript: attribute types are declared in `__init__`"
        return x / self.t

    @torch.jit.export
    def set_temperature(self, t: float) -> float:
        self.t = t  # expect: JT115@9-26 safe "Annotating `self.t` in `set_temperature` is not supported by TorchScript: attribute types are declared in `__init__`"
        return self.t


def case_export_and_dead_branch():
    torch.manual_seed(0)
    return Temperature().eval(), (torch.randn(2),)
