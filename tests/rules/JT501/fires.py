"""JT501 super-call: calling a base class's method through ``super()`` or the base class in compiled code.

``super()`` is an opaque Python call typed Tensor to TorchScript: ``'Tensor' object has no attribute or method
'forward'``.  ``super(Cls, self)`` fails on ``Cls`` (``Python type cannot be used as a value``), ``Base.forward(self,
x)`` on the attribute lookup, ``super()(x)`` on the call.  Subclasses of torch layers get the layer's functional
form as a fix.
"""

import torch
from torch import nn, Tensor


class FP32LayerNorm(nn.LayerNorm):
    """Normalise in float32 (transformers' and fairseq's ``Fp32LayerNorm``)."""

    def forward(self, x: Tensor) -> Tensor:
        return super().forward(x.float()).type_as(x)  # expect: JT501@16-31 safe "`super().forward` calls the base class's `forward`, which TorchScript does not support"


def case_layer_norm_subclass():
    torch.manual_seed(0)
    return FP32LayerNorm(8).eval(), (torch.randn(2, 8).double(),)


class ScaledLinear(nn.Linear):
    """Two-argument ``super`` and the input passed by keyword."""

    def forward(self, x: Tensor) -> Tensor:
        return super(ScaledLinear, self).forward(input=x) * 2.0  # expect: JT501@16-49 safe "`super(ScaledLinear, self).forward` calls the base class's `forward`, which TorchScript does not support"


def case_two_argument_super():
    torch.manual_seed(0)
    return ScaledLinear(8, 4).eval(), (torch.randn(2, 8),)


class CausalConv1d(nn.Conv1d):
    """Left padding before the base convolution (wavenet-style)."""

    def __init__(self, channels: int = 4, kernel_size: int = 3):
        super().__init__(channels, channels, kernel_size)
        self.left = kernel_size - 1

    def forward(self, x: Tensor) -> Tensor:
        return super().forward(torch.nn.functional.pad(x, [self.left, 0]))  # expect: JT501@16-31 safe "`super().forward` calls the base class's `forward`, which TorchScript does not support"


def case_conv_subclass():
    torch.manual_seed(0)
    return CausalConv1d().eval(), (torch.randn(1, 4, 6),)


class ScaledEmbedding(nn.Embedding):
    """Scaled token embedding, in an exported method as well."""

    def __init__(self, n: int = 10, dim: int = 4):
        super().__init__(n, dim, padding_idx=0)
        self.scale = dim**0.5

    def forward(self, ids: Tensor) -> Tensor:
        return self.embed(ids)

    @torch.jit.export
    def embed(self, ids: Tensor) -> Tensor:
        return super().forward(ids) * self.scale  # expect: JT501@16-31 safe "`super().forward` calls the base class's `forward`, which TorchScript does not support"


def case_embedding_in_export():
    torch.manual_seed(0)
    return ScaledEmbedding().eval(), (torch.tensor([[1, 2, 0]]),)


class GroupNormAct(nn.GroupNorm):
    def forward(self, x: Tensor) -> Tensor:
        return torch.relu(super().forward(x))  # expect: JT501@27-42 safe "`super().forward` calls the base class's `forward`, which TorchScript does not support"


def case_group_norm_subclass():
    torch.manual_seed(0)
    return GroupNormAct(2, 4).eval(), (torch.randn(1, 4, 3),)


class Block(nn.Module):
    def __init__(self, dim: int = 8):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def residual(self, x: Tensor) -> Tensor:
        return x + self.proj(x)

    def forward(self, x: Tensor) -> Tensor:
        return self.residual(x)


class GatedBlock(Block):
    """A helper of a base class of this file: no fix (rename the base's method and call it on self)."""

    def forward(self, x: Tensor) -> Tensor:
        return torch.sigmoid(x) * super().residual(x)  # expect: JT501@35-51 none "`super().residual` calls the base class's `residual`, which TorchScript does not support; call a method of `self` with its own name instead"


def case_base_helper():
    torch.manual_seed(0)
    return GatedBlock().eval(), (torch.randn(2, 8),)


class ExplicitBlock(Block):
    """The base method called through the class."""

    def forward(self, x: Tensor) -> Tensor:
        return Block.forward(self, x) * 0.5  # expect: JT501@16-29 none "`Block.forward` calls the base class's method through the class, which TorchScript does not support; call a method of `self` with its own name instead"


def case_base_class_attribute():
    torch.manual_seed(0)
    return ExplicitBlock().eval(), (torch.randn(2, 8),)

