"""JT104 comprehension-multi-for: look-alikes that DO script on torch 2.13.0 (must not fire).

Nested comprehensions (each with a single ``for``), explicit nested loops, ``zip`` instead of a product, and
multi-``for`` comprehensions in code that is never compiled.
"""

from typing import Dict, List, Tuple

import torch
from torch import nn, Tensor

# Module top level is never compiled.
ALL_PAIRS = [(a, b) for a in range(3) for b in range(3)]


class AnchorGrid(nn.Module):
    """Nested comprehension: two comprehensions with one generator each."""

    def __init__(self):
        super().__init__()
        self.base = nn.Parameter(torch.ones(1))

    def forward(self, scales: List[float], ratios: List[float]) -> Tensor:
        grid = [[s * r for r in ratios] for s in scales]
        return self.base * torch.tensor(grid)


def case_nested_comprehension():
    torch.manual_seed(0)
    return AnchorGrid().eval(), ([32.0, 64.0], [0.5, 1.0, 2.0])


class GroupFlatten(nn.Module):
    """Explicit nested loops and ``zip`` (one generator) instead of a product."""

    def forward(self, x: Tensor, groups: List[List[int]], offsets: List[int]) -> Tensor:
        flat: List[int] = []
        for group in groups:
            for i in group:
                flat.append(i)
        shifted = [i + o for i, o in zip(flat, offsets)]
        return x.index_select(0, torch.tensor(shifted))


def case_nested_loops_and_zip():
    torch.manual_seed(0)
    return GroupFlatten().eval(), (torch.randn(6, 2), [[0, 2], [4]], [1, 0, 1])


class PatchEmbed(nn.Module):
    """``__init__``, unreachable methods and ``@torch.jit.unused`` bodies are never compiled."""

    def __init__(self, patch: int = 2, dim: int = 4):
        super().__init__()
        self.offsets: List[Tuple[int, int]] = [(r, c) for r in range(patch) for c in range(patch)]
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            n = len(self.offsets)
        else:
            n = self.count_pairs(self.offsets)
        return self.proj(x) * n

    @torch.jit.unused
    def count_pairs(self, offsets: List[Tuple[int, int]]) -> int:
        return len([a for a, _ in offsets for _ in range(1)])

    def all_coords(self, rows: List[int], cols: List[int]) -> List[Tuple[int, int]]:
        return [(r, c) for r in rows for c in cols]


def case_not_compiled():
    torch.manual_seed(0)
    return PatchEmbed().eval(), (torch.randn(2, 4),)


def level_names(names: List[str], levels: List[int]) -> Dict[str, int]:
    """Scriptable rewrite of a two-generator dict comprehension (scripted by name in ``export_all``)."""
    out: Dict[str, int] = {}
    for n in names:
        for l in levels:
            out[n + str(l)] = l
    return out


def case_loop_rewrite_plain_function():
    torch.manual_seed(0)
    return level_names, (["p", "q"], [3, 4])


def export_all():
    """What a deployment script does with the plain functions of this file (not run on import)."""
    return torch.jit.script(level_names)
