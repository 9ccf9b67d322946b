"""JT201 modulelist-variable-index: a ModuleList / Sequential / ParameterList attribute indexed by a non-literal.

TorchScript unrolls these containers into tuples, so an index must be an integer literal (or a ``Final[int]``
attribute): ``Expected integer literal for index but got a variable or non-integer. ModuleList/Sequential indexing
is only supported with integer literals. ...``.
"""

from typing import List

import torch
from torch import nn, Tensor
from torch.nn import ModuleList


class ResidualStack(nn.Module):
    """The classic ``for i in range(len(self.layers))`` loop (``from torch.nn import ModuleList``)."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.layers = ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = x + torch.relu(layer(x))  # expect: JT201@32-46 safe "`self.layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_range_len_loop():
    torch.manual_seed(0)
    return ResidualStack().eval(), (torch.randn(2, 8),)


class ConvTower(nn.Module):
    """``torch.nn.Sequential`` spelled in full, indexed by a ``while`` counter."""

    def __init__(self, channels: int = 4):
        super().__init__()
        self.blocks = torch.nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1),
        )

    def forward(self, x: Tensor) -> Tensor:
        i = 0
        while i < 3:
            matched = False
            for index, block in enumerate(self.blocks):
                if index == i or index == i + len(self.blocks):
                    x = block(x)
                    matched = True
            if not matched:
                raise IndexError("index out of range")  # expect: JT201@17-31 unsafe "`self.blocks` is an nn.Sequential indexed by `i`, which is not an integer literal"
            i += 1
        return x


def case_sequential_while_counter():
    torch.manual_seed(0)
    return ConvTower().eval(), (torch.randn(1, 4, 6, 6),)


class LayerScale(nn.Module):
    """A ParameterList indexed by a loop variable (no call involved)."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.gammas = nn.ParameterList([nn.Parameter(torch.full((dim,), 0.1)) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for gamma in self.gammas:
            x = x * gamma  # expect: JT201@21-35 unsafe "`self.gammas` is an nn.ParameterList indexed by `i`, which is not an integer literal"
        return x


def case_parameterlist():
    torch.manual_seed(0)
    return LayerScale().eval(), (torch.randn(2, 8),)


class EarlyExit(nn.Module):
    """A plain (non-``Final``) int attribute is not a constant for TorchScript."""

    def __init__(self, dim: int = 8, depth: int = 3, exit_layer: int = 1):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.exit_layer = exit_layer

    def forward(self, x: Tensor) -> Tensor:
        return self.layers[self.exit_layer](x)  # expect: JT201@16-44 none "`self.layers` is an nn.ModuleList indexed by `self.exit_layer`, which is not an integer literal"


def case_non_final_attribute_index():
    torch.manual_seed(0)
    return EarlyExit().eval(), (torch.randn(2, 8),)


class PreNormBlocks(nn.Module):
    """``enumerate`` over one list, index into another: only the second subscript is wrong."""

    def __init__(self, dim: int = 8, depth: int = 2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(self.norms[i](x))  # expect: JT201@23-36 none "`self.norms` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_enumerate_indexes_other_list():
    torch.manual_seed(0)
    return PreNormBlocks().eval(), (torch.randn(2, 8),)


class AliasedLayers(nn.Module):
    """Through a local alias of the attribute."""

    def __init__(self, dim: int = 8, depth: int = 2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        layers = self.layers
        for i in range(2):
            x = layers[i](x)  # expect: JT201@17-26 none "`layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_local_alias():
    torch.manual_seed(0)
    return AliasedLayers().eval(), (torch.randn(2, 8),)


class Encoder(nn.Module):
    """Base class: defines ``self.stages``; its own forward is fine."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.stages = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for stage in self.stages:
            x = stage(x)
        return x


class MultiScaleEncoder(Encoder):
    """The attribute comes from the base class; the bad index sits in a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        outs: List[Tensor] = []
        for i in range(3):
            x = self.run_stage(x, i)
            outs.append(x)
        return torch.stack(outs)

    def run_stage(self, x: Tensor, i: int) -> Tensor:
        for index, stage in enumerate(self.stages):
            if index == i or index == i + len(self.stages):
                return stage(x)
        raise IndexError("index out of range")  # expect: JT201@16-30 unsafe "`self.stages` is an nn.ModuleList indexed by `i`, which is not an integer literal"


def case_base_class_attribute_helper():
    torch.manual_seed(0)
    return MultiScaleEncoder().eval(), (torch.randn(2, 8),)


class ProbeHeads(Encoder):
    """``@torch.jit.export`` method and ``@property``: both compiled."""

    @torch.jit.export
    def stage_output(self, x: Tensor, k: int) -> Tensor:
        for index, stage in enumerate(self.stages):
            if index == k or index == k + len(self.stages):
                return stage(x)
        raise IndexError("index out of range")  # expect: JT201@16-30 unsafe "`self.stages` is an nn.ModuleList indexed by `k`, which is not an integer literal"

    @property
    def first_weight(self) -> Tensor:
        i = 0
        return self.stages[i].weight  # expect: JT201@16-30 none "`self.stages` is an nn.ModuleList indexed by `i`, which is not an integer literal"


def case_export_and_property():
    torch.manual_seed(0)
    return ProbeHeads().eval(), (torch.randn(2, 8),)


class Unrolled(nn.Module):
    """Negated variable and non-ASCII text before the subscript (columns count characters)."""

    def __init__(self, dim: int = 8, depth: int = 2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor, depth: int) -> Tensor:
        étapes = {"dernière": self.layers[-depth](x)}  # expect: JT201@31-50 none "`self.layers` is an nn.ModuleList indexed by `-depth`, which is not an integer literal"
        return étapes["dernière"]


def case_negated_variable_non_ascii():
    torch.manual_seed(0)
    return Unrolled().eval(), (torch.randn(2, 8), 1)


class FPNHead(nn.Module):
    """A detection head: the loop bound is an attribute ``__init__`` sets from the parameter that sizes the lists."""

    def __init__(self, channels: int = 4, num_levels: int = 3):
        super().__init__()
        self.num_levels = num_levels
        self.convs = nn.ModuleList([nn.Conv2d(channels, channels, 3, padding=1) for _ in range(num_levels)])

    def forward(self, feats: List[Tensor]) -> List[Tensor]:
        outs: List[Tensor] = []
        for i, conv in enumerate(self.convs):
            outs.append(conv(feats[i]))  # expect: JT201@25-38 safe "`self.convs` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return outs


def case_attribute_bound_proven_by_init():
    torch.manual_seed(0)
    feats = [torch.randn(1, 4, 8 // (2**k), 8 // (2**k)) for k in range(3)]
    return FPNHead().eval(), (feats,)


class FourBlocks(nn.Module):
    """A literal bound over a literal list of four modules."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim), nn.Tanh()])

    def forward(self, x: Tensor) -> Tensor:
        for block in self.blocks:
            x = block(x)  # expect: JT201@17-31 safe "`self.blocks` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_literal_bound_literal_list():
    torch.manual_seed(0)
    return FourBlocks().eval(), (torch.randn(2, 8),)


class WaveNetStack(nn.Module):
    """Two lists walked in step by ``range(self.n_layers)`` (a vocoder's dilated stack)."""

    def __init__(self, channels: int = 4, n_layers: int = 3):
        super().__init__()
        self.n_layers = n_layers
        self.in_layers = nn.ModuleList(
            [nn.Conv1d(channels, channels, 3, padding=2**k, dilation=2**k) for k in range(n_layers)]
        )
        self.res_layers = nn.ModuleList([nn.Conv1d(channels, channels, 1) for _ in range(n_layers)])

    def forward(self, x: Tensor) -> Tensor:
        for in_layer, res_layer in zip(self.in_layers, self.res_layers):
            h = torch.tanh(in_layer(x))  # expect: JT201@28-45 safe "`self.in_layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
            x = x + res_layer(h)  # expect: JT201@21-39 safe "`self.res_layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_two_lists_in_step():
    torch.manual_seed(0)
    return WaveNetStack().eval(), (torch.randn(1, 4, 16),)


class GrownStages(nn.Module):
    """The list grows by ``append`` in ``__init__``: its length is not proven, so the rewrite is unsafe."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.depth = depth
        self.stages = nn.ModuleList()
        for _ in range(depth):
            self.stages.append(nn.Linear(dim, dim))

    def forward(self, x: Tensor) -> Tensor:
        for stage in self.stages:
            x = stage(x)  # expect: JT201@17-31 unsafe "`self.stages` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_appended_list_unproven_bound():
    torch.manual_seed(0)
    return GrownStages().eval(), (torch.randn(2, 8),)


class UNetDecoder(nn.Module):
    """A shorter range: every module but the last, in a loop with a comment and a blank line in its body."""

    def __init__(self, dim: int = 8, depth: int = 4):
        super().__init__()
        self.ups = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        for i, ups in enumerate(self.ups):
            # every stage but the head
            if i < len(self.ups) - 1:
                x = torch.relu(ups(x))  # expect: JT201@28-39 safe "`self.ups` is an nn.ModuleList indexed by `i`, which is not an integer literal"

                x = x * 0.5
        return self.ups[-1](x)


def case_shorter_range_guarded():
    torch.manual_seed(0)
    return UNetDecoder().eval(), (torch.randn(2, 8),)


class SkipFirst(nn.Module):
    """``range(1, len(...))``: the first block runs before the loop."""

    def __init__(self, dim: int = 8, depth: int = 3):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])

    def forward(self, x: Tensor) -> Tensor:
        x = self.blocks[0](x)
        for i, block in enumerate(self.blocks):
            if i >= 1:
                x = x + block(x)  # expect: JT201@21-35 safe "`self.blocks` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_range_from_one_guarded():
    torch.manual_seed(0)
    return SkipFirst().eval(), (torch.randn(2, 8),)


class ConfigDepthStack(nn.Module):
    """transformers style: the list and the bound both read ``config.num_layers`` in ``__init__``."""

    def __init__(self, config: "StackConfig" = None):
        super().__init__()
        config = config if config is not None else StackConfig()
        self.num_layers = config.num_layers
        self.layers = nn.ModuleList([nn.Linear(config.dim, config.dim) for _ in range(config.num_layers)])

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer(x)  # expect: JT201@17-31 unsafe "`self.layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


class StackConfig:
    num_layers = 2
    dim = 8


def case_config_bound_rebound_parameter():
    torch.manual_seed(0)
    return ConfigDepthStack().eval(), (torch.randn(2, 8),)


class ConfigDepthStackProven(nn.Module):
    """The same with ``config`` never rebound in ``__init__``: the bound is proven."""

    def __init__(self, config: StackConfig = StackConfig()):
        super().__init__()
        self.num_layers = config.num_layers
        self.layers = nn.ModuleList([nn.Linear(config.dim, config.dim) for _ in range(config.num_layers)])

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer(x)  # expect: JT201@17-31 safe "`self.layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_config_bound_proven():
    torch.manual_seed(0)
    return ConfigDepthStackProven().eval(), (torch.randn(2, 8),)


class ConfigDepthPatched(nn.Module):
    """``__init__`` assigns ``config.num_layers`` between the reads: the bound is not proven."""

    def __init__(self, config: StackConfig = StackConfig()):
        super().__init__()
        self.num_layers = config.num_layers
        config.num_layers = 2
        self.layers = nn.ModuleList([nn.Linear(config.dim, config.dim) for _ in range(config.num_layers)])

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer(x)  # expect: JT201@17-31 unsafe "`self.layers` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_config_bound_assigned_in_init():
    torch.manual_seed(0)
    return ConfigDepthPatched().eval(), (torch.randn(2, 8),)


class PickedHead(nn.Module):
    """A module picked by a runtime index (a parameter; negative counts from the end), returned or assigned."""

    def __init__(self, dim: int = 8):
        super().__init__()
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(3)])
        self.heads = nn.ModuleList([nn.Linear(dim, dim) for _ in range(3)])

    def forward(self, x: Tensor, idx: int) -> Tensor:
        matched = False
        for index, norm in enumerate(self.norms):
            if index == idx or index == idx + len(self.norms):
                x = norm(x)
                matched = True
        if not matched:
            raise IndexError("index out of range")  # expect: JT201@13-28 unsafe "`self.norms` is an nn.ModuleList indexed by `idx`, which is not an integer literal"
        for index_1, head in enumerate(self.heads):
            if index_1 == idx or index_1 == idx + len(self.heads):
                return head(x)
        raise IndexError("index out of range")  # expect: JT201@16-31 unsafe "`self.heads` is an nn.ModuleList indexed by `idx`, which is not an integer literal"


def case_runtime_index():
    torch.manual_seed(0)
    return PickedHead().eval(), (torch.randn(2, 8), -2)


class SelectedHeads(nn.ModuleList):
    """transformers' ViTPose backbone: a ModuleList subclass that indexes itself with a loop variable."""

    def __init__(self):
        super().__init__([nn.Linear(4, 4), nn.Linear(4, 4)])

    def forward(self, x: Tensor) -> Tensor:
        out = x
        for i in range(2):
            out = out + self[i](x)  # expect: JT201@25-32 none "`self` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return out


def case_subclass_indexes_itself():
    torch.manual_seed(0)
    return SelectedHeads().eval(), (torch.randn(2, 4),)


class FirstQuantizers(nn.Module):
    """transformers' EnCodec / Mimi: the first `num_quantizers` of a ModuleList, a runtime bound. TorchScript slices
    the container as a tuple, whose bounds must be integer constants; a local bound to a literal is not one."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x: Tensor, num_quantizers: int) -> Tensor:
        for layer in self.layers[:num_quantizers]:  # expect: JT201@22-50 none "`self.layers` is an nn.ModuleList sliced by `:num_quantizers`, whose bound `num_quantizers` is not an integer literal"
            x = layer.forward(x)
        first = 1
        for layer in self.layers[first:]:  # expect: JT201@22-41 none "`self.layers` is an nn.ModuleList sliced by `first:`, whose bound `first` is not an integer literal"
            x = layer.forward(x)
        return x


def case_sliced_by_runtime_bound():
    torch.manual_seed(0)
    return FirstQuantizers().eval(), (torch.randn(2, 4), 2)


class ChainEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])


class ChainText(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = ChainEncoder()


class ChainedContainer(nn.Module):
    """transformers' BridgeTower: the ModuleList is two submodules down, `self.text_model.encoder.layer`. What the
    container is comes from the classes of the submodules on the way."""

    def __init__(self):
        super().__init__()
        self.text_model = ChainText()

    def forward(self, x: Tensor) -> Tensor:
        for i in range(len(self.text_model.encoder.layer)):
            x = self.text_model.encoder.layer[i](x)  # expect: JT201@17-49 none "`self.text_model.encoder.layer` is an nn.ModuleList indexed by `i`, which is not an integer literal"
        return x


def case_container_of_a_submodule():
    torch.manual_seed(0)
    return ChainedContainer().eval(), (torch.randn(2, 4),)
