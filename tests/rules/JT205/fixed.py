"""JT205 unrolled-loop-break: `break` / `continue` in loops TorchScript unrolls (``Because we emit iteration over
modulelists or tuples as unrolled loops, we do not support break or continue inside the body of these loops``)."""
from typing import Tuple

import torch
from torch import nn, Tensor


class LayerDrop(nn.Module):
    """transformers' BART-family decoders: LayerDrop skips a layer with `continue`."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
        self.layerdrop = 0.0

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            skip = False
            if self.training:
                dropout_probability = torch.rand([])
                if bool(dropout_probability < self.layerdrop):
                    skip = True  # expect: JT205@21-29 safe "`continue` in a loop over the module container `self.layers`, which TorchScript unrolls: it cannot leave or skip an iteration of it"
            if not skip:
                x = layer(x)
        return x


def case_layerdrop_continue():
    torch.manual_seed(0)
    return LayerDrop().eval(), (torch.randn(2, 4),)


class FirstLayers(nn.Module):
    """Through `enumerate`: the loop over the modules is still unrolled."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x: Tensor, depth: int) -> Tensor:
        stop = False
        for i, layer in enumerate(self.layers):
            if not stop:
                if i >= depth:
                    stop = True  # expect: JT205@17-22 safe "`break` in a loop over the module container `self.layers`, which TorchScript unrolls: it cannot leave or skip an iteration of it"
                if not stop:
                    x = layer(x)
        return x


def case_enumerate_break():
    torch.manual_seed(0)
    return FirstLayers().eval(), (torch.randn(2, 4), 2)


class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"a": nn.Linear(4, 4), "b": nn.Linear(4, 4)})

    def forward(self, x: Tensor, skip: str) -> Tensor:
        out = x
        for name, head in self.heads.items():
            skip_1 = False
            if name == skip:
                skip_1 = True  # expect: JT205@17-25 safe "`continue` in a loop over the module container `self.heads`, which TorchScript unrolls: it cannot leave or skip an iteration of it"
            if not skip_1:
                out = out + head(x)
        return out


def case_moduledict_items():
    torch.manual_seed(0)
    return Heads().eval(), (torch.randn(2, 4), "a")


class Pairs(nn.Module):
    """Over a tuple: a display and a parameter typed `Tuple[...]`."""

    def forward(self, x: Tensor, pair: Tuple[Tensor, Tensor]) -> Tensor:
        stop = False
        for v in pair:
            if not stop:
                if bool(v.sum() > 100):
                    stop = True  # expect: JT205@17-22 safe "`break` in a loop over `pair`, a tuple, which TorchScript unrolls: it cannot leave or skip an iteration of it"
                if not stop:
                    x = x + v
        stop_1 = False
        for w in (x, x * 2):
            if not stop_1:
                x = x + w
                if bool(x.sum() > 100):
                    stop_1 = True  # expect: JT205@17-22 safe "`break` in a loop over a tuple, which TorchScript unrolls: it cannot leave or skip an iteration of it"
        return x


def case_tuple_loops():
    torch.manual_seed(0)
    return Pairs().eval(), (torch.randn(2), (torch.randn(2), torch.randn(2)))


class LastIndex(nn.Module):
    """The function reads the loop variable after the loop: no fix (the flag rewrite would leave it at the last
    element, not at the one `break` left)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x: Tensor, depth: int) -> Tensor:
        i = 0
        for i, layer in enumerate(self.layers):
            if i >= depth:
                break  # expect: JT205@17-22 none "`break` in a loop over the module container `self.layers`, which TorchScript unrolls: it cannot leave or skip an iteration of it"
            x = layer(x)
        return x + i


def case_loop_variable_read_after():
    torch.manual_seed(0)
    return LastIndex().eval(), (torch.randn(2, 4), 2)
