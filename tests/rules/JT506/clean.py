"""JT506 torch-api-unsupported: look-alikes that script on torch 2.13.0 (must not fire).

`torch.Size(...)`, `x.requires_grad_()`, reading `x.data`, annotated `tolist()`, `return x.tolist()` under a return
annotation, `x.new_zeros`, `x.to(torch.bool)`, `x.is_floating_point()`, `with torch.no_grad():`, `torch.finfo` in
`__init__` and under `if not torch.jit.is_scripting():`, and
methods of that name on values that are not tensors (a TorchScript class of this file).
"""
from typing import List

import torch
from torch import nn, Tensor


@torch.jit.script
class Flags:
    def __init__(self, on: bool):
        self.on = on

    def bool(self) -> bool:
        return self.on

    def numpy(self) -> int:
        return 1


class Supported(nn.Module):
    def __init__(self):
        super().__init__()
        self.eps = torch.finfo(torch.float32).eps

    def forward(self, x: Tensor) -> Tensor:
        size = torch.Size([2, 3])
        y = x.data.requires_grad_(False)
        sizes: List[float] = x.flatten().tolist()
        mask = (x > 0).to(torch.bool)
        z = x.new_zeros(size) + len(sizes) + self.count(x)
        if x.is_floating_point():
            z = z + self.eps
        with torch.no_grad():
            z = z.sum() + y.masked_fill(mask, 0.0).sum()
        if not torch.jit.is_scripting():
            z = z + torch.finfo(x.dtype).eps * 0.0
        flags = Flags(True)
        if flags.bool():
            z = z + flags.numpy()
        return z

    def count(self, x: Tensor) -> int:
        return len(self.values(x))

    def values(self, x: Tensor) -> List[float]:
        return x.flatten().tolist()


def case_supported():
    torch.manual_seed(0)
    return Supported().eval(), (torch.randn(2, 3),)


class TypedReturn(nn.Module):
    def forward(self, x: Tensor) -> List[List[float]]:
        return x.tolist()


def case_typed_return():
    torch.manual_seed(0)
    return TypedReturn().eval(), (torch.randn(2, 3),)
