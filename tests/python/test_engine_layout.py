"""The engine's layering, checked on its sources: shared analysis lives in core/ and never depends on rules/; no
rule or model query asks tree-sitter for a node's parent (`ts_node_parent` re-descends from the root every call:
walks keep the path instead); node kinds are grammar ids, never strings compared per node."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("core/*.cpp"), *ROOT.glob("core/*.h"), *ROOT.glob("rules/**/*.cpp"),
                  *ROOT.glob("rules/**/*.h")])


def code_of(path: Path) -> str:
    """The file without its comments (a comment may name what the code must not do)."""
    text = path.read_text(encoding="utf-8")
    return re.sub(r"//[^\n]*", "", text)


def test_the_engine_sources_are_there() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in SOURCES}
    assert {"core/engine.cpp", "core/walk.h", "core/kinds.h", "rules/registry.cpp"} <= names


def test_no_code_asks_for_a_nodes_parent() -> None:
    offenders = [p.relative_to(ROOT).as_posix() for p in SOURCES if "ts_node_parent" in code_of(p)]
    assert offenders == []


def test_core_does_not_include_rules() -> None:
    offenders = [p.relative_to(ROOT).as_posix() for p in ROOT.glob("core/*") if '#include "rules/' in code_of(p)]
    assert offenders == []


def test_engine_and_fixer_headers_do_not_include_each_other() -> None:
    assert '#include "core/fixer.h"' not in code_of(ROOT / "core/engine.h")
    assert '#include "core/fixer.h"' not in code_of(ROOT / "core/engine.cpp")


def test_node_kinds_are_ids_not_strings() -> None:
    # `is(node, "call")` / `field(node, "body")` would compare strings on every test.
    pattern = re.compile(r'\b(?:is|field)\((?:[^()";]|\([^()]*\))*,\s*"[a-z_ ]+"\)')
    offenders = [f"{p.relative_to(ROOT).as_posix()}: {m.group(0)}" for p in SOURCES
                 for m in pattern.finditer(code_of(p))]
    assert offenders == []


def test_rules_subscribe_by_kind_id() -> None:
    rule_files = [p for p in SOURCES if p.parts[-3] == "rules" and p.suffix == ".cpp" and p.parent.name != "fixes"]
    assert rule_files
    for path in rule_files:
        code = code_of(path)
        assert "node_kinds" not in code, path
        if "class " in code and ": public Rule" in code:
            assert "Subscriptions subscriptions() const override" in code, path
