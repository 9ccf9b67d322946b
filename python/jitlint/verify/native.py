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
from typing import Any

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
