"""JT203 module-value-call: calling a submodule value TorchScript cannot type as callable.

Submodules reached through a slice, a tuple/list literal, a conditional expression or a tuple assignment are plain
class-typed values without ``__call__``: ``'__torch__...Linear (of Python compilation unit at: 0x...)' object has
no attribute or method '__call__'``.  Interface-typed locals and Sequential slices give ``cannot call a value of
type ...``.  Calling ``.forward(...)`` explicitly works.
"""

from typing import List

import torch
from torch import nn, Tensor
from torch.nn import ModuleDict, ModuleList, Sequential


@torch.jit.interface
class HeadIface(nn.Module):
    def forward(self, input: Tensor) -> Tensor:  # parameter name matches nn.Linear.forward
        pass


class Stem(nn.Module):
    """Skips the first layer with a slice."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.layers = ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers[1:]:
            x = torch.relu(layer(x))  # expect: JT203@28-36 safe "`layer` is a module reached through a slice of a module container, which TorchScript cannot call directly; call its `.forward(...)`"
        return x


def case_loop_over_slice():
    torch.manual_seed(0)
    return Stem().eval(), (torch.randn(2, 8),)


class StyleConvs(nn.Module):
    """GFPGAN-style pairing of even/odd convolutions with ``zip`` over two slices."""

    def __init__(self, channels: int = 4, n: int = 4):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(channels, channels, 3, padding=1) for _ in range(n)])

    def forward(self, x: Tensor) -> Tensor:
        for conv1, conv2 in zip(self.convs[::2], self.convs[1::2]):
            x = conv1(x)  # expect: JT203@17-25 safe "`conv1` is a module reached through a slice of a module container, which TorchScript cannot call directly; call its `.forward(...)`"
            x = conv2(x)  # expect: JT203@17-25 safe "`conv2` is a module reached through a slice of a module container, which TorchScript cannot call directly; call its `.forward(...)`"
        return x


def case_zip_of_slices():
    torch.manual_seed(0)
    return StyleConvs().eval(), (torch.randn(1, 4, 5, 5),)


class Decoder(nn.Module):
    """``enumerate`` over a slice, in a helper reached from forward."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        return self.upsample(self.blocks[0](x))

    def upsample(self, x: Tensor) -> Tensor:
        for i, block in enumerate(self.blocks[1:]):
            x = block(x) * (i + 1)  # expect: JT203@17-25 safe "`block` is a module reached through a slice of a module container, which TorchScript cannot call directly; call its `.forward(...)`"
        return x


def case_enumerate_slice_in_helper():
    torch.manual_seed(0)
    return Decoder().eval(), (torch.randn(2, 8),)


class ConvNormAct(nn.Module):
    """Loop over a tuple literal of submodules."""

    def __init__(self, channels: int = 4):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.norm = nn.BatchNorm2d(channels)

    def forward(self, x: Tensor) -> Tensor:
        for m in (self.conv, self.norm):
            x = m(x)  # expect: JT203@17-21 safe "`m` is a module reached through a tuple of submodules, which TorchScript cannot call directly; call its `.forward(...)`"
        return torch.relu(x)


def case_tuple_literal_loop():
    torch.manual_seed(0)
    return ConvNormAct().eval(), (torch.randn(1, 4, 5, 5),)


class DetectionHeads(nn.Module):
    """Loop over a list literal of submodules, in an ``@torch.jit.export`` method."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.box_head = nn.Linear(dim, 4)
        self.cls_head = nn.Linear(dim, 4)

    def forward(self, x: Tensor) -> Tensor:
        return self.box_head(x)

    @torch.jit.export
    def all_heads(self, x: Tensor) -> List[Tensor]:
        outs: List[Tensor] = []
        for head in [self.box_head, self.cls_head]:
            outs.append(head(x))  # expect: JT203@25-32 safe "`head` is a module reached through a list of submodules, which TorchScript cannot call directly; call its `.forward(...)`"
        return outs


def case_list_literal_loop_export():
    torch.manual_seed(0)
    return DetectionHeads().eval(), (torch.randn(2, 8),)


class Projector(nn.Module):
    """A local chosen by a conditional expression between two submodules."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.train_proj = nn.Linear(dim, dim)
        self.eval_proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        proj = self.train_proj if self.training else self.eval_proj
        return proj(x)  # expect: JT203@16-23 safe "`proj` is a module reached through a conditional expression, which TorchScript cannot call directly; call its `.forward(...)`"


def case_conditional_expression():
    torch.manual_seed(0)
    return Projector().eval(), (torch.randn(2, 8),)


class ConvStack(nn.Module):
    """Tuple assignment splitting a Sequential into body and last layer (``from torch.nn import Sequential``)."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.seq = Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, 2))

    def forward(self, x: Tensor) -> Tensor:
        body, last = self.seq[:-1], self.seq[-1]
        for m in body:
            x = m.forward(x)
        return last(x)  # expect: JT203@16-23 safe "`last` is a module reached through a tuple unpacking, which TorchScript cannot call directly; call its `.forward(...)`"


def case_tuple_assignment():
    torch.manual_seed(0)
    return ConvStack().eval(), (torch.randn(2, 8),)


class TaskRouter(nn.Module):
    """A local annotated with a module interface must be called with ``.forward``."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.heads = ModuleDict({"cls": nn.Linear(dim, dim), "reg": nn.Linear(dim, dim)})

    def forward(self, x: Tensor, task: str) -> Tensor:
        head: HeadIface = self.heads[task]
        return head(x)  # expect: JT203@16-23 safe "`head` is a module reached through a local annotated with a module interface, which TorchScript cannot call directly; call its `.forward(...)`"


def case_interface_local_call():
    torch.manual_seed(0)
    return TaskRouter().eval(), (torch.randn(2, 8), "reg")


class FeatureExtractor(nn.Module):
    """Calling a Sequential slice directly; non-ASCII text before the call (columns count characters)."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def forward(self, x: Tensor) -> Tensor:
        caractéristiques = self.backbone[:2](x)  # expect: JT203@28-48 safe "`self.backbone[:2]` is a slice of a module container, a tuple TorchScript cannot call; loop over it and call each module's `.forward(...)`"
        return caractéristiques


def case_sequential_slice_call():
    torch.manual_seed(0)
    return FeatureExtractor().eval(), (torch.randn(2, 8),)


class PreStack(nn.Module):
    """A Sequential's slice and last module unpacked into locals, the slice called (as vocoders' pre-nets do)."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.pre = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def forward(self, x: Tensor) -> Tensor:
        pre_ops, pre_conv = self.pre[:-1], self.pre[-1]
        x = pre_ops(x)  # expect: JT203@13-23 safe "`pre_ops` is a slice of a module container (`self.pre[:-1]`), a tuple TorchScript cannot call; loop over it and call each module's `.forward(...)`"
        return pre_conv(x)  # expect: JT203@16-27 safe "`pre_conv` is a module reached through a tuple unpacking, which TorchScript cannot call directly; call its `.forward(...)`"


def case_unpacked_slice_called():
    torch.manual_seed(0)
    return PreStack().eval(), (torch.randn(2, 8),)


class PreLoop(nn.Module):
    """A ModuleList slice bound to a local, then iterated."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.pre = nn.ModuleList([nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim)])

    def forward(self, x: Tensor) -> Tensor:
        pre_ops = self.pre[:-1]
        for op in pre_ops:
            x = op(x)  # expect: JT203@17-22 safe "`op` is a module reached through a slice of a module container, which TorchScript cannot call directly; call its `.forward(...)`"
        return x


def case_slice_local_iterated():
    torch.manual_seed(0)
    return PreLoop().eval(), (torch.randn(2, 8),)
