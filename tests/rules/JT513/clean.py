"""JT513 argument-type-mismatch: calls TorchScript takes as they are (each case scripts)."""

from typing import List, Optional

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class Conversions(nn.Module):
    """The conversions TorchScript makes: a Tensor to a number, ints to an int list, one int for ``int[2]``."""

    def forward(self, x: Tensor) -> Tensor:
        y = torch.add(x, 1)
        y = y.view(2, -1)
        y = y.sum(-1, keepdim=True)
        z = torch.full((2, 3), 1)
        w = F.max_pool1d(x.unsqueeze(0), 1)
        s = x.size(0)
        return y + z.sum() + w.sum() + torch.add(0.5, x.sum()) + s // 2


def case_conversions():
    torch.manual_seed(0)
    return Conversions().eval(), (torch.randn(2, 3),)


class FloatLiterals(nn.Module):
    """The fixed forms: float literals, a Tensor first, an int computation for an int division."""

    def forward(self, x: Tensor) -> Tensor:
        x = F.pad(x, (0, 1), value=0.0)
        x = F.dropout(x, 0.0, self.training)
        chunks = x.size(1) // 2
        return torch.div(x, 2, rounding_mode="floor")[:, :chunks]


def case_float_literals():
    torch.manual_seed(0)
    return FloatLiterals().eval(), (torch.randn(2, 3),)


class UnknownTypes(nn.Module):
    """Arguments whose type is not certain are taken to fit: an attribute set from a constructor argument."""

    def __init__(self, fill):
        super().__init__()
        self.fill = fill

    def forward(self, x: Tensor, pad: List[int]) -> Tensor:
        return F.pad(x, pad, value=self.fill)


def case_unknown_types():
    torch.manual_seed(0)
    return UnknownTypes(0.5).eval(), (torch.randn(2, 3), [0, 1])


class CompleteCalls(nn.Module):
    """Every argument without a default given, or left to a list that takes the rest: ``x.norm(p=2, dim=-1)``,
    ``torch.norm(x, dim=-1)`` (compiled from Python, with defaults), ``x.view(b, -1)``, ``x.new_zeros(b, n)``."""

    def forward(self, x: Tensor) -> Tensor:
        b = x.size(0)
        n = x.norm(p=2, dim=-1, keepdim=True) + torch.norm(x, dim=-1, keepdim=True) + x.norm()
        low, _ = torch.min(x, dim=1)
        return x.view(b, -1) / n + x.new_zeros(b, x.size(1)) + x.max(dim=-1, keepdim=True)[0] + low.sum()


def case_complete_calls():
    torch.manual_seed(0)
    return CompleteCalls().eval(), (torch.randn(2, 3),)


def eager_helper(x: Tensor) -> Tensor:
    """Not compiled: nothing reaches it from a module."""
    return F.pad(x, (0, 1), value=0)


class PadToWindowTyped(nn.Module):
    """The pad amounts computed from ints: a tuple of ints is a list of ints to TorchScript. A parameter annotated
    a list of Tensors and bound again to their concatenation is a Tensor where the op reads it (timm's RDNet)."""

    def maybe_pad(self, hidden_states: Tensor, height: int, width: int) -> Tensor:
        pad_values = (0, 0, 0, (4 - width % 4) % 4, 0, (4 - height % 4) % 4)
        return F.pad(hidden_states, pad_values)

    def forward(self, xs: List[Tensor]) -> Tensor:
        x = torch.cat(xs, 1)
        xs = [x, x]
        x = self.maybe_pad(x, x.size(1), x.size(2))
        return F.dropout(x, p=0.0, training=self.training) + len(xs)


def case_pad_to_window_typed():
    return PadToWindowTyped().eval(), ([torch.randn(1, 3, 5, 2), torch.randn(1, 3, 5, 2)],)


def scale_by(x: Tensor, factor, offset: int = 0, bias: Optional[Tensor] = None) -> Tensor:
    if bias is not None:
        x = x + bias
    return x * factor + offset


class HelperArguments(nn.Module):
    """Arguments a helper's parameters take: a Tensor where it has no annotation, an int where it is annotated `int`,
    `None` for an `Optional[Tensor]`, a caller's own unannotated parameter (a Tensor too)."""

    def forward(self, x: Tensor, y) -> Tensor:
        return scale_by(x, x, 2, None) + scale_by(x, y, offset=x.size(0))


def case_helper_arguments():
    torch.manual_seed(0)
    return HelperArguments().eval(), (torch.randn(3), torch.randn(3))


class ScaleConfig:
    def __init__(self, scale: Optional[float]):
        self.scale = scale


class Scaled(nn.Module):
    """An attribute that is a config value on one path of `__init__` and a Tensor on the other: it may be a Tensor."""

    def __init__(self, config: ScaleConfig):
        super().__init__()
        self.scale = torch.ones(1) if config.scale is None else config.scale

    def apply_scale(self, x: Tensor, scale) -> Tensor:
        return x * scale

    def forward(self, x: Tensor) -> Tensor:
        return self.apply_scale(x, self.scale)


def case_config_value_or_tensor():
    return Scaled(ScaleConfig(None)).eval(), (torch.ones(3),)


class StackedBranches(nn.Module):
    """A name bound to a list, then to the Tensor stacked from it: the call reads the Tensor."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(2, 2)

    def forward(self, x: Tensor) -> Tensor:
        xs = [x, x * 2]
        xs = torch.stack(xs)
        return self.proj(xs)


def case_list_then_stacked():
    return StackedBranches().eval(), (torch.ones(2),)


class ListStage(nn.Module):
    def forward(self, xs: List[Tensor]) -> Tensor:
        return xs[0] + xs[1]


class BaseStaged(nn.Module):
    def __init__(self):
        super().__init__()
        self.transition = nn.ModuleList([nn.Identity(), nn.Identity()])
        self.stage, self.channels = self._make_stage(2)

    def _make_stage(self, channels: int):
        return nn.Identity(), channels

    def forward(self, x: Tensor) -> Tensor:
        xl = [t(x) for t in self.transition]
        return self.stage(xl)


class ListStaged(BaseStaged):
    """A subclass overrides the helper `__init__` calls: the engine cannot tell which one built the stage."""

    def _make_stage(self, channels: int):
        return ListStage(), channels


def case_helper_overridden_below():
    return ListStaged().eval(), (torch.ones(2),)
