"""JT102 set-comprehension: ``{x for x in xs}`` in compiled code.

TorchScript's frontend rejects every set comprehension with ``SetComp aren't supported`` — with or without an
``if`` clause, also inside statically dead branches.
"""

from typing import List, Dict

import torch
from torch import nn, Tensor


class UniqueLabelCount(nn.Module):
    """Counts distinct class labels of a batch."""

    def __init__(self, num_classes: int = 4):
        super().__init__()
        self.cls = nn.Linear(3, num_classes)

    def forward(self, x: Tensor, labels: List[int]) -> Tensor:
        distinct: Dict[int, bool] = {}
        for label in labels:
            distinct[label] = True  # expect: JT102@20-47 unsafe "Set comprehensions are not supported by TorchScript"
        return self.cls(x) * len(distinct)


def case_set_comprehension():
    torch.manual_seed(0)
    return UniqueLabelCount().eval(), (torch.randn(2, 3), [1, 1, 3])


class Tokenizer(nn.Module):
    """With an ``if`` clause it is still a set comprehension (JT102, not JT101); reached through a helper."""

    def __init__(self, vocab: int = 16, dim: int = 4):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)

    def forward(self, ids: List[int]) -> Tensor:
        return self.emb(torch.tensor(ids)) * self.num_unknown(ids)

    def num_unknown(self, ids: List[int]) -> int:
        seen: Dict[int, bool] = {}
        for i in ids:
            if i >= 15:
                seen[i] = True
        return len(seen)  # expect: JT102@20-47 unsafe "Set comprehensions are not supported by TorchScript"


def case_with_if_in_helper():
    torch.manual_seed(0)
    return Tokenizer().eval(), ([3, 15, 15, 2],)


def distinct_lengths(lengths: List[int]) -> int:
    """Module-level helper compiled through forward; the comprehension spans two lines."""
    seen = {  # expect: JT102@12-+1:33 none "Set comprehensions are not supported by TorchScript"
        n // 8 for n in lengths}
    return len(seen)


class LengthBuckets(nn.Module):
    def forward(self, x: Tensor, lengths: List[int]) -> Tensor:
        return x * distinct_lengths(lengths)


def case_module_function_multiline():
    torch.manual_seed(0)
    return LengthBuckets().eval(), (torch.randn(2), [3, 9, 17, 20])


class SpeakerSet(nn.Module):
    """Eager-only branch and ``@torch.jit.export`` method: both compiled by the frontend."""

    def forward(self, x: Tensor, speakers: List[str]) -> Tensor:
        if not torch.jit.is_scripting():
            seen: Dict[str, bool] = {}
            for s in speakers:
                seen[s.lower()] = True
            return x * len(seen)  # expect: JT102@28-57 unsafe "Set comprehensions are not supported by TorchScript"
        return x

    @torch.jit.export
    def speaker_count(self, speakers: List[str]) -> int:
        return len(speakers)


def case_dead_branch():
    torch.manual_seed(0)
    return SpeakerSet().eval(), (torch.randn(2), ["Ann", "ann", "Bo"])


class Dedup(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def distinct(self, words: List[str]) -> int:
        seen: Dict[str, bool] = {}
        for w in words:
            seen[w] = True
        stats = {"mots_distincts_é": len(seen)}  # expect: JT102@42-60 unsafe "Set comprehensions are not supported by TorchScript"
        return stats["mots_distincts_é"]


def case_export_method_non_ascii():
    torch.manual_seed(0)
    return Dedup().eval(), (torch.randn(2),)
