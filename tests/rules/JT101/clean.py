"""JT101 comprehension-if: look-alikes that DO script on torch 2.13.0 (must not fire).

Comprehensions without an ``if`` clause (also with a conditional element ``a if c else b``), generator
expressions consumed by ``sum``/``any``/``all``, and comprehensions with ``if`` in code TorchScript never compiles:
``__init__``, ``@torch.jit.unused`` / ``@torch.jit.ignore`` bodies, unreachable methods, module top level.
"""

from typing import Dict, List

import torch
from torch import nn, Tensor

# Module top level is never compiled.
EVEN_IDS = [i for i in range(10) if i % 2 == 0]
ODD_BY_NAME = {f"id{i}": i for i in range(10) if i % 2 == 1}


class ClampedLengths(nn.Module):
    """Conditional element, not an ``if`` clause."""

    def forward(self, x: Tensor, lengths: List[int]) -> Tensor:
        clamped = [n if n > 0 else 0 for n in lengths]
        return x[: sum(clamped) % x.size(0) + 1]


def case_conditional_element():
    torch.manual_seed(0)
    return ClampedLengths().eval(), (torch.randn(4, 3), [2, -1, 3])


class FeatureScaler(nn.Module):
    """Dict comprehension over ``items()``, list comprehension over ``enumerate``/``zip``, nested comprehension."""

    def forward(self, feats: Dict[str, Tensor], weights: List[float]) -> Dict[str, Tensor]:
        scaled = {k: v * 2.0 for k, v in feats.items()}
        pairs = [w * float(i) for i, w in enumerate(weights)]
        mixed = [a + b for a, b in zip(pairs, weights)]
        grid = [[a * b for b in mixed] for a in mixed]
        scaled["grid"] = torch.tensor(grid)
        return scaled


def case_comprehensions_without_if():
    torch.manual_seed(0)
    feats = {"p3": torch.randn(2, 2), "p4": torch.randn(2, 2)}
    return FeatureScaler().eval(), (feats, [0.5, 1.5])


class MaskStats(nn.Module):
    """Generator expressions without ``if`` consumed by sum/any/all; a string that contains " if "."""

    def forward(self, x: Tensor, mask: List[bool], sizes: List[int]) -> Tensor:
        total = sum(s * 2 for s in sizes)
        labels = [name + " if set" for name in ["a", "b"]]
        if any(m for m in mask) and all(s > 0 for s in sizes):
            return x * total + len(labels)
        return x


def case_generator_without_if():
    torch.manual_seed(0)
    return MaskStats().eval(), (torch.randn(2, 3), [False, True], [1, 2, 3])


class Backbone(nn.Module):
    """``__init__`` is never compiled: comprehension ifs there are fine."""

    def __init__(self, widths: List[int] = [4, 0, 4, 4]):
        super().__init__()
        kept = [w for w in widths if w > 0]
        self.blocks = nn.ModuleList([nn.Linear(w, w) for w in kept])
        self.out_dims = {i: w for i, w in enumerate(kept) if i > 0}
        self.num_blocks = len(kept)

    def forward(self, x: Tensor) -> Tensor:
        for block in self.blocks:
            x = torch.relu(block(x))
        return x


def case_init_not_compiled():
    torch.manual_seed(0)
    return Backbone().eval(), (torch.randn(2, 4),)


class LoggedFilter(nn.Module):
    """Eager-only helpers: an ``@torch.jit.unused`` body behind an ``is_scripting`` guard and an unreachable method."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 3)

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if torch.jit.is_scripting():
            n = 0
            for i in ids:
                if i >= 0:
                    n += 1
        else:
            n = self.count_valid(ids)
        return self.lin(x) * n

    @torch.jit.unused
    def count_valid(self, ids: List[int]) -> int:
        return len([i for i in ids if i >= 0])

    def debug_ids(self, ids: List[int]) -> List[int]:
        return [i for i in ids if i < 0]


def case_unused_and_unreachable():
    torch.manual_seed(0)
    return LoggedFilter().eval(), (torch.randn(2, 3), [1, -1, 4])


class IgnoredStats(nn.Module):
    """An ``@torch.jit.ignore`` body stays Python (it is called, but never compiled)."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 3)

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        # Scripts and runs (JT101's concern); it cannot be saved, which is JT901's.
        return self.lin(x) + float(self.num_positive(ids))  # noqa: JT901

    @torch.jit.ignore
    def num_positive(self, ids: List[int]) -> int:
        return sum(1 for i in ids if i > 0)


def case_ignore_body():
    torch.manual_seed(0)
    return IgnoredStats().eval(), (torch.randn(2, 3), [1, -1, 4])


def positives_for_logging(values: List[float]) -> List[float]:
    """Module-level function that no compiled code calls: never compiled."""
    return [v for v in values if v > 0.0]


def keep_positive(values: List[float]) -> List[float]:
    """The scriptable rewrite: loop + typed list."""
    out: List[float] = []
    for v in values:
        if v > 0.0:
            out.append(v)
    return out


def case_loop_rewrite_plain_function():
    torch.manual_seed(0)
    return keep_positive, ([1.5, -2.0, 0.25],)


def export_all():
    """What a deployment script does with the plain functions of this file (not run on import)."""
    return torch.jit.script(keep_positive)
