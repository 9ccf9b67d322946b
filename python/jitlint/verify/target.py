"""The target verify runs: parse FILE.py:factory / package.module:factory, import it, build the model and its
example inputs; and the session that undoes every import when verify ends."""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import torch

from .mapping import exception_line


class TargetError(Exception):
    """A bad target or --inputs (missing file, missing factory, factory raising...): exit 2, one line."""


@dataclass
class Spec:
    text: str
    kind: str  # "file" or "module"
    attr: str
    path: Path | None = None
    module: str | None = None

    @property
    def where(self) -> str | None:
        """The file or module, as shown to the user."""
        return display(self.path) if self.path else self.module


@dataclass
class Session:
    """What must be undone when verify ends: sys.path, the user's modules it imported, swapped modules, temp dirs."""

    sys_path: list[str] = field(default_factory=lambda: list(sys.path))
    roots: list[Path] = field(default_factory=list)  # the user's project folders (targets' folders / packages)
    imported: set[str] = field(default_factory=set)  # user modules verify imported (removed again at the end)
    swapped: dict[str, ModuleType] = field(default_factory=dict)  # originals set aside while the fixed copy runs
    temp_dirs: list[Path] = field(default_factory=list)
    keep: bool = False

    def track(self, before: set[str]) -> None:
        """Remember the user's modules imported since `before` (never torch's or another library's)."""
        for name in set(sys.modules) - before:
            if _is_user_module(name, sys.modules.get(name), self.roots + self.temp_dirs):
                self.imported.add(name)

    def close(self) -> None:
        for name in list(sys.modules):
            path = _module_path(sys.modules.get(name))
            if name in self.imported or (path is not None and any(_is_under(path, d) for d in self.temp_dirs)):
                sys.modules.pop(name, None)
        # Originals set aside for the fixed copy go back, unless this run imported them in the first place.
        sys.modules.update({k: v for k, v in self.swapped.items() if k not in self.imported})
        self.swapped.clear()
        sys.path[:] = self.sys_path
        importlib.invalidate_caches()
        if not self.keep:
            for folder in self.temp_dirs:
                shutil.rmtree(folder, ignore_errors=True)


def _is_user_module(name: str, module: ModuleType | None, roots: list[Path]) -> bool:
    if name.startswith(("jitlint_target_", "jitlint_fixed_", "jitlint_inputs_")):
        return True
    if name.split(".")[0] in ("jitlint", "torch"):
        return False
    path = _module_path(module)
    if path is None or path.suffix != ".py" or {"site-packages", "dist-packages"} & set(path.parts):
        return False
    if any(_is_under(path, folder) for folder in _interpreter_folders()):
        return False  # the standard library, even when a project folder holds the interpreter (a root of '/')
    return any(_is_under(path, root) for root in roots)


def _interpreter_folders() -> list[Path]:
    """The standard library's and the installed packages' folders of this interpreter."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    return [Path(p).resolve() for p in {sysconfig.get_path(n) for n in names} if p]


def local_files(session: Session) -> dict[str, Path]:
    """Module name -> source file of every loaded module of the user's project (what was imported from the
    target's folder, or from the folder its top-level package sits in: the target's package and the packages
    beside it, never installed ones): the files --fix copies and fixes, and whose failures `jitlint check` should
    have reported."""
    found: dict[str, Path] = {}
    if not session.roots:
        return found
    root = session.roots[0]
    for name, module in list(sys.modules.items()):
        if not _is_user_module(name, module, [root]) or name.startswith(("jitlint_fixed_", "jitlint_inputs_")):
            continue
        path = _module_path(module)
        if path is not None:
            found[name] = path
    return found


def parse_spec(text: str, what: str = "factory") -> Spec:
    if ":" not in text:
        raise TargetError(f"{text}: expected FILE.py:{what} or package.module:{what}")
    left, attr = text.rsplit(":", 1)
    if not left or not attr.isidentifier():
        raise TargetError(f"{text}: expected FILE.py:{what} or package.module:{what}")
    if left.endswith(".py") or "/" in left or os.sep in left:
        path = Path(left).expanduser()
        if not path.exists():
            raise TargetError(f"{text}: no such file '{left}'")
        if not path.is_file():
            raise TargetError(f"{text}: '{left}' is not a file")
        return Spec(text, "file", attr, path=path.resolve())
    if not all(part.isidentifier() for part in left.split(".")):
        raise TargetError(f"{text}: '{left}' is neither a .py file nor a module name")
    return Spec(text, "module", attr, module=left)


def _module_path(module: ModuleType | None) -> Path | None:
    filename = getattr(module, "__file__", None)
    if not filename:
        return None
    try:
        return Path(filename).resolve()
    except (OSError, RuntimeError):
        return None


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def display(path: Path | str) -> str:
    """A path as shown to the user: relative to the current folder when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _import_file(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses, pickling and inspect.getsource look the module up by name
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _safe_name(stem: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in stem)


def import_spec(spec: Spec, session: Session, prefix: str = "jitlint_target_") -> ModuleType:
    """Import the module a spec names; raise TargetError with one line on failure."""
    before = set(sys.modules)
    try:
        return _import_spec(spec, session, prefix)
    finally:
        session.track(before)


def _import_spec(spec: Spec, session: Session, prefix: str) -> ModuleType:
    importlib.invalidate_caches()
    try:
        if spec.kind == "file":
            assert spec.path is not None
            folder = str(spec.path.parent)
            if folder not in sys.path:
                sys.path.insert(0, folder)  # sibling modules import as they would when run as a script
            session.roots.append(spec.path.parent)
            return _import_file(spec.path, prefix + _safe_name(spec.path.stem))
        assert spec.module is not None
        cwd = os.getcwd()
        if cwd not in sys.path and "" not in sys.path:
            sys.path.insert(0, cwd)  # like `python -m`, the current folder is importable
        try:
            top_spec = importlib.util.find_spec(spec.module.split(".")[0])
        except (ImportError, ValueError):
            top_spec = None
        if top_spec is None:
            raise TargetError(f"{spec.text}: no module named '{spec.module}'")
        if top_spec.origin and top_spec.origin not in ("built-in", "frozen"):
            origin = Path(top_spec.origin).resolve()
            session.roots.append(origin.parent.parent if origin.name == "__init__.py" else origin.parent)
        try:
            return importlib.import_module(spec.module)
        except ModuleNotFoundError as exc:
            if exc.name and spec.module.startswith(exc.name):
                raise TargetError(f"{spec.text}: no module named '{spec.module}'") from None
            raise
    except TargetError:
        raise
    except SyntaxError as exc:
        raise TargetError(f"{spec.text}: cannot import: SyntaxError: {exc.msg} (line {exc.lineno})") from None
    except BaseException as exc:  # user code: anything can happen, never a traceback
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise TargetError(f"{spec.text}: cannot import: {exception_line(exc)}") from None


def get_callable(module: ModuleType, spec: Spec, what: str) -> Callable[[], Any]:
    if not hasattr(module, spec.attr):
        raise TargetError(f"{spec.text}: no {what} named '{spec.attr}' in {spec.where}")
    fn = getattr(module, spec.attr)
    if not callable(fn):
        raise TargetError(f"{spec.text}: '{spec.attr}' in {spec.where} is not callable")
    return fn


def call_user(fn: Callable[[], Any], spec: Spec, what: str) -> Any:
    torch.manual_seed(0)  # the original and the fixed copy get the same random initialisation
    try:
        return fn()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        raise TargetError(f"{spec.text}: {what} raised {exception_line(exc)}") from None


def split_factory_result(result: Any, spec: Spec) -> tuple[torch.nn.Module, Any]:
    if isinstance(result, torch.nn.Module):
        return result, None
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], torch.nn.Module):
        return result[0], result[1]
    raise TargetError(
        f"{spec.text}: the factory returned {type(result).__name__}, expected an nn.Module or (module, example_inputs)"
    )


def as_args(inputs: Any) -> tuple:
    """A tuple is the positional arguments of forward; anything else is its only argument."""
    return inputs if isinstance(inputs, tuple) else (inputs,)


def fresh(value: Any) -> Any:
    """A copy of the inputs for one run (forward may change its arguments in place)."""
    if isinstance(value, torch.Tensor):
        return value.clone()
    if isinstance(value, tuple):
        return tuple(fresh(v) for v in value)
    if isinstance(value, list):
        return [fresh(v) for v in value]
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    return value


def load_target(target: str, inputs: str | None, session: Session) -> tuple[Spec, torch.nn.Module, tuple]:
    """Import the target (and --inputs), call the factory: (spec, model, forward's positional arguments)."""
    spec = parse_spec(target, "factory")
    inputs_spec = parse_spec(inputs, "callable") if inputs else None
    module = import_spec(spec, session)
    factory = get_callable(module, spec, "factory")
    inputs_fn = None
    if inputs_spec is not None:
        same = inputs_spec.kind == spec.kind and inputs_spec.path == spec.path and inputs_spec.module == spec.module
        inputs_module = module if same else import_spec(inputs_spec, session, prefix="jitlint_inputs_")
        inputs_fn = get_callable(inputs_module, inputs_spec, "callable")
    model, example = split_factory_result(call_user(factory, spec, "the factory"), spec)
    if inputs_fn is not None and inputs_spec is not None:
        example = call_user(inputs_fn, inputs_spec, "the inputs callable")
    if example is None:
        raise TargetError(
            f"{spec.text}: no example inputs: return (model, inputs) from the factory or pass --inputs FILE.py:callable"
        )
    return spec, model, as_args(example)
