"""JT306 unsupported-annotation: annotations TorchScript resolves, and unsupported ones it never reads.

``Any``, ``Optional``, ``Union``, ``X | None``, PEP 585 builtins (``list[int]``, bare ``list``, bare ``tuple``),
``Tuple[()]``, ``torch.FloatTensor``, ``torch.device``, string annotations naming a tensor, ``NamedTuple``; and
``torch.Size`` / ``Callable`` / ``Sequence`` in ``__init__``, in methods forward never reaches, at module level, in a
local annotation of a statically dead branch (the IR emitter resolves locals, and skips that branch), and a
``Sequence`` that is this file's alias of ``List``; ``isinstance`` against ``list`` / ``tuple``, against a module
class when the value is a submodule, or against anything under ``if not torch.jit.is_scripting():``.
"""

import collections.abc
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple, Union

import torch
from torch import nn, Tensor

# Module top level is never compiled.
DEFAULT_SHAPE: torch.Size = torch.Size([3, 2])


class Stats(NamedTuple):
    mean: Tensor
    count: int


class Flexible(nn.Module):
    """``Any``, ``Optional``, ``Union``, PEP 604 / 585 forms, ``None`` return helper."""

    def forward(self, x: Tensor, tag: Any, scale: Optional[float], k: Union[int, float], m: int | None,
                ids: list[int], names: dict[str, int]) -> tuple[Tensor, int]:
        self.check(ids)
        n = 0 if m is None else m
        return x * k * (1.0 if scale is None else scale), n + len(ids) + len(names)

    def check(self, ids: list) -> None:
        assert len(ids) >= 0


def case_supported_forms():
    torch.manual_seed(0)
    return Flexible().eval(), (torch.randn(2), "t", 2.0, 3, 1, [1, 2], {"b": 2})


class Typed(nn.Module):
    """Tensor aliases, devices, string annotations, ``Tuple[()]``, bare ``tuple``, ``Dict[str, Any]``, NamedTuple."""

    def forward(self, x: torch.FloatTensor, device: torch.device, extra: Dict[str, Any]) -> Stats:
        y = self.twice(x)
        self.nothing()
        return Stats(y.mean(), len(extra))

    def twice(self, x: "torch.Tensor") -> "Tensor":
        return x * 2

    def nothing(self) -> Tuple[()]:
        return ()

    @torch.jit.export
    def arity(self, pair: tuple) -> int:
        return 2


def case_tensor_aliases_strings_namedtuple():
    torch.manual_seed(0)
    return Typed().eval(), (torch.randn(2), torch.device("cpu"), {"a": 1})


class Reshaper(nn.Module):
    """Unsupported annotations where TorchScript never reads them."""

    def __init__(self, shape: torch.Size = DEFAULT_SHAPE, act: Optional[Callable[[Tensor], Tensor]] = None):
        super().__init__()
        self.shape: List[int] = list(shape)

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            eager_shape: torch.Size = x.shape
            return x.reshape(eager_shape[::-1])
        return x.reshape(self.shape)

    def debug(self, x: Tensor, dims: List[int], fn: Callable[[Tensor], Tensor]) -> torch.Size:
        return x.permute(dims).shape


def case_never_compiled():
    torch.manual_seed(0)
    return Reshaper().eval(), (torch.randn(2, 3),)


Sequence = List  # this file's own alias: TorchScript resolves it to List


class Summer(nn.Module):
    """A ``Sequence`` whose origin is not ``typing``: not reported."""

    def forward(self, x: Tensor, weights: Sequence[float]) -> Tensor:
        return x * sum(weights)


def case_local_alias():
    torch.manual_seed(0)
    return Summer().eval(), (torch.randn(2), [0.5, 0.25])


class OptionalDownsample(nn.Module):
    """`isinstance` types TorchScript resolves: a submodule against its class, `list` / `tuple`; the rest in eager code."""

    def __init__(self):
        super().__init__()
        self.down = nn.Identity()

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        if not torch.jit.is_scripting():
            if isinstance(sizes, collections.abc.Sequence):
                sizes = list(sizes)
        if isinstance(self.down, nn.Identity) and isinstance(sizes, (list, tuple)):
            return x * len(sizes)
        return self.down(x)


def case_isinstance_types():
    return OptionalDownsample().eval(), (torch.randn(2), [1, 2])


class RopeIndexOptional(nn.Module):
    """`Optional[list[int, int]]` goes through Python's `typing`, where torch reads the first element type only."""

    def forward(self, x: Tensor, grid: Optional[list[int, int]] = None) -> Tensor:
        return x


def case_list_of_several_types_in_optional():
    return RopeIndexOptional().eval(), (torch.randn(2),)


class ClipCache:
    """A class TorchScript compiles on its own, annotated the ways it resolves: a dotted name as a whole parameter
    annotation (`torch.device`, `Optional[torch.dtype]`), the name imported, `torch.Tensor` anywhere."""

    def __init__(self, device: torch.device, dtype: Optional[torch.dtype] = None,
                 frames: Tuple[torch.Tensor, int] = (torch.zeros(1), 0)) -> None:
        self.count = frames[1]

    def moved(self, where: Union[torch.device, str]) -> int:
        return self.count


class CachedCount(nn.Module):
    def forward(self, x: Tensor, cache: ClipCache) -> Tensor:
        return x + cache.count


def case_class_annotations_resolved():
    return CachedCount().eval(), (torch.randn(2), ClipCache(torch.device("cpu")))


class LoggedSum(nn.Module):
    """An `@torch.jit.ignore`d helper annotated with types torch's Python reading knows (`torch.Tensor`, `List[int]`,
    `Optional[...]`): the call is typed and scripts (exporting it is JT901's)."""

    def forward(self, x: Tensor) -> Tensor:
        self.log_sum(x, [1, 2], None)  # noqa: JT901 (export is not what this case is about)
        return x

    @torch.jit.ignore
    def log_sum(self, x: torch.Tensor, dims: List[int], scale: Optional[float] = None) -> None:
        pass


def case_ignored_helper_plain_annotations():
    return LoggedSum().eval(), (torch.randn(2),)

