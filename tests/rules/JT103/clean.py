"""JT103 set-literal-or-type: look-alikes that DO script on torch 2.13.0 (must not fire).

Membership tests against list/tuple literals, dict literals and f-strings (braces, but no set), the dict-based
dedup rewrite, and sets in code TorchScript never compiles or never type-checks: ``__init__`` (also its
annotations), ``@torch.jit.unused`` bodies, unreachable methods, module top level, and — because ``set(...)`` calls
and local annotations are checked by the IR emitter, not the frontend — the untaken side of
``torch.jit.is_scripting()``.
"""

from typing import Dict, List, Set

import torch
from torch import nn, Tensor

# Module top level is never compiled.
POOL_MODES = {"avg", "mean", "max"}
FROZEN_MODES = frozenset(POOL_MODES)


class Pooling(nn.Module):
    """Membership against list and tuple literals."""

    def forward(self, x: Tensor, mode: str) -> Tensor:
        if mode in ["avg", "mean"]:
            return x.mean(dim=1)
        if mode in ("max", "amax"):
            return x.amax(dim=1)
        return x.sum(dim=1)


def case_list_and_tuple_membership():
    torch.manual_seed(0)
    return Pooling().eval(), (torch.randn(2, 5), "avg")


class Report(nn.Module):
    """Dict literal, f-string and dict-based dedup: braces without a set."""

    def forward(self, x: Tensor, name: str, ids: List[int]) -> Dict[str, Tensor]:
        seen: Dict[int, bool] = {}
        for i in ids:
            seen[i] = True
        key = f"{name}_{len(seen)}"
        return {key: x * len(seen), "raw": x}


def case_braces_without_set():
    torch.manual_seed(0)
    return Report().eval(), (torch.randn(2), "ids", [1, 1, 2])


class ClassMask(nn.Module):
    """Sets in ``__init__`` (annotation, literal, call, module constant) only leave a list behind."""

    def __init__(self, keep: Set[int] = {0, 2}, num_classes: int = 4):
        super().__init__()
        allowed = set(keep) & set(range(num_classes))
        self.keep: List[int] = sorted(allowed)
        self.num_modes = len(POOL_MODES | FROZEN_MODES)
        self.num_classes = num_classes

    def forward(self, logits: Tensor) -> Tensor:
        mask = torch.zeros(self.num_classes)
        for c in self.keep:
            mask[c] = 1.0
        return logits * mask


def case_init_not_compiled():
    torch.manual_seed(0)
    return ClassMask().eval(), (torch.randn(2, 4),)


class DistinctTokens(nn.Module):
    """Sets in an ``@torch.jit.unused`` body (its signature has no set) and in an unreachable method."""

    def __init__(self, vocab: int = 16, dim: int = 4):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)

    def forward(self, ids: List[int]) -> Tensor:
        if torch.jit.is_scripting():
            seen: Dict[int, bool] = {}
            for i in ids:
                seen[i] = True
            n = len(seen)
        else:
            n = self.num_distinct(ids)
        return self.emb(torch.tensor(ids)) / n

    @torch.jit.unused
    def num_distinct(self, ids: List[int]) -> int:
        distinct: Set[int] = set(ids) | {ids[0]}
        return len(distinct)

    def debug_vocab(self, ids: List[int]) -> Set[int]:
        return set(ids)


def case_unused_and_unreachable():
    torch.manual_seed(0)
    return DistinctTokens().eval(), ([3, 3, 7, 1],)


class EagerOnlyDedup(nn.Module):
    """``set(xs)`` and a ``Set[...]`` local annotation are semantic errors: a statically dead branch hides them.

    (A set *literal* there would still fail: literals are rejected by the frontend, see fires.py.)
    """

    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            distinct: Set[int] = set(ids)
            return x * len(distinct)
        n = 0
        for i in range(len(ids)):
            if ids[i] not in ids[:i]:
                n += 1
        return x * n


def case_dead_branch_set_call_and_annotation():
    torch.manual_seed(0)
    return EagerOnlyDedup().eval(), (torch.randn(2), [3, 3, 7])
