#!/usr/bin/env python3
r"""Scaffold a new rule: its C++ file (doc, check, no fix yet), its registry line and its fixtures.

    python3 scripts/add_rule.py JT105 lambda-expression syntax [--phase frontend|semantic]

Then: fill in the doc and the check, write the cases in tests/rules/JT105/{fires,clean}.py (each case a
`case_<name>()` factory returning `(model_or_function, inputs)`), mark each diagnostic of fires.py (below),
re-run `python3 scripts/gen_rule_docs.py`, and run the tests. Nothing under tests/ needs another edit: the fixture
drivers find the new directory, and the fix tests take the expected applicability from the markers.

A marker is a comment on the line where the diagnostic starts; several may share one line:

    ys = self.heads[key](x)  # expect: JT202@14-28 none ~"is an nn.ModuleDict indexed by `key`"
    return {y for y in ys}  # expect: JT102@12-27 unsafe "Set comprehensions are not supported by TorchScript"

    CODE@COLUMN[-END] APPLICABILITY "MESSAGE"
      COLUMN         1-based character column of the start
      END            exclusive end column on the same line, or +N:COLUMN when the range ends N lines below
                     (optional, written by --update-fixtures)
      APPLICABILITY  safe | unsafe | display-only (the fix jitlint offers) | none (no fix)
      "MESSAGE"      the full message (\" and \\ escaped); ~"TEXT" matches a distinctive substring instead

The fix tests derive what `fix` applies from them: the safe markers without --unsafe-fixes, safe and unsafe with
it; when there is any, tests/rules/JT105/fixed.py must be exactly the --unsafe-fixes output for fires.py.

    python3 scripts/add_rule.py --update-fixtures [JT105 ...]

rewrites the markers of fires.py from what the engine reports now (code untouched) and fixed.py from what the
fixer writes; read the diff like a reviewer before committing it.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent

RULE_TEMPLATE = '''// {code} {name}: TODO one line on what it finds.
#include "core/rule.h"

namespace jitlint {{
namespace {{

constexpr RuleMeta kMeta{{
    "{code}",
    "{name}",
    "{family}",
    Phase::{phase},
    FixAvailability::None,
    "TODO: one-line help shown under each diagnostic",
    "TODO: a stable substring of the first line torch 2.13.0 prints",
    R"doc(## What it does
TODO

## Why TorchScript rejects it
TODO

## The error torch 2.13.0 prints
```
TODO: a stable substring of the first line torch 2.13.0 prints
```

## Example
```python
TODO
```

## Use instead
```python
TODO
```

## Fix safety
No automatic fix.
)doc"}};

class {cls} final : public Rule {{
 public:
  const RuleMeta& meta() const override {{ return kMeta; }}
  // Node kinds by grammar id (core/kinds.h); hooks for functions, classes, the file: docs/engine.md.
  Subscriptions subscriptions() const override {{ return {{{{sym.call}}}}; }}
  void check(RuleContext& context, TSNode node) const override {{
    (void)context;
    (void)node;
  }}
}};

}}  // namespace

const Rule& {ident}_rule() {{
  static const {cls} rule;
  return rule;
}}

}}  // namespace jitlint
'''

FIXTURE_TEMPLATE = '''"""{code} {name}: cases that {what}."""
import torch
from torch import nn, Tensor


class Example(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x{marker}


def case_example():
    torch.manual_seed(0)
    return Example().eval(), (torch.randn(2),)
'''


# ------------------------------------------------------------------------------------------ fixture markers

MARKER_RE = re.compile(r"(\s*)# expect:.*$")


def quote(message: str) -> str:
    return '"' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'


def marker_item(d: dict) -> str:
    """One diagnostic of ``jitlint._core.check`` in marker syntax."""
    end = str(d["end_column"]) if d["end_row"] == d["row"] else f"+{d['end_row'] - d['row']}:{d['end_column']}"
    applicability = d["fix"]["applicability"] if d.get("fix") else "none"
    return f"{d['code']}@{d['column']}-{end} {applicability} {quote(d['message'])}"


def with_markers(text: str, diagnostics: List[dict]) -> str:
    """``text`` with every ``# expect:`` comment replaced by the markers of ``diagnostics`` (code untouched)."""
    by_row: Dict[int, List[str]] = {}
    for d in sorted(diagnostics, key=lambda d: (d["row"], d["column"], d["code"])):
        by_row.setdefault(d["row"], []).append(marker_item(d))
    lines = text.splitlines(keepends=True)
    if max(by_row, default=0) > len(lines):
        raise ValueError("a diagnostic lies past the last line")
    out = []
    for row, line in enumerate(lines, 1):
        body = line.rstrip("\r\n")
        newline = line[len(body):]
        m = MARKER_RE.search(body)
        space = "  "
        if m:
            space = m.group(1) or "  "
            body = body[: m.start()]
        if row in by_row:
            body += space + "# expect: " + " ".join(by_row[row])
        out.append(body + newline)
    return "".join(out)


def update_fixtures(codes: List[str]) -> int:
    import importlib.util

    if importlib.util.find_spec("jitlint") is None:  # not installed: the source tree (a built _core beside it)
        sys.path.insert(0, str(ROOT / "python"))
    import jitlint._core as core  # the installed engine (editable install or wheel)

    root = ROOT / "tests" / "rules"
    dirs = [root / c for c in codes] if codes else sorted(p for p in root.iterdir() if p.is_dir())
    status = 0
    for rule_dir in dirs:
        fires = rule_dir / "fires.py"
        if not fires.is_file():
            print(f"{fires.relative_to(ROOT)}: missing", file=sys.stderr)
            status = 2
            continue
        old = fires.read_bytes()
        diagnostics = core.check(old)
        new = with_markers(old.decode("utf-8"), diagnostics).encode("utf-8")
        # a marker that landed inside a string (a diagnostic on a line of a multi-line literal) changes the
        # diagnostics: refuse instead of writing a fixture that lies
        if core.check(new) != diagnostics:
            print(f"{fires.relative_to(ROOT)}: the markers would change the diagnostics; mark it by hand",
                  file=sys.stderr)
            status = 1
            continue
        _write(fires, old, new)
        fixed = rule_dir / "fixed.py"
        if any(d.get("fix") and d["fix"]["applicability"] in ("safe", "unsafe") for d in diagnostics):
            result = core.fix(new, None, True)
            if result["error"] is not None:
                print(f"{fires.relative_to(ROOT)}: fixing failed: {result['error']}", file=sys.stderr)
                status = 1
                continue
            _write(fixed, fixed.read_bytes() if fixed.exists() else b"", result["output"])
        elif fixed.exists():
            print(f"{fixed.relative_to(ROOT)}: nothing in fires.py is fixable any more; delete it", file=sys.stderr)
            status = 1
    return status


def _write(path: Path, old: bytes, new: bytes) -> None:
    rel = path.relative_to(ROOT)
    if old == new:
        print(f"{rel}: unchanged")
        return
    path.write_bytes(new)
    diff = difflib.unified_diff(old.decode("utf-8").splitlines(), new.decode("utf-8").splitlines(), lineterm="", n=0)
    changed = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    print(f"{rel}: {changed} line(s) rewritten")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--update-fixtures":
        codes = sys.argv[2:]
        bad = [c for c in codes if not re.fullmatch(r"JT\d{3}", c)]
        if bad:
            print(f"add_rule: bad code(s) {bad}: expected JT and three digits", file=sys.stderr)
            return 2
        return update_fixtures(codes)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="or: add_rule.py --update-fixtures [CODE ...] (see the module doc)")
    parser.add_argument("code", help="JT + three digits, e.g. JT105")
    parser.add_argument("name", help="kebab-case name of the bad pattern, e.g. lambda-expression")
    parser.add_argument("family", help="folder under rules/, e.g. syntax or containers")
    parser.add_argument("--phase", choices=["frontend", "semantic"], default="frontend")
    args = parser.parse_args()
    if not re.fullmatch(r"JT\d{3}", args.code):
        parser.error(f"bad code {args.code!r}: expected JT and three digits")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.name):
        parser.error(f"bad name {args.name!r}: expected kebab-case")
    if not re.fullmatch(r"[a-z0-9_]+", args.family):
        parser.error(f"bad family {args.family!r}")

    ident = args.name.replace("-", "_")
    cls = "".join(part.capitalize() for part in args.name.split("-"))
    registry = ROOT / "rules" / "rule_list.inc"
    lines = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    if any(f"// {args.code}" in line or f"JITLINT_RULE({ident})" in line for line in lines):
        print(f"add_rule: {args.code} or {ident} is already registered", file=sys.stderr)
        return 2
    rule_file = ROOT / "rules" / args.family / f"{ident}.cpp"
    fixture_dir = ROOT / "tests" / "rules" / args.code
    if rule_file.exists() or fixture_dir.exists():
        print(f"add_rule: {rule_file} or {fixture_dir} exists already", file=sys.stderr)
        return 2

    rule_file.parent.mkdir(parents=True, exist_ok=True)
    rule_file.write_text(RULE_TEMPLATE.format(code=args.code, name=args.name, family=args.family,
                                              phase=args.phase.capitalize(), cls=cls, ident=ident),
                         encoding="utf-8")
    entry = f"JITLINT_RULE({ident})".ljust(41) + f"// {args.code}\n"
    entries = [line for line in lines if line.startswith("JITLINT_RULE(")]
    header = [line for line in lines if not line.startswith("JITLINT_RULE(")]
    entries.append(entry)
    entries.sort(key=lambda line: line.split("//")[-1].strip())
    registry.write_text("".join(header + entries), encoding="utf-8")
    fixture_dir.mkdir(parents=True)
    # the example marker shows the format; it fails the fixture tests until the rule and the case are real
    example = f'  # expect: {args.code}@16-17 none "TODO: the message of the diagnostic"'
    fires_what = "must fire (each diagnostic marked, see scripts/add_rule.py)"
    (fixture_dir / "fires.py").write_text(FIXTURE_TEMPLATE.format(code=args.code, name=args.name, marker=example,
                                                                  what=fires_what),
                                          encoding="utf-8")
    (fixture_dir / "clean.py").write_text(FIXTURE_TEMPLATE.format(code=args.code, name=args.name, marker="",
                                                                  what="must not fire and must script"),
                                          encoding="utf-8")
    print(f"created {rule_file.relative_to(ROOT)}, {fixture_dir.relative_to(ROOT)}/{{fires,clean}}.py;"
          f" registered in {registry.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
