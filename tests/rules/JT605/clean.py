"""JT605 empty-container-non-tensor: annotated containers, tensor-filled ones, and ``__init__`` code."""

from typing import Dict, List, Optional

import torch
from torch import nn, Tensor


class Collect(nn.Module):
    def __init__(self):
        super().__init__()
        names = []
        names.append("built in __init__")  # not compiled
        self.proj = nn.Linear(3, 3)

    def forward(self, x: Tensor) -> Tensor:
        feats = []
        for _ in range(2):
            feats.append(self.proj(x))
        sizes: List[int] = []
        sizes.append(x.shape[0])
        extra: Dict[str, int] = {}
        extra["n"] = len(feats)
        return torch.cat(feats) * sizes[0] * extra["n"]


def case_tensors_and_annotated():
    torch.manual_seed(0)
    return Collect().eval(), (torch.randn(2, 3),)


class Guarded(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        outs = {}
        outs["x"] = x
        if not torch.jit.is_scripting():
            log = []
            log.append(1)
        return outs["x"] + 1


def case_eager_branch():
    return Guarded().eval(), (torch.randn(3),)


class FrameCache:
    """A TorchScript class whose empty dict gets str keys and tensors, as TorchScript types it, and one annotated in
    ``__init__``."""

    def __init__(self):
        self.frames = {}
        self.sizes: Dict[int, int] = {}

    def put(self, name: str, x: Tensor) -> int:
        self.frames[name] = x
        if name in self.frames:
            self.sizes[x.dim()] = x.numel()
        return len(self.frames) + len(self.sizes)


class Tracker(nn.Module):
    def forward(self, x: Tensor, cache: Optional[FrameCache] = None) -> Tensor:
        if cache is not None:
            cache.put("a", x)
        return x + 1


def case_torchscript_class_used_as_typed():
    return Tracker().eval(), (torch.randn(3),)
