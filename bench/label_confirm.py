#!/usr/bin/env python3
"""Per rule, how jitlint's diagnostics sit against torch's own first errors (the labels of
`../shared/tools/first_errors.py label`, one scripted instance per module class of a library).

    jitlint check --isolated --exit-zero --output-format json SITE/transformers > diags.json
    python3 bench/label_confirm.py LABELS.json diags.json [--root SITE/transformers] [--codes JT4,JT5]

For every rule: `confirmed` diagnostics lie within 2 lines of a place where torch stopped with one of the rule's
documented texts; `in scriptable classes` lie inside a class that torch scripted alone (listed: each is a false
positive unless the rule documents why, e.g. an instance built with other arguments or a failure at save time).
Everything else torch never reached in these instances (an earlier error in the class, or code only compiled from
another class): `confirm` in ecosystem.py goes further there, one process per diagnostic.

No torch and no import of the library: this reads two JSON files, in a second.
"""
import argparse
import collections
import json
import os
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels")
    ap.add_argument("diagnostics")
    ap.add_argument("--root", default=None, help="the library folder the label paths are relative to "
                    "(default: the longest common folder of the diagnostics' files)")
    ap.add_argument("--codes", default="", help="comma-separated code prefixes (default: all)")
    ap.add_argument("--show", type=int, default=8, help="diagnostics in scriptable classes listed per rule")
    args = ap.parse_args()

    from jitlint import _core
    texts = {r["code"]: [t for t in r.get("torch_error", "").split("\n") if t] for r in _core.rules()}
    labels = json.load(open(args.labels))["classes"]
    diagnostics = json.load(open(args.diagnostics))
    root = args.root or os.path.commonpath([d["filename"] for d in diagnostics])
    by_file = collections.defaultdict(list)
    for d in diagnostics:
        by_file[os.path.relpath(d["filename"], root)].append(d)

    confirmed, scriptable = collections.defaultdict(set), collections.defaultdict(set)
    for label in labels:
        if label.get("ok"):
            first, last = label["span"]
            for d in by_file.get(label["file"], []):
                if first <= d["location"]["row"] <= last:
                    scriptable[d["code"]].add((label["file"], d["location"]["row"], label["cls"].rsplit(".", 1)[-1]))
        elif label.get("loc"):
            path, line = label["loc"]
            for d in by_file.get(path, []):
                if abs(d["location"]["row"] - line) <= 2 and any(t in label["first"] for t in texts.get(d["code"], [])):
                    confirmed[d["code"]].add((path, d["location"]["row"]))

    reported = collections.Counter(d["code"] for d in diagnostics)
    prefixes = tuple(c for c in args.codes.split(",") if c) or ("",)
    print(f"{'rule':6} {'reported':>8} {'confirmed':>9} {'in scriptable classes':>21}")
    for code in sorted(reported):
        if not code.startswith(prefixes):
            continue
        print(f"{code:6} {reported[code]:8} {len(confirmed[code]):9} {len(scriptable[code]):21}")
        for path, row, cls in sorted(scriptable[code])[:args.show]:
            print(f"{'':6} {path}:{row} ({cls})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
