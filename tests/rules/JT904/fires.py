"""JT904 len-of-optional: `len(x)` of an unrefined Optional, a Union or Any.

TorchScript compiles `len(x)` of these types as the length of `[x]`: the model scripts, saves and loads, and
`len(x)` is 1 whatever `x` holds.
"""
from typing import Any, List, Optional, Tuple, Union

import torch
from torch import nn, Tensor


class MeanOfTimes(nn.Module):
    """An Optional list no `None` check refines (PocketTTS' `condition / len(times)`, once its truth test is fixed
    to a form that does not refine)."""

    def forward(self, x: Tensor, times: Optional[List[Tensor]] = None) -> Tensor:
        return x / len(times)  # expect: JT904@20-30 none "`len(times)` is always 1 in TorchScript: `times` is `Optional[List[Tensor]]` here (no `None` check refines it), and TorchScript takes the length of `[times]` instead"


def case_optional_list():
    torch.manual_seed(0)
    return MeanOfTimes().eval(), (torch.randn(3), [torch.randn(3), torch.randn(3), torch.randn(3)])


class CountGates(nn.Module):
    """A Union with no `isinstance` test: one tensor, or a tuple of them."""

    def forward(self, x: Tensor, gates: Union[Tensor, Tuple[Tensor, Tensor]]) -> Tensor:
        return x * len(gates)  # expect: JT904@20-30 none "`len(gates)` is always 1 in TorchScript: `gates` is `Union[Tensor, Tuple[Tensor, Tensor]]`, a Union no `isinstance` test refines, and TorchScript takes the length of `[gates]` instead"


def case_union():
    torch.manual_seed(0)
    return CountGates().eval(), (torch.randn(3), (torch.randn(3), torch.randn(3)))


class AnyLength(nn.Module):
    """A parameter annotated `Any`."""

    def forward(self, x: Tensor, items: Any) -> Tensor:
        return x * len(items)  # expect: JT904@20-30 none "`len(items)` is always 1 in TorchScript: `items` is `Any`, and TorchScript takes the length of `[items]` instead"


def case_any():
    torch.manual_seed(0)
    return AnyLength().eval(), (torch.randn(3), [1, 2, 3, 4])


class ScaleBySequence(nn.Module):
    """A Union refined by one `isinstance` of a tuple of types to a Union of two sequences (Funnel-style
    `isinstance(axis, (list, tuple))`), whose `len` is 1 just the same."""

    def forward(self, x: Tensor, scale: Union[List[int], Tuple[int, int], Tensor]) -> Tensor:
        if isinstance(scale, (list, tuple)):
            return x * len(scale)  # expect: JT904@24-34 none "`len(scale)` is always 1 in TorchScript: `scale` is refined by `isinstance(scale, (list, tuple))` only to a Union of `List[int]` and `Tuple[int, int]`, and TorchScript takes the length of `[scale]` instead"
        return x


def case_union_kept_by_isinstance():
    torch.manual_seed(0)
    return ScaleBySequence().eval(), (torch.randn(3), [1, 2, 3])
