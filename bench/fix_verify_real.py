#!/usr/bin/env python3
"""``fix_verify.py --real``: how far ``jitlint fix`` takes real failing module classes of transformers.

Candidates: module classes of ``transformers/models`` that fail ``torch.jit.script`` alone, where jitlint reports
torch's first error with a fix, i.e. a diagnostic with a fix (safe or unsafe) within 2 lines of that place (as
``first_errors.py score`` counts a hit) whose rule documents torch's error text. Where torch stops comes from
``../shared/tools/first_errors.py``: its ``label`` worker builds each model type from its default config shrunk to
tiny sizes (``AutoModel.from_config``) and scripts the first instance of every module class alone. Labelling all 804
model types takes half an hour or more on 2 cores, so by default a seeded sample of ``--models`` types is labelled
(``--save-labels`` keeps it); ``--labels FILE`` takes such a file or a ``first_errors.py label`` output instead.

Per mode (safe fixes only; ``--unsafe-fixes``) the installed ``transformers`` is copied to
``build/fix-verify/real/<mode>/transformers`` and one ``jitlint fix`` rewrites the files holding the candidates and
torch's first errors. Each candidate is then followed step by step (fix_verify_real_worker.py builds and scripts):

- ``fix``: jitlint still reports a diagnostic inside the class or at torch's first error (within 2 lines, followed
  into the fixed file), or the fix changed neither the class nor the lines of torch's first error;
- ``eager``: the class built from the copy (same model type, same shrunk config, same seed, in a process that
  imports the copy) takes the original's ``state_dict`` and computes what the original computes;
- ``script`` (torch's first error), ``save``: ``torch.jit.script`` / ``torch.jit.save`` of that instance;
- ``load``: the native loader (``jitlint-loader``, LibTorch without Python) loads it and runs it;
- ``match``: its outputs equal the original's eager outputs.

Inputs are built only where the forward's leading parameters have a shape the config gives and every other
parameter has a default: ``hidden_states``/``input_tensor`` (batch, seq, hidden_size), ``input_ids`` (batch, seq)
below ``vocab_size``, ``pixel_values`` (batch, num_channels, image_size, image_size), a required ``attention_mask``
(batch, seq) of ones. The model's config, then its sub-configs, are tried in order: the first the original runs on
gives the inputs. A class without such inputs is loaded natively inside a wrapper module that holds it without
calling it, and ends at ``match`` as "no inputs" (counted apart).

    python3 bench/fix_verify.py --real                    # 120 model types sampled with seed 0
    python3 bench/fix_verify.py --real --limit 10         # the first 10 candidates only
    python3 bench/fix_verify.py --real --labels labels.json --json -o real.json
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import datetime
import difflib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "python")]

import ecosystem as eco  # noqa: E402  (jitlint command, site-packages, warnings, first_line)
from fix_verify_real_worker import WORK, case_dir, load_first_errors  # noqa: E402

FIRST_ERRORS = ROOT.parent / "shared" / "tools" / "first_errors.py"
STEPS = ("fix", "eager", "script", "save", "load", "match")
START = time.monotonic()
NEAR = 2  # lines between torch's first error and a diagnostic, as first_errors.py score counts a hit


def say(msg: str) -> None:
    eco.log(f"fix_verify --real [{time.monotonic() - START:4.0f} s]: {msg}")


# ------------------------------------------------------------------------------------------------- candidates


def label(fe: Any, models: int, seed: int, jobs: int) -> Dict[str, Any]:
    """first_errors.py's label worker over a seeded sample of model types (batches of 10, ``jobs`` at once)."""
    ns = argparse.Namespace(suite="transformers", python=sys.executable, stubs=str(eco.STUBS_DIR))
    names = json.loads(fe.worker(ns, "names")[-1])
    picked = sorted(random.Random(seed).sample(names, min(models, len(names))))
    batches = [picked[i:i + 10] for i in range(0, len(picked), 10)]
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        outs = list(pool.map(lambda b: fe.worker(ns, json.dumps(b)), batches))
    classes, seen, builds = [], set(), 0
    for line in (x for out in outs for x in out):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if "build_error" in rec:
            builds += 1
        elif rec["cls"] not in seen:  # two batches can meet the same class: the earlier batch's instance counts
            seen.add(rec["cls"])
            classes.append(rec)
    return {"models": len(picked), "build_errors": builds, "classes": classes, "seed": seed}


def class_node(path: Path, name: str) -> Optional[ast.ClassDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return next((n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == name), None)


def class_span(node: ast.ClassDef) -> Tuple[int, int]:
    return min([node.lineno] + [d.lineno for d in node.decorator_list]), node.end_lineno or node.lineno


def torch_place(rec: Dict[str, Any], lib: Path) -> Tuple[str, int]:
    """Where torch stopped. torch 2.13 names the file of a base class (``GradientCheckpointingLayer`` in
    ``modeling_layers.py``) with the line of the subclass's own ``forward``: a line inside the class's span, in the
    file of one of its direct bases, is moved back to the class's file."""
    where, line = rec["loc"]
    if where != rec["file"] and rec["span"][0] <= line <= rec["span"][1]:
        node = class_node(lib / rec["file"], rec["cls"].rsplit(".", 1)[1])
        bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in (node.bases if node else [])}
        there = ast.parse((lib / where).read_text(encoding="utf-8")).body
        if bases & {n.name for n in there if isinstance(n, ast.ClassDef)}:
            return rec["file"], line
    return where, line


def lint(paths: Sequence[Path], fix: Optional[str] = None) -> List[Dict[str, Any]]:
    """``jitlint check`` (JSON) of ``paths`` as one invocation, or ``jitlint fix`` (``fix`` = safe / unsafe)."""
    cmd = eco.jitlint_cmd() + (["fix", "-q"] + (["--unsafe-fixes"] if fix == "unsafe" else []) if fix else
                               ["check", "--output-format", "json"])
    proc = subprocess.run(cmd + ["--isolated", "--exit-zero"] + [str(p) for p in paths], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise SystemExit(f"fix_verify --real: jitlint failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return [] if fix else json.loads(proc.stdout or "[]")


def candidates(labels: Dict[str, Any], lib: Path) -> List[Dict[str, Any]]:
    failing = [r for r in labels["classes"] if not r["ok"] and r.get("loc") and r["file"].startswith("models/")]
    for r in failing:
        r["place"] = torch_place(r, lib)
    files = sorted({r["file"] for r in failing} | {r["place"][0] for r in failing})
    near: Dict[Tuple[str, int], List[Dict[str, Any]]] = {}
    for d in lint([lib / f for f in files]):
        if d.get("fix"):
            for row in range(d["location"]["row"] - NEAR, d["location"]["row"] + NEAR + 1):
                near.setdefault((os.path.relpath(d["filename"], lib), row), []).append(d)
    texts = eco.torch_error_table()
    out = []
    for r in sorted(failing, key=lambda r: r["cls"]):
        fixes = [d for d in near.get(tuple(r["place"]), []) if any(t in r["first"] for t in texts.get(d["code"], []))]
        if fixes:
            out.append({"cls": r["cls"], "model": r["model"], "file": r["file"], "place": list(r["place"]),
                        "first": r["first"], "fixes": sorted({f"{d['code']} ({d['fix']['applicability']})"
                                                              for d in fixes})})
    return out


# ------------------------------------------------------------------------------------------------------- fix


def lines(path: Path) -> List[str]:
    return path.read_text(encoding="utf-8").splitlines()


def mapped(old: List[str], new: List[str], first: int, last: int) -> Tuple[int, int, bool]:
    """Rows ``first..last`` (1-based) of ``old`` in ``new``, through difflib's opcodes, and whether they are
    unchanged."""
    first, last = max(first, 1), min(last, len(old))
    lo, hi, same = None, None, True
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            s, e = max(i1, first - 1), min(i2, last)
            if s >= e:
                continue
            a, b = j1 + s - i1 + 1, j1 + e - i1
        else:
            if not (i1 < last and i2 > first - 1 if i2 > i1 else first - 1 < i1 < last):
                continue
            same, a, b = False, j1 + 1, max(j2, j1 + 1)
        lo, hi = (a, b) if lo is None else (min(lo, a), max(hi, b))
    return lo or first, hi or last, same


def copy_and_fix(mode: str, cands: List[Dict[str, Any]], lib: Path) -> Tuple[Path, Dict[str, str]]:
    """Copy transformers, fix the candidates' files; per class, why it stops at ``fix`` (absent: it goes on)."""
    top = WORK / mode
    shutil.rmtree(top, ignore_errors=True)
    copy = top / "transformers"
    shutil.copytree(lib, copy)  # with __pycache__ (mtimes kept: a fixed file's .pyc is stale and recompiled)
    files = sorted({c["file"] for c in cands} | {c["place"][0] for c in cands})
    lint([copy / f for f in files], fix=mode)
    codes: Dict[Tuple[str, int], set] = {}
    for d in lint([copy / f for f in files]):
        where = os.path.relpath(d["filename"], copy)
        codes.setdefault((where, d["location"]["row"]), set()).add(d["code"])
    stops = {}
    for c in cands:
        name = c["cls"].rsplit(".", 1)[1]
        a, b = class_span(class_node(lib / c["file"], name))
        x, y = class_span(class_node(copy / c["file"], name))
        where, row = c["place"]
        p, q, place_same = mapped(lines(lib / where), lines(copy / where), row - NEAR, row + NEAR)
        left = sorted(set().union(*[v for (f, r), v in codes.items()
                                    if f == where and p - NEAR <= r <= q + NEAR or f == c["file"] and x <= r <= y]))
        if left:
            stops[c["cls"]] = "still reported: " + ", ".join(left)
        elif place_same and lines(lib / c["file"])[a - 1:b] == lines(copy / c["file"])[x - 1:y]:
            stops[c["cls"]] = "the fix changed nothing"
    return top, stops


# ------------------------------------------------------------------------------------------------ the workers


def run_worker(task: Dict[str, Any], timeout: int = 900) -> Dict[str, Any]:
    env = dict(os.environ, TOKENIZERS_PARALLELISM="false", HF_HUB_OFFLINE="1", TRANSFORMERS_VERBOSITY="error",
               OMP_NUM_THREADS="1")
    try:
        proc = subprocess.run([sys.executable, str(ROOT / "bench" / "fix_verify_real_worker.py"), json.dumps(task)],
                              capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {c["cls"]: {"step": "eager", "error": f"timed out after {timeout} s"} for c in task["cases"]}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    error = "worker crashed: " + ((proc.stderr.strip().splitlines() or ["no output"])[-1])[:300]
    return {c["cls"]: {"step": "eager", "error": error} for c in task["cases"]}


# ---------------------------------------------------------------------------------------------------- the run


def by_model(cands: Sequence[Dict[str, Any]]) -> List[List[Dict[str, Any]]]:
    groups: Dict[str, List[Dict[str, Any]]] = {}
    for c in cands:
        groups.setdefault(c["model"], []).append(c)
    return list(groups.values())


def run_all(tasks: List[Dict[str, Any]], jobs: int) -> Dict[str, Any]:
    merged: Dict[str, Any] = {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for res in pool.map(run_worker, tasks):
            merged.update(res)
    return merged


def native_steps(mode: str, rows: List[Dict[str, Any]], loader: Path) -> None:
    """``load`` and ``match`` for the rows that were saved: one loader process for all of them."""
    import torch_harness as h
    from jitlint.verify import native

    import torch

    saved = [r for r in rows if r["step"] is None]
    triples = []
    for r in saved:
        ref, out = case_dir(WORK / "ref", r["cls"]), case_dir(WORK / mode / "out", r["cls"])
        model = out / ("model.pt" if r["inputs"] else "probe.pt")
        triples.append((model, ref / "in.pt", out / "native.pt"))
    for r, triple, (ok, error) in zip(saved, triples, native.run_loader_batch(loader, triples)):
        if not ok:
            r.update(step="load", error=error)
        elif not r["inputs"]:
            r.update(step="match", error=r["why"])
        else:
            try:
                expected = torch.load(case_dir(WORK / "ref", r["cls"]) / "expected.pt", weights_only=False)
                h.assert_outputs_close(native.load_outputs(triple[2]), expected, "native loader")
                r["step"] = "done"
            except AssertionError as exc:
                r.update(step="match", error=str(exc).splitlines()[0])


def verify(cands: List[Dict[str, Any]], jobs: int, fe_path: Path, loader: Path) -> List[Dict[str, Any]]:
    lib = eco.SITE / "transformers"
    shutil.rmtree(WORK / "ref", ignore_errors=True)
    task = lambda group, copy: {"model": group[0]["model"], "cases": group, "copy": copy,  # noqa: E731
                                "first_errors": str(fe_path)}
    ref = run_all([task(g, "") for g in by_model(cands)], jobs)
    say(f"original outputs of {len(cands)} classes ({len(by_model(cands))} model types)")
    for c in cands:
        got = ref.get(c["cls"], {"step": "eager", "error": "no result from the worker"})
        c.update(inputs=got.get("inputs", False), why=got.get("why", ""), original=got.get("error", ""))
    results: List[Dict[str, Any]] = []
    for mode in ("safe", "unsafe"):
        top, stops = copy_and_fix(mode, cands, lib)
        rows = [dict(c, mode=mode, step=None, error="") for c in cands]
        for r in rows:
            if r["original"]:
                r.update(step="eager", error="the original: " + r["original"])
            elif r["cls"] in stops:
                r.update(step="fix", error=stops[r["cls"]])
        todo = [c for c, r in zip(cands, rows) if r["step"] is None]
        got = run_all([task(g, str(top)) for g in by_model(todo)], jobs)
        for r in rows:
            if r["step"] is None:
                r.update(got.get(r["cls"], {"step": "eager", "error": "no result from the worker"}))
                r.setdefault("error", "")
        native_steps(mode, rows, loader)
        say(f"{mode} done")
        results += rows
    return results


def report(data: Dict[str, Any]) -> str:
    results = data["results"]
    limited = f" (the first {data['candidates']} of {data['candidates_found']})" * (
        data["candidates"] < data["candidates_found"])
    lines = [f"real failing classes of transformers ({data['labels']}): {data['candidates']} candidates{limited}, "
             f"classes whose first torch error jitlint reports with a fix"]
    for mode in ("safe", "unsafe"):
        rows = [r for r in results if r["mode"] == mode]
        done = sum(r["step"] == "done" for r in rows)
        bare = sum(r["step"] == "match" and r["error"].startswith("no inputs") for r in rows)
        stops = {s: sum(r["step"] == s for r in rows) - (bare if s == "match" else 0) for s in STEPS}
        lines.append(f"{mode:>6}: {done}/{len(rows)} reach the end (fixed, scripted, saved, loaded in LibTorch, "
                     f"matching eager); {bare} loaded natively with no inputs to compare; stopped at: "
                     + ", ".join(f"{s} {n}" for s, n in stops.items()))
    for mode in ("safe", "unsafe"):
        lines += ["", f"{mode}: not reaching the end (step: first error):"]
        for r in results:
            if r["mode"] == mode and r["step"] != "done":
                lines.append(f"  {r['cls'].removeprefix('transformers.models.')}  {r['step']}: {r['error'][:200]}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", help="first_errors.py label output for transformers (default: label a sample)")
    ap.add_argument("--models", type=int, default=120, help="model types labelled when no --labels (default 120)")
    ap.add_argument("--seed", type=int, default=0, help="seed of that sample (default 0)")
    ap.add_argument("--save-labels", help="write the sample's labels here (for --labels later)")
    ap.add_argument("--limit", type=int, help="verify only the first N candidates (sorted by class)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes at once (default 2)")
    ap.add_argument("--first-errors", default=str(FIRST_ERRORS), help=f"first_errors.py (default {FIRST_ERRORS})")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the report")
    ap.add_argument("-o", "--output", help="also write the JSON here")
    args = ap.parse_args(argv)
    eco.quiet_warnings()
    from jitlint.verify import build as loader_build

    loader = loader_build.resolve_loader().path
    fe_path = Path(args.first_errors)
    fe = load_first_errors(fe_path)
    if args.labels:
        labels = json.loads(Path(args.labels).read_text())
        done = labels.get("models_done", labels.get("models", "?"))
        sample = f" sampled with seed {labels['seed']}" if "seed" in labels else ""
        source = f"labels of {done} model types{sample} from {args.labels}"
    else:
        say(f"labelling {args.models} model types (seed {args.seed}) with {fe_path}")
        labels = label(fe, args.models, args.seed, args.jobs)
        if args.save_labels:
            Path(args.save_labels).write_text(json.dumps(labels, indent=0) + "\n")
        source = f"{labels['models']} model types sampled with seed {args.seed}"
    lib = eco.SITE / "transformers"
    cands = candidates(labels, lib)
    total = len(cands)
    cands = cands[:args.limit] if args.limit else cands
    say(f"{total} candidates, verifying {len(cands)}")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=str(ROOT))
    data = {"date": datetime.date.today().isoformat(), "git": head.stdout.strip(), "labels": source,
            "classes_labelled": len(labels["classes"]), "candidates": len(cands), "candidates_found": total,
            "results": verify(cands, args.jobs, fe_path, loader)}
    if args.output:
        Path(args.output).write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(data, indent=1) if args.json else report(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
