"""The native loader's run (``loader.cpp``: torch::jit::load + forward in a process without Python), and the
eager timing --bench sets beside it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Sequence

import torch

LOADER_TIMEOUT = 600.0
BENCH_WARMUP = 3


def load_outputs(path: Path) -> Any:
    """The loader's OUTPUTS.pt (`torch::jit::pickle_save`): typed lists and dicts in it are pickled through
    `torch.jit._pickle`'s functions, the only globals `weights_only` is allowed here."""
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
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    bench_result = json.loads(line)
    return True, "", bench_result, seconds


def run_loader_batch(
    loader: Path, cases: Sequence[tuple[Path, Path, Path]], timeout: float = LOADER_TIMEOUT
) -> list[tuple[bool, str]]:
    """Run several (MODEL.pt, INPUTS.pt, OUTPUTS.pt) cases with one loader process (``--batch``): LibTorch starts
    once for all of them. Returns (ok, error line or "") per case, in order; each case's OUTPUTS.pt is written as
    by :func:`run_loader`. A case that crashes the process (or times it out) fails alone: the cases after it run in
    a new process."""
    results: list[tuple[bool, str]] = []
    while len(results) < len(cases):
        rest = cases[len(results):]
        command = [str(loader), "--batch"] + [str(p) for case in rest for p in case]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
            stdout, stderr, code, failure = proc.stdout, proc.stderr, proc.returncode, ""
        except subprocess.TimeoutExpired as exc:
            stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
            stderr, code, failure = "", None, f"timed out after {timeout:.0f} s"
        except OSError as exc:
            return results + [(False, f"cannot run {loader}: {exc.strerror or exc}")] * len(rest)
        done: dict[int, tuple[bool, str]] = {}
        for line in stdout.splitlines():
            head, sep, status = line.partition(": ")
            if sep and head.startswith("case ") and head[5:].isdigit():
                done[int(head[5:])] = (True, "") if status == "ok" else (False, status.removeprefix("error: "))
        got = [done[i] for i in range(len(rest)) if i in done]
        if len(got) != len(done) or len(got) > len(rest):
            raise RuntimeError(f"unexpected --batch output from {loader}:\n{stdout}")
        results += got
        if len(got) == len(rest):
            break
        if not got and code is not None and code > 0:
            # the loader refused the command line (an old loader without --batch, ...): every case gets its error
            lines = [x for x in stderr.splitlines() if x.strip()]
            error = next((x for x in lines if x.startswith("jitlint-loader: error: ")), lines[-1] if lines else "")
            error = error.removeprefix("jitlint-loader: error: ") or f"exit code {code}"
            return results + [(False, error)] * len(rest)
        if code is not None and code < 0:
            try:
                failure = f"the loader crashed ({signal.Signals(-code).name})"
            except ValueError:
                failure = f"the loader crashed ({-code})"
        results.append((False, failure or f"the loader stopped (exit code {code})"))
    return results


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
