"""jitlint.api, the one facade over the engine: rule selection, the fallback for files tree-sitter misreads, errors
as one line, and the engine imported lazily (and by nobody else)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from jitlint import api

PACKAGE = Path(api.__file__).resolve().parent

# JT101 (row 7) and JT103 (row 6) in a scripted function.
TWO_RULES = b"""\
import torch
from typing import List


@torch.jit.script
def f(xs: List[int]) -> List[int]:
    s = {1, 2}
    return [x for x in xs if x > 0]
"""

# Valid Python that tree-sitter-python 0.23.6 does not parse (`x, *rest = a, *[]`), with a JT101 to fix.
MISREAD = TWO_RULES.replace(b"    s = {1, 2}\n", b"") + b"\n\ndef g(a):\n    x, *rest = a, *[]\n    return rest\n"


def codes(diagnostics) -> list[str]:
    return sorted(d["code"] for d in diagnostics)


def test_no_module_but_api_imports_the_engine():
    importers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Constant) and node.value == "jitlint._core":
                names = [node.value]  # importlib.import_module("jitlint._core")
            if "jitlint._core" in names:
                importers.append(path.relative_to(PACKAGE).as_posix())
    assert importers == ["api.py"]


def test_importing_the_api_and_the_cli_does_not_load_the_engine():
    code = "import sys, jitlint.api, jitlint.cli, jitlint.fixing\nassert 'jitlint._core' not in sys.modules\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_an_engine_that_fails_to_load_is_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "jitlint._core", None)
    for call in (api.rules, lambda: api.check_source(b"x = 1\n"), lambda: api.fix_source(b"x = 1\n")):
        with pytest.raises(api.EngineError) as info:
            call()
        assert str(info.value) == ("the jitlint engine failed to load (jitlint._core: import of jitlint._core "
                                   "halted; None in sys.modules); reinstall jitlint")


def test_rules():
    rules = api.rules()
    assert [r["code"] for r in rules][:3] == ["JT000", "JT001", "JT101"]
    assert {"code", "name", "summary", "torch_error", "doc", "fix"} <= set(rules[1])


def test_select_runs_those_rules_and_always_syntax_errors():
    assert codes(api.check_source(TWO_RULES)) == ["JT101", "JT103"]
    assert codes(api.check_source(TWO_RULES, select=["JT103"])) == ["JT103"]
    assert codes(api.check_source(TWO_RULES, select=[])) == []
    broken = TWO_RULES + b"def h(:\n"
    assert "JT000" in codes(api.check_source(broken, select=["JT103"]))


def test_bytes_that_are_not_utf8_are_a_source_error():
    with pytest.raises(api.SourceError) as info:
        api.check_source(b"x = 'caf\xe9'\n")
    assert "UTF-8" in str(info.value) and "\n" not in str(info.value)


def test_fix_source_applies_the_selected_fixes():
    fixed, applied = api.fix_source(TWO_RULES, select=["JT101"])
    assert applied == {"JT101": 1}
    assert codes(api.check_source(fixed)) == ["JT103"]
    assert api.fix_source(TWO_RULES, select=["JT201"]) == (TWO_RULES, {})


def test_a_file_tree_sitter_misreads_is_checked_and_fixed_as_python_reads_it():
    assert codes(api.check_source(MISREAD)) == ["JT101"]  # no JT000: Python accepts the file
    fixed, applied = api.fix_source(MISREAD)
    assert applied == {"JT101": 1}
    assert codes(api.check_source(fixed)) == []


def test_selected_rules_come_from_the_files_configuration(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jitlint]\nignore = ["JT103"]\nunfixable = ["JT201"]\nper-file-ignores = { "tests/*" = ["JT1"] }\n'
    )
    (tmp_path / "tests").mkdir()
    monkeypatch.chdir(tmp_path / "tests")  # relative paths are relative to the current folder
    every = {rule["code"] for rule in api.rules()}
    checked, fixable = api.selected_rules("../model.py")
    assert checked == every - {"JT103"}
    assert fixable == checked - {"JT201"}
    checked, _ = api.selected_rules("test_model.py")
    assert checked == {code for code in every if not code.startswith("JT1")}
    assert codes(api.check_source(TWO_RULES, select=api.selected_rules("../model.py").checked)) == ["JT101"]


def test_check_all_reports_progress_and_ends_at_the_total(tmp_path):
    for i in range(3):
        (tmp_path / f"m{i}.py").write_text("import torch\n\n\n@torch.jit.script\ndef f(x: int) -> int:\n    return x\n")
    project = api.Project(sorted(str(p) for p in tmp_path.glob("*.py")))
    calls: list[tuple[int, int]] = []
    entries = project.check_all([None] * 3, on_progress=lambda done, total: calls.append((done, total)))
    assert [e["diagnostics"] for e in entries] == [[], [], []]
    assert calls and calls[-1] == (3, 3) and all(0 <= d <= t == 3 for d, t in calls)
