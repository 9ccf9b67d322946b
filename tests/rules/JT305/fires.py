"""JT305 unannotated-parameter-nontensor-use: an unannotated parameter used as an int, a string, a function or a list of tensors."""

import torch
from torch import nn, Tensor


def repeat(x: Tensor, times) -> Tensor:
    for _ in range(times):  # expect: JT305@14-26 unsafe "Parameter `times` has no annotation, so TorchScript types it `Tensor`, but it is used as a `range` bound"
        x = x * 2
    return x


class Repeater(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return repeat(x, 3)


def case_range_bound():
    return Repeater().eval(), (torch.randn(3),)


class Activation(nn.Module):
    """``mode`` compared with string literals."""

    def forward(self, x: Tensor) -> Tensor:
        return self.act(x, "relu")

    def act(self, x: Tensor, mode) -> Tensor:
        if mode == "relu":  # expect: JT305@12-26 unsafe "Parameter `mode` has no annotation, so TorchScript types it `Tensor`, but it is used as a string"
            return torch.relu(x)
        return torch.tanh(x)


def case_compared_with_string():
    return Activation().eval(), (torch.randn(3),)


def apply(x: Tensor, fn) -> Tensor:
    return fn(x)  # expect: JT305@12-17 none "Parameter `fn` has no annotation, so TorchScript types it `Tensor`, but it is used as a function"


@torch.jit.script
def doubled(x: Tensor) -> Tensor:
    return x * 2


class Applier(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return apply(x, doubled)


def case_called():
    return Applier().eval(), (torch.randn(3),)


def join(parts, dim: int) -> Tensor:
    return torch.cat(parts, dim=dim)  # expect: JT305@12-37 unsafe "Parameter `parts` has no annotation, so TorchScript types it `Tensor`, but it is used as a list of tensors"


class Joiner(nn.Module):
    """timm's ``SelectSeq``: the tensors ``torch.cat`` joins, passed unannotated."""

    def forward(self, x: Tensor) -> Tensor:
        return join([x, x * 2], 1)


def case_tensor_list():
    return Joiner().eval(), (torch.randn(2, 3),)
