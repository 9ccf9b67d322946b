"""JT501 super-call: look-alikes that script on torch 2.13.0 (must not fire).

``super().__init__()`` (``__init__`` is never compiled), ``super()`` under ``if not torch.jit.is_scripting():`` and in
``@torch.jit.unused`` methods, inherited methods called on ``self``, and the functional rewrites the fix makes.
"""

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class FP32LayerNorm(nn.LayerNorm):
    """The fix: the layer's functional form with the instance's parameters."""

    def forward(self, x: Tensor) -> Tensor:
        return F.layer_norm(x.float(), self.normalized_shape, self.weight, self.bias, self.eps).type_as(x)


def case_functional_form():
    torch.manual_seed(0)
    return FP32LayerNorm(8).eval(), (torch.randn(2, 8).double(),)


class CausalConv1d(nn.Conv1d):
    def __init__(self, channels: int = 4, kernel_size: int = 3):
        super(CausalConv1d, self).__init__(channels, channels, kernel_size)
        self.left = kernel_size - 1

    def forward(self, x: Tensor) -> Tensor:
        x = F.pad(x, [self.left, 0])
        if not torch.jit.is_scripting():
            return super().forward(x)
        return self._conv_forward(x, self.weight, self.bias)


def case_guarded_and_conv_forward():
    torch.manual_seed(0)
    return CausalConv1d().eval(), (torch.randn(1, 4, 6),)


class Block(nn.Module):
    def __init__(self, dim: int = 8):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def residual(self, x: Tensor) -> Tensor:
        return x + self.proj(x)

    def forward(self, x: Tensor) -> Tensor:
        return self.residual(x)


class GatedBlock(Block):
    """Inherited methods called on ``self`` compile; ``super()`` in an unused method is never compiled."""

    def forward(self, x: Tensor) -> Tensor:
        return torch.sigmoid(x) * self.residual(x)

    @torch.jit.unused
    def eager_only(self, x: Tensor) -> Tensor:
        return super().forward(x)


def case_inherited_method_on_self():
    torch.manual_seed(0)
    return GatedBlock().eval(), (torch.randn(2, 8),)


class MaskedGroupNorm(nn.GroupNorm):
    """transformers' PeAudioMaskedGroupNorm (there `padding_mask=None`): unannotated, TorchScript types it `Tensor`,
    decides `padding_mask is None` as false at compile time and never compiles the `super()` branch."""

    def __init__(self):
        super().__init__(2, 4)

    def forward(self, x, padding_mask):
        if padding_mask is None:
            return super().forward(x)
        return x * padding_mask


def case_branch_dead_in_torchscript():
    return MaskedGroupNorm().eval(), (torch.randn(2, 4, 3), torch.ones(2, 4, 3))
