"""JT103 set-literal-or-type: set literals, ``set(...)`` / ``frozenset(...)`` calls and set annotations.

TorchScript has no set type: literals fail in the frontend (``Set aren't supported``), ``set(xs)`` is resolved as an
opaque Python op typed ``set(Tensor 0) -> Tensor 0`` and fails on a non-Tensor argument, and set annotations fail
as ``Unknown type constructor Set`` / ``Unknown type name 'set'``.
"""

from typing import FrozenSet, List, Set

import torch
from torch import nn, Tensor


class Pooling(nn.Module):
    """Membership test against a set literal."""

    def forward(self, x: Tensor, mode: str) -> Tensor:
        if mode in {"avg", "mean"}:  # expect: JT103@20-35 safe "Set literals are not supported by TorchScript"
            return x.mean(dim=1)
        return x.amax(dim=1)


def case_set_literal_membership():
    torch.manual_seed(0)
    return Pooling().eval(), (torch.randn(2, 5), "avg")


class DistinctTokens(nn.Module):
    """``set(list)`` inside a helper reached from forward."""

    def __init__(self, vocab: int = 16, dim: int = 4):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)

    def forward(self, ids: List[int]) -> Tensor:
        return self.emb(torch.tensor(ids)) / self.num_distinct(ids)

    def num_distinct(self, ids: List[int]) -> int:
        return len(set(ids))  # expect: JT103@20-28 unsafe "`set(...)` is not supported by TorchScript, which has no set type"


def case_set_call_in_helper():
    torch.manual_seed(0)
    return DistinctTokens().eval(), ([3, 3, 7, 1],)


class SpeakerGate(nn.Module):
    """``frozenset(...)`` in an ``@torch.jit.export`` method."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def num_speakers(self, names: List[str]) -> int:
        return len(frozenset(names))  # expect: JT103@20-36 unsafe "`frozenset(...)` is not supported by TorchScript, which has no set type"


def case_frozenset_call_export():
    torch.manual_seed(0)
    return SpeakerGate().eval(), (torch.randn(2),)


class ClassMask(nn.Module):
    """``Set[int]`` parameter annotation of forward."""

    def __init__(self, num_classes: int = 4):
        super().__init__()
        self.num_classes = num_classes

    def forward(self, logits: Tensor, keep: Set[int]) -> Tensor:  # expect: JT103@45-53 none "Set types are not supported in TorchScript annotations"
        mask = torch.zeros(self.num_classes)
        for c in range(self.num_classes):
            if c in keep:
                mask[c] = 1.0
        return logits * mask


def case_typing_set_parameter():
    torch.manual_seed(0)
    return ClassMask().eval(), (torch.randn(2, 4), {0, 2})


class BannedWords(nn.Module):
    """Builtin ``set`` as a bare annotation."""

    def forward(self, x: Tensor, banned: set, word: str) -> Tensor:  # expect: JT103@42-45 none "Set types are not supported in TorchScript annotations"
        return x * float(word in banned)


def case_builtin_set_annotation():
    torch.manual_seed(0)
    return BannedWords().eval(), (torch.randn(2), {"foo"}, "foo")


class FrozenVocabulary(nn.Module):
    """Builtin ``frozenset`` as a bare annotation."""

    def forward(self, x: Tensor, vocab: frozenset, word: str) -> Tensor:  # expect: JT103@41-50 none "Set types are not supported in TorchScript annotations"
        return x * float(word in vocab)


def case_builtin_frozenset_annotation():
    torch.manual_seed(0)
    return FrozenVocabulary().eval(), (torch.randn(2), frozenset({"foo"}), "foo")


class BannedWordsHelper(nn.Module):
    """Builtin ``set[str]`` (PEP 585) in the signature of a helper reached from forward."""

    def forward(self, x: Tensor, words: List[str], word: str) -> Tensor:
        return x * float(self.is_banned(words, word))

    def is_banned(self, banned: set[str], word: str) -> bool:  # expect: JT103@33-41 none "Set types are not supported in TorchScript annotations"
        return word in banned


def case_pep585_set_annotation_in_helper():
    torch.manual_seed(0)
    return BannedWordsHelper().eval(), (torch.randn(2), ["foo"], "foo")


def allowed_tags(tags: List[str]) -> FrozenSet[str]:  # expect: JT103@38-52 none "Set types are not supported in TorchScript annotations"
    """Module-level helper compiled through forward; ``FrozenSet`` return annotation."""
    return frozenset(tags)  # expect: JT103@12-27 none "`frozenset(...)` is not supported by TorchScript, which has no set type"


class TagCounter(nn.Module):
    def forward(self, x: Tensor, tags: List[str]) -> Tensor:
        return x * len(allowed_tags(tags))


def case_frozenset_module_function():
    torch.manual_seed(0)
    return TagCounter().eval(), (torch.randn(2), ["a", "b", "a"])


class StopWords(nn.Module):
    """A set literal fails even in the eager-only branch (the frontend runs before branches are pruned)."""

    def forward(self, x: Tensor, word: str) -> Tensor:
        if not torch.jit.is_scripting():
            stop = {"le", "la", "les"}  # expect: JT103@20-39 none "Set literals are not supported by TorchScript"
            if word in stop:
                return x * 0.0
        return x


def case_dead_branch_literal():
    torch.manual_seed(0)
    return StopWords().eval(), (torch.randn(2), "la")


class Vocabulary(nn.Module):
    """Non-ASCII text before the literal: columns are counted in characters."""

    def forward(self, x: Tensor, word: str) -> Tensor:
        accents = {"é": x * 2.0, "à": x * 3.0}
        if word == "ü" or word in {"é", "à"}:  # expect: JT103@35-45 safe "Set literals are not supported by TorchScript"
            return accents[word]
        return x


def case_column_after_non_ascii():
    torch.manual_seed(0)
    return Vocabulary().eval(), (torch.randn(2), "é")


class UniformBatch(nn.Module):
    """Sets from calls: one distinct length (a parameter's elements), a name among the allowed ones (an attribute)."""

    def __init__(self):
        super().__init__()
        self.allowed = ["mean", "sum"]

    def forward(self, x: Tensor, lengths: List[int], reduction: str) -> Tensor:
        if len(set(lengths)) == 1:  # expect: JT103@16-28 unsafe "`set(...)` is not supported by TorchScript, which has no set type"
            x = x * 2
        if reduction in set(self.allowed):  # expect: JT103@25-42 unsafe "`set(...)` is not supported by TorchScript, which has no set type"
            x = x + 1
        return x


def case_sets_from_calls():
    return UniformBatch().eval(), (torch.randn(2, 3), [4, 4], "sum")
