"""JT605 empty-container-non-tensor: an unannotated ``[]`` / ``{}`` filled with non-tensors.

TorchScript types ``[]`` as ``List[Tensor]`` and ``{}`` as ``Dict[str, Tensor]``.
"""

from typing import Optional

import torch
from torch import nn, Tensor


class Sizes(nn.Module):
    """Every appended value is an int: the annotation fix is safe."""

    def forward(self, x: Tensor) -> Tensor:
        sizes = []
        for i in range(x.dim()):
            sizes.append(x.size(i))  # expect: JT605@26-35 safe "`sizes` starts as an empty list, which TorchScript types `List[Tensor]`, but it is given an `int`; annotate it"
        return x.reshape(sizes)


def case_append_int():
    return Sizes().eval(), (torch.randn(2, 3),)


def tagged(x: Tensor) -> Tensor:
    names = []
    names.insert(0, "input")  # expect: JT605@21-28 safe "`names` starts as an empty list, which TorchScript types `List[Tensor]`, but it is given a `str`; annotate it"
    if len(names) > 1:
        return x
    return x + 1


class Tagged(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return tagged(x)


def case_insert_str():
    return Tagged().eval(), (torch.randn(3),)


class Counts(nn.Module):
    """A dict of ints; ``extend`` elsewhere is not a reason to skip the report, only the fix."""

    def forward(self, x: Tensor) -> Tensor:
        counts = {}
        counts["rows"] = x.shape[0]  # expect: JT605@26-36 safe "`counts` starts as an empty dict, which TorchScript types `Dict[str, Tensor]`, but it is given an `int`; annotate it"
        counts["cols"] = x.shape[1]
        return x * counts["rows"]


def case_dict_of_ints():
    return Counts().eval(), (torch.randn(2, 3),)


class Pairs(nn.Module):
    """Values of different types: no fix."""

    def forward(self, x: Tensor) -> Tensor:
        pairs = []
        pairs.append((x.shape[0], 1))  # expect: JT605@22-37 none "`pairs` starts as an empty list, which TorchScript types `List[Tensor]`, but it is given a `Tuple[int, int]`"
        pairs.append((x.shape[0], "a"))
        return x


def case_tuples_without_fix():
    return Pairs().eval(), (torch.randn(2, 3),)


class FrameCache:
    """transformers' SAM2 video inference cache: a plain class that ``forward`` names in an annotation, so torch
    compiles it as a TorchScript class and types ``self.frames`` from ``__init__``."""

    def __init__(self):
        self.frames = {}

    def get(self, frame_idx: int) -> Tensor:
        return self.frames[frame_idx]  # expect: JT605@28-37 none "`self.frames` starts as an empty dict in `__init__`, which TorchScript types `Dict[str, Tensor]`, but it is given an `int` as a key; annotate it in `__init__`"

    def has(self, frame_idx: int) -> bool:
        return frame_idx in self.frames  # one diagnostic per attribute: the annotation in `__init__` fixes both


class Tracker(nn.Module):
    def forward(self, x: Tensor, cache: Optional[FrameCache] = None) -> Tensor:
        return x + 1


def case_attribute_of_a_torchscript_class():
    return Tracker().eval(), (torch.randn(3),)
