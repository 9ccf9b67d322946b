"""JT615 union-none-test-first: a Union with None tested `is None` before `isinstance` in one condition."""
from typing import Tuple, Union

import torch
from torch import nn, Tensor


class LoadBalancingLoss(nn.Module):
    """transformers' Mixture-of-Experts `load_balancing_loss_func`: `is None` first, then `not isinstance`, with an
    early return; below it the logits are still a Union to TorchScript."""

    def forward(self, gate_logits: Union[Tensor, Tuple[Tensor, Tensor], None], num_experts: int) -> Tensor:
        if not isinstance(gate_logits, tuple) or gate_logits is None:
            return torch.zeros(())
        first = gate_logits[0].softmax(-1)  # expect: JT615@17-31 safe "`gate_logits` is annotated `Union[Tensor, Tuple[Tensor, Tensor], None]`, and `gate_logits is None` comes before `not isinstance(gate_logits, tuple)` in one condition: TorchScript then refines neither, so `gate_logits` is still a Union here and cannot be subscripted"
        return first.sum() * num_experts


def case_or_with_early_return():
    torch.manual_seed(0)
    return LoadBalancingLoss().eval(), ((torch.randn(2, 4), torch.randn(2, 4)), 4)


class AttributeInBody(nn.Module):
    """`is not None` first, then `isinstance`, in an `and`: the body reads an attribute of the Union."""

    def forward(self, x: Tensor, extra: Tensor | Tuple[Tensor, Tensor] | None = None) -> Tensor:
        if isinstance(extra, Tensor) and extra is not None:
            x = x + extra.sum(-1, keepdim=True)  # expect: JT615@21-30 safe "`extra` is annotated `Tensor | Tuple[Tensor, Tensor] | None`, and `extra is not None` comes before `isinstance(extra, Tensor)` in one condition: TorchScript then refines neither, so `extra` is still a Union here and cannot be read for an attribute"
        return x


def case_and_in_body():
    torch.manual_seed(0)
    return AttributeInBody().eval(), (torch.randn(2, 4), torch.randn(2, 4))


class IteratedAfterAssert(nn.Module):
    """The same `and` in an `assert`: the statements below it iterate the Union."""

    def forward(self, gates: Union[Tensor, Tuple[Tensor, Tensor], None]) -> Tensor:
        assert isinstance(gates, tuple) and gates is not None
        total = torch.zeros(())
        for gate in gates:  # expect: JT615@21-26 safe "`gates` is annotated `Union[Tensor, Tuple[Tensor, Tensor], None]`, and `gates is not None` comes before `isinstance(gates, tuple)` in one condition: TorchScript then refines neither, so `gates` is still a Union here and cannot be iterated"
            total = total + gate.sum()
        return total


def case_assert_then_loop():
    torch.manual_seed(0)
    return IteratedAfterAssert().eval(), ((torch.randn(2, 4), torch.randn(2, 4)),)
