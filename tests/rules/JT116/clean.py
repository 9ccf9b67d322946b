"""JT116 del-unsupported-target: look-alikes that DO script on torch 2.13.0 (must not fire).

``del name``, ``del xs[i]``, ``del d[k]``; unsupported targets where the IR emitter never looks (a statically
dead branch, ``__init__``, a ``@torch.jit.unused`` method).
"""

from typing import Dict, List

import torch
from torch import nn, Tensor


class Prune(nn.Module):
    def forward(self, x: Tensor, ids: List[int], weights: Dict[str, float]) -> Tensor:
        kept = list(ids)
        del kept[0]
        w = dict(weights)
        del w["skip"]
        tmp = x * 2
        del tmp
        total = 0.0
        for v in w.values():
            total += v
        return x * len(kept) * total


def case_del_name_index_key():
    torch.manual_seed(0)
    return Prune().eval(), (torch.randn(2), [1, 2, 3], {"skip": 1.0, "keep": 2.0})


class Scratch(nn.Module):
    def __init__(self):
        super().__init__()
        self.scratch = [1, 2, 3]
        del self.scratch[0:1]
        self.size = len(self.scratch)
        del self.scratch

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            copy = list(ids)
            del copy[0:1]
            self.release()
        return x * self.size

    @torch.jit.unused
    def release(self) -> None:
        if hasattr(self, "tmp"):
            del self.tmp


def case_not_compiled_or_dead():
    torch.manual_seed(0)
    return Scratch().eval(), (torch.randn(2), [1, 2])
