"""JT612 annotation-foreign-attribute: Tensor attributes and methods, and an unrefined Optional (JT601's)."""
from typing import Optional

import torch
from torch import nn, Tensor


class MaskedSum(nn.Module):
    """Tensor methods and attributes on a refined Optional and on a Tensor."""

    def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        if mask is not None:
            x = x * mask.float() + mask.T.sum()
        return x.masked_fill(x.isnan(), 0.0) * x.shape[0]


def case_tensor_attributes():
    return MaskedSum().eval(), (torch.randn(2, 2), torch.ones(2, 2))


class NotCompiled(nn.Module):
    """A foreign attribute in eager-only code."""

    def forward(self, x: Tensor, state: Optional[Tensor] = None) -> Tensor:
        if not torch.jit.is_scripting():
            if state is not None:
                print(state.obj_ids)
        return x


def case_eager_only():
    return NotCompiled().eval(), (torch.randn(2),)


class NumbersUsedAsNumbers(nn.Module):
    """Numbers read as numbers, and a Tensor's methods called on what they compute."""

    def forward(self, x: Tensor, scale: float, steps: int, flip: bool) -> Tensor:
        y = x * scale + steps
        if flip:
            steps = steps + 1
        return y + torch.tensor(steps).float().sum()


def case_numbers_used_as_numbers():
    return NumbersUsedAsNumbers().eval(), (torch.randn(2), 0.5, 3, True)
