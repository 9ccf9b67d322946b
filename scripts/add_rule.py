#!/usr/bin/env python3
"""Scaffold a new rule: its C++ file (doc, check, no fix yet), its registry line and its fixtures.

    python3 scripts/add_rule.py JT105 lambda-expression syntax [--phase frontend|semantic]

Then: fill in the doc and the check, write the cases in tests/rules/JT105/{fires,clean}.py (each case a
`case_<name>()` factory returning `(model_or_function, inputs)`, each diagnostic line marked
`# expect: JT105@<column>`), re-run `python3 scripts/gen_rule_docs.py`, and run the tests.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

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
  std::vector<std::string_view> node_kinds() const override {{ return {{/* tree-sitter node kinds */}}; }}
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
        return x


def case_example():
    torch.manual_seed(0)
    return Example().eval(), (torch.randn(2),)
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    (fixture_dir / "fires.py").write_text(FIXTURE_TEMPLATE.format(code=args.code, name=args.name,
                                                                  what="must fire (mark each with # expect:)"),
                                          encoding="utf-8")
    (fixture_dir / "clean.py").write_text(FIXTURE_TEMPLATE.format(code=args.code, name=args.name,
                                                                  what="must not fire and must script"),
                                          encoding="utf-8")
    print(f"created {rule_file.relative_to(ROOT)}, {fixture_dir.relative_to(ROOT)}/{{fires,clean}}.py;"
          f" registered in {registry.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
