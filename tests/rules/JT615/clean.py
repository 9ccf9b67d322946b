"""JT615 union-none-test-first: tests TorchScript refines (each case scripts)."""
from typing import Optional, Tuple, Union

import torch
from torch import nn, Tensor


class IsinstanceFirst(nn.Module):
    """`isinstance` before the `None` test: refined to the tuple."""

    def forward(self, gate_logits: Union[Tensor, Tuple[Tensor, Tensor], None]) -> Tensor:
        if not isinstance(gate_logits, tuple) or gate_logits is None:
            return torch.zeros(())
        return gate_logits[0].sum()


def case_isinstance_first():
    return IsinstanceFirst().eval(), ((torch.ones(2), torch.ones(2)),)


class SeparateTests(nn.Module):
    """The two tests in two statements: each refines."""

    def forward(self, gate_logits: Union[Tensor, Tuple[Tensor, Tensor], None]) -> Tensor:
        if gate_logits is None:
            return torch.zeros(())
        if not isinstance(gate_logits, tuple):
            return torch.zeros(())
        return gate_logits[0].sum()


def case_separate_tests():
    return SeparateTests().eval(), ((torch.ones(2), torch.ones(2)),)


class OptionalOfOneType(nn.Module):
    """An Optional of a single type is refined whatever the order."""

    def forward(self, gates: Optional[Tuple[Tensor, Tensor]]) -> Tensor:
        if gates is None or not isinstance(gates, tuple):
            return torch.zeros(())
        return gates[0].sum()


def case_optional_of_one_type():
    return OptionalOfOneType().eval(), ((torch.ones(2), torch.ones(2)),)


class UnionWithoutNone(nn.Module):
    """A Union without None: the `is None` test refines nothing, and `isinstance` does."""

    def forward(self, gates: Union[Tensor, Tuple[Tensor, Tensor]]) -> Tensor:
        if gates is None or not isinstance(gates, tuple):
            return torch.zeros(())
        return gates[0].sum()


def case_union_without_none():
    return UnionWithoutNone().eval(), ((torch.ones(2), torch.ones(2)),)

