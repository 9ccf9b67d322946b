#!/usr/bin/env python3
"""Recall on first-error labels, counting the places torch names in a wrapper's file.

torch 2.13 takes a function's file from `inspect.getsourcefile` (which does not unwrap) and its lines from
`inspect.getsourcelines` (which does): for a `forward` that a decorator or a base class wraps (transformers'
`GradientCheckpointingLayer`, `integrations/moe.py`), the error names the wrapper's file with a line of the class's
own file. `../shared/tools/first_errors.py score` counts a hit only in the named file; this script also counts one
at that line of the labelled class's own file, inside the class's span.

    python3 bench/recall_remap.py LABELS.json JITLINT.json [-v]

LABELS.json is a `first_errors.py label` output; JITLINT.json is `jitlint check --output-format json --exit-zero`
over the same installed library (as `score` runs it). Prints the places found at torch's place, the ones found
only at the class's own line, and the misses by file (`-v`: each miss).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
from typing import Dict, List, Set, Tuple


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labels")
    parser.add_argument("diagnostics")
    parser.add_argument("-v", action="store_true", help="list each miss")
    args = parser.parse_args()
    labels = json.load(open(args.labels))
    root = labels.get("library_root") or ""
    rows: Dict[str, Set[int]] = collections.defaultdict(set)
    for d in json.load(open(args.diagnostics)):
        path = d.get("filename") or d.get("path") or ""
        row = (d.get("location") or {}).get("row") or d.get("row")
        # the library's files by their path inside it, as the labels name them
        marker = os.sep + labels["suite"] + os.sep
        rel = path.split(marker, 1)[-1] if marker in path else (path[len(root):].lstrip(os.sep) if root else path)
        rows[rel].add(row)
    places: Dict[Tuple[str, int], List[dict]] = {}
    for record in labels["classes"]:
        if not record["ok"] and record.get("loc"):
            places.setdefault(tuple(record["loc"]), []).append(record)

    def near(path: str, line: int) -> bool:
        return any(abs(r - line) <= 2 for r in rows.get(path, ()))

    at_place = own_line = 0
    misses: List[Tuple[str, int, str]] = []
    for (path, line), records in sorted(places.items()):
        if near(path, line):
            at_place += 1
        elif any(r["file"] != path and r["span"][0] <= line <= r["span"][1] and near(r["file"], line) for r in records):
            own_line += 1
        else:
            misses.append((path, line, records[0]["first"][:80]))
    found = at_place + own_line
    print(f"{len(places)} places: {at_place} at torch's place, {own_line} at the class's own line where torch names a "
          f"wrapper's file; {found} ({100 * found / max(len(places), 1):.1f} %)")
    by_file = collections.Counter("models/" if m[0].startswith("models/") else m[0] for m in misses)
    print("misses:", ", ".join(f"{k} {v}" for k, v in by_file.most_common()))
    if args.v:
        for path, line, first in misses:
            print(f"  MISS {path}:{line} {first}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
