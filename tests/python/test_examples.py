"""examples/: README, this table and reality agree (torch==2.13.0 for the torch parts).

- ``jitlint check examples/`` reports exactly ``DIAGNOSTICS`` (file, code, line, column, fix applicability) and
  nothing in ``examples/fixed/``;
- ``examples/fixed/X.py`` is byte for byte what ``jitlint fix [--unsafe-fixes]`` makes of ``examples/X.py``;
- with torch: ``jitlint verify --fix [--unsafe-fixes] --json examples/X.py:build`` (the installed CLI, a subprocess)
  exits 0 with every step passed: the fixed model scripts, saves, runs in the native LibTorch loader and matches
  eager;
- with torch: each rule of an example still breaks ``torch.jit.script`` on its own (every other rule fixed), so the
  examples keep failing for several rules; and the exported methods of the fixed copies (which ``verify`` does not
  run) match the original eager ones.

When an example changes, regenerate its fixed copy (``jitlint fix [--unsafe-fixes] - < examples/X.py >
examples/fixed/X.py``) and update this table and examples/README.md together.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

# Examples whose fixes include an unsafe one (verified with --unsafe-fixes); every other example needs only safe fixes.
UNSAFE = {"token_filter"}

# (code, line, column, applicability reported by `check`: "safe", "unsafe" or None) per example, in output order.
DIAGNOSTICS: Dict[str, List[Tuple[str, int, int, Optional[str]]]] = {
    "mlp_mixer_blocks": [
        ("JT104", 47, 69, "safe"),
        ("JT201", 54, 17, "safe"),
        ("JT201", 55, 21, "safe"),
        ("JT201", 56, 21, "safe"),
        ("JT201", 56, 41, "safe"),
        ("JT203", 58, 16, "safe"),
    ],
    "multitask_heads": [
        ("JT202", 48, 26, "safe"),
        ("JT103", 51, 20, "safe"),
        ("JT101", 58, 16, "safe"),
        ("JT202", 66, 22, "safe"),
    ],
    "resnet_stages": [
        ("JT201", 61, 17, "safe"),
        ("JT201", 62, 17, "safe"),
        ("JT101", 64, 16, "safe"),
    ],
    "token_filter": [
        ("JT101", 31, 16, "safe"),
        ("JT103", 31, 44, "safe"),
        ("JT102", 35, 20, "unsafe"),
        ("JT101", 45, 16, "safe"),
    ],
    "unet_decoder": [
        ("JT203", 44, 13, "safe"),
        ("JT203", 48, 28, "safe"),
        ("JT203", 50, 28, "safe"),
        ("JT203", 54, 61, "safe"),
        ("JT202", 56, 29, "safe"),
    ],
}

# Exported methods of the fixed copies, with their arguments built from build()'s inputs.
EXPORTED_CALLS = {
    "multitask_heads": {"active_loss_weights": lambda inputs: (), "predict_all": lambda inputs: inputs[:1]},
    "token_filter": {"token_histogram": lambda inputs: inputs},
}

NAMES = sorted(DIAGNOSTICS)


def _cli() -> List[str]:
    exe = shutil.which("jitlint")
    return [exe] if exe else [sys.executable, "-m", "jitlint"]


def _run(args: List[str], stdin: Optional[str] = None, env: Optional[dict] = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*_cli(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(env or os.environ, PYTHONWARNINGS="ignore::DeprecationWarning", NO_COLOR="1"),
        timeout=600,
    )


def _fix_flags(name: str) -> List[str]:
    return ["--unsafe-fixes"] if name in UNSAFE else []


def test_table_covers_every_example():
    assert sorted(p.stem for p in EXAMPLES.glob("*.py")) == NAMES
    assert sorted(p.stem for p in (EXAMPLES / "fixed").glob("*.py")) == NAMES


# ------------------------------------------------------------------------------------------- text, no torch


def test_check_reports_exactly_the_table():
    proc = _run(["check", "--output-format", "json", "examples/"])
    assert proc.returncode == 1, proc.stderr
    found: Dict[str, List[Tuple[str, int, int, Optional[str]]]] = {}
    for d in json.loads(proc.stdout):
        rel = Path(d["filename"]).resolve().relative_to(EXAMPLES)
        applicability = d["fix"]["applicability"] if d["fix"] else None
        found.setdefault(str(rel.with_suffix("")), []).append(
            (d["code"], d["location"]["row"], d["location"]["column"], applicability)
        )
    assert found == DIAGNOSTICS  # also: nothing reported in examples/fixed/


def test_readme_shows_the_table_and_the_real_check_output():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    proc = _run(["check", "examples/"])
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.strip() in readme, "examples/README.md: paste the current `jitlint check examples/` output"
    for name, rows in DIAGNOSTICS.items():
        for code, line, col, _ in rows:
            assert f"| `{name}.py:{line}:{col}` | {code} " in readme, f"README table lacks {name}.py:{line}:{col} {code}"
        command = " ".join(["jitlint verify --fix", *_fix_flags(name), f"examples/{name}.py:build"])
        assert command in readme, f"README lacks the verify command `{command}`"


@pytest.mark.parametrize("name", NAMES)
def test_fixed_copy_is_jitlint_fix_output(name):
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    proc = _run(["fix", *_fix_flags(name), "--stdin-filename", f"examples/{name}.py", "-"], stdin=source)
    assert proc.returncode == 0, proc.stderr
    expected = (EXAMPLES / "fixed" / f"{name}.py").read_text(encoding="utf-8")
    assert proc.stdout == expected, (
        f"examples/fixed/{name}.py is stale: regenerate it with "
        f"`jitlint fix {' '.join(_fix_flags(name))} - < examples/{name}.py > examples/fixed/{name}.py`"
    )
    if name in UNSAFE:  # the unsafe fix is really needed: safe fixes alone leave a diagnostic
        safe = _run(["fix", "--stdin-filename", f"examples/{name}.py", "-"], stdin=source)
        assert safe.returncode == 1 and safe.stdout != expected


# ------------------------------------------------------------------------------------------------ with torch


@pytest.fixture(scope="module")
def loader_env() -> dict:
    """Environment whose JITLINT_LOADER is the native loader (the CMake one when set, else built once and cached)."""
    pytest.importorskip("torch")
    from jitlint.verify import build as loader_build

    try:
        found = loader_build.resolve_loader()
    except loader_build.LoaderError as exc:
        pytest.fail(f"no native loader: {exc}")
    return dict(os.environ, **{loader_build.ENV_VAR: str(found.path)})


@pytest.mark.parametrize("name", NAMES)
def test_verify_fix_passes(name, loader_env):
    target = f"examples/{name}.py:build"
    proc = _run(["verify", "--fix", *_fix_flags(name), "--json", target], env=loader_env)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"verify printed no JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    steps = [(s["name"], s["status"], s["detail"]) for s in data["steps"]]
    assert proc.returncode == 0 and data["ok"] and data["exit_code"] == 0, (steps, data.get("failures"))
    assert all(status == "passed" for _, status, _ in steps), steps
    names = [n for n, _, _ in steps]
    for required in ("fix", "script", "save", "libtorch", "compare"):
        assert required in names, names
    assert data["fix"]["changed"] == [f"examples/{name}.py"]


def _load(path: Path, prefix: str):
    """Import a file under a unique module name from its real path (TorchScript reads the source)."""
    module_name = prefix + "_" + re.sub(r"\W", "_", str(path.resolve()))
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _script(model):
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return torch.jit.script(model)


def _first_error_line(exc: BaseException) -> str:
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), "")


@pytest.mark.parametrize(
    "name, code",
    [pytest.param(n, c, id=f"{n}-{c}") for n in NAMES for c in sorted({d[0] for d in DIAGNOSTICS[n]})],
)
def test_each_rule_alone_still_breaks_scripting(name, code, tmp_path):
    pytest.importorskip("torch")
    import torch_harness as h

    path = tmp_path / f"{name}.py"
    shutil.copy(EXAMPLES / f"{name}.py", path)
    proc = _run(["fix", "--unsafe-fixes", "--unfixable", code, str(path)])
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the rule's diagnostics are left
    model, _ = _load(path, f"jitlint_example_only_{code}").build()
    try:
        _script(model)
    except Exception as exc:  # noqa: BLE001 - torch raises RuntimeError, FrontendError, ...
        head = _first_error_line(exc)
        assert any(s in head for s in h.MEASURED_TORCH_ERRORS[code]), f"{name}, only {code} left: {head}"
    else:
        pytest.fail(f"{name} with every rule but {code} fixed scripts: {code} is not needed there", pytrace=False)


@pytest.mark.parametrize("name", sorted(EXPORTED_CALLS))
def test_exported_methods_of_fixed_copy_match_original(name):
    torch = pytest.importorskip("torch")
    import torch_harness as h

    original, inputs = _load(EXAMPLES / f"{name}.py", "jitlint_example_exports").build()
    fixed, _ = _load(EXAMPLES / "fixed" / f"{name}.py", "jitlint_example_exports").build()
    fixed.load_state_dict(original.state_dict())
    scripted = _script(fixed)
    for method, make_args in EXPORTED_CALLS[name].items():
        args = make_args(inputs)
        with torch.no_grad():
            h.assert_outputs_close(getattr(scripted, method)(*args), getattr(original, method)(*args), method)
