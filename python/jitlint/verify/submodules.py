"""Why `torch.jit.script` failed, class by class: each distinct submodule class is scripted on its own,
innermost first, so one failing run names every failing class (not just the first error torch meets). Each is
scripted as `scripting.script_model` scripts it (a LightningModule with its own to_torchscript)."""

from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable, Iterator

import torch

from .mapping import Failure, failure_from
from .scripting import script_model


def module_classes(model: torch.nn.Module) -> list[tuple[type, torch.nn.Module]]:
    """One instance per distinct submodule class, deepest (innermost) classes first; the root's class last."""
    depth: dict[type, int] = {}
    first: dict[type, torch.nn.Module] = {}
    order: dict[type, int] = {}

    def walk(module: torch.nn.Module, level: int) -> None:
        cls = type(module)
        if cls not in first:
            first[cls] = module
            order[cls] = len(order)
        depth[cls] = max(depth.get(cls, 0), level)
        for child in module.children():
            walk(child, level + 1)

    walk(model, 0)
    root = type(model)
    classes = sorted(first, key=lambda c: (c is root, -depth[c], order[c]))
    return [(cls, first[cls]) for cls in classes]


def _forget_types(module: torch.nn.Module) -> None:
    """Drop TorchScript's cached concrete types for these classes.

    After a failed `torch.jit.script`, the partly compiled types stay cached, and scripting the same class again
    fails with "Can't redefine method: forward on class ..." instead of the real error.
    """
    store = getattr(getattr(torch.jit, "_recursive", None), "concrete_type_store", None)
    type_store = getattr(store, "type_store", None)
    if not isinstance(type_store, dict):
        return
    for sub in module.modules():
        type_store.pop(type(sub), None)


@contextlib.contextmanager
def _stubbed(classes: list[type]) -> Iterator[None]:
    """Make these classes' forward `@torch.jit.ignore`d, so scripting a parent reveals the parent's own errors."""
    saved: list[tuple[type, bool, Any]] = []
    try:
        for cls in classes:
            original = cls.__dict__.get("forward")
            target = getattr(cls, "forward", None)
            if target is None:
                continue

            @functools.wraps(target)
            def stub(self, *args, __target=target, **kwargs):
                return __target(self, *args, **kwargs)

            saved.append((cls, "forward" in cls.__dict__, original))
            cls.forward = torch.jit.ignore(stub)
        yield
    finally:
        for cls, had, original in reversed(saved):
            if had:
                cls.forward = original
            else:
                with contextlib.suppress(AttributeError):
                    del cls.forward


def analyse_script_failure(
    model: torch.nn.Module, whole: Failure, rules: list, display_file: Callable[[str], str]
) -> list[Failure]:
    """Script each distinct submodule class on its own, innermost first, and list every one that fails."""
    classes = module_classes(model)
    if len(classes) <= 1:
        whole.module_class = type(model).__qualname__
        return [whole]
    failing: list[tuple[type, Failure]] = []
    for cls, instance in classes:
        inside = {type(m) for m in instance.modules()}
        stubs = [c for c, _ in failing if c in inside and c is not cls]
        _forget_types(instance)
        try:
            with _stubbed(stubs):
                script_model(instance)
        except Exception as exc:
            failure = failure_from(exc, "script", rules, display_file)
            failure.module_class = cls.__qualname__
            if stubs:
                names = ", ".join(c.__qualname__ for c in stubs)
                failure.notes.append(
                    f"scripted with the failing {names} stubbed out (forward ignored); may follow from them"
                )
            failing.append((cls, failure))
        finally:
            _forget_types(instance)
    failures: list[Failure] = []
    seen: set[tuple[str, str | None, int | None]] = set()
    for _, failure in failing:
        key = (failure.first_line, failure.file, failure.line)
        if key not in seen:
            seen.add(key)
            failures.append(failure)
    if (whole.first_line, whole.file, whole.line) not in seen:
        whole.module_class = f"{type(model).__qualname__} (whole model)"
        failures.append(whole)
    return failures
