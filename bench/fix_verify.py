#!/usr/bin/env python3
"""How far ``jitlint fix`` takes failing models: fix, script, save, load in LibTorch, match eager.

Every case of the rule fixtures (``tests/rules/*/fires.py``: each ``case_*`` fails ``torch.jit.script``) and every
example (``examples/*.py``: ``build()``) is fixed twice, with safe fixes only and with ``--unsafe-fixes``
(``jitlint._core.fix``, as ``jitlint fix`` applies it), and then followed step by step:

- ``fix``: the fixed file still holds a diagnostic in the case's code (jitlint has no fix for all of it);
- ``eager``: the fixed code, with the original's weights, runs in Python like the original;
- ``script``: ``torch.jit.script`` of the fixed code;
- ``save``: ``torch.jit.save``;
- ``load``: the native loader (``jitlint-loader``, LibTorch in a process without Python) loads and runs it;
- ``match``: its outputs equal the original's eager outputs.

It prints, per mode, how many cases reach the end, and for each that does not, the step and the first error. Not
run by the tests beyond a smoke run on one rule (timings and counts change with the rules); needs torch and the
native loader (built on first use, as ``jitlint verify`` does).

    python3 bench/fix_verify.py                       # every fixture and example
    python3 bench/fix_verify.py --rules JT201,JT101   # some rule fixtures only (no examples)
    python3 bench/fix_verify.py --json -o fv.json
    python3 bench/fix_verify.py --real [--limit N]    # real failing module classes of transformers instead
                                                      # (bench/fix_verify_real.py, which says how)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))

import torch_harness as h  # noqa: E402  (the tests' fixture harness: case discovery, building, comparing)

WORK = ROOT / "build" / "fix-verify"  # fixed copies live in the repository so the harness can import them
STEPS = ("fix", "eager", "script", "save", "load", "match")


def sources(rules: Optional[List[str]]) -> List[Tuple[str, Path, List[str]]]:
    """(label, original file, case factories) for the fixtures (and the examples when no rule is named)."""
    out = []
    for rule_dir in h.rule_dirs():
        if rules and rule_dir.name not in rules:
            continue
        fires = rule_dir / "fires.py"
        if fires.exists():
            out.append((rule_dir.name, fires, h.case_names_in_source(fires)))
    if not rules:
        for example in sorted(h.EXAMPLES_DIR.glob("*.py")):
            out.append((f"examples/{example.stem}", example, ["build"]))
    return out


class Raises:
    """The compiled original raises on the case's inputs."""


def compiled_reference(original: Any, inputs: Tuple[Any, ...], path: Path, rows: Tuple[int, int]) -> Any:
    """What the compiled program computes: the original in eager mode, on the `torch.jit.is_scripting()` side when
    the case's code asks (as the tests' fixed-fixture check does)."""
    import torch

    text = "".join(path.read_text(encoding="utf-8").splitlines(True)[rows[0] - 1 : rows[1]])
    if "is_scripting" not in text:
        return h.run(original, inputs)
    saved = torch.jit.is_scripting
    torch.jit.is_scripting = lambda: True
    try:
        return h.run(original, inputs)
    except Exception:  # noqa: BLE001 - the original itself fails on these inputs when compiled
        return Raises()
    finally:
        torch.jit.is_scripting = saved


def build(module: Any, name: str) -> Tuple[Any, Tuple[Any, ...]]:
    return h.build_case(module, name) if name != "build" else module.build()


def run_mode(unsafe: bool, items: Sequence[Tuple[str, Path, List[str]]], loader: Path) -> List[Dict[str, Any]]:
    import torch

    import jitlint._core as core
    from jitlint.verify import native

    mode = "unsafe" if unsafe else "safe"
    folder = WORK / mode
    shutil.rmtree(folder, ignore_errors=True)
    results: List[Dict[str, Any]] = []
    for label, original_path, cases in items:
        fixed_path = folder / label / original_path.name
        fixed_path.parent.mkdir(parents=True, exist_ok=True)
        outcome = core.fix(original_path.read_bytes(), unsafe=unsafe)
        fixed_path.write_bytes(outcome["output"])
        left = core.check(outcome["output"])
        rows = h.case_regions(fixed_path) if cases != ["build"] else {"build": (1, 10**9)}
        original_module = h.load_file(original_path, prefix=f"fv_{mode}_orig")
        fixed_module = h.load_file(fixed_path, prefix=f"fv_{mode}")
        pending = []  # (result, scripted, inputs, expected) to run natively, one loader process per file
        for name in cases:
            result = {"source": label, "case": name, "mode": mode, "step": None, "error": ""}
            results.append(result)
            first, last = rows[name]
            remaining = sorted({d["code"] for d in left if first <= d["row"] <= last})
            if remaining:
                result.update(step="fix", error="still reported: " + ", ".join(remaining))
                continue
            try:
                original, inputs = build(original_module, name)
                fixed, _ = build(fixed_module, name)
                if isinstance(fixed, torch.nn.Module):
                    fixed.load_state_dict(original.state_dict())
                h.assert_outputs_close(h.run(fixed, inputs), h.run(original, inputs), "fixed, eager")
            except Exception as exc:  # noqa: BLE001 - any failure is this step's result
                result.update(step="eager", error=h.first_line(exc))
                continue
            expected = compiled_reference(original, inputs, fixed_path, rows[name])
            scripted, exc = h.try_script(fixed)
            if exc is not None:
                result.update(step="script", error=h.first_line(exc))
                continue
            pending.append((result, scripted, inputs, expected))
        triples = []
        for result, scripted, inputs, _ in pending:
            stem = folder / label / result["case"]
            model_pt, inputs_pt, outputs_pt = (Path(f"{stem}.{kind}.pt") for kind in ("model", "in", "out"))
            try:
                with h.quiet_torch():
                    torch.jit.save(scripted, str(model_pt))
                torch.save(inputs, str(inputs_pt))
            except Exception as exc:  # noqa: BLE001
                result.update(step="save", error=h.first_line(exc))
                continue
            triples.append((result, (model_pt, inputs_pt, outputs_pt)))
        expected_of = {id(r): e for r, _, _, e in pending}
        for (result, triple), (ok, error) in zip(triples, native.run_loader_batch(loader, [t for _, t in triples])):
            expected = expected_of[id(result)]
            if isinstance(expected, Raises):
                # The compiled original raises on these inputs (its `torch.jit.is_scripting()` side): so must the fix.
                result.update(step="done" if not ok else "match", error="" if not ok else "ran where the original raises")
                continue
            if not ok:
                result.update(step="load", error=error)
                continue
            try:
                h.assert_outputs_close(native.load_outputs(triple[2]), expected, "native loader")
            except AssertionError as exc:
                result.update(step="match", error=str(exc).splitlines()[0])
                continue
            result["step"] = "done"
    return results


def report(results: Sequence[Dict[str, Any]]) -> str:
    lines = []
    for mode in ("safe", "unsafe"):
        rows = [r for r in results if r["mode"] == mode]
        if not rows:
            continue
        done = sum(r["step"] == "done" for r in rows)
        by_step = {s: sum(r["step"] == s for r in rows) for s in STEPS}
        stops = ", ".join(f"{s} {n}" for s, n in by_step.items() if n)
        lines.append(f"{mode:>6}: {done}/{len(rows)} cases fixed, scripted, loaded in LibTorch and matching eager"
                     f"{' (stopped at: ' + stops + ')' if stops else ''}")
    unsafe_rows = [r for r in results if r["mode"] == "unsafe" and r["step"] != "done"]
    if unsafe_rows:
        lines.append("")
        lines.append("not reaching the end with --unsafe-fixes (step: first error):")
        for r in unsafe_rows:
            lines.append(f"  {r['source']}::{r['case']}  {r['step']}: {r['error'][:160]}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", help="rule fixtures to run, comma-separated (default: all, and the examples)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the report")
    ap.add_argument("-o", "--output", help="also write the JSON here")
    ap.add_argument("--real", action="store_true", help="real failing module classes of transformers instead: "
                    "bench/fix_verify_real.py, whose options (--limit N, --models N, --seed S, --labels FILE, "
                    "--jobs N) follow")
    args, rest = ap.parse_known_args(argv)
    if args.real:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import fix_verify_real

        return fix_verify_real.main(rest + ["--json"] * args.json + (["-o", args.output] if args.output else []))
    if rest:
        ap.error("unrecognized arguments: " + " ".join(rest))
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=SyntaxWarning)  # JT902's fixtures compare strings with `is`
    warnings.filterwarnings("ignore", message=".*TorchScript.*deprecated.*")
    from jitlint.verify import build as loader_build

    loader = loader_build.resolve_loader().path
    items = sources(args.rules.split(",") if args.rules else None)
    results = run_mode(False, items, loader) + run_mode(True, items, loader)
    payload = {"cases": len(results) // 2, "results": results}
    if args.output:
        Path(args.output).write_text(json.dumps(payload, indent=1) + "\n")
    print(json.dumps(payload, indent=1) if args.json else report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
