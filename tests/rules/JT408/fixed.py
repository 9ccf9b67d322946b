"""JT408 class-object-through-self: ``self.__class__`` read in compiled code.

Recursive scripting finds the class object's type, ``type``, on the module's class and tries to compile it as a
method: ``AttributeError: type object 'type' has no attribute '__globals__'``, naming no line.
"""

import torch
from torch import nn, Tensor


class Attention(nn.Module):
    """SAM-HQ's and UMT5's attention: the class name in the message of a `raise` in `forward`."""

    def forward(self, x: Tensor, output_attentions: bool = False) -> Tensor:
        if output_attentions:
            raise ValueError(f"Attention does not support `output_attentions=True`")  # expect: JT408@33-47 unsafe "`self.__class__` is the module's class object, which TorchScript cannot read in compiled code (it fails with an `AttributeError` that names no line)"
        return x * 2


def case_name_in_error_message():
    return Attention().eval(), (torch.randn(2),)


class Tagged(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        kind = self.__class__  # expect: JT408@16-30 none "`self.__class__` is the module's class object, which TorchScript cannot read in compiled code (it fails with an `AttributeError` that names no line)"
        if x.sum() > 100:
            raise ValueError("too large")
        return x + 1


def case_class_object_itself():
    return Tagged().eval(), (torch.randn(2),)
