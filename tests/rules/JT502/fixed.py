"""JT502 unsupported-builtin-call: Python builtins TorchScript cannot compile, called in compiled code.

Builtin functions outside TorchScript's table fail by name (``Python builtin <built-in function next> is currently
not supported in Torchscript``); builtin classes become opaque Python calls typed ``(Tensor 0, ...) -> Tensor 0`` and
fail on non-tensor arguments (``reversed(Tensor 0) -> Tensor 0``, ``type(Tensor 0) -> Tensor 0``), or on the function
handed to them (``map(int, xs)``: ``__int__ cannot be used as a value``).
"""

from typing import List, Tuple, Union

import torch
from torch import nn, Tensor


class DeviceFollower(nn.Module):
    """``next(self.parameters())`` to find the module's device."""

    def __init__(self, dim: int = 4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        return self.proj(x.to(next(self.parameters()).device))  # expect: JT502@31-54 none "`next` is a Python builtin that TorchScript does not support"


def case_next_parameters():
    torch.manual_seed(0)
    return DeviceFollower().eval(), (torch.randn(2, 4),)


class Sizes(nn.Module):
    """``map`` and ``filter`` over a list."""

    def forward(self, x: Tensor, sizes: List[float]) -> Tensor:
        dims = list(map(int, sizes))  # expect: JT502@21-36 none "`map(...)` is not supported by TorchScript; use a list comprehension"
        return x * len(dims)


def case_map():
    return Sizes().eval(), (torch.randn(2), [1.0, 2.0])


class Positive(nn.Module):
    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        kept = list(filter(None, sizes))  # expect: JT502@21-40 none "`filter(...)` is not supported by TorchScript; use a list comprehension"
        return x * len(kept)


def case_filter():
    return Positive().eval(), (torch.randn(2), [0, 1, 2])


class Stages(nn.Module):
    """Walking stages backwards with ``reversed``."""

    def forward(self, x: Tensor, scales: List[float]) -> Tensor:
        for i in range(len(scales) - 1, -1, -1):  # expect: JT502@18-46 safe "`reversed(...)` of a range is not supported by TorchScript; index backwards or slice with `[::-1]`"
            x = x * scales[i]
        return x


def case_reversed_range():
    return Stages().eval(), (torch.randn(2), [1.0, 2.0, 3.0])


class ReverseScales(nn.Module):
    def forward(self, x: Tensor, scales: List[float]) -> Tensor:
        out = [x * s for s in scales[::-1]]  # expect: JT502@31-47 unsafe "`reversed(...)` of a sequence is not supported by TorchScript; index backwards or slice with `[::-1]`"
        return out[0]


def case_reversed_list():
    return ReverseScales().eval(), (torch.randn(2), [1.0, 2.0, 3.0])


class Checked(nn.Module):
    """``type(...)`` in a check and in an error message."""

    def forward(self, x: Tensor, k: int) -> Tensor:
        if type(k) == int:  # expect: JT502@12-19 none "`type(...)` is not supported by TorchScript; use `isinstance(...)` or a literal name"
            return x * k
        raise ValueError(type(self).__name__ + ": bad k")  # expect: JT502@26-36 none "`type(...)` is not supported by TorchScript; use `isinstance(...)` or a literal name"


def case_type():
    return Checked().eval(), (torch.randn(2), 3)


class PoolEach(nn.Module):
    """``type(x)(...)`` where an ``isinstance`` leaves a Union parameter only its sequence members (Funnel's
    ``pool_tensor``)."""

    def forward(self, x: Union[Tensor, Tuple[Tensor, Tensor], List[Tensor]]) -> Tensor:
        if isinstance(x, (tuple, list)):
            return torch.stack(type(x)(x))  # expect: JT502@32-39 none "`type(...)` is not supported by TorchScript; use `isinstance(...)` or a literal name"
        return x


def case_type_of_refined_union():
    return PoolEach().eval(), ([torch.randn(2), torch.randn(2)],)


class Cache(nn.Module):
    def forward(self, x: Tensor, keys: List[int]) -> Tensor:
        return x + id(keys)  # expect: JT502@20-28 none "`id(...)` of a value that is not a class instance is not supported by TorchScript"


def case_id():
    return Cache().eval(), (torch.randn(2), [1])


class Flags(nn.Module):
    """``callable`` on an attribute."""

    def __init__(self):
        super().__init__()
        self.scale = 2.0

    def forward(self, x: Tensor) -> Tensor:
        if callable(self.scale):  # expect: JT502@12-32 none "`callable` is a Python builtin that TorchScript does not support"
            return x
        return x * self.scale


def case_callable():
    return Flags().eval(), (torch.randn(2),)


class Losses(nn.Module):
    """``sum`` of a list of tensors, in an exported method."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def total(self, parts: List[Tensor]) -> Tensor:
        return sum(parts)  # expect: JT502@16-26 none "`sum(...)` of a list of tensors is not supported by TorchScript; add them in a loop"


def case_sum_of_tensors():
    return Losses().eval(), (torch.randn(2),)


class PatchInput(nn.Module):
    """``isinstance(x, dict)``: timm's gemma4_vit accepts a dict of patches in eager mode."""

    def forward(self, x: Tensor) -> Tensor:
        if isinstance(x, dict):  # expect: JT502@12-31 none "`isinstance(..., dict)`: TorchScript has no type `dict`; name the contents (`Dict[str, Tensor]`) or test it under `if not torch.jit.is_scripting():`"
            return x
        return x * 2


def case_isinstance_dict():
    return PatchInput().eval(), (torch.randn(2),)


class Flows(nn.Module):
    """VITS / U-Net decoders: a ModuleList walked backwards with `reversed`, which TorchScript types as a call taking
    a Tensor. The fix iterates `self.flows[::-1]`. An element of the slice is called through `.forward` (written
    `flow(x)`, it is JT203's finding next, whose fix writes that)."""

    def __init__(self):
        super().__init__()
        self.flows = nn.ModuleList([nn.Linear(3, 2), nn.Linear(2, 3)])

    def forward(self, x: Tensor) -> Tensor:
        for flow in self.flows[::-1]:  # expect: JT502@21-41 safe "`reversed(...)` of `self.flows` (an `nn.ModuleList`) is not supported by TorchScript; iterate a backwards slice `[::-1]`"
            x = flow.forward(x)
        return x


def case_reversed_module_list():
    torch.manual_seed(0)
    return Flows().eval(), (torch.randn(4, 2),)


class Scales(nn.Module):
    """A ParameterList walked backwards: reported, no fix."""

    def __init__(self):
        super().__init__()
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.full((2,), 2.0))])

    def forward(self, x: Tensor) -> Tensor:
        for scale in reversed(self.scales):  # expect: JT502@22-43 none "`reversed(...)` of `self.scales` (an `nn.ParameterList`) is not supported by TorchScript; iterate a backwards slice `[::-1]`"
            x = x * scale
        return x


def case_reversed_parameter_list():
    return Scales().eval(), (torch.randn(4, 2),)


class LossTerms(nn.Module):
    """``sum`` of a generator of tensors: TorchScript makes the generator a ``List[Tensor]``."""

    def forward(self, x: Tensor) -> Tensor:
        terms = [x, x * 2]
        return sum(t.mean() for t in terms)  # expect: JT502@16-44 none "`sum(...)` of a list of tensors is not supported by TorchScript; add them in a loop"


def case_sum_of_generated_tensors():
    return LossTerms().eval(), (torch.randn(3),)
