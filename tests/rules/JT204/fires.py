"""JT204 modulelist-zip-dynamic: a module container zipped with a list, a tensor or a range in compiled code
(``Can not iterate over a module list or tuple with a value that does not have a statically determinable length``).
"""
from typing import List, Optional

import torch
from torch import nn, Tensor


class LateralNeck(nn.Module):
    """transformers' BEiT / DETR necks: one lateral conv per feature map, the maps a list."""

    def __init__(self):
        super().__init__()
        self.lateral = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, feats: List[Tensor]) -> List[Tensor]:
        out: List[Tensor] = []
        for conv, feat in zip(self.lateral, feats):  # expect: JT204@27-51 unsafe "`zip` pairs the module container `self.lateral` with `feats`, a list whose length TorchScript cannot know when it unrolls the loop over the modules"
            out.append(conv(feat))
        return out


def case_list_parameter():
    torch.manual_seed(0)
    return LateralNeck().eval(), ([torch.randn(2, 4) for _ in range(3)],)


class Reassemble(nn.Module):
    """transformers' DPT: an unannotated parameter is a Tensor to TorchScript; a comprehension and a list attribute."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])
        self.scales = [1.0, 2.0]

    def forward(self, hidden_states):
        out = [layer(h) for layer, h in zip(self.layers, hidden_states)]  # expect: JT204@41-72 none "`zip` pairs the module container `self.layers` with `hidden_states`, a Tensor whose length TorchScript cannot know when it unrolls the loop over the modules"
        total = out[0] + out[1]
        for layer, scale in zip(self.layers, self.scales):  # expect: JT204@29-58 unsafe "`zip` pairs the module container `self.layers` with `self.scales`, a list whose length TorchScript cannot know when it unrolls the loop over the modules"
            total = layer(total) * scale
        return total


def case_tensor_parameter_and_list_attribute():
    torch.manual_seed(0)
    return Reassemble().eval(), (torch.randn(2, 3, 4),)


class Stages(nn.Module):
    """Zipped with a range, inside `enumerate`."""

    def __init__(self):
        super().__init__()
        self.stages = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4))

    def forward(self, x: Tensor, depth: int) -> Tensor:
        for i, (stage, level) in enumerate(zip(self.stages, range(depth))):  # expect: JT204@44-74 none "`zip` pairs the module container `self.stages` with `range(depth)`, a range whose length TorchScript cannot know when it unrolls the loop over the modules"
            x = stage(x) + level + i
        return x


def case_range_in_enumerate():
    torch.manual_seed(0)
    return Stages().eval(), (torch.randn(2, 4), 2)


class TimestepEmbeddings(nn.Module):
    """An Optional list refined by `is not None` (Gradium's `zip(self.timestep_embeddings, times)`): a list there."""

    def __init__(self):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])

    def forward(self, x: Tensor, times: Optional[List[Tensor]] = None) -> Tensor:
        if times is not None:
            for embedding, time in zip(self.embeddings, times):  # expect: JT204@36-63 unsafe "`zip` pairs the module container `self.embeddings` with `times`, a list whose length TorchScript cannot know when it unrolls the loop over the modules"
                x = x + embedding(time)
        return x


def case_refined_optional_list():
    torch.manual_seed(0)
    return TimestepEmbeddings().eval(), (torch.randn(2, 4), [torch.randn(2, 4), torch.randn(2, 4)])
