"""Compare model outputs: tensors, and tuples/lists/dicts of them (plus the scalars TorchScript returns); and a
model's state_dict before and after."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch

SCALARS = (bool, int, float, complex, str, type(None))


class UnsupportedOutput(Exception):
    pass


@dataclass
class Comparison:
    ok: bool
    max_abs_diff: float | None  # over every numeric leaf; None when there is none
    problem: str | None = None  # the first mismatch, with its path (`output[1]['a']: ...`)


def check_supported(value: Any, path: str = "output") -> None:
    """Raise UnsupportedOutput if `value` is not made of tensors, scalars, tuples, lists and dicts."""
    if isinstance(value, torch.Tensor) or isinstance(value, SCALARS):
        return
    if isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            check_supported(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            check_supported(item, f"{path}[{key!r}]")
        return
    raise UnsupportedOutput(f"{path} is a {type(value).__name__}, not a tensor, scalar, tuple, list or dict")


def describe(value: Any) -> str:
    """A short shape summary: `Tensor[2, 3]`, `(Tensor[2], [Tensor[4]])`, `{'a': Tensor[1]}`."""
    if isinstance(value, torch.Tensor):
        dtype = "" if value.dtype == torch.float32 else f" {str(value.dtype).replace('torch.', '')}"
        return f"Tensor[{', '.join(str(d) for d in value.shape)}]{dtype}"
    if isinstance(value, tuple):
        inner = ", ".join(describe(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(describe(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {describe(v)}" for k, v in value.items()) + "}"
    return repr(value) if isinstance(value, SCALARS) else type(value).__name__


def _max_diff(actual: Any, expected: Any) -> float | None:
    if isinstance(actual, torch.Tensor) and isinstance(expected, torch.Tensor):
        if actual.shape != expected.shape or actual.numel() == 0:
            return None if actual.shape != expected.shape else 0.0
        if actual.dtype == torch.bool or expected.dtype == torch.bool:
            return float((actual != expected).any())
        a = actual.detach().to(torch.float64) if not actual.is_complex() else actual.detach()
        e = expected.detach().to(torch.float64) if not expected.is_complex() else expected.detach()
        diff = (a - e).abs()
        both_nan = torch.isnan(a) & torch.isnan(e) if not a.is_complex() else torch.zeros_like(diff, dtype=torch.bool)
        diff = torch.where(both_nan, torch.zeros_like(diff), diff)
        return float(diff.max())
    if isinstance(actual, (bool, int, float)) and isinstance(expected, (bool, int, float)):
        if isinstance(actual, float) and isinstance(expected, float) and math.isnan(actual) and math.isnan(expected):
            return 0.0
        return abs(float(actual) - float(expected))
    return None


def _leaves(actual: Any, expected: Any, path: str):
    """Yield (path, actual, expected) for matching leaves; raise AssertionError on a structure mismatch."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)):
            raise AssertionError(f"{path}: expected a {type(expected).__name__}, got {describe(actual)}")
        if len(actual) != len(expected):
            raise AssertionError(f"{path}: expected {len(expected)} items, got {len(actual)}")
        for i, (a, e) in enumerate(zip(actual, expected)):
            yield from _leaves(a, e, f"{path}[{i}]")
    elif isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise AssertionError(f"{path}: expected a dict, got {describe(actual)}")
        if set(actual) != set(expected):
            want, got = sorted(map(repr, expected)), sorted(map(repr, actual))
            raise AssertionError(f"{path}: expected keys {want}, got {got}")
        for key in expected:
            yield from _leaves(actual[key], expected[key], f"{path}[{key!r}]")
    else:
        yield path, actual, expected


def compare(actual: Any, expected: Any, atol: float | None = None, rtol: float | None = None) -> Comparison:
    """Compare with `torch.testing.assert_close` leaf by leaf; also the max absolute difference over all leaves.

    atol/rtol: both None gives torch's defaults for each dtype; if only one is given the other is 0.
    """
    tolerances: dict[str, float] = {}
    if atol is not None or rtol is not None:
        tolerances = {"atol": atol or 0.0, "rtol": rtol or 0.0}
    max_diff: float | None = None
    problem: str | None = None
    try:
        leaves = list(_leaves(actual, expected, "output"))
    except AssertionError as exc:
        return Comparison(False, None, str(exc))
    for path, a, e in leaves:
        diff = _max_diff(a, e)
        if diff is not None:
            max_diff = diff if max_diff is None else max(max_diff, diff)
        if problem is not None:
            continue
        if isinstance(e, torch.Tensor) or isinstance(a, torch.Tensor):
            try:
                torch.testing.assert_close(a, e, equal_nan=True, **tolerances)
            except (AssertionError, TypeError, ValueError) as exc:
                problem = f"{path}: {_one_line(str(exc))}"
        elif isinstance(e, float) or isinstance(a, float):
            try:
                torch.testing.assert_close(float(a), float(e), equal_nan=True, **tolerances)
            except (AssertionError, TypeError, ValueError):
                problem = f"{path}: expected {e!r}, got {a!r}"
        elif type(a) is not type(e) or a != e:
            problem = f"{path}: expected {e!r}, got {a!r}"
    return Comparison(problem is None, max_diff, problem)


def _one_line(text: str, limit: int = 300) -> str:
    """assert_close's message on one line, keeping what says how far apart the values are."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    wanted = [x for x in lines if x.startswith(("Mismatched elements", "Greatest absolute difference"))]
    if wanted:
        joined = "; ".join(x.rstrip(".") for x in wanted)
        joined = joined.replace("Mismatched elements: ", "mismatched elements ").replace(
            "Greatest absolute difference: ", "greatest abs diff "
        )
    else:
        joined = "; ".join(lines)
    return joined if len(joined) <= limit else joined[: limit - 3] + "..."


def snapshot_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict(keep_vars=True).items() if isinstance(v, torch.Tensor)}


def changed_state(model: torch.nn.Module, before: dict[str, torch.Tensor]) -> list[str]:
    """The state_dict keys added, removed or changed (shape, dtype or values) since `snapshot_state`."""
    now = model.state_dict(keep_vars=True)
    changed = [k for k in before if k not in now]
    changed += [k for k in now if k not in before]
    for key, old in before.items():
        new = now.get(key)
        if isinstance(new, torch.Tensor) and (
            new.shape != old.shape or new.dtype != old.dtype or not torch.equal(new.detach(), old)
        ):
            changed.append(key)
    return changed
