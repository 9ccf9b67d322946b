"""JT513 argument-type-mismatch: torch calls whose arguments fit none of the operator's schemas by type.

TorchScript converts a Tensor to a number and nothing else: an int is not a float (``F.pad(x, p, value=0)``), a
number is not a Tensor (``torch.div(seq_len, 2, rounding_mode="trunc")``). Eager converts them, so the code runs.
"""

from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class PadWithIntValue(nn.Module):
    """``value=0`` for ``F.pad``'s ``float? value``: written ``0.0`` safely, as keyword and as positional."""

    def forward(self, x: Tensor) -> Tensor:
        x = F.pad(x, (0, 1), mode="constant", value=0.0)  # expect: JT513@53-54 safe "TorchScript's `torch.nn.functional.pad` takes a float or None as `value`, not an int; TorchScript does not convert an int to a float"
        return F.pad(x, (1, 0), "constant", -1.0)  # expect: JT513@45-47 safe "TorchScript's `torch.nn.functional.pad` takes a float or None as argument 4 (`-1`), not an int; TorchScript does not convert an int to a float"


def case_pad_with_int_value():
    torch.manual_seed(0)
    return PadWithIntValue().eval(), (torch.randn(2, 3),)


class IntDropout(nn.Module):
    """``F.dropout(x, 0)``, ``F.normalize(x, p=2)``: int literals for float parameters."""

    def forward(self, x: Tensor) -> Tensor:
        x = F.normalize(x, p=2.0, dim=-1)  # expect: JT513@30-31 safe "TorchScript's `torch.nn.functional.normalize` takes a float as `p`, not an int; TorchScript does not convert an int to a float"
        return F.dropout(x, 0.0, self.training)  # expect: JT513@29-30 safe "TorchScript's `torch.nn.functional.dropout` takes a float as argument 2 (`0`), not an int; TorchScript does not convert an int to a float"


def case_int_dropout():
    torch.manual_seed(0)
    return IntDropout().eval(), (torch.randn(2, 3),)


class UpsampleByTwo(nn.Module):
    """DPT's fusion stage: ``F.interpolate(x, scale_factor=2)``, whose overloads take a float or a list of floats."""

    def forward(self, x: Tensor) -> Tensor:
        return F.interpolate(x, scale_factor=2.0, mode="nearest")  # expect: JT513@46-47 safe "TorchScript's `torch.nn.functional.interpolate` takes a float, a list of floats or None as `scale_factor`, not an int; TorchScript does not convert an int to a float"


def case_interpolate_int_scale():
    torch.manual_seed(0)
    return UpsampleByTwo().eval(), (torch.randn(1, 2, 3, 3),)


class IntDivision(nn.Module):
    """``torch.div`` with a rounding mode takes a Tensor first; ``seq_len`` is an int (Longformer's chunking)."""

    def forward(self, hidden_states: Tensor) -> Tensor:
        batch_size, seq_len, dim = hidden_states.size()
        chunks = torch.div(seq_len, 2, rounding_mode="trunc") - 1  # expect: JT513@28-35 none "TorchScript's `torch.div` takes a Tensor as argument 1 (`seq_len`), not an int"
        return hidden_states[:, : chunks + 2]


def case_int_division():
    torch.manual_seed(0)
    return IntDivision().eval(), (torch.randn(2, 8, 3),)


class NumberFirst(nn.Module):
    """``torch.add(0.3333, x, alpha=0.6667)`` (PhiMoE's sparsemixer): a float where a Tensor goes; no fix."""

    def forward(self, x: Tensor) -> Tensor:
        return torch.add(0.3333, x, alpha=0.6667)  # expect: JT513@26-32 none "TorchScript's `torch.add` takes a Tensor as argument 1 (`0.3333`), not a float"


def case_number_first():
    torch.manual_seed(0)
    return NumberFirst().eval(), (torch.randn(2, 3),)


class TupleIntoLinear(nn.Module):
    """CANINE's self-output: ``hidden_states: tuple[torch.Tensor]`` (a wrong annotation) into an ``nn.Linear``,
    whose forward takes a Tensor; the read after the rebinding is the same mistake and is not reported again."""

    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(3, 3)
        self.dropout = nn.Dropout(0.0)

    def forward(self, hidden_states: tuple[torch.Tensor], input_tensor: Tensor) -> Tensor:
        hidden_states = self.dense(hidden_states)  # expect: JT513@36-49 none "`self.dense` (a `torch.nn.Linear`) takes a Tensor, but `hidden_states` is a `Tuple[Tensor]`"
        hidden_states = self.dropout(hidden_states)
        return hidden_states + input_tensor


def case_tuple_into_linear():
    torch.manual_seed(0)
    return TupleIntoLinear().eval(), (torch.randn(2, 3), torch.randn(2, 3))  # eager passes a Tensor anyway


class OptionalTupleIntoLinear(nn.Module):
    """GPT-2's MLP: ``hidden_states: tuple[torch.Tensor] | None`` into the first layer: no Tensor, refined or not."""

    def __init__(self):
        super().__init__()
        self.c_fc = nn.Linear(3, 3)

    def forward(self, hidden_states: tuple[torch.Tensor] | None) -> Tensor:
        hidden_states = self.c_fc(hidden_states)  # expect: JT513@35-48 none "`self.c_fc` (a `torch.nn.Linear`) takes a Tensor, but `hidden_states` is a `Optional[Tuple[Tensor]]`"
        return hidden_states * 2


def case_optional_tuple_into_linear():
    torch.manual_seed(0)
    return OptionalTupleIntoLinear().eval(), (torch.randn(2, 3),)  # eager passes a Tensor anyway


class NormWithoutP(nn.Module):
    """GroupViT's ``x.norm(dim=-1, keepdim=True)``: eager's ``Tensor.norm`` defaults ``p``, but every aten overload
    that takes ``dim`` needs it. No fix: the message names the argument to pass."""

    def forward(self, x: Tensor) -> Tensor:
        return x / x.norm(dim=-1, keepdim=True)  # expect: JT513@20-26 none "No overload of TorchScript's `Tensor.norm` takes these arguments: each also needs `p`, which has no default there"


def case_norm_without_p():
    torch.manual_seed(0)
    return NormWithoutP().eval(), (torch.randn(2, 3),)


class SeedInForward(nn.Module):
    """Reformer's ``int(torch.seed() % sys.maxsize)``: TorchScript resolves ``torch.seed`` to
    ``aten::seed(Generator self)``, a method of a generator, which no call without one fits."""

    def forward(self, x: Tensor) -> Tensor:
        seed = int(torch.seed() % 1000)  # expect: JT513@20-30 none "No overload of TorchScript's `torch.seed` takes these arguments: each also needs `self`, which has no default there"
        return x + seed


def case_seed_in_forward():
    torch.manual_seed(0)
    return SeedInForward().eval(), (torch.randn(2, 3),)


class MinWithOut(nn.Module):
    """I-BERT's ``torch.min(w, dim=1, out=None)``: eager's ``torch.min`` takes ``out`` beside ``dim``; no aten overload
    takes both, whatever the types. No fix: drop ``out=None``."""

    def forward(self, w: Tensor) -> Tensor:
        w_min, _ = torch.min(w, dim=1, out=None)  # expect: JT513@20-29 none "No overload of TorchScript's `torch.min` takes `dim=`, `out=` together with these positional arguments"
        return w_min


def case_min_with_out():
    torch.manual_seed(0)
    return MinWithOut().eval(), (torch.randn(2, 3),)


class PadToWindow(nn.Module):
    """transformers' Swin V2 / Swin2SR: the pad amounts computed from `height` and `width`, which have no
    annotation (Tensors to TorchScript), gathered in a tuple that `F.pad` takes as its list of ints."""

    def maybe_pad(self, hidden_states: Tensor, height, width) -> Tensor:
        pad_right = (4 - width % 4) % 4
        pad_bottom = (4 - height % 4) % 4
        pad_values = (0, 0, 0, pad_right, 0, pad_bottom)
        return F.pad(hidden_states, pad_values)  # expect: JT513@37-47 none "TorchScript's `torch.nn.functional.pad` takes a list of ints as argument 2 (`pad_values`), not a `Tuple[int, int, int, Tensor, int, Tensor]`, which holds a Tensor"

    def forward(self, x: Tensor) -> Tensor:
        return self.maybe_pad(x, x.size(1), x.size(2))  # expect: JT513@34-43 none "`x.size(1)` is an `int`, but parameter `height` of `self.maybe_pad` has no annotation, so TorchScript types it `Tensor`, and TorchScript does not convert the argument to one"


def case_pad_to_window():
    return PadToWindow().eval(), (torch.randn(1, 3, 5, 2),)


class PadEachSide(nn.Module):
    """transformers' Swin patch embeddings: `pad_values` bound once per side, each in its own `if`; the first call
    reads the first binding, a tuple holding a Tensor computed from the unannotated `width`."""

    def maybe_pad(self, pixel_values: Tensor, height, width) -> Tensor:
        if width % 4 != 0:
            pad_values = (0, 4 - width % 4)
            pixel_values = F.pad(pixel_values, pad_values)  # expect: JT513@48-58 none "TorchScript's `torch.nn.functional.pad` takes a list of ints as argument 2 (`pad_values`), not a `Tuple[int, Tensor]`, which holds a Tensor"
        if height % 4 != 0:
            pad_values = (0, 0, 0, 4 - height % 4)
            pixel_values = F.pad(pixel_values, pad_values)
        return pixel_values

    def forward(self, x: Tensor) -> Tensor:
        return self.maybe_pad(x, torch.tensor(x.size(2)), torch.tensor(x.size(3)))


def case_pad_bound_per_side():
    return PadEachSide().eval(), (torch.randn(1, 3, 5, 6),)


class PositionsFromIds(nn.Module):
    """transformers' RoBERTa family / SeamlessM4T: a static helper whose `padding_idx` has no annotation (a Tensor to
    TorchScript), given the int the module holds."""

    def __init__(self):
        super().__init__()
        self.padding_idx = 1

    @staticmethod
    def create_position_ids(input_ids: Tensor, padding_idx, past_length: int = 0) -> Tensor:
        mask = input_ids.ne(padding_idx).int()
        return (torch.cumsum(mask, dim=1) + past_length) * mask + padding_idx

    def forward(self, input_ids: Tensor) -> Tensor:
        return self.create_position_ids(input_ids, self.padding_idx)  # expect: JT513@52-68 none "`self.padding_idx` is an `int`, but parameter `padding_idx` of `self.create_position_ids` has no annotation, so TorchScript types it `Tensor`, and TorchScript does not convert the argument to one"


def case_positions_from_ids():
    return PositionsFromIds().eval(), (torch.tensor([[1, 3, 4, 1]]),)


def normalize(input_tensors):
    """YOSO: a module-level helper written for a list, unannotated (indexing is a Tensor's too, so the body
    compiles)."""
    return F.normalize(input_tensors[0], p=2.0, dim=-1) + F.normalize(input_tensors[1], p=2.0, dim=-1)


class NormalizeBoth(nn.Module):
    def forward(self, q: Tensor, k: Tensor) -> Tensor:
        both = normalize([q, k])  # expect: JT513@26-32 none "`[q, k]` is a list, but parameter `input_tensors` of `normalize` has no annotation, so TorchScript types it `Tensor`, and TorchScript does not convert the argument to one"
        return both


def case_normalize_both():
    torch.manual_seed(0)
    return NormalizeBoth().eval(), (torch.randn(2, 3), torch.randn(2, 3))


class Heads(nn.Module):
    def forward(self, x: Tensor, num_heads) -> Tensor:
        return x.view(x.size(0), num_heads, -1)


class SplitHeads(nn.Module):
    """A submodule's `forward` given an int past its input, for a parameter without annotation (GPT-Neo's
    `_split_heads(tensor, num_heads, attn_head_size)` called with the module's ints)."""

    def __init__(self):
        super().__init__()
        self.heads = Heads()

    def forward(self, x: Tensor) -> Tensor:
        return self.heads(x, 2)  # expect: JT513@30-31 none "`2` is an `int`, but parameter `num_heads` of `self.heads` has no annotation, so TorchScript types it `Tensor`, and TorchScript does not convert the argument to one"


def case_split_heads():
    torch.manual_seed(0)
    return SplitHeads().eval(), (torch.randn(2, 6),)


class SymmetricScale(nn.Module):
    """The builtin `max` of two tensors: TorchScript converts each to an int (`aten::IntImplicit`) and returns an int,
    which `torch.clamp` does not take (I-BERT's `symmetric_linear_quantization_params`)."""

    def forward(self, low: Tensor, high: Tensor) -> Tensor:
        scale = max(low.abs(), high.abs())
        return torch.clamp(scale, min=1e-8) / 127  # expect: JT513@28-33 none "TorchScript's `torch.clamp` takes a Tensor as argument 1 (`scale`), not an int"


def case_symmetric_scale():
    return SymmetricScale().eval(), (torch.tensor(-0.5), torch.tensor(0.25))


class PositionsConfig:
    def __init__(self, pad_token_id: int):
        self.pad_token_id = pad_token_id


class Positions(nn.Module):
    """A value of the config passed where a helper's parameter has no annotation (the RoBERTa family's
    `create_position_ids_from_input_ids(input_ids, self.padding_idx)`): a config holds no Tensor."""

    def __init__(self, config: PositionsConfig):
        super().__init__()
        self.padding_idx = config.pad_token_id

    @staticmethod
    def position_ids(input_ids, padding_idx):
        mask = input_ids.ne(padding_idx).int()
        return torch.cumsum(mask, dim=1) * mask + padding_idx

    def forward(self, input_ids: Tensor) -> Tensor:
        return self.position_ids(input_ids, self.padding_idx)  # expect: JT513@45-61 none "`self.padding_idx` is a value of the config (never a Tensor), but parameter `padding_idx` of `self.position_ids` has no annotation, so TorchScript types it `Tensor`, and TorchScript does not convert the argument to one"


def case_config_value_for_tensor_parameter():
    return Positions(PositionsConfig(1)).eval(), (torch.tensor([[5, 6, 1, 1]]),)


class PadToSwinWindow(nn.Module):
    """Mask2Former's Swin `maybe_pad`: the pads start as `pad_left = pad_top = 0` (a chained assignment), the others
    are computed from the unannotated `height` (a Tensor), and the tuple holding them is no list of ints."""

    def maybe_pad(self, x: Tensor, height, width: int) -> Tensor:
        pad_left = pad_top = 0
        pad_right = (4 - width % 4) % 4
        pad_bottom = (4 - height % 4) % 4
        pad_values = (0, 0, pad_left, pad_right, pad_top, pad_bottom)
        return F.pad(x, pad_values)  # expect: JT513@25-35 none "TorchScript's `torch.nn.functional.pad` takes a list of ints as argument 2 (`pad_values`), not a `Tuple[int, int, int, int, int, Tensor]`, which holds a Tensor"

    def forward(self, x: Tensor) -> Tensor:
        return self.maybe_pad(x, torch.tensor(x.size(1)), x.size(2))


def case_chained_zero_pads():
    return PadToSwinWindow().eval(), (torch.ones(1, 3, 5, 2),)


class Stage(nn.Module):
    """A stage whose `forward` input has no annotation, so TorchScript types it Tensor (timm's HRNet
    `SequentialList`, given the branches as a list)."""

    def forward(self, x) -> Tensor:
        return x * 2


class Branches(nn.Module):
    """A list built by a comprehension of module calls, given to that Stage: a list whatever its elements are."""

    def __init__(self):
        super().__init__()
        self.transition = nn.ModuleList([nn.Identity(), nn.Identity()])
        self.stage = Stage()

    def forward(self, x: Tensor) -> Tensor:
        xl = [t(x) for t in self.transition]
        return self.stage(xl)  # expect: JT513@27-29 none "`self.stage` (a `Stage`, whose `forward` takes a Tensor `x`) takes a Tensor, but `xl` is a list"


def case_comprehension_for_tensor_input():
    return Branches().eval(), (torch.ones(2),)


class StagedNet(nn.Module):
    """The stage is the first of the pair a helper of `__init__` returns (timm's HRNet
    `self.stage2, channels = self._make_stage(...)`): the engine reads the helper's return statements."""

    def __init__(self):
        super().__init__()
        self.transition = nn.ModuleList([nn.Identity(), nn.Identity()])
        self.stage, self.channels = self._make_stage(2)

    def _make_stage(self, channels: int):
        return Stage(), channels * 2

    def forward(self, x: Tensor) -> Tensor:
        xl = [t(x) for t in self.transition]
        return self.stage(xl)  # expect: JT513@27-29 none "`self.stage` (a `Stage`, whose `forward` takes a Tensor `x`) takes a Tensor, but `xl` is a list"


def case_stage_from_helper():
    return StagedNet().eval(), (torch.ones(2),)


class SinusoidalPositions(nn.Module):
    """An attribute stored from `padding_idx: int | None` in `__init__` (M2M-100 and the SeamlessM4T family): an int
    or None, and neither converts to the Tensor the helper's unannotated parameter is."""

    def __init__(self, padding_idx: Optional[int] = None):
        super().__init__()
        self.padding_idx = padding_idx

    @staticmethod
    def position_ids(input_ids, padding_idx):
        mask = input_ids.ne(padding_idx).int()
        return torch.cumsum(mask, dim=1) * mask + padding_idx

    def forward(self, input_ids: Tensor) -> Tensor:
        return self.position_ids(input_ids, self.padding_idx)  # expect: JT513@45-61 none "`self.padding_idx` is `Optional[int]` (a number or None, never a Tensor), but parameter `padding_idx` of `self.position_ids` has no annotation, so TorchScript types it `Tensor`, and TorchScript does not convert the argument to one"


def case_optional_int_attribute_for_tensor_parameter():
    return SinusoidalPositions(1).eval(), (torch.tensor([[5, 6, 1, 1]]),)
