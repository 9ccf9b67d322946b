"""JT101 comprehension-if: list / dict / generator comprehensions with an ``if`` clause in compiled code.

TorchScript's frontend rejects them with ``Comprehension ifs are not supported yet`` — also inside branches that
are statically dead (``if not torch.jit.is_scripting():``), because the frontend runs before branches are pruned.
"""

from typing import Dict, List, Tuple

import torch
from torch import nn, Tensor


class PositiveLengths(nn.Module):
    """Crops a padded batch to the number of non-empty sequences."""

    def forward(self, x: Tensor, lengths: List[int]) -> Tensor:
        kept: List[int] = []
        for n in lengths:
            if n > 0:
                kept.append(n)  # expect: JT101@16-44 safe "`if` clause in a list comprehension is not supported by TorchScript"
        return x[: len(kept)]


def case_list_comprehension():
    torch.manual_seed(0)
    return PositiveLengths().eval(), (torch.randn(4, 3), [2, 0, 3, 1])


class PyramidNeck(nn.Module):
    """Fuses the ``p*`` levels of a feature dict; the filtering lives in a helper reached from forward."""

    def __init__(self, channels: int = 8):
        super().__init__()
        self.proj = nn.Linear(channels, channels)

    def forward(self, feats: Dict[str, Tensor]) -> Tensor:
        levels = self.select_levels(feats)
        return self.proj(levels["p3"] + levels["p4"])

    def select_levels(self, feats: Dict[str, Tensor]) -> Dict[str, Tensor]:
        mapping: Dict[str, Tensor] = {}
        for k, v in feats.items():
            if k.startswith("p"):
                mapping[k] = v
        return mapping  # expect: JT101@16-68 safe "`if` clause in a dict comprehension is not supported by TorchScript"


def case_dict_comprehension_in_helper():
    torch.manual_seed(0)
    feats = {"c2": torch.randn(2, 8), "p3": torch.randn(2, 8), "p4": torch.randn(2, 8)}
    return PyramidNeck().eval(), (feats,)


def count_active(mask: List[bool]) -> int:
    """Module-level helper: compiled because forward calls it."""
    items: List[int] = []
    for m in mask:
        if m:
            items.append(1)
    return sum(items)  # expect: JT101@15-36 safe "`if` clause in a generator expression is not supported by TorchScript"


class ActiveScale(nn.Module):
    def forward(self, x: Tensor, mask: List[bool]) -> Tensor:
        return x * count_active(mask)


def case_generator_in_module_function():
    torch.manual_seed(0)
    return ActiveScale().eval(), (torch.randn(2, 3), [True, False, True])


class TokenFilter(nn.Module):
    """The eager-only branch still reaches TorchScript's frontend."""

    def __init__(self, vocab: int = 16, dim: int = 4):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)

    def forward(self, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            items: List[int] = []
            for i in ids:
                if i >= 0:
                    items.append(i)
            ids = items  # expect: JT101@19-44 safe "`if` clause in a list comprehension is not supported by TorchScript"
        return self.emb(torch.tensor(ids))


def case_dead_branch_still_fires():
    torch.manual_seed(0)
    return TokenFilter().eval(), ([3, -1, 5],)


class Vocab(nn.Module):
    """An ``@torch.jit.export`` method is a compilation root."""

    def __init__(self, vocab: int = 16, dim: int = 4, num_special: int = 3):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.num_special = num_special

    def forward(self, ids: Tensor) -> Tensor:
        return self.emb(ids)

    @torch.jit.export
    def special_ids(self, ids: List[int]) -> List[int]:
        items: List[int] = []
        for i in ids:
            if i < self.num_special:
                items.append(i)
        return items  # expect: JT101@16-55 safe "`if` clause in a list comprehension is not supported by TorchScript"


def case_export_method():
    torch.manual_seed(0)
    return Vocab().eval(), (torch.tensor([1, 4, 7]),)


class SegHead(nn.Module):
    """Every ``@property`` of a module is compiled, even when forward never reads it."""

    def __init__(self, num_classes: int = 5, ignore_index: int = 0):
        super().__init__()
        self.cls = nn.Linear(4, num_classes)
        self.num_classes = num_classes
        self.ignore_index = ignore_index

    @property
    def active_classes(self) -> List[int]:
        items: List[int] = []
        for c in range(self.num_classes):
            if c != self.ignore_index:
                items.append(c)
        return items  # expect: JT101@16-77 safe "`if` clause in a list comprehension is not supported by TorchScript"

    def forward(self, x: Tensor) -> Tensor:
        return self.cls(x)


def case_property():
    torch.manual_seed(0)
    return SegHead().eval(), (torch.randn(2, 4),)


class PadMask(nn.Module):
    """Multi-line comprehension with two ``if`` clauses: the diagnostic starts at the first one."""

    def __init__(self, pad_id: int = 0, eos_id: int = 2):
        super().__init__()
        self.pad_id = pad_id
        self.eos_id = eos_id

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        content = [  # expect: JT101@19-+3:32 none "`if` clause in a list comprehension is not supported by TorchScript"
            t
            for t in ids
            if t != self.pad_id
            if t != self.eos_id
        ]
        return x[: len(content)]


def case_multiline_two_ifs():
    torch.manual_seed(0)
    return PadMask().eval(), (torch.randn(6, 2), [5, 0, 2, 7, 9, 0])


class Bucketizer(nn.Module):
    """Non-ASCII text before the clause: columns are counted in characters, not bytes."""

    def forward(self, lengths: List[int]) -> Dict[str, List[int]]:
        items: List[int] = []
        for n in lengths:
            if n > 64:
                items.append(n)
        return {"très_longs": items, "tous": lengths}  # expect: JT101@31-60 safe "`if` clause in a list comprehension is not supported by TorchScript"


def case_column_after_non_ascii():
    torch.manual_seed(0)
    return Bucketizer().eval(), ([12, 80, 65, 3],)


def keep_positive(values: List[float]) -> List[float]:
    """A plain function scripted by name (see ``export_all``)."""
    items: List[float] = []
    for v in values:
        if v > 0.0:
            items.append(v)
    return items  # expect: JT101@12-41 safe "`if` clause in a list comprehension is not supported by TorchScript"


def case_plain_function():
    torch.manual_seed(0)
    return keep_positive, ([1.5, -2.0, 0.25],)


class NestedRows(nn.Module):
    """Only the inner comprehension has an ``if``."""

    def forward(self, rows: List[List[int]]) -> List[List[int]]:
        return [[v for v in row if v != 0] for row in rows]  # expect: JT101@17-42 none "`if` clause in a list comprehension is not supported by TorchScript"


def case_nested_inner_if():
    torch.manual_seed(0)
    return NestedRows().eval(), ([[1, 0, 2], [0, 0, 3]],)


class DtypeMixin:
    """A plain mixin: its properties become the module's properties, which TorchScript compiles."""

    @property
    def first_float_dtype(self) -> torch.dtype:
        return next(p.dtype for p in self.parameters() if p.is_floating_point())  # expect: JT502@16-81 none "`next` is a Python builtin that TorchScript does not support" JT101@20-80 none "`if` clause in a generator expression is not supported by TorchScript"


class MixedInModel(nn.Module, DtypeMixin):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        return self.proj(x)


def case_mixin_property():
    torch.manual_seed(0)
    return MixedInModel().eval(), (torch.randn(2, 4),)


def export_all():
    """What a deployment script does with the plain functions of this file (not run on import)."""
    return torch.jit.script(keep_positive)


class LengthScaler(nn.Module):
    """Element types from the class: a class-level annotation and the value ``__init__`` assigns."""

    static_lengths: List[int]

    def __init__(self):
        super().__init__()
        self.static_lengths = [1, 2, 3]
        self.scales = [0.5, 1.0]

    def forward(self, x: Tensor) -> Tensor:
        doubled: List[int] = []
        for n in self.static_lengths:
            if n > 1:
                doubled.append(n * 2)  # expect: JT101@19-63 safe "`if` clause in a list comprehension is not supported by TorchScript"
        scaled: List[float] = []
        for s in self.scales:
            if s > 0.75:
                scaled.append(s * 2.0)  # expect: JT101@18-59 safe "`if` clause in a list comprehension is not supported by TorchScript"
        return x * float(sum(doubled)) * scaled[0]


def case_attribute_element_types():
    torch.manual_seed(0)
    return LengthScaler().eval(), (torch.randn(2, 3),)


class Outputs(nn.Module):
    """Values of different types filtered together: no element type to declare, so no fix."""

    def forward(self, x: Tensor) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        pair = (x, x + 1)
        kept = tuple(v for v in [x, pair] if v is not None)  # expect: JT101@21-59 none "`if` clause in a generator expression is not supported by TorchScript"
        return kept[0], kept[1]


def case_unknown_element_type():
    return Outputs().eval(), (torch.randn(2, 3),)
