#!/usr/bin/env python3
"""Write docs/rules/<CODE>.md from each rule's own doc text (the text `jitlint rule CODE` prints).

    python3 scripts/gen_rule_docs.py           # rewrite the pages
    python3 scripts/gen_rule_docs.py --check   # exit 1 if a page is stale (the test suite runs this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages() -> dict[Path, str]:
    from jitlint import _core
    from jitlint.output import rule_page

    out = {ROOT / "docs" / "rules" / f"{r['code']}.md": rule_page(r) for r in _core.rules()}
    index = ["# jitlint rules\n", "| code | name | summary |", "|---|---|---|"]
    for r in _core.rules():
        index.append(f"| [{r['code']}]({r['code']}.md) | {r['name']} | {r['summary']} |")
    out[ROOT / "docs" / "rules" / "README.md"] = "\n".join(index) + "\n"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale pages instead of writing them")
    args = parser.parse_args()
    stale = []
    expected = pages()
    for path, text in expected.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    extra = [p for p in (ROOT / "docs" / "rules").glob("*.md") if p not in expected]
    if args.check and (stale or extra):
        for p in stale + extra:
            print(f"stale: {p.relative_to(ROOT)} (run python3 scripts/gen_rule_docs.py)", file=sys.stderr)
        return 1
    for p in extra:
        p.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
