"""The verify pipeline (design.md section 7). This module imports torch; nothing outside verify does.

Steps, each reported with ✓/✗ (or "-" when an earlier failure makes it pointless):

    import           import the original (FILE.py:factory or package.module:factory), build the model
    eager            eval(), run the example inputs twice under no_grad: the reference outputs
    fix              (--fix) fix a copy of the sources, import it, build, load the original's state_dict
    script           torch.jit.script, or the framework's own entry point (a LightningModule's
                     to_torchscript(method="script")); on failure every failing submodule class, mapped to rules
    save             torch.jit.save(model.pt) + torch.save(inputs.pt)
    original intact  the original eager model still gives the reference outputs, its state_dict is unchanged
    loader           find or build the native loader
    libtorch         run the loader (no Python in its process): torch::jit::load + forward
    compare          native outputs against the reference (torch.testing.assert_close)
    bench            (--bench N) median latency of eager Python and of the native loader
"""

from __future__ import annotations

import os
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch

from . import build as loader_build
from .compare import UnsupportedOutput, changed_state, check_supported, compare, describe, snapshot_state
from .fixed_copy import make_fixed_copy
from .mapping import (
    Failure,
    ProjectCheck,
    check_file,
    classify_check,
    exception_line,
    failure_from,
    load_rules,
    resolved,
)
from .native import bench_eager, load_outputs, run_loader
from .progress import Spinner
from .report import EXIT_ERROR, Report, describe_failure, failure_rule, failure_where, format_float
from .scripting import TORCH_DEPRECATION as DEPRECATION_MESSAGE, entry_point, script_model
from .submodules import analyse_script_failure
from .target import Session, TargetError, display, fresh, load_target, local_files

# Every step, in order; "fix" runs only with --fix, "bench" only with --bench.
STEPS = ("import", "eager", "fix", "script", "save", "original intact", "loader", "libtorch", "compare", "bench")


@dataclass
class Options:
    target: str
    inputs: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    atol: float | None = None
    rtol: float | None = None
    bench: int | None = None
    keep: bool = False  # keep the temporary folder (model.pt, inputs.pt, outputs.pt, fixed sources)


def verify(options: Options, stream=None) -> Report:
    """Run every step; print step lines to `stream` as they finish (None: print nothing).

    Never raises but BrokenPipeError (set JITLINT_TRACEBACK=1 to get the traceback of an internal error).
    """
    report = Report(target=options.target, torch_version=torch.__version__, atol=options.atol, rtol=options.rtol)
    report.stream = stream
    report.spinner = Spinner.for_terminal() if stream is not None else None
    session = Session(keep=options.keep)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=DEPRECATION_MESSAGE)
        try:
            _verify(options, report, session)
        except TargetError as exc:
            report.error = str(exc)
            report.exit_code = EXIT_ERROR
        except BrokenPipeError:
            raise  # the reader went away (`jitlint verify ... | head`): the command line stops quietly
        except Exception as exc:
            if os.environ.get("JITLINT_TRACEBACK"):
                raise
            report.error = f"{options.target}: internal error: {exception_line(exc)} (a jitlint bug — please report)"
            report.exit_code = EXIT_ERROR
        finally:
            if report.spinner is not None:
                report.spinner.stop()
            session.close()
    return report


def _verify(options: Options, report: Report, session: Session) -> None:
    report.begin("import", f"importing {options.target} and building the model")
    spec, model, args = load_target(options.target, options.inputs, session)
    if report.spinner is not None:
        report.spinner.stop()
    report.header()
    report.passed(
        "import",
        f"{type(model).__qualname__} from {spec.where}:{spec.attr}, {len(args)} input(s) {describe(args)}",
    )
    rules, rules_problem = load_rules()
    steps = [step for step in STEPS if (step != "fix" or options.fix) and (step != "bench" or options.bench)]

    def skip_after(step: str, why: str) -> None:
        for name in steps[steps.index(step) + 1 :]:
            report.skipped(name, why)

    def stop(step: str, detail: str, why: str, extra: list[str] | None = None) -> None:
        """`step` failed and nothing after it can run."""
        report.failed(step, detail, extra)
        skip_after(step, why)

    # eager: the reference
    report.begin("eager", "running the eager model twice")
    model.eval()
    try:
        with torch.no_grad():
            reference = model(*fresh(args))
            again = model(*fresh(args))
        check_supported(reference)
    except UnsupportedOutput as exc:
        stop("eager", f"cannot compare outputs: {exc}", "eager failed")
        return
    except Exception as exc:
        stop("eager", f"forward raised {exception_line(exc)}", "eager failed")
        return
    repeat = compare(again, reference, options.atol, options.rtol)
    if not repeat.ok:
        stop(
            "eager",
            f"two eager runs differ ({repeat.problem}): forward is random or changes the model's state, so its "
            "outputs cannot be compared",
            "eager is not reproducible",
        )
        return
    report.passed("eager", f"reference outputs {describe(reference)}")
    state_before = snapshot_state(model)

    # --fix
    # `checked`: each file of the model as torch will name it (resolved) -> the user's file; with --fix, torch
    # names the fixed copies, shown as their originals and checked with the originals' configuration.
    to_script = model
    if options.fix:
        report.begin("fix", "fixing a copy of the model's files and importing it")
        fixed, detail = make_fixed_copy(spec, model, session, options.unsafe_fixes)
        if fixed is None:
            report.fix = {"ok": False, "detail": detail}
            stop("fix", detail, "fix failed")
            return
        report.fix = {
            "ok": True,
            "files": [display(p) for p in fixed.files],
            "changed": [display(p) for p in fixed.changed],
            "applied": {display(p): counts for p, counts in fixed.applied.items()},
            "folder": str(fixed.folder),
        }
        checked = {str(copy.resolve()): orig for orig, copy in fixed.files.items()}
        with torch.no_grad():
            try:
                fixed_out = fixed.model(*fresh(args))
            except Exception as exc:
                stop("fix", f"{detail}; but the fixed model's forward raised {exception_line(exc)}", "fix failed")
                return
        same = compare(fixed_out, reference, options.atol, options.rtol)
        if not same.ok:
            stop("fix", f"{detail}; but the fixes changed the eager outputs ({same.problem})", "fix failed")
            return
        report.passed("fix", f"{detail}; eager outputs unchanged")
        to_script = fixed.model
    else:
        checked = {str(path): path for path in local_files(session).values()}
    # Failures are looked up in `jitlint check` of these files as one project (built on the first failure).
    check_project = ProjectCheck(checked, check_file)

    def display_file(path: str) -> str:
        return display(checked.get(resolved(path), path))

    def finish_failure(failure: Failure) -> Failure:
        failure.after_fix = options.fix
        classify_check(failure, checked, check_project)
        if options.fix and failure.check == "reported":
            if failure.fix_applicability == "unsafe" and not options.unsafe_fixes:
                why = "its fix is unsafe: review it and rerun with --unsafe-fixes"
            elif failure.fix_applicability in ("safe", "unsafe"):
                why = "but --fix did not fix it"
            else:
                why = "jitlint has no automatic fix for it: see `jitlint rule " + str(
                    failure.rule["code"] if failure.rule else "") + "`"
            failure.check_detail = f"{failure.check_detail}; {why}"
        if failure.rule is None and rules_problem:
            failure.notes.append(f"rule mapping unavailable: {rules_problem}")
        return failure

    # script
    script_start = time.perf_counter()
    how = entry_point(to_script)
    report.begin("script", f"{how}")  # torch.jit.script, or the framework's own (a LightningModule's to_torchscript)
    try:
        scripted, how = script_model(to_script)
    except Exception as exc:
        whole = failure_from(exc, "script", rules, display_file)
        report.torch_error = whole.message
        failures = [finish_failure(f) for f in analyse_script_failure(to_script, whole, rules, display_file)]
        report.failures.extend(failures)
        extra: list[str] = []
        for failure in failures:
            extra.extend(describe_failure(failure))
        if len(failures) > 1:
            names = ", ".join(f.module_class or "?" for f in failures)
            what = f"{how} failed: {len(failures)} submodule classes fail (innermost first): {names}"
        else:
            only = failures[0]
            what = f"{how} failed in {only.module_class}: {failure_rule(only)} at {failure_where(only)}"
        report.failed("script", what, extra)
        report.skipped("save", "script failed")
        _original_intact(report, model, args, reference, state_before, options)
        skip_after("original intact", "script failed")
        return
    report.passed("script", f"{how} in {time.perf_counter() - script_start:.2f} s")

    # save
    report.begin("save", "torch.jit.save")
    folder = Path(tempfile.mkdtemp(prefix="jitlint-verify-"))
    session.temp_dirs.append(folder)
    model_pt, inputs_pt, outputs_pt = folder / "model.pt", folder / "inputs.pt", folder / "outputs.pt"
    try:
        torch.jit.save(scripted, str(model_pt))
    except Exception as exc:
        failure = finish_failure(failure_from(exc, "save", rules, display_file))
        report.failures.append(failure)
        report.torch_error = failure.message
        report.failed(
            "save",
            f"torch.jit.save failed: {failure_rule(failure)} at {failure_where(failure)}",
            describe_failure(failure),
        )
        _original_intact(report, model, args, reference, state_before, options)
        skip_after("original intact", "save failed")
        return
    try:
        torch.save(args, str(inputs_pt))
    except Exception as exc:
        report.failed("save", f"model saved, but torch.save of the inputs failed: {exception_line(exc)}")
        _original_intact(report, model, args, reference, state_before, options)
        skip_after("original intact", "save failed")
        return
    size = model_pt.stat().st_size
    kept = f" in {folder}" if options.keep else ""
    report.passed("save", f"torch.jit.save {_size(size)}, inputs with torch.save{kept}")

    _original_intact(report, model, args, reference, state_before, options)

    # loader
    report.begin("loader", "finding the native loader (the first run builds it against this torch: about a minute)")
    try:
        loader = loader_build.resolve_loader()
    except loader_build.LoaderError as exc:
        stop("loader", str(exc), "no native loader")
        report.exit_code = EXIT_ERROR
        return
    report.loader = {"path": str(loader.path), "origin": loader.origin, "build_seconds": loader.build_seconds}
    report.passed("loader", loader.describe())

    report.begin("libtorch", "torch::jit::load + forward in a process without Python")
    ok, error, bench_native, seconds = run_loader(loader.path, model_pt, inputs_pt, outputs_pt, options.bench)
    if not ok:
        failure = finish_failure(failure_from(RuntimeError(error), "libtorch", rules, display_file))
        if failure.rule is not None:
            report.failures.append(failure)
        extra = [f"→ {failure.rule['code']} {failure.rule['name']}"] if failure.rule else []
        stop("libtorch", f"the native loader failed: {error}", "the native loader failed", extra)
        return
    try:
        native = load_outputs(outputs_pt)
    except Exception as exc:
        stop("libtorch", f"cannot read the loader's outputs: {exception_line(exc)}", "no native outputs")
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
        report.begin("bench", f"timing {options.bench} runs of eager Python and of the native loader")
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
        report.failed("original intact", f"the original model's forward now raises {exception_line(exc)}")
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
