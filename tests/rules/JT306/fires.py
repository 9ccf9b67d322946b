"""JT306 unsupported-annotation: annotations of compiled code that TorchScript's type parser cannot resolve.

``torch.Size`` (``Unknown type name 'torch.Size'``), protocol types from ``typing`` / ``collections.abc``
(``Unknown type constructor Sequence``), modules and NumPy types as annotations, ``object``, bare ``List``,
variable-length ``Tuple[int, ...]`` (``Expression of type dots cannot be used in a type expression``) and, inside
``Optional[...]``, the whole annotation (``... could not be resolved because ...``).
"""

import collections.abc
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

try:
    import numpy as np
except ImportError:  # torch does not need numpy; the annotation below stays a string, read by TorchScript only
    np = None
import torch
from torch import nn, Tensor


class Reshaper(nn.Module):
    """``torch.Size`` parameter of forward."""

    def forward(self, x: Tensor, shape: torch.Size) -> Tensor:  # expect: JT306@41-51 unsafe "`torch.Size` is not a type TorchScript knows; annotate `List[int]`"
        return x.reshape(shape)


def case_size_parameter():
    torch.manual_seed(0)
    return Reshaper().eval(), (torch.randn(2, 3), [3, 2])


class Gate(nn.Module):
    """``torch.tensor`` (the factory function) written for the class ``torch.Tensor``, as UniSpeech-SAT's encoder."""

    def forward(self, hidden_states: torch.tensor) -> Tensor:  # expect: JT306@38-50 safe "`torch.tensor` is a function, not a type; annotate `torch.Tensor`"
        return hidden_states.sigmoid() * hidden_states


def case_tensor_function_annotation():
    torch.manual_seed(0)
    return Gate().eval(), (torch.randn(2, 3),)


class Scaler(nn.Module):
    """``Sequence[float]`` in a helper reached from forward."""

    def forward(self, x: Tensor) -> Tensor:
        return self.scale(x, [0.5, 2.0])

    def scale(self, x: Tensor, factors: Sequence[float]) -> Tensor:  # expect: JT306@41-56 unsafe "`Sequence[float]` is not a type TorchScript knows; annotate `List[float]`"
        return x * factors[0] + factors[1]


def case_sequence_in_helper():
    torch.manual_seed(0)
    return Scaler().eval(), (torch.randn(2),)


def batch_dims(x: Tensor) -> Tuple[int, ...]:  # expect: JT306@30-45 unsafe "Variable-length `Tuple[int, ...]` is not supported by TorchScript; annotate `List[int]`"
    """Module-level helper compiled through forward; variable-length tuple return."""
    return x.shape


class Flattener(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x.reshape(-1) * len(batch_dims(x))


def case_tuple_ellipsis_return():
    torch.manual_seed(0)
    return Flattener().eval(), (torch.randn(2, 3),)


class Padder(nn.Module):
    """``Optional[torch.Size]`` local annotation: torch reports the whole ``Optional``; jitlint the ``torch.Size``."""

    def forward(self, x: Tensor, flat: bool) -> Tensor:
        shape: Optional[torch.Size] = None  # expect: JT306@25-35 unsafe "`torch.Size` is not a type TorchScript knows; annotate `List[int]`"
        if not flat:
            shape = x.shape
        if shape is None:
            return x.reshape(-1)
        return x.reshape(shape)


def case_optional_size_local():
    torch.manual_seed(0)
    return Padder().eval(), (torch.randn(2, 3), False)


class Activation(nn.Module):
    """A callable parameter in an ``@torch.jit.export`` method: no fix."""

    def forward(self, x: Tensor) -> Tensor:
        return x

    @torch.jit.export
    def apply(self, x: Tensor, fn: Callable[[Tensor], Tensor]) -> Tensor:  # expect: JT306@36-62 none "`Callable[...]` is not a type TorchScript knows"
        return fn(x)


def case_callable_export():
    torch.manual_seed(0)
    return Activation().eval(), (torch.randn(2),)


class Runner(nn.Module):
    """A module passed as an argument."""

    def __init__(self):
        super().__init__()
        self.block = nn.Linear(3, 3)

    def forward(self, x: Tensor) -> Tensor:
        return self.run(self.block, x)

    def run(self, block: nn.Module, x: Tensor) -> Tensor:  # expect: JT306@26-35 none "`nn.Module` is not a type TorchScript knows as an annotation"
        return block(x)


def case_module_parameter():
    torch.manual_seed(0)
    return Runner().eval(), (torch.randn(2, 3),)


class Counter(nn.Module):
    """Bare ``List`` and a NumPy return type."""

    def forward(self, x: Tensor, ids: List) -> Tensor:  # expect: JT306@39-43 none "`List` without contained types is not supported by TorchScript; write `List[T]`"
        return x * len(ids)

    @torch.jit.export
    def as_array(self, x: Tensor) -> "np.ndarray":  # expect: JT306@38-50 none "`\"np.ndarray\"` is not a type TorchScript knows"
        return x.numpy()  # expect: JT506@16-23 none "`x.numpy` is not supported by TorchScript, whose Tensor has no `numpy`"


def case_bare_list_and_numpy():
    torch.manual_seed(0)
    return Counter().eval(), (torch.randn(2), [1, 2])


class Lookup(nn.Module):
    """``object`` nested in a ``Dict`` and a ``collections.abc.Iterable`` local."""

    def forward(self, x: Tensor, table: Dict[str, object]) -> Tensor:  # expect: JT306@51-57 none "`object` is not a type TorchScript knows"
        keys: collections.abc.Iterable[str] = list(table.keys())  # expect: JT306@15-44 unsafe "`collections.abc.Iterable[str]` is not a type TorchScript knows; annotate `List[str]`"
        return x * len(keys)


def case_object_and_abc_iterable():
    torch.manual_seed(0)
    return Lookup().eval(), (torch.randn(2), {"a": 1})


class Quoted(nn.Module):
    """A string annotation naming ``torch.Size``."""

    def forward(self, x: Tensor, shape: "torch.Size") -> Tensor:  # expect: JT306@41-53 none "`\"torch.Size\"` is not a type TorchScript knows; annotate `List[int]`"
        return x.reshape(shape)


def case_string_annotation():
    torch.manual_seed(0)
    return Quoted().eval(), (torch.randn(2, 3), torch.Size([3, 2]))


def histogram(ids: List[int]) -> Dict:  # expect: JT306@34-38 none "`Dict` without contained types is not supported by TorchScript; write `Dict[K, V]`"
    """Bare ``Dict`` return annotation of a helper reached from forward."""
    counts: Dict[int, int] = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    return counts


class Histogram(nn.Module):
    def forward(self, x: Tensor, ids: List[int]) -> Tensor:
        return x * len(histogram(ids))


def case_bare_dict_return():
    torch.manual_seed(0)
    return Histogram().eval(), (torch.randn(2), [1, 1, 2])


class DetectionLoss(nn.Module):
    """A PEP 604 union (`X | None`) of a list of bare dicts, as detection heads annotate their labels."""

    def forward(self, x: Tensor, labels: list[dict] | None = None) -> Tensor:  # expect: JT306@47-51 none "`dict` is not a type TorchScript knows; annotate `Dict[K, V]`"
        return x if labels is None else x * len(labels)


def case_union_of_bare_dicts():
    return DetectionLoss().eval(), (torch.randn(2),)


class AttentionDispatch(nn.Module):
    """An annotated local (transformers' `attention_interface: Callable = ...`): the annotation is removed, safely
    (Python never evaluates a local's annotation); TorchScript then types the local from its value."""

    def forward(self, x: Tensor) -> Tensor:
        scales: dict = {"q": 2.0, "k": 0.5}  # expect: JT306@17-21 safe "`dict` is not a type TorchScript knows; annotate `Dict[K, V]`"
        return x * scales["q"] + scales["k"]


def case_annotated_local():
    torch.manual_seed(0)
    return AttentionDispatch().eval(), (torch.randn(2),)


class RopeBySize(nn.Module):
    """timm's NaFlex rope iterator: embeddings keyed by grid size, a tuple."""

    def forward(self, x: Tensor, by_size: Dict[Tuple[int, int], int]) -> Tensor:  # expect: JT306@43-69 none "`Dict[Tuple[int, int], int]` has a `Tuple[int, int]` key: TorchScript dicts take only int, float, complex, Tensor, device and str keys"
        return x * len(by_size)


def case_tuple_keyed_dict():
    return RopeBySize().eval(), (torch.randn(2), {(1, 2): 3})


class PatchEmbed(nn.Module):
    """transformers' DINOv3: `isinstance` of a config value against a protocol type from `typing`."""

    def __init__(self, patch_size: int = 2):
        super().__init__()
        self.patch_size = patch_size

    def forward(self, x: Tensor) -> Tensor:
        size = self.patch_size if isinstance(self.patch_size, Iterable) else self.patch_size  # expect: JT306@63-71 none "`Iterable` in `isinstance` is not a type TorchScript knows (it resolves the types there as annotations)"
        return x * size


def case_isinstance_protocol():
    return PatchEmbed().eval(), (torch.randn(2),)


class RopeIndex(nn.Module):
    """A list of three element types in a `|` union (the Qwen-VL family's `grid_thw: list[int, int, int] |
    torch.Tensor`): torch parses the union itself and wants one element type."""

    def forward(self, x: Tensor, grid_thw: list[int, int, int] | torch.Tensor) -> Tensor:  # expect: JT306@44-63 none "`list[int, int, int]` names 3 element types, and a TorchScript list has one (`list[int]`); use a tuple for a fixed length"
        return x


def case_list_of_several_types_in_union():
    return RopeIndex().eval(), (torch.randn(2), torch.tensor([1, 2, 2]))


class FrameCache:
    """A class TorchScript compiles on its own (the SAM 2 video family's inference caches): torch resolves its
    annotations by their whole spelling, and `torch.device` inside a `|` union is none."""

    def __init__(self, device: torch.device | str = "cpu") -> None:  # expect: JT306@32-44 none "`torch.device` cannot be resolved in class `FrameCache`: TorchScript finds a dotted name in a class's annotations only where it is a whole parameter annotation; import the name (`from torch import device`)"
        self.frames = 0


class CachedClip(nn.Module):
    def forward(self, x: Tensor, cache: FrameCache) -> Tensor:
        return x + cache.frames


def case_dotted_name_in_class_union():
    return CachedClip().eval(), (torch.randn(2), FrameCache())


class DistributionHead(nn.Module):
    """A `torch.distributions` class as an annotation (the time-series models' `nll(input:
    torch.distributions.Distribution, ...)`): torch compiles the class and stops in its code."""

    def forward(self, x: Tensor) -> Tensor:
        return self.nll(x, x)

    def nll(self, input: torch.distributions.Distribution, target: Tensor) -> Tensor:  # expect: JT306@26-58 none "`torch.distributions.Distribution` is a class TorchScript cannot compile (its code uses `try` and `*args`); keep distributions out of compiled code and pass their parameters as tensors"
        return target


def case_distribution_annotation():
    return DistributionHead().eval(), (torch.randn(2),)


class LoggedShape(nn.Module):
    """An `@torch.jit.ignore`d helper: torch never compiles its body, but types the call from its annotations, read as
    Python objects, and `torch.Size` is none it knows."""

    def forward(self, x: Tensor) -> Tensor:
        self.log_shape(x, x.shape)  # expect: JT306@9-23 none "`self.log_shape` is called as Python (`log_shape` is `@torch.jit.ignore`d), and torch types the call from its annotations, read as Python objects: `torch.Size` is not a type TorchScript knows; annotate `List[int]`" JT901@9-23 none "`self.log_shape` is `@torch.jit.ignore`d, so this call stays a Python call that `torch.jit.save` cannot export"
        return x

    @torch.jit.ignore
    def log_shape(self, x: Tensor, shape: torch.Size) -> None:
        pass


def case_ignored_helper_annotation():
    return LoggedShape().eval(), (torch.randn(2),)
