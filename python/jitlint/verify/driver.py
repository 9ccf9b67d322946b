"""The verify pipeline (design.md section 7). This module imports torch; nothing outside verify does.

Steps, each reported with ✓/✗ (or "-" when an earlier failure makes it pointless):

    import           import the original (FILE.py:factory or package.module:factory), build the model
    eager            eval(), run the example inputs twice under no_grad: the reference outputs
    fix              (--fix) fix a copy of the sources, import it, build, load the original's state_dict
    script           torch.jit.script; on failure every failing submodule class, mapped to rules
    save             torch.jit.save(model.pt) + torch.save(inputs.pt)
    original intact  the original eager model still gives the reference outputs, its state_dict is unchanged
    loader           find or build the native loader
    libtorch         run the loader (no Python in its process): torch::jit::load + forward
    compare          native outputs against the reference (torch.testing.assert_close)
    bench            (--bench N) median latency of eager Python and of the native loader
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator

import torch

from . import build as loader_build
from .compare import UnsupportedOutput, check_supported, compare, describe
from .mapping import (
    Failure,
    classify_check,
    first_error_line,
    load_check,
    load_rules,
    location,
    map_error,
)
from .report import EXIT_ERROR, Report, describe_failure, failure_rule, failure_where, format_float

# torch >= 2.11 deprecates TorchScript and warns on every script/save/load.
DEPRECATION_MESSAGE = r"`torch\.jit\.\w+` is deprecated"
LOADER_TIMEOUT = 600.0
BENCH_WARMUP = 3


class TargetError(Exception):
    """A bad target or --inputs (missing file, missing factory, factory raising...): exit 2, one line."""


@dataclass
class Options:
    target: str
    inputs: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    atol: float | None = None
    rtol: float | None = None
    bench: int | None = None
    json: bool = False
    keep: bool = False  # keep the temporary folder (model.pt, inputs.pt, outputs.pt, fixed sources)


@dataclass
class Spec:
    text: str
    kind: str  # "file" or "module"
    attr: str
    path: Path | None = None
    module: str | None = None


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
    return any(_is_under(path, root) for root in roots)


# ---------------------------------------------------------------------------------------------------------------
# targets


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


def _display(path: Path | str) -> str:
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
        raise TargetError(f"{spec.text}: cannot import: {_exc_line(exc)}") from None


def _exc_line(exc: BaseException) -> str:
    text = first_error_line(str(exc)) if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _get_callable(module: ModuleType, spec: Spec, what: str) -> Callable[[], Any]:
    where = _display(spec.path) if spec.path else spec.module
    if not hasattr(module, spec.attr):
        raise TargetError(f"{spec.text}: no {what} named '{spec.attr}' in {where}")
    fn = getattr(module, spec.attr)
    if not callable(fn):
        raise TargetError(f"{spec.text}: '{spec.attr}' in {where} is not callable")
    return fn


def _call_user(fn: Callable[[], Any], spec: Spec, what: str) -> Any:
    torch.manual_seed(0)  # the original and the fixed copy get the same random initialisation
    try:
        return fn()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        raise TargetError(f"{spec.text}: {what} raised {_exc_line(exc)}") from None


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


def snapshot_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict(keep_vars=True).items() if isinstance(v, torch.Tensor)}


def changed_state(model: torch.nn.Module, before: dict[str, torch.Tensor]) -> list[str]:
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


# ---------------------------------------------------------------------------------------------------------------
# script failures


def _failure(exc: BaseException, stage: str, rules: list, display_file: Callable[[str], str]) -> Failure:
    text = str(exc)
    if not isinstance(exc, RuntimeError) and not type(exc).__module__.startswith("torch"):
        text = f"{type(exc).__name__}: {text}"
    file, line = location(text)
    failure = Failure(stage=stage, message=text.strip("\n"), first_line=first_error_line(text), line=line, path=file)
    failure.rule = map_error(text, rules)
    if file is not None:
        failure.file = display_file(file)
    return failure


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
            with _stubbed(stubs), warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=DEPRECATION_MESSAGE)
                torch.jit.script(instance)
        except Exception as exc:
            failure = _failure(exc, "script", rules, display_file)
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


# ---------------------------------------------------------------------------------------------------------------
# --fix


@dataclass
class FixedCopy:
    model: torch.nn.Module
    folder: Path
    files: dict[Path, Path]  # original file -> fixed copy
    changed: list[Path]


def _local_files(session: Session, spec: Spec) -> dict[str, Path]:
    """Module name -> source file of every loaded module of the user's project (the target's folder, or the
    target's top-level package): the files --fix copies and fixes, and whose failures `jitlint check` should
    have reported."""
    found: dict[str, Path] = {}
    if not session.roots:
        return found
    root = session.roots[0]
    top = spec.module.split(".")[0] if spec.module else None
    for name, module in list(sys.modules.items()):
        if not _is_user_module(name, module, [root]) or name.startswith(("jitlint_fixed_", "jitlint_inputs_")):
            continue
        if top is not None and name != top and not name.startswith(top + "."):
            continue
        path = _module_path(module)
        if path is not None:
            found[name] = path
    return found


def make_fixed_copy(
    spec: Spec, original: torch.nn.Module, session: Session, unsafe: bool
) -> tuple[FixedCopy | None, str]:
    """Fix a copy of the sources, import it, build the model, load the original's weights.

    Returns (copy, detail) or (None, why it failed).
    """
    try:
        from jitlint.api import fix_source  # type: ignore[import-not-found]
    except Exception as exc:
        return None, f"unavailable: cannot import jitlint.api.fix_source ({_exc_line(exc)})"
    modules = _local_files(session, spec)
    if not modules:
        return None, "no source files of the model to fix (is it an installed package?)"
    root = session.roots[0]
    folder = Path(tempfile.mkdtemp(prefix="jitlint-verify-fix-"))
    session.temp_dirs.append(folder)
    files: dict[Path, Path] = {}
    changed: list[Path] = []
    for path in sorted(set(modules.values())):
        relative = path.relative_to(root)
        destination = folder / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return None, f"cannot read {_display(path)}: {exc}"
        try:
            fixed = fix_source(source, unsafe=unsafe)
        except Exception as exc:
            return None, f"jitlint's fixer failed on {_display(path)}: {_exc_line(exc)}"
        destination.write_text(fixed, encoding="utf-8")
        files[path] = destination
        if fixed != source:
            changed.append(path)
    # Import the copy under the same module names, so its own imports find the fixed siblings.
    for name, path in modules.items():
        if not name.startswith("jitlint_target_"):
            session.swapped[name] = sys.modules.pop(name)
    sys.path.insert(0, str(folder))
    session.roots.append(folder)
    fixed_path = files.get(spec.path) if spec.path else None
    fixed_spec = Spec(spec.text, spec.kind, spec.attr, path=fixed_path, module=spec.module)
    try:
        module = import_spec(fixed_spec, session, prefix="jitlint_fixed_")
        factory = _get_callable(module, fixed_spec, "factory")
        model, _ = split_factory_result(_call_user(factory, fixed_spec, "the fixed factory"), fixed_spec)
    except TargetError as exc:
        message = str(exc).split(": ", 1)[-1]
        return None, f"the fixed copy: {message}"
    model.eval()
    try:
        model.load_state_dict(original.state_dict())
    except Exception as exc:
        return None, f"the fixed model does not take the original's state_dict: {_exc_line(exc)}"
    names = ", ".join(_display(p) for p in changed) if changed else "nothing to fix"
    detail = f"fixed {len(changed)} of {len(files)} file(s) ({names}), weights loaded from the original"
    return FixedCopy(model, folder, files, changed), detail


# ---------------------------------------------------------------------------------------------------------------
# the native loader


def load_outputs(path: Path) -> Any:
    from torch.jit import _pickle

    allowed = [getattr(_pickle, n) for n in dir(_pickle) if n.startswith(("build_", "restore_type_tag"))]
    with torch.serialization.safe_globals(allowed):
        return torch.load(path, weights_only=True)


def run_loader(
    loader: Path, model_pt: Path, inputs_pt: Path, outputs_pt: Path, bench: int | None
) -> tuple[bool, str, dict[str, Any] | None, float]:
    """Run the loader process. Returns (ok, error line or "", bench result, seconds)."""
    command = [str(loader), str(model_pt), str(inputs_pt), str(outputs_pt)]
    env = dict(os.environ)
    if bench:
        command += ["--bench", str(bench)]
        # As many intra-op threads as eager Python uses (LibTorch reads OMP_NUM_THREADS at start-up), so the two
        # timings compare like with like.
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(torch.get_num_threads())
    start = time.perf_counter()
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=LOADER_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {LOADER_TIMEOUT:.0f} s", None, time.perf_counter() - start
    except OSError as exc:
        return False, f"cannot run {loader}: {exc.strerror or exc}", None, time.perf_counter() - start
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        if proc.returncode < 0:
            try:
                name = signal.Signals(-proc.returncode).name
            except ValueError:
                name = str(-proc.returncode)
            return False, f"the loader crashed ({name})", None, seconds
        lines = [x for x in proc.stderr.splitlines() if x.strip()]
        error = next((x for x in lines if x.startswith("jitlint-loader: error: ")), lines[-1] if lines else "")
        error = error.removeprefix("jitlint-loader: error: ") or f"exit code {proc.returncode}"
        return False, error, None, seconds
    bench_result = None
    if bench:
        import json

        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    bench_result = json.loads(line)
    return True, "", bench_result, seconds


def bench_eager(model: torch.nn.Module, args: tuple, runs: int) -> tuple[float, float]:
    """(median, min) microseconds of `runs` eager forward calls (after a warm-up), under no_grad."""
    times: list[float] = []
    with torch.no_grad():
        for _ in range(min(BENCH_WARMUP, runs)):
            model(*args)
        for _ in range(runs):
            start = time.perf_counter_ns()
            model(*args)
            times.append((time.perf_counter_ns() - start) / 1000.0)
    times.sort()
    n = len(times)
    return (times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2), times[0]


# ---------------------------------------------------------------------------------------------------------------
# the pipeline


def _load_target(options: Options, session: Session) -> tuple[Spec, torch.nn.Module, tuple]:
    spec = parse_spec(options.target, "factory")
    inputs_spec = parse_spec(options.inputs, "callable") if options.inputs else None
    module = import_spec(spec, session)
    factory = _get_callable(module, spec, "factory")
    inputs_fn = None
    if inputs_spec is not None:
        same = inputs_spec.kind == spec.kind and inputs_spec.path == spec.path and inputs_spec.module == spec.module
        inputs_module = module if same else import_spec(inputs_spec, session, prefix="jitlint_inputs_")
        inputs_fn = _get_callable(inputs_module, inputs_spec, "callable")
    model, inputs = split_factory_result(_call_user(factory, spec, "the factory"), spec)
    if inputs_fn is not None and inputs_spec is not None:
        inputs = _call_user(inputs_fn, inputs_spec, "the inputs callable")
    if inputs is None:
        raise TargetError(
            f"{spec.text}: no example inputs: return (model, inputs) from the factory or pass --inputs FILE.py:callable"
        )
    return spec, model, as_args(inputs)


def verify(options: Options, stream=None) -> Report:
    """Run every step; print step lines to `stream` as they finish (None: print nothing).

    Never raises but BrokenPipeError (set JITLINT_TRACEBACK=1 to get the traceback of an internal error).
    """
    report = Report(target=options.target, torch_version=torch.__version__, atol=options.atol, rtol=options.rtol)
    session = Session(keep=options.keep)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=DEPRECATION_MESSAGE)
        try:
            _verify(options, report, session, stream)
        except TargetError as exc:
            report.error = str(exc)
            report.exit_code = EXIT_ERROR
        except BrokenPipeError:
            raise  # the reader went away (`jitlint verify ... | head`): the command line stops quietly
        except Exception as exc:
            if os.environ.get("JITLINT_TRACEBACK"):
                raise
            report.error = f"{options.target}: internal error: {_exc_line(exc)} (a jitlint bug — please report)"
            report.exit_code = EXIT_ERROR
        finally:
            session.close()
    return report


def _verify(options: Options, report: Report, session: Session, stream) -> None:
    spec, model, args = _load_target(options, session)
    report.stream = stream
    report.header()
    where = _display(spec.path) if spec.path else spec.module
    report.passed(
        "import",
        f"{type(model).__qualname__} from {where}:{spec.attr}, {len(args)} input(s) {describe(args)}",
    )
    rules, rules_problem = load_rules()
    check = load_check()
    remaining = ["save", "original intact", "loader", "libtorch", "compare"] + (["bench"] if options.bench else [])

    def skip_rest(names: list[str], why: str) -> None:
        for name in names:
            report.skipped(name, why)

    # eager: the reference
    model.eval()
    try:
        with torch.no_grad():
            reference = model(*fresh(args))
            again = model(*fresh(args))
        check_supported(reference)
    except UnsupportedOutput as exc:
        report.failed("eager", f"cannot compare outputs: {exc}")
        skip_rest((["fix"] if options.fix else []) + ["script"] + remaining, "eager failed")
        return
    except Exception as exc:
        report.failed("eager", f"forward raised {_exc_line(exc)}")
        skip_rest((["fix"] if options.fix else []) + ["script"] + remaining, "eager failed")
        return
    repeat = compare(again, reference, options.atol, options.rtol)
    if not repeat.ok:
        report.failed(
            "eager",
            f"two eager runs differ ({repeat.problem}): forward is random or changes the model's state, so its "
            "outputs cannot be compared",
        )
        skip_rest((["fix"] if options.fix else []) + ["script"] + remaining, "eager is not reproducible")
        return
    report.passed("eager", f"reference outputs {describe(reference)}")
    state_before = snapshot_state(model)

    # --fix
    to_script = model
    checked = {str(path): _display(path) for path in _local_files(session, spec).values()}
    if options.fix:
        fixed, detail = make_fixed_copy(spec, model, session, options.unsafe_fixes)
        if fixed is None:
            report.fix = {"ok": False, "detail": detail}
            report.failed("fix", detail)
            skip_rest(["script"] + remaining, "fix failed")
            return
        report.fix = {
            "ok": True,
            "files": [_display(p) for p in fixed.files],
            "changed": [_display(p) for p in fixed.changed],
            "folder": str(fixed.folder),
        }
        checked = {str(copy.resolve()): _display(orig) for orig, copy in fixed.files.items()}
        with torch.no_grad():
            try:
                fixed_out = fixed.model(*fresh(args))
            except Exception as exc:
                report.failed("fix", f"{detail}; but the fixed model's forward raised {_exc_line(exc)}")
                skip_rest(["script"] + remaining, "fix failed")
                return
        same = compare(fixed_out, reference, options.atol, options.rtol)
        if not same.ok:
            report.failed("fix", f"{detail}; but the fixes changed the eager outputs ({same.problem})")
            skip_rest(["script"] + remaining, "fix failed")
            return
        report.passed("fix", f"{detail}; eager outputs unchanged")
        to_script = fixed.model

    def display_file(path: str) -> str:
        try:
            key = str(Path(path).resolve())
        except OSError:
            key = path
        return checked.get(key, _display(path))

    def finish_failure(failure: Failure) -> Failure:
        failure.after_fix = options.fix
        classify_check(failure, checked, check)
        if options.fix and failure.check == "reported":
            failure.check_detail = f"{failure.check_detail}, but --fix did not fix it"
        if failure.rule is None and rules_problem:
            failure.notes.append(f"rule mapping unavailable: {rules_problem}")
        return failure

    # script
    script_start = time.perf_counter()
    try:
        scripted = torch.jit.script(to_script)
    except Exception as exc:
        whole = _failure(exc, "script", rules, display_file)
        report.torch_error = whole.message
        failures = [finish_failure(f) for f in analyse_script_failure(to_script, whole, rules, display_file)]
        report.failures.extend(failures)
        extra: list[str] = []
        for failure in failures:
            extra.extend(describe_failure(failure))
        if len(failures) > 1:
            names = ", ".join(f.module_class or "?" for f in failures)
            what = f"torch.jit.script failed: {len(failures)} submodule classes fail (innermost first): {names}"
        else:
            only = failures[0]
            what = f"torch.jit.script failed in {only.module_class}: {failure_rule(only)} at {failure_where(only)}"
        report.failed("script", what, extra)
        report.skipped("save", "script failed")
        _original_intact(report, model, args, reference, state_before, options)
        skip_rest([n for n in remaining if n not in ("save", "original intact")], "script failed")
        return
    report.passed("script", f"torch.jit.script in {time.perf_counter() - script_start:.2f} s")

    # save
    folder = Path(tempfile.mkdtemp(prefix="jitlint-verify-"))
    session.temp_dirs.append(folder)
    model_pt, inputs_pt, outputs_pt = folder / "model.pt", folder / "inputs.pt", folder / "outputs.pt"
    try:
        torch.jit.save(scripted, str(model_pt))
    except Exception as exc:
        failure = finish_failure(_failure(exc, "save", rules, display_file))
        report.failures.append(failure)
        report.torch_error = failure.message
        report.failed(
            "save",
            f"torch.jit.save failed: {failure_rule(failure)} at {failure_where(failure)}",
            describe_failure(failure),
        )
        _original_intact(report, model, args, reference, state_before, options)
        skip_rest(["loader", "libtorch", "compare"] + (["bench"] if options.bench else []), "save failed")
        return
    try:
        torch.save(args, str(inputs_pt))
    except Exception as exc:
        report.failed("save", f"model saved, but torch.save of the inputs failed: {_exc_line(exc)}")
        _original_intact(report, model, args, reference, state_before, options)
        skip_rest(["loader", "libtorch", "compare"] + (["bench"] if options.bench else []), "save failed")
        return
    size = model_pt.stat().st_size
    kept = f" in {folder}" if options.keep else ""
    report.passed("save", f"torch.jit.save {_size(size)}, inputs with torch.save{kept}")

    _original_intact(report, model, args, reference, state_before, options)

    # loader
    try:
        loader = loader_build.resolve_loader()
    except loader_build.LoaderError as exc:
        report.failed("loader", str(exc))
        report.exit_code = EXIT_ERROR
        skip_rest(["libtorch", "compare"] + (["bench"] if options.bench else []), "no native loader")
        return
    report.loader = {"path": str(loader.path), "origin": loader.origin, "build_seconds": loader.build_seconds}
    report.passed("loader", loader.describe())

    ok, error, bench_native, seconds = run_loader(loader.path, model_pt, inputs_pt, outputs_pt, options.bench)
    if not ok:
        failure = finish_failure(_failure(RuntimeError(error), "libtorch", rules, display_file))
        if failure.rule is not None:
            report.failures.append(failure)
        extra = [f"→ {failure.rule['code']} {failure.rule['name']}"] if failure.rule else []
        report.failed("libtorch", f"the native loader failed: {error}", extra)
        skip_rest(["compare"] + (["bench"] if options.bench else []), "the native loader failed")
        return
    try:
        native = load_outputs(outputs_pt)
    except Exception as exc:
        report.failed("libtorch", f"cannot read the loader's outputs: {_exc_line(exc)}")
        skip_rest(["compare"] + (["bench"] if options.bench else []), "no native outputs")
        return
    report.passed("libtorch", f"torch::jit::load + forward in a process without Python ({seconds:.2f} s)")

    result = compare(native, reference, options.atol, options.rtol)
    report.max_abs_diff = result.max_abs_diff
    tol = _tolerances(options)
    if result.ok:
        report.passed("compare", f"matches eager: max abs diff {format_float(result.max_abs_diff)} ({tol})")
    else:
        report.failed(
            "compare",
            f"differs from eager: {result.problem}; max abs diff {format_float(result.max_abs_diff)} ({tol})",
        )

    if options.bench:
        eager_us, eager_min = bench_eager(model, args, options.bench)
        native_us = bench_native.get("median_us") if bench_native else None
        report.bench = {
            "runs": options.bench,
            "threads": torch.get_num_threads(),
            "eager_median_us": eager_us,
            "eager_min_us": eager_min,
            "libtorch_median_us": native_us,
            "libtorch_min_us": bench_native.get("min_us") if bench_native else None,
        }
        if native_us is None:
            report.failed("bench", f"eager Python {eager_us:.1f} µs; the loader printed no timing")
        else:
            ratio = eager_us / native_us if native_us else float("inf")
            relative = f"{ratio:.2f}× faster" if ratio >= 1 else f"{1 / ratio:.2f}× slower"
            report.passed(
                "bench",
                f"median of {options.bench} runs: eager Python {eager_us:.1f} µs, LibTorch {native_us:.1f} µs "
                f"(LibTorch {relative})",
            )


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} B"


def _tolerances(options: Options) -> str:
    if options.atol is None and options.rtol is None:
        return "torch's default tolerances"
    return f"atol {options.atol or 0:g}, rtol {options.rtol or 0:g}"


def _original_intact(report: Report, model, args, reference, state_before, options: Options) -> None:
    """After script/save, the original eager model must still give the reference outputs."""
    changed = changed_state(model, state_before)
    try:
        with torch.no_grad():
            after = model(*fresh(args))
    except Exception as exc:
        report.failed("original intact", f"the original model's forward now raises {_exc_line(exc)}")
        return
    result = compare(after, reference, options.atol, options.rtol)
    if result.ok and not changed:
        report.passed(
            "original intact", "the original eager model gives the reference outputs after scripting and saving"
        )
        return
    parts = []
    if not result.ok:
        parts.append(f"its outputs changed ({result.problem})")
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        parts.append(f"its state_dict changed ({shown})")
    report.failed("original intact", "scripting/saving changed the original model: " + "; ".join(parts))
