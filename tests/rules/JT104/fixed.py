"""JT104 comprehension-multi-for: comprehensions with two or more ``for`` clauses in compiled code.

TorchScript's frontend rejects them with ``Only a single generator is currently supported`` (list, dict and
generator comprehensions alike), also inside statically dead branches.
"""

from typing import Dict, List, Tuple

import torch
from torch import nn, Tensor


class AnchorGrid(nn.Module):
    """All (scale, ratio) pairs of an anchor generator."""

    def __init__(self):
        super().__init__()
        self.base = nn.Parameter(torch.ones(1))

    def forward(self, scales: List[float], ratios: List[float]) -> Tensor:
        sizes: List[float] = []
        for s in scales:
            for r in ratios:
                sizes.append(s * r)  # expect: JT104@40-55 safe "A comprehension with more than one `for` clause is not supported by TorchScript"
        return self.base * torch.tensor(sizes)


def case_list_two_fors():
    torch.manual_seed(0)
    return AnchorGrid().eval(), ([32.0, 64.0], [0.5, 1.0, 2.0])


class GroupFlatten(nn.Module):
    """Flattening a list of groups in a helper reached from forward."""

    def forward(self, x: Tensor, groups: List[List[int]]) -> Tensor:
        return x.index_select(0, torch.tensor(self.flatten(groups)))

    def flatten(self, groups: List[List[int]]) -> List[int]:
        items: List[int] = []
        for group in groups:
            for i in group:
                items.append(i)
        return items  # expect: JT104@39-53 safe "A comprehension with more than one `for` clause is not supported by TorchScript"


def case_flatten_in_helper():
    torch.manual_seed(0)
    return GroupFlatten().eval(), (torch.randn(5, 2), [[0, 2], [4]])


def pair_weights(names: List[str], levels: List[int]) -> Dict[str, int]:
    """Module-level helper compiled through forward: a dict comprehension with two generators."""
    mapping: Dict[str, int] = {}
    for n in names:
        for l in levels:
            mapping[n + str(l)] = l
    return mapping  # expect: JT104@42-57 safe "A comprehension with more than one `for` clause is not supported by TorchScript"


class LevelEmbedding(nn.Module):
    def forward(self, x: Tensor, names: List[str], levels: List[int]) -> Tensor:
        weights = pair_weights(names, levels)
        return x * len(weights)


def case_dict_in_module_function():
    torch.manual_seed(0)
    return LevelEmbedding().eval(), (torch.randn(2, 2), ["p", "q"], [3, 4])


class PairwiseEnergy(nn.Module):
    """A generator expression with two ``for`` clauses in an ``@torch.jit.export`` method."""

    def forward(self, x: Tensor) -> Tensor:
        return x.sum()

    @torch.jit.export
    def energy(self, xs: List[int]) -> int:
        items: List[int] = []
        for a in xs:
            for b in xs:
                items.append(a * b)
        return sum(items)  # expect: JT104@38-49 safe "A comprehension with more than one `for` clause is not supported by TorchScript"


def case_generator_export_method():
    torch.manual_seed(0)
    return PairwiseEnergy().eval(), (torch.randn(3),)


class PatchCoords(nn.Module):
    """Three ``for`` clauses, written over several lines: one diagnostic, at the second ``for``."""

    def __init__(self, patch: int = 2):
        super().__init__()
        self.patch = patch

    def forward(self, x: Tensor, rows: List[int], cols: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            coords = [
                (r * self.patch, c * self.patch, k)
                for r in rows
                for c in cols  # expect: JT104@17-30 none "A comprehension with more than one `for` clause is not supported by TorchScript"
                for k in range(2)
            ]
            return x * len(coords)
        return x


def case_dead_branch_three_fors():
    torch.manual_seed(0)
    return PatchCoords().eval(), (torch.randn(2), [0, 1], [0, 1, 2])


def outer_pairs(a: List[int], b: List[int]) -> List[Tuple[int, int]]:
    """A plain function scripted by name (see ``export_all``); non-ASCII text before the clause."""
    items: List[Tuple[int, int]] = []
    for x in a:
        for y in b:
            items.append((x, y))
    labelled = {"paires_é": items}  # expect: JT104@48-58 safe "A comprehension with more than one `for` clause is not supported by TorchScript"
    return labelled["paires_é"]


def case_plain_function():
    torch.manual_seed(0)
    return outer_pairs, ([1, 2], [3])


def export_all():
    """What a deployment script does with the plain functions of this file (not run on import)."""
    return torch.jit.script(outer_pairs)
