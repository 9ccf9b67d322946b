"""JT307 mutable-default: immutable defaults, the `None` + build-in-body recipe, and lists TorchScript never sees.

Tuple defaults compile; ``Optional[List[int]] = None`` refined in the body compiles; list and dict defaults in
``__init__`` and in methods forward never reaches are not compiled.
"""

from typing import Dict, List, Optional, Tuple

import torch
from torch import nn, Tensor


class Permute(nn.Module):
    """A tuple default and the ``None`` recipe."""

    def forward(self, x: Tensor, dims: Tuple[int, int] = (1, 0), pad: Optional[List[int]] = None) -> Tensor:
        if pad is None:
            pad = [0, 1]
        return torch.nn.functional.pad(x.permute(dims[0], dims[1]), pad)


def case_tuple_and_none_defaults():
    torch.manual_seed(0)
    return Permute().eval(), (torch.randn(2, 3),)


class Configured(nn.Module):
    """List and dict defaults where TorchScript never reads them."""

    def __init__(self, sizes: List[int] = [3, 3], names: Dict[str, int] = {}):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(s, s) for s in sizes])
        self.num_names = len(names)

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer(x)
        return x + self.num_names

    def debug(self, x: Tensor, dims: List[int] = [1, 0]) -> Tensor:
        return x.permute(dims)


def case_not_compiled():
    torch.manual_seed(0)
    return Configured().eval(), (torch.randn(2, 3),)
