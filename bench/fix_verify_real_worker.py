#!/usr/bin/env python3
"""The worker of ``fix_verify_real.py`` (``fix_verify.py --real``), one process per model type and side:

    python3 bench/fix_verify_real_worker.py TASK_JSON

TASK: ``model`` (a transformers model type), ``cases`` (candidate classes, as fix_verify_real.py lists them),
``first_errors`` (the path of first_errors.py, whose builder is used), ``copy`` ("" for the original side, else the
folder holding a fixed ``transformers`` copy, put first on ``sys.path``). The model is built as first_errors.py
builds it, with seed 0, and the first instance of each case's class is taken (the one torch's label comes from).

- original side: saves the instance's ``state_dict``, its inputs and its eager outputs under
  ``build/fix-verify/real/ref/<class>/``;
- fixed side: loads that ``state_dict``, checks the eager outputs (step ``eager``), then scripts and saves it in a
  forked child (steps ``script``, ``save``), under ``<copy>/out/<class>/``.

Prints one JSON object (class -> result) as its last line.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "python")]

import ecosystem as eco  # noqa: E402  (warnings, first_line, error_location)

WORK = ROOT / "build" / "fix-verify" / "real"
RECIPES = {"hidden_states": "hidden", "input_tensor": "hidden", "input_ids": "ids", "pixel_values": "pixels",
           "attention_mask": "mask"}  # a mask only where it is required (an optional one may want 4 dimensions)


def load_first_errors(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("first_errors", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def case_dir(base: Path, cls: str) -> Path:
    return base / cls.removeprefix("transformers.models.")


def plain(x: Any) -> Any:
    """Outputs as tuples, lists, dicts and tensors (a transformers ModelOutput becomes its dict)."""
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(plain(v) for v in x) if type(x) in (list, tuple) else tuple(plain(v) for v in x)
    return x


def make_inputs(sub: Any, config: Any) -> Tuple[Optional[tuple], Any, str]:
    """(inputs, eager outputs, "") for the instance, or (None, None, why not)."""
    import torch
    import torch_harness as h
    from transformers import PretrainedConfig

    params, unknown, passing = [], [], True
    for p in inspect.signature(sub.forward).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if passing and p.name in RECIPES and p.kind != p.KEYWORD_ONLY and (
                p.default is p.empty or RECIPES[p.name] != "mask"):
            params.append(p)  # required or not, a leading parameter the config gives a shape for is passed
            continue
        passing = False  # by position: nothing after a parameter left to its default
        if p.default is p.empty:
            unknown.append(p.name)
    if unknown:
        return None, None, "no inputs: no shape for " + ", ".join(unknown)
    configs = [config] + [v for v in vars(config).values() if isinstance(v, PretrainedConfig)]
    error = ""
    for cfg in configs:
        torch.manual_seed(0)
        try:
            inputs = []
            for p in params:
                kind = RECIPES[p.name]
                if kind == "hidden":
                    inputs.append(torch.randn(2, 7, cfg.hidden_size))
                elif kind == "ids":
                    inputs.append(torch.randint(0, cfg.vocab_size, (2, 7)))
                elif kind == "mask":
                    inputs.append(torch.ones(2, 7, dtype=torch.long))
                else:
                    size = cfg.image_size if isinstance(cfg.image_size, int) else cfg.image_size[0]
                    inputs.append(torch.randn(2, cfg.num_channels, size, size))
            return tuple(inputs), plain(h.run(sub, inputs)), ""
        except Exception as exc:  # noqa: BLE001 - this config does not fit: the next one may
            error = eco.first_line(f"{type(exc).__name__}: {exc}")
    return None, None, "no inputs: the original fails on them (" + error[:120] + ")"


def in_child(fn: Any, timeout: int = 300) -> Dict[str, Any]:
    """``fn()`` in a forked child: a failed compilation leaves its types in the process (first_errors.py does so)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        signal.alarm(timeout)
        try:
            out = fn()
        except BaseException as exc:  # noqa: BLE001 - the child reports everything
            out = {"step": "script", "error": f"{type(exc).__name__}: {exc}"[:300]}
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else {"step": "script", "error": "the scripting process died"}


def script_and_save(sub: Any, out: Path, has_inputs: bool) -> Dict[str, Any]:
    import torch

    import torch_harness as h

    scripted, exc = h.try_script(sub)
    if exc is not None:
        where = eco.error_location(str(exc))
        at = f" ({os.path.relpath(where[0], out.parents[1])}:{where[1]})" if where else ""
        why = next((ln.strip() for ln in str(exc).splitlines() if ln.strip().startswith("Expected a")), "")
        return {"step": "script", "error": h.first_line(exc)[:200] + at + (": " + why[:150] if why else "")}
    try:
        torch.jit.save(scripted, str(out / "model.pt"))
        if not has_inputs:  # loaded natively inside a wrapper that never calls it
            torch.jit.save(torch.jit.script(Probe(scripted)), str(out / "probe.pt"))
    except Exception as exc:  # noqa: BLE001
        return {"step": "save", "error": h.first_line(exc)[:200]}
    return {"step": None}


def worker_main(task: Dict[str, Any]) -> None:
    """Build task["model"] with first_errors.py's builder, from the fixed copy when task["copy"] names one; for each
    case, the original side saves weights, inputs and eager outputs, the fixed side checks eager, scripts, saves."""
    eco.quiet_warnings()
    import logging

    logging.disable(logging.WARNING)
    if task["copy"]:
        sys.path.insert(0, task["copy"])
    import torch

    import torch_harness as h
    import transformers

    assert not task["copy"] or transformers.__file__.startswith(task["copy"]), transformers.__file__
    scope: Dict[str, Any] = {}
    exec(load_first_errors(Path(task["first_errors"])).BUILD["transformers"], scope)
    res: Dict[str, Any] = {}
    try:
        torch.manual_seed(0)
        model = scope["build"](task["model"]).eval()
    except Exception as exc:  # noqa: BLE001
        print(json.dumps({c["cls"]: {"step": "eager", "error": "build: " + eco.first_line(str(exc))[:200]}
                          for c in task["cases"]}))
        return
    first: Dict[str, Any] = {}
    for sub in model.modules():
        first.setdefault(f"{type(sub).__module__}.{type(sub).__qualname__}", sub)
    for c in task["cases"]:
        ref, sub = case_dir(WORK / "ref", c["cls"]), first.get(c["cls"])
        if sub is None:
            res[c["cls"]] = {"step": "eager", "error": "no instance of the class in the built model"}
            continue
        try:
            if not task["copy"]:
                ref.mkdir(parents=True, exist_ok=True)
                torch.save(sub.state_dict(), ref / "state.pt")
                inputs, outputs, why = make_inputs(sub, model.config)
                torch.save(inputs if inputs is not None else (), ref / "in.pt")
                torch.save(outputs, ref / "expected.pt")
                res[c["cls"]] = {"inputs": inputs is not None, "why": why}
                continue
            sub.load_state_dict(torch.load(ref / "state.pt"))
            if c["inputs"]:
                inputs = torch.load(ref / "in.pt")
                h.assert_outputs_close(plain(h.run(sub, inputs)), torch.load(ref / "expected.pt", weights_only=False),
                                       "fixed, eager")
        except Exception as exc:  # noqa: BLE001 - any failure is this step's result
            res[c["cls"]] = {"step": "eager", "error": eco.first_line(f"{type(exc).__name__}: {exc}")[:200]}
            continue
        out = case_dir(Path(task["copy"]) / "out", c["cls"])
        out.mkdir(parents=True, exist_ok=True)
        res[c["cls"]] = in_child(lambda: script_and_save(sub, out, c["inputs"]))
    print(json.dumps(res), flush=True)


def probe_class() -> type:
    import torch

    class Probe(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self) -> torch.Tensor:
            return torch.zeros(1)

    return Probe


def Probe(inner: Any) -> Any:  # noqa: N802 - reads as the class it builds
    return probe_class()(inner)


if __name__ == "__main__":
    worker_main(json.loads(sys.argv[1]))
