"""JT111 annotation-without-value: ``y: int`` as a statement in compiled code.

TorchScript's frontend rejects it with ``annotated assignments without assigned value aren't supported``, also in
statically dead branches.
"""

from typing import List

import torch
from torch import nn, Tensor


class Dropout(nn.Module):
    """A declaration before an ``if``/``else`` that assigns it."""

    def forward(self, x: Tensor, training: bool) -> Tensor:
        # expect: JT111@9-21 safe "The annotation `scale: ...` has no value, which TorchScript does not support"
        if training:
            scale = 0.5
        else:
            scale = 1.0
        return x * scale


def case_declaration_before_branches():
    torch.manual_seed(0)
    return Dropout().eval(), (torch.randn(2), False)


class Debug(nn.Module):
    """The only statement of an eager-only branch: replaced by ``pass``."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            pass  # expect: JT111@13-26 safe "The annotation `verbose: ...` has no value, which TorchScript does not support"
        return x * 2


def case_only_statement_of_dead_branch():
    torch.manual_seed(0)
    return Debug().eval(), (torch.randn(2),)


def count_positive(ids: List[int]) -> int:
    """Module-level helper compiled through forward; a declaration of a name never used."""
    # expect: JT111@5-11 safe "The annotation `n: ...` has no value, which TorchScript does not support"
    total = 0
    for i in ids:
        if i > 0:
            total += 1
    return total


class Positive(nn.Module):
    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * count_positive(ids)


def case_unused_declaration_in_module_function():
    torch.manual_seed(0)
    return Positive().eval(), (torch.randn(2), [1, -2, 3])


class Cache(nn.Module):
    """An attribute target: reported without a fix."""

    def __init__(self):
        super().__init__()
        self.hits = 0

    def forward(self, x: Tensor) -> Tensor:
        self.hits: int  # expect: JT111@9-23 none "The annotation `self.hits: ...` has no value, which TorchScript does not support"
        return x


def case_attribute_declaration():
    torch.manual_seed(0)
    return Cache().eval(), (torch.randn(2),)
