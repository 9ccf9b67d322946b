"""Smoke tests of bench/: the scripts run and their helpers behave. No timing is asserted."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_bench_runs_on_a_small_corpus(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import torch\n\n\nclass M(torch.nn.Module):\n    def forward(self, xs: list[int]):\n"
        "        return [x for x in xs if x]\n"
    )
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, str(BENCH / "bench.py"), "--runs", "1", "--jobs", "1", "--json", "-o",
                           str(out), str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    names = [r["name"] for r in data["rows"]]
    assert names == ["core", "cli -j1"]
    assert all(r["diagnostics"] == 1 for r in data["rows"])
    assert data["corpus"]["files"] == 1


def test_ecosystem_diff(tmp_path: Path) -> None:
    eco = _load("ecosystem")
    d = {"package": "p", "path": "a.py", "row": 1, "column": 1, "code": "JT101", "message": "m"}
    assert eco.diff({"diagnostics": [d]}, {"diagnostics": [d]}) == 0
    assert eco.diff({"diagnostics": [d]}, {"diagnostics": []}) == 1


def test_signature_bypass_keeps_line_numbers(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    eco = _load("ecosystem")
    src = tmp_path / "lib_mod.py"
    src.write_text(
        "import functools\n"
        "def deco(f):\n"
        "    @functools.wraps(f)\n"
        "    def w(*a, **k):\n"
        "        return f(*a, **k)\n"
        "    return w\n"
        "\n"
        "@deco\n"
        "def fn(x: int,\n"
        "       *args,\n"
        "       flag: bool = False,\n"
        "       **kwargs) -> 'SomeOutput':\n"
        "    y = other(x, **kwargs)\n"
        "    return [v for v in [x, y] if v]\n"
        "def other(x, **kw):\n"
        "    return x\n"
    )
    spec = importlib.util.spec_from_file_location("lib_mod", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    got = eco.patched_function(mod.fn)
    assert got is not None
    new, changes = got
    assert {"varargs", "keyword-only", "decorators", "return-annotation"} <= set(changes)
    assert new.__code__.co_firstlineno == 9
    text = Path(new.__code__.co_filename).read_text().splitlines()
    assert text[13].strip() == "return [v for v in [x, y] if v]"  # line 14 stays line 14
    assert text[12].strip() == "y = other(x)"
    assert new(3) == [3, 3]
