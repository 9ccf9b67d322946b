"""JT506 torch-api-unsupported: torch functions, Tensor methods and attributes TorchScript cannot compile.

One construct per case, so the first error torch prints is that construct's.
"""
from typing import List

import torch
from torch import nn, Tensor


class FinfoClamp(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        eps = torch.finfo(x.dtype).eps  # expect: JT506@15-26 none "`torch.finfo` is not supported by TorchScript, which has no operator for it"
        return x.clamp(min=eps)


def case_finfo():
    torch.manual_seed(0)
    return FinfoClamp().eval(), (torch.randn(2, 3),)


class LegacyConstructor(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x + torch.Tensor([1.0, 2.0])  # expect: JT506@20-32 none "`torch.Tensor` is not supported by TorchScript, which has no operator for it"


def case_legacy_tensor_constructor():
    torch.manual_seed(0)
    return LegacyConstructor().eval(), (torch.randn(2),)


class NewTensor(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x + x.new_tensor([1.0, 2.0])  # expect: JT506@20-32 none "`x.new_tensor` is not supported by TorchScript, whose Tensor has no `new_tensor`; use `torch.tensor(data, dtype=x.dtype, device=x.device)`"


def case_new_tensor():
    torch.manual_seed(0)
    return NewTensor().eval(), (torch.randn(2),)


class BoolMask(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        mask = (x > 0).bool()  # expect: JT506@16-28 safe "`(x > 0).bool` is not supported by TorchScript, whose Tensor has no `bool`; use `.to(torch.bool)`"
        return x.masked_fill(mask, 0.0)


def case_bool_method():
    torch.manual_seed(0)
    return BoolMask().eval(), (torch.randn(4),)


class OptionalMask(nn.Module):
    """``attention_mask=None`` unannotated (JT304): TorchScript types it Tensor, which has no ``bool``; the
    ``Optional[Tensor]`` annotation JT304 asks for does not help, so the method is reported too."""

    def forward(self, x: Tensor, attention_mask=None) -> Tensor:  # expect: JT304@34-53 safe "Parameter `attention_mask` defaults to `None` but has no annotation: TorchScript types it `Tensor`, and calls that omit it or pass `None` fail"
        if attention_mask is not None:
            x = x.masked_fill(~attention_mask.bool(), 0.0)  # expect: JT506@32-51 safe "`attention_mask.bool` is not supported by TorchScript, whose Tensor has no `bool`; use `.to(torch.bool)`"
        return x


def case_optional_mask_bool():
    torch.manual_seed(0)
    return OptionalMask().eval(), (torch.randn(2, 3), torch.randn(2, 3) > 0)


class PositionalResize(nn.Module):
    """SigLIP2's resize: ``spatial_shapes: torch.LongTensor`` is a Tensor to TorchScript, and ``mask: Tensor |
    None`` refined is one too: an untyped ``tolist()`` and ``.bool()`` fail on both."""

    @staticmethod
    def resize(pos: Tensor, spatial_shapes: torch.LongTensor) -> Tensor:
        height, width = spatial_shapes[0].tolist()  # expect: JT506@25-51 none "`spatial_shapes[0].tolist()` needs a type hint in TorchScript; assign it to an annotated variable (`y: List[float] = ...`)"
        return pos[:height, :width]

    def forward(self, pos: Tensor, spatial_shapes: torch.LongTensor, mask: Tensor | None = None) -> Tensor:
        pos = self.resize(pos, spatial_shapes)
        if mask is not None:
            pos = pos.masked_fill(mask.bool(), 0.0)  # expect: JT506@35-44 safe "`mask.bool` is not supported by TorchScript, whose Tensor has no `bool`; use `.to(torch.bool)`"
        return pos


def case_legacy_tensor_annotation():
    torch.manual_seed(0)
    return PositionalResize().eval(), (torch.randn(4, 4), torch.tensor([[2, 3]]), torch.randn(2, 3) > 0)


class DtypeFlag(nn.Module):
    def forward(self, x) -> Tensor:
        if x.dtype.is_floating_point:  # expect: JT506@12-37 none "`x.dtype.is_floating_point` is not supported by TorchScript, where a dtype is an `int`; use `x.is_floating_point()`"
            return x * 2
        return x


def case_dtype_attribute():
    torch.manual_seed(0)
    return DtypeFlag().eval(), (torch.randn(2),)


class Sizes(nn.Module):
    def forward(self, x: Tensor) -> int:
        sizes = x.sum(0).long().tolist()  # expect: JT506@17-41 none "`x.sum(0).long().tolist()` needs a type hint in TorchScript; assign it to an annotated variable (`y: List[float] = ...`)"
        return len(sizes)


def case_tolist_without_hint():
    torch.manual_seed(0)
    return Sizes().eval(), (torch.randn(2, 3),)


class GradSwitch(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        with torch.set_grad_enabled(False):  # expect: JT506@14-43 none "`with torch.set_grad_enabled(...)` is not supported by TorchScript; use `with torch.no_grad():` or call it as a plain statement"
            y = x * 2
        return y


def case_set_grad_enabled_context():
    torch.manual_seed(0)
    return GradSwitch().eval(), (torch.randn(2),)


class Frozen(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        y = x * 2
        y.requires_grad = False  # expect: JT506@9-24 none "Setting `y.requires_grad` is not supported by TorchScript: a Tensor has no settable attributes"
        return y


def case_set_tensor_attribute():
    torch.manual_seed(0)
    return Frozen().eval(), (torch.randn(2),)


class DeviceProbe(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if torch.cuda.is_available():  # expect: JT506@12-35 none "`torch.cuda.is_available` is not supported by TorchScript, which has no operator for it"
            return x + 1
        return x


def case_cuda_is_available():
    torch.manual_seed(0)
    return DeviceProbe().eval(), (torch.randn(2),)


class ExpertSizes(nn.Module):
    """transformers' JetMoE: a local bound again to its own ``tolist()`` (its type there is not certain to the
    linter, but only a Tensor has ``tolist`` in TorchScript)."""

    def forward(self, x: Tensor) -> Tensor:
        expert_size = (x > 0).sum(0)
        expert_size = expert_size.tolist()  # expect: JT506@23-43 none "`expert_size.tolist()` needs a type hint in TorchScript; assign it to an annotated variable (`y: List[float] = ...`)"
        return x * len(expert_size)


def case_tolist_of_rebound_local():
    return ExpertSizes().eval(), (torch.randn(3, 2),)


class GradientCheckpointedConv(nn.Module):
    """Data2VecAudio's feature encoder: ``hidden_states`` is bound again later, but the read that sets
    ``requires_grad`` comes before: it sees the first binding, a Tensor."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 2, 3)

    def forward(self, input_values):
        hidden_states = input_values[:, None]
        if self.training:
            hidden_states.requires_grad = True  # expect: JT506@13-40 none "Setting `hidden_states.requires_grad` is not supported by TorchScript: a Tensor has no settable attributes"
        hidden_states = self.conv(hidden_states)
        return hidden_states


def case_first_binding_read():
    torch.manual_seed(0)
    return GradientCheckpointedConv().eval(), (torch.randn(2, 8),)


class FlatCount(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x.reshape(x.nelement())  # expect: JT506@26-36 safe "`x.nelement` is not supported by TorchScript, whose Tensor has no `nelement`; use `.numel()`"


def case_nelement():
    torch.manual_seed(0)
    return FlatCount().eval(), (torch.randn(2, 3),)


class RankScale(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x * x.ndimension()  # expect: JT506@20-32 safe "`x.ndimension` is not supported by TorchScript, whose Tensor has no `ndimension`; use `.dim()`"


def case_ndimension():
    torch.manual_seed(0)
    return RankScale().eval(), (torch.randn(2, 3),)


class HalfPrecision(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x.bfloat16().float()  # expect: JT506@16-26 safe "`x.bfloat16` is not supported by TorchScript, whose Tensor has no `bfloat16`; use `.to(torch.bfloat16)`"


def case_bfloat16():
    torch.manual_seed(0)
    return HalfPrecision().eval(), (torch.randn(2, 3),)


class UniqueValues(nn.Module):
    """``x.unique()`` has no rewrite the fix applies: the message names ``torch.unique``, the change is the user's."""

    def forward(self, x: Tensor) -> Tensor:
        return x.unique()  # expect: JT506@16-24 none "`x.unique` is not supported by TorchScript, whose Tensor has no `unique`; use `torch.unique(...)`"


def case_unique_display_only():
    torch.manual_seed(0)
    return UniqueValues().eval(), (torch.tensor([3.0, 1.0, 3.0]),)
