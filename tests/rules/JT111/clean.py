"""JT111 annotation-without-value: look-alikes that DO script on torch 2.13.0 (must not fire).

Annotated assignments with a value, bare declarations where TorchScript never looks (``__init__``, the class
body, a ``@torch.jit.unused`` method), and the other ways to write types that script: a signature type comment
(``# type: (Tensor) -> Tensor``) and string statements. (A variable type comment, ``y = []  # type: List[int]``,
does NOT script on torch 2.13.0: ``expected type comment but found 'ident' here``.)
"""

from typing import List, Optional

import torch
from torch import nn, Tensor


class Dropout(nn.Module):
    """Class-level attribute declaration, ``__init__`` declaration, annotated locals with a value."""

    cache: Optional[Tensor]

    def __init__(self):
        super().__init__()
        width: int
        width = 3
        self.width = width
        self.cache = None

    def forward(self, x: Tensor, training: bool) -> Tensor:
        scale: float = 1.0
        ids: List[int] = []
        if training:
            scale = 0.5
        ids.append(self.width)
        return x * scale * len(ids)


def case_annotated_with_value():
    torch.manual_seed(0)
    return Dropout().eval(), (torch.randn(2), False)


class Debug(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            return x * 2
        return self.eager(x)

    @torch.jit.unused
    def eager(self, x: Tensor) -> Tensor:
        factor: float
        factor = 2.0
        return x * factor


def case_unused_method():
    torch.manual_seed(0)
    return Debug().eval(), (torch.randn(2),)


class TypeComment(nn.Module):
    """A signature type comment and string statements (docstring and a second string) script."""

    def forward(self, x):
        # type: (Tensor) -> Tensor
        """Doubles the input."""
        "a string statement is an expression statement TorchScript drops"
        return x * 2


def case_signature_type_comment_and_strings():
    torch.manual_seed(0)
    return TypeComment().eval(), (torch.randn(2),)
