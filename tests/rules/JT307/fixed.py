"""JT307 mutable-default: a list or dict default value on a compiled function.

``Mutable default parameters are not supported because Python binds them to the function and they persist across
function calls.`` — annotated or not, literal, comprehension, ``list(...)`` call or a tuple holding a list.
"""

from typing import Dict, List, Tuple, Optional

import torch
from torch import nn, Tensor


class Permute(nn.Module):
    """An annotated list default on forward."""

    def forward(self, x: Tensor, dims: Optional[List[int]] = None) -> Tensor:  # expect: JT307@34-58 safe "Parameter `dims` has a list default value, which TorchScript does not support"
        if dims is None:
            dims = [1, 0]
        return x.permute(dims)


def case_annotated_list_default():
    torch.manual_seed(0)
    return Permute().eval(), (torch.randn(2, 3),)


class Weighted(nn.Module):
    """An empty dict default in a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        return self.weigh(x)

    def weigh(self, x: Tensor, weights: Optional[Dict[str, float]] = None) -> Tensor:  # expect: JT307@32-62 safe "Parameter `weights` has a dict default value, which TorchScript does not support"
        if weights is None:
            weights = torch.jit.annotate(Dict[str, float], {})
        return x * weights.get("x", 1.0)


def case_dict_default_in_helper():
    torch.manual_seed(0)
    return Weighted().eval(), (torch.randn(2),)


def shift(x: Tensor, offsets=[0.0, 1.0]) -> Tensor:  # expect: JT307@22-40 none "Parameter `offsets` has a list default value, which TorchScript does not support"
    """Module-level helper compiled through forward; unannotated (TorchScript would type it `Tensor`)."""
    return x + torch.as_tensor(offsets)


class Shifter(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return shift(x)


def case_unannotated_list_default():
    torch.manual_seed(0)
    return Shifter().eval(), (torch.randn(2),)


class Spec(nn.Module):
    """A tuple holding a list, in an ``@torch.jit.export`` method."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def spec(self, x: Tensor, shape: Tuple[List[int], int] = ([2], 3)) -> Tensor:  # expect: JT307@31-70 none "Parameter `shape` has a tuple holding a mutable default value, which TorchScript does not support"
        return x.reshape(shape[0]) * shape[1]


def case_tuple_holding_list():
    torch.manual_seed(0)
    return Spec().eval(), (torch.randn(2),)



def fill(x: Tensor, out: Optional[Dict[str, Tensor]] = None) -> Tensor:  # expect: JT307@21-48 unsafe "Parameter `out` has a dict default value, which TorchScript does not support"
    """Writes into its default (an item assignment): the fix, a fresh dict per call, is unsafe."""
    if out is None:
        out = torch.jit.annotate(Dict[str, Tensor], {})
    out["y"] = x * 2
    return out["y"]


class Filler(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return fill(x)


def case_mutated_default_unsafe():
    torch.manual_seed(0)
    return Filler().eval(), (torch.randn(2),)


class Pad(nn.Module):
    def forward(self, x: Tensor, pads: Optional[list[int]] = None) -> Tensor:  # expect: JT307@34-58 safe "Parameter `pads` has a list default value, which TorchScript does not support"
        """A builtin generic annotation; the new statement goes after this docstring."""
        if pads is None:
            pads = [1, 2]
        return torch.nn.functional.pad(x, pads)


def case_builtin_generic_after_docstring():
    torch.manual_seed(0)
    return Pad().eval(), (torch.randn(2, 3),)


class Scales(nn.Module):
    def forward(self, x: Tensor, scales: List[float] = [1, 2]) -> Tensor:  # expect: JT307@34-62 none "Parameter `scales` has a list default value, which TorchScript does not support"
        return x * scales[0]


def case_int_literal_for_float_list_no_fix():
    torch.manual_seed(0)
    return Scales().eval(), (torch.randn(2),)
