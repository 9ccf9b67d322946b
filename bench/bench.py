#!/usr/bin/env python3
"""Speed and memory of the jitlint engine: files/s and MB/s over a corpus of Python sources, peak RSS.

Measures, each as the median of ``--runs`` runs (after one warm-up run that is not counted):

- ``core``: ``jitlint._core.check(source)`` on every file, one after the other, in one thread of this process
  (sources read into memory beforehand, so only the engine is timed);
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
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

SITE = Path(sysconfig.get_paths()["purelib"])
DEFAULT_PACKAGES = ("torch", "timm", "transformers")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def default_corpus() -> List[Path]:
    roots = []
    for name in DEFAULT_PACKAGES:
        p = SITE / name
        if p.is_dir():
            roots.append(p)
    if not roots:
        raise SystemExit("bench: none of torch, timm, transformers is installed; pass a folder to measure")
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
    proc = subprocess.run([sys.executable, "-c", code, str(runs)], input=json.dumps([str(f) for f in files]),
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
    cmd = [sys.executable, "-m", "jitlint", "check", "--isolated", "--no-fix", "--exit-zero", "--output-format",
           "json", "-j", str(jobs)] + [str(r) for r in roots]
    samples = []
    for i in range(runs + 1):
        proc = subprocess.run([sys.executable, "-c", helper, json.dumps(cmd)], capture_output=True, text=True,
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
        subprocess.run([sys.executable, "-m", "jitlint", "--version"], capture_output=True, check=True)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


# ------------------------------------------------------------------------------------------------------ report


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="jitlint speed and memory benchmark")
    ap.add_argument("paths", nargs="*", help="folders or files (default: installed torch, timm, transformers)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median reported)")
    ap.add_argument("--jobs", default="1,2", help="CLI -j values to measure, comma-separated")
    ap.add_argument("--no-cli", action="store_true", help="only the in-process engine measurement")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    ap.add_argument("-o", "--output", help="also write the JSON here")
    args = ap.parse_args(argv)

    roots = [Path(p).resolve() for p in args.paths] if args.paths else default_corpus()
    files = collect(roots)
    if not files:
        raise SystemExit("bench: no Python files found")
    total = sum(f.stat().st_size for f in files)
    lines = 0
    for f in files:
        with open(f, "rb") as fh:
            lines += sum(1 for _ in fh)
    version = subprocess.run([sys.executable, "-m", "jitlint", "--version"], capture_output=True,
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
    if not args.no_cli:
        results["startup_s"] = round(startup(max(3, args.runs)), 4)
        log(f"  CLI start-up (jitlint --version): {results['startup_s']:.3f} s")
        for j in [int(x) for x in args.jobs.split(",") if x]:
            log(f"measuring cli -j{j} ...")
            cli = bench_cli(roots, j, args.runs)
            add(f"cli -j{j}", cli["times"], maxrss_mb(max(cli["maxrss"])), cli["diagnostics"],
                {"cpu_s_median": round(statistics.median(cli["cpu"]), 3)})

    text = json.dumps(results, indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n")
    if args.json:
        print(text)
    else:
        print(f"{version}; {results['machine']}; Python {results['python']}")
        print(f"corpus: {len(files)} files, {total / 1e6:.1f} MB, {lines} lines; median of {args.runs} runs")
        print(f"{'mode':10s} {'median s':>9s} {'files/s':>9s} {'MB/s':>7s} {'peak RSS MB':>12s} {'diagnostics':>12s}")
        for r in results["rows"]:
            print(f"{r['name']:10s} {r['median_s']:9.3f} {r['files_per_s']:9.0f} {r['mb_per_s']:7.2f} "
                  f"{r['peak_rss_mb']:12.1f} {r['diagnostics']:12d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
