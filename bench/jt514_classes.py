#!/usr/bin/env python3
"""JT514's class-level check over a whole ecosystem lint: for every diagnostic, the dataclass it names must fail in
torch's own class compilation (``torch._jit_internal.createResolutionCallbackForClassMethods``, the step where
``torch.jit.script`` stops with ``OSError: Failed to get source for <function X.__init__>``). The call sites are
checked one by one by ``ecosystem.py confirm`` (a stand-in class shows the call torch compiles it from).

    PYTHONPATH=bench/ecosystem/stubs python3 bench/jt514_classes.py LINT.json

Prints how many diagnostics name a class that fails, that torch reads, or that cannot be imported.
"""
import collections
import dataclasses
import importlib
import json
import re
import sys
import warnings


def main() -> int:
    warnings.filterwarnings("ignore")
    import torch

    lint = json.load(open(sys.argv[1]))
    sites = collections.defaultdict(list)
    for d in lint["diagnostics"]:
        named = re.match(r"`([\w.]+)` is a dataclass", d["message"]) if d["code"] == "JT514" else None
        if named:
            sites[(d["path"], named.group(1))].append(d["row"])
    counts: collections.Counter = collections.Counter()
    failing: dict = {}
    for (path, name), rows in sorted(sites.items()):
        try:
            module = importlib.import_module(path[:-3].replace("/", "."))
        except Exception:  # noqa: BLE001 - a module that does not import is counted apart
            counts["module does not import"] += len(rows)
            continue
        cls = module.__dict__.get(name)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            counts["not a dataclass of the module"] += len(rows)
            print(f"not a dataclass: {path}:{rows[0]} {name}")
            continue
        key = f"{cls.__module__}.{cls.__qualname__}"
        try:
            torch._jit_internal.createResolutionCallbackForClassMethods(cls)
            counts["torch reads the class (false positive)"] += len(rows)
            failing[key] = False
            print(f"torch reads: {path}:{rows[0]} {name}")
        except OSError as exc:
            fails = "Failed to get source for" in str(exc)
            counts["the class fails: Failed to get source" if fails else "another OSError"] += len(rows)
            failing[key] = fails
    for what, n in counts.most_common():
        print(f"{n:6d}  {what}")
    print(f"{len(failing)} distinct classes, {sum(failing.values())} of them fail")
    return 0


if __name__ == "__main__":
    sys.exit(main())
