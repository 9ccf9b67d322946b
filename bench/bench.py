#!/usr/bin/env python3
"""Speed and memory of the jitlint engine: files/s and MB/s over a corpus of Python sources, peak RSS.

Measures, each as the median of ``--runs`` runs (after one warm-up run that is not counted):

- ``core``: ``jitlint._core.check(source)`` on every file, one after the other, in one thread of this process
  (sources read into memory beforehand, so only the engine is timed);
- ``project``: the whole tree checked together, as ``jitlint check`` does (``jitlint._core.Project``: read, parse
  and summarise every file, resolve the index across files, then every rule), with one thread (absent with an
  engine older than analysis across files);
- ``cli -jN``: the ``jitlint check`` command line with ``-j N`` (default ``-j1`` and ``-j2``), as a user runs it:
  Python start-up, file discovery, reading, checking and JSON output included. Its peak RSS is the child's
  ``ru_maxrss`` (``resource.getrusage(RUSAGE_CHILDREN)``, taken in a fresh helper process per run so earlier
  children do not count).

The default corpus is the Python sources of the installed torch, timm and transformers packages (whichever are
installed); pass folders or files to measure something else. Nothing here is asserted by the tests: timings
depend on the machine.

    python3 bench/bench.py                      # default corpus, 5 runs
    python3 bench/bench.py --runs 3 src/ other/ # own corpus
    python3 bench/bench.py --json -o out.json   # machine-readable

``--split`` instead times each stage of the engine separately, single-threaded, with
``jitlint._core.profile(source)``: the tree-sitter parse inside the engine (``parse``), building the semantic model
(``model``), the rules' walk plus suppressions and sorting (``rules``), beside a separate plain tree-sitter parse
of the same bytes (``bare_parse``). Every file is profiled ``--runs`` times (whole-corpus passes, one after the
other) and each stage's minimum over the passes is kept. It reports, per file (JSON) and for the corpus totals,
``engine = model + rules`` and the ratio ``engine / bare_parse``, separately for *model code* (files with an
``import torch`` / ``from torch ...`` line) and *files without torch*; the N slowest files by engine time; and the
whole CLI (``jitlint check --exit-zero -j2 --output-format json``, minimum of ``--cli-runs``) against half the
single-threaded bare parse total. Its default corpus is the installed timm and transformers packages.

    python3 bench/bench.py --split -o split.json             # timm + transformers, min of 5 passes, CLI min of 3
    python3 bench/bench.py --split --runs 1 --no-cli DIR ... # quick look at any folders or files
    python3 bench/bench.py --merge a.json b.json -o ab.json  # several --split runs of one build: min over all
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

SITE = Path(sysconfig.get_paths()["purelib"])
# children run with this interpreter's -S, so `python3 -S` + PYTHONPATH can benchmark a jitlint other than the
# installed (editable) one, CLI included
PYTHON = [sys.executable] + (["-S"] if sys.flags.no_site else [])
DEFAULT_PACKAGES = ("torch", "timm", "transformers")
SPLIT_PACKAGES = ("timm", "transformers")  # the corpus of issue 8 ("58 MB, 3,164 files")
REPO = Path(__file__).resolve().parents[1]
# "model code": a line importing torch (at any indentation); torchvision, torch_xla... do not count
TORCH_IMPORT = re.compile(rb"^[ \t]*(?:import|from)[ \t]+torch\b(?!_)", re.MULTILINE)
# targets of issue 8, item 7
TARGET_TORCH = 0.30      # engine time (model + rules) at most 30 % of the parse on model code
TARGET_NO_TORCH = 0.05   # ... at most 5 % on files without torch
TARGET_CLI = 1.5         # CLI -j2 wall time within 1.5x of half the single-threaded parse total


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def default_corpus(packages: Sequence[str] = DEFAULT_PACKAGES) -> List[Path]:
    roots = []
    for name in packages:
        p = SITE / name
        if p.is_dir():
            roots.append(p)
    if not roots:
        raise SystemExit(f"bench: none of {', '.join(packages)} is installed; pass a folder to measure")
    return roots


def collect(roots: Sequence[Path]) -> List[Path]:
    files: List[Path] = []
    for r in roots:
        if r.is_file():
            files.append(r)
        else:
            files.extend(sorted(p for p in r.rglob("*.py") if p.is_file()))
    return files


def maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports KiB, macOS bytes
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------- measurements


def bench_core(files: Sequence[Path], runs: int) -> Dict[str, Any]:
    """Runs in a child process so its peak RSS is the engine's alone (plus the sources held in memory)."""
    code = r"""
import json, resource, sys, time
import jitlint._core as core
paths = json.load(sys.stdin)
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sources = [open(p, "rb").read() for p in paths]
rss_src = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
runs = int(sys.argv[1])
times, diags, errors = [], 0, 0
for i in range(runs + 1):
    t0 = time.perf_counter()
    n = e = 0
    for s in sources:
        try:
            n += len(core.check(s))
        except core.SourceError:
            e += 1
    dt = time.perf_counter() - t0
    if i:
        times.append(dt)
    diags, errors = n, e
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"times": times, "diagnostics": diags, "source_errors": errors,
                  "rss_start": rss0, "rss_sources": rss_src, "rss_peak": rss}))
"""
    proc = subprocess.run([*PYTHON, "-c", code, str(runs)], input=json.dumps([str(f) for f in files]),
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def bench_project(files: Sequence[Path], runs: int) -> Optional[Dict[str, Any]]:
    """The whole corpus as one project, one thread (reading the files included); None for an engine without it."""
    code = r"""
import json, resource, sys, time
import jitlint._core as core
if not hasattr(core, "Project"):
    print("null"); sys.exit(0)
from jitlint.api import installed_search_paths
paths = json.load(sys.stdin)
search = installed_search_paths()
runs = int(sys.argv[1])
times, diags = [], 0
for i in range(runs + 1):
    t0 = time.perf_counter()
    project = core.Project(search)
    try:
        project.load(paths)  # files are read and parsed as check_all reaches them
    except TypeError:
        project.load(paths, 1)  # a build before the streaming check: load read and parsed every file
    entries = project.check_all([None] * len(paths), 1, True)  # as the CLI: no tree kept once checked
    dt = time.perf_counter() - t0
    if i:
        times.append(dt)
    diags = sum(len(e["diagnostics"] or []) for e in entries)
    del project, entries
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"times": times, "diagnostics": diags, "rss_peak": rss}))
"""
    proc = subprocess.run([*PYTHON, "-c", code, str(runs)], input=json.dumps([str(f) for f in files]),
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def bench_cli(roots: Sequence[Path], jobs: int, runs: int) -> Dict[str, Any]:
    helper = r"""
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1])
t0 = time.perf_counter()
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
dt = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
n = len(json.loads(p.stdout or b"[]"))
print(json.dumps({"seconds": dt, "rc": p.returncode, "maxrss": ru.ru_maxrss, "diagnostics": n,
                  "user": ru.ru_utime, "sys": ru.ru_stime, "stderr": p.stderr.decode()[-500:]}))
"""
    cmd = [*PYTHON, "-m", "jitlint", "check", "--isolated", "--no-fix", "--exit-zero", "--output-format",
           "json", "-j", str(jobs)] + [str(r) for r in roots]
    samples = []
    for i in range(runs + 1):
        proc = subprocess.run([*PYTHON, "-c", helper, json.dumps(cmd)], capture_output=True, text=True,
                              check=True)
        res = json.loads(proc.stdout)
        if res["rc"] not in (0, 1):
            raise SystemExit(f"bench: jitlint failed ({res['rc']}): {res['stderr']}")
        if i:
            samples.append(res)
    return {
        "times": [s["seconds"] for s in samples],
        "cpu": [s["user"] + s["sys"] for s in samples],
        "maxrss": [s["maxrss"] for s in samples],
        "diagnostics": samples[-1]["diagnostics"],
    }


def startup(runs: int) -> float:
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([*PYTHON, "-m", "jitlint", "--version"], capture_output=True, check=True)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


# ---------------------------------------------------------------------------------------------- split (--split)

STAGES = ("parse", "model", "rules", "bare_parse")


def imports_torch(source: bytes) -> bool:
    return TORCH_IMPORT.search(source) is not None


def git_info() -> Dict[str, Any]:
    """HEAD of the checkout this script lives in, and whether the engine's sources differ from it."""
    def git(*args: str) -> str:
        p = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
        return p.stdout.rstrip() if p.returncode == 0 else ""
    return {
        "head": git("rev-parse", "--short", "HEAD").strip(),
        "head_time": git("log", "-1", "--format=%cI"),
        # uncommitted changes: to the engine (is the installed _core HEAD's?) and to the Python package (the CLI
        # of an editable install runs the working tree)
        "dirty": [l[3:] for l in git("status", "--porcelain", "--", "core", "rules", "bindings", "CMakeLists.txt",
                                     "python/jitlint").splitlines()],
    }


def core_info(core: Any) -> Dict[str, Any]:
    import hashlib

    path = Path(core.__file__)
    import jitlint

    return {"path": str(path), "package": str(Path(jitlint.__file__).parent), "has_profile": hasattr(core, "profile"),
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(path.stat().st_mtime)),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def profile_files(files: Sequence[Path], runs: int, select: Optional[List[str]] = None) -> List[Dict[str, Any]]:
    """Per file: the minimum of each stage over ``runs`` whole-corpus passes (sources read beforehand)."""
    import jitlint._core as core

    if not hasattr(core, "profile"):
        raise SystemExit(f"bench: {core.__file__} has no profile(); rebuild jitlint (bindings/module.cpp)")
    sources = [f.read_bytes() for f in files]
    best: List[Optional[Dict[str, float]]] = [None] * len(sources)
    errors: List[Optional[str]] = [None] * len(sources)
    for run in range(runs):
        t0 = time.perf_counter()
        for i, src in enumerate(sources):
            if errors[i] is not None:
                continue
            try:
                t = core.profile(src, select)
            except core.SourceError as e:
                errors[i] = str(e)
                continue
            b = best[i]
            if b is None:
                best[i] = {k: float(t.get(k, 0.0)) for k in STAGES}
            else:
                for k in STAGES:
                    b[k] = min(b[k], float(t.get(k, 0.0)))
        log(f"  pass {run + 1}/{runs}: {time.perf_counter() - t0:.2f} s")
    rows = []
    for f, src, b, err in zip(files, sources, best, errors):
        row: Dict[str, Any] = {"path": str(f), "bytes": len(src), "lines": src.count(b"\n"),
                               "torch": imports_torch(src)}
        if err is not None or b is None:
            row["source_error"] = err
        else:
            # diagnostics (not timed): a file with a syntax error (JT000) skips the model and the rules
            codes = [d["code"] for d in core.check(src, select)]
            row.update({k: b[k] for k in STAGES})
            row["engine"] = b["model"] + b["rules"]
            row["ratio"] = round(row["engine"] / b["bare_parse"], 4) if b["bare_parse"] > 0 else None
            row["diagnostics"] = len(codes)
            row["syntax_error"] = "JT000" in codes
        rows.append(row)
    return rows


def split_totals(rows: Sequence[Dict[str, Any]], target: Optional[float]) -> Dict[str, Any]:
    timed = [r for r in rows if "engine" in r]
    tot: Dict[str, Any] = {"files": len(rows), "bytes": sum(r["bytes"] for r in rows),
                           "lines": sum(r["lines"] for r in rows),
                           "source_errors": len(rows) - len(timed),
                           "syntax_errors": sum(1 for r in timed if r["syntax_error"])}
    for k in STAGES + ("engine",):
        tot[k] = sum(r[k] for r in timed)
    tot["check"] = tot["parse"] + tot["engine"]
    # the ratio: engine (model + rules) over the parse; the bare parse is the reference, the engine's
    # own parse stage is given beside it
    tot["ratio"] = tot["engine"] / tot["bare_parse"] if tot["bare_parse"] else None
    tot["ratio_vs_engine_parse"] = tot["engine"] / tot["parse"] if tot["parse"] else None
    tot["target"] = target
    tot["target_met"] = (tot["ratio"] <= target) if (target is not None and tot["ratio"] is not None) else None
    return tot


def bench_split(args: argparse.Namespace) -> int:
    roots = [Path(p).resolve() for p in args.paths] if args.paths else default_corpus(SPLIT_PACKAGES)
    files = collect(roots)
    if not files:
        raise SystemExit("bench: no Python files found")
    runs = args.runs
    version = subprocess.run([*PYTHON, "-m", "jitlint", "--version"], capture_output=True,
                             text=True).stdout.strip()
    import jitlint._core as core

    log(f"corpus: {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB from "
        f"{', '.join(str(r) for r in roots)}")
    results: Dict[str, Any] = {
        "mode": "split",
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "jitlint": version,
        "git": git_info(),
        "core": core_info(core),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus",
        "loadavg_start": list(os.getloadavg()),
        "runs": runs,
        "method": f"jitlint._core.profile per file, single-threaded, {runs} whole-corpus passes, minimum of each "
                  "stage per file; engine = model + rules; ratio = engine / bare_parse",
        "corpus": {"roots": [str(r) for r in roots]},
    }
    log(f"profiling {len(files)} files, {runs} passes (jitlint._core.profile, one thread) ...")
    rows = profile_files(files, runs, args.select.split(",") if args.select else None)
    summarize(results, rows)
    if not args.no_cli:
        log(f"measuring the CLI -j2, {args.cli_runs} runs after a warm-up ...")
        cli = bench_cli(roots, 2, args.cli_runs)
        results["cli"] = cli_summary(roots, cli["times"], cli["diagnostics"], results["totals"]["all"]["bare_parse"])
    results["loadavg_end"] = list(os.getloadavg())
    # the CLI loads _core from disk again: a rebuild during the run would mix two engines
    results["core_changed_during_run"] = core_info(core)["sha256"] != results["core"]["sha256"]
    if results["core_changed_during_run"]:
        log("bench: WARNING: the jitlint._core on disk changed during the run; measure again")
    return emit(results, args)


def summarize(results: Dict[str, Any], rows: List[Dict[str, Any]]) -> None:
    results["totals"] = {
        "all": split_totals(rows, None),
        "torch": split_totals([r for r in rows if r["torch"]], TARGET_TORCH),
        "no_torch": split_totals([r for r in rows if not r["torch"]], TARGET_NO_TORCH),
    }
    results["corpus"].update(files=len(rows), bytes=results["totals"]["all"]["bytes"],
                             lines=results["totals"]["all"]["lines"])
    results["files"] = sorted(rows, key=lambda r: -r.get("engine", 0.0))


def cli_summary(roots: Sequence[Any], times: Sequence[float], diagnostics: int, bare_parse: float) -> Dict[str, Any]:
    half = bare_parse / 2
    best = min(times)
    return {
        "command": ["jitlint", "check", "--isolated", "--no-fix", "--exit-zero", "--output-format", "json",
                    "-j", "2"] + [str(r) for r in roots],
        "times": [round(t, 4) for t in times],
        "min_s": round(best, 4),
        "diagnostics": diagnostics,
        "half_bare_parse_s": round(half, 4),
        "ratio": round(best / half, 4) if half else None,
        "target": TARGET_CLI,
        "target_met": (best / half <= TARGET_CLI) if half else None,
    }


def merge_split(args: argparse.Namespace) -> int:
    """Several --split JSONs of the same engine build and corpus -> per file the minimum of each stage over all
    their passes, the CLI minimum over all their runs."""
    runs = [json.loads(Path(p).read_text()) for p in args.merge]
    first = runs[0]
    for r in runs:
        if r.get("mode") != "split":
            raise SystemExit("bench: --merge takes JSON files written by --split")
        if r["core"]["sha256"] != first["core"]["sha256"] or r.get("core_changed_during_run"):
            raise SystemExit("bench: --merge: the runs measured different jitlint._core builds")
        if {f["path"] for f in r["files"]} != {f["path"] for f in first["files"]}:
            raise SystemExit("bench: --merge: the runs measured different corpora")
    rows: Dict[str, Dict[str, Any]] = {}
    for r in runs:
        for f in r["files"]:
            row = rows.setdefault(f["path"], dict(f))
            if "engine" in f and "engine" in row:
                for k in STAGES:
                    row[k] = min(row[k], f[k])
    for row in rows.values():
        if "engine" in row:
            row["engine"] = row["model"] + row["rules"]
            row["ratio"] = round(row["engine"] / row["bare_parse"], 4) if row["bare_parse"] > 0 else None
    passes = sum(r["runs"] for r in runs)
    results = {k: v for k, v in first.items() if k not in ("totals", "files", "cli")}
    results.update(
        date=", ".join(r["date"] for r in runs), runs=passes, merged=list(args.merge),
        loadavg_start=[r["loadavg_start"] for r in runs], loadavg_end=[r["loadavg_end"] for r in runs],
        method=f"jitlint._core.profile per file, single-threaded, {passes} whole-corpus passes over {len(runs)} "
               "runs, minimum of each stage per file; engine = model + rules; ratio = engine / bare_parse")
    summarize(results, list(rows.values()))
    clis = [r["cli"] for r in runs if "cli" in r]
    if clis:
        results["cli"] = cli_summary(results["corpus"]["roots"], [t for c in clis for t in c["times"]],
                                     clis[-1]["diagnostics"], results["totals"]["all"]["bare_parse"])
    return emit(results, args)


def emit(results: Dict[str, Any], args: argparse.Namespace, report: Any = None) -> int:
    """Writes the JSON to --output; prints it (--json) or the text report (by default `--split`'s)."""
    text = json.dumps(results, indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n")
    if args.json:
        print(text)
    else:
        print(report() if report is not None else split_report(results, args.top))
    return 0


def _rel(path: str, roots: Sequence[str]) -> str:
    """The path from the folder holding its corpus root: timm/models/x.py."""
    for r in roots:
        try:
            return str(Path(path).relative_to(Path(r).parent))
        except ValueError:
            continue
    return path


def split_report(res: Dict[str, Any], top: int) -> str:
    ms = lambda s: f"{s * 1e3:10.1f}"
    out = [f"{res['jitlint']}, _core {res['core']['path']} (sha256 {res['core']['sha256'][:12]}, has profile: "
           f"{res['core']['has_profile']}); checkout at {res['git']['head'] or '?'}",
           f"{res['machine']}; Python {res['python']}; {res['date']}",
           f"corpus: {res['corpus']['files']} files, {res['corpus']['bytes'] / 1e6:.1f} MB, "
           f"{res['corpus']['lines']} lines; single-threaded, per file the minimum of each stage over "
           f"{res['runs']} passes",
           "",
           f"{'files':24s} {'n':>5s} {'MB':>6s} {'parse ms':>10s} {'model ms':>10s} {'rules ms':>10s} "
           f"{'engine ms':>10s} {'bare ms':>10s} {'eng/bare':>9s} {'eng/parse':>9s}  target"]
    names = {"torch": "model code (imports torch)", "no_torch": "files without torch", "all": "all"}
    for key in ("torch", "no_torch", "all"):
        t = res["totals"][key]
        ratio = f"{t['ratio'] * 100:8.1f}%" if t["ratio"] is not None else f"{'-':>9s}"
        ratio2 = f"{t['ratio_vs_engine_parse'] * 100:8.1f}%" if t["ratio_vs_engine_parse"] is not None else f"{'-':>9s}"
        target = ""
        if t["target_met"] is not None:
            target = f"<= {t['target'] * 100:.0f}% " + ("met" if t["target_met"] else "NOT met")
        out.append(f"{names[key]:24s} {t['files']:5d} {t['bytes'] / 1e6:6.1f} {ms(t['parse'])} {ms(t['model'])} "
                   f"{ms(t['rules'])} {ms(t['engine'])} {ms(t['bare_parse'])} {ratio} {ratio2}  {target}")
    errs = res["totals"]["all"]
    if errs["syntax_errors"] or errs["source_errors"]:
        out.append(f"({errs['syntax_errors']} files with a syntax error skip the model and rules; "
                   f"{errs['source_errors']} unreadable)")
    if "cli" in res:
        c = res["cli"]
        out += ["", f"CLI jitlint check -j2 (min of {len(c['times'])}): {c['min_s']:.3f} s; half the single-threaded "
                f"bare parse: {c['half_bare_parse_s']:.3f} s; ratio {c['ratio']:.2f}x (target <= {c['target']}x: "
                f"{'met' if c['target_met'] else 'NOT met'})"]
    rows = [r for r in res["files"] if "engine" in r][:top]
    if rows:
        out += ["", f"{len(rows)} slowest files by engine time (model + rules):",
                f"{'KB':>7s} {'torch':>5s} {'parse ms':>10s} {'model ms':>10s} {'rules ms':>10s} {'engine ms':>10s} "
                f"{'bare ms':>10s} {'eng/bare':>9s}  file"]
        for r in rows:
            ratio = f"{r['ratio'] * 100:8.1f}%" if r["ratio"] is not None else f"{'-':>9s}"
            out.append(f"{r['bytes'] / 1e3:7.1f} {'yes' if r['torch'] else 'no':>5s} {ms(r['parse'])} "
                       f"{ms(r['model'])} {ms(r['rules'])} {ms(r['engine'])} {ms(r['bare_parse'])} {ratio}  "
                       f"{_rel(r['path'], res['corpus']['roots'])}")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------------ report


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="jitlint speed and memory benchmark")
    ap.add_argument("paths", nargs="*", help="folders or files (default: installed torch, timm, transformers)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median reported)")
    ap.add_argument("--jobs", default="1,2", help="CLI -j values to measure, comma-separated")
    ap.add_argument("--no-cli", action="store_true", help="only the in-process engine measurement")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    ap.add_argument("-o", "--output", help="also write the JSON here")
    split = ap.add_argument_group("--split: time parse / model / rules per file (default corpus: timm, transformers)")
    split.add_argument("--split", action="store_true", help="time each stage of the engine separately")
    split.add_argument("--top", type=int, default=20, help="slowest files to print")
    split.add_argument("--cli-runs", type=int, default=3, help="timed CLI -j2 runs (minimum reported)")
    split.add_argument("--select", help="rule codes passed to jitlint._core.profile, comma-separated")
    split.add_argument("--merge", nargs="+", metavar="JSON",
                       help="combine --split JSONs of the same build and corpus (minimum over all their passes)")
    args = ap.parse_args(argv)
    if args.merge:
        return merge_split(args)
    if args.split:
        return bench_split(args)

    roots = [Path(p).resolve() for p in args.paths] if args.paths else default_corpus()
    files = collect(roots)
    if not files:
        raise SystemExit("bench: no Python files found")
    total = sum(f.stat().st_size for f in files)
    lines = 0
    for f in files:
        with open(f, "rb") as fh:
            lines += sum(1 for _ in fh)
    version = subprocess.run([*PYTHON, "-m", "jitlint", "--version"], capture_output=True,
                             text=True).stdout.strip()
    log(f"corpus: {len(files)} files, {total / 1e6:.1f} MB, {lines} lines from {', '.join(str(r) for r in roots)}")

    results: Dict[str, Any] = {
        "jitlint": version,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus",
        "corpus": {"roots": [str(r) for r in roots], "files": len(files), "bytes": total, "lines": lines},
        "runs": args.runs,
        "rows": [],
    }

    def add(name: str, times: List[float], rss_mb: float, diags: int, extra: Optional[Dict[str, Any]] = None):
        med = statistics.median(times)
        row = {
            "name": name,
            "median_s": round(med, 4),
            "min_s": round(min(times), 4),
            "max_s": round(max(times), 4),
            "files_per_s": round(len(files) / med, 1),
            "mb_per_s": round(total / 1e6 / med, 2),
            "peak_rss_mb": round(rss_mb, 1),
            "diagnostics": diags,
        }
        row.update(extra or {})
        results["rows"].append(row)
        log(f"  {name:10s} median {med:7.3f} s  ({len(files) / med:7.0f} files/s, {total / 1e6 / med:6.2f} MB/s), "
            f"peak RSS {rss_mb:6.1f} MB")

    log("measuring core (jitlint._core.check, one thread) ...")
    core = bench_core(files, args.runs)
    add("core", core["times"], maxrss_mb(core["rss_peak"]), core["diagnostics"],
        {"rss_interpreter_mb": round(maxrss_mb(core["rss_start"]), 1),
         "rss_with_sources_mb": round(maxrss_mb(core["rss_sources"]), 1),
         "source_errors": core["source_errors"]})
    log("measuring project (jitlint._core.Project, one thread) ...")
    whole = bench_project(files, args.runs)
    if whole:
        add("project", whole["times"], maxrss_mb(whole["rss_peak"]), whole["diagnostics"])
    if not args.no_cli:
        results["startup_s"] = round(startup(max(3, args.runs)), 4)
        log(f"  CLI start-up (jitlint --version): {results['startup_s']:.3f} s")
        for j in [int(x) for x in args.jobs.split(",") if x]:
            log(f"measuring cli -j{j} ...")
            cli = bench_cli(roots, j, args.runs)
            add(f"cli -j{j}", cli["times"], maxrss_mb(max(cli["maxrss"])), cli["diagnostics"],
                {"cpu_s_median": round(statistics.median(cli["cpu"]), 3)})

    def throughput_report() -> str:
        lines_out = [f"{version}; {results['machine']}; Python {results['python']}",
                     f"corpus: {len(files)} files, {total / 1e6:.1f} MB, {lines} lines; median of {args.runs} runs",
                     f"{'mode':10s} {'median s':>9s} {'files/s':>9s} {'MB/s':>7s} {'peak RSS MB':>12s} {'diagnostics':>12s}"]
        for r in results["rows"]:
            lines_out.append(f"{r['name']:10s} {r['median_s']:9.3f} {r['files_per_s']:9.0f} {r['mb_per_s']:7.2f} "
                             f"{r['peak_rss_mb']:12.1f} {r['diagnostics']:12d}")
        return "\n".join(lines_out)

    return emit(results, args, throughput_report)


if __name__ == "__main__":
    sys.exit(main())
