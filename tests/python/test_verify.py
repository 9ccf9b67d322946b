"""jitlint verify end to end (design.md section 7, issue 5 point 4), with the real native LibTorch loader.

The loader comes from JITLINT_LOADER when set (tools/test-all.sh builds it with CMake), else it is built once
per session through torch.utils.cpp_extension (cached under ~/.cache/jitlint/loader, as for users).
Models live in tests/verify_models/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from jitlint import api  # noqa: E402
from jitlint.verify import build as loader_build  # noqa: E402
from jitlint.verify import driver  # noqa: E402
from jitlint.verify import native  # noqa: E402

pytestmark = pytest.mark.filterwarnings(r"ignore:`torch\.jit\.\w+` is deprecated")

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "tests" / "verify_models"

RULES = [
    {"code": "JT101", "name": "comprehension-if", "torch_error": "Comprehension ifs are not supported yet"},
    {
        "code": "JT201",
        "name": "modulelist-variable-index",
        "torch_error": "ModuleList/Sequential indexing is only supported with integer literals",
    },
    {"code": "JT901", "name": "ignore-not-exportable", "torch_error": "Could not export Python function call"},
]
ALL_CODES = frozenset(rule["code"] for rule in RULES)


@pytest.fixture(scope="session")
def loader() -> Path:
    """The native loader: JITLINT_LOADER, or built (once, under a lock) with cpp_extension."""
    try:
        found = loader_build.resolve_loader()
    except loader_build.LoaderError as exc:
        pytest.fail(f"no native loader: {exc}")
    os.environ[loader_build.ENV_VAR] = str(found.path)  # subprocesses and in-process runs use this one
    return found.path


def model(name: str, attr: str = "make") -> str:
    return f"{MODELS / name}:{attr}"


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # No warning filters of our own: verify itself keeps torch's warnings off stderr.
    return subprocess.run(
        [sys.executable, "-m", "jitlint.verify", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=600,
    )


def step_lines(stdout: str) -> dict[str, str]:
    """{step name: mark} from `✓ name — detail` lines."""
    steps = {}
    for line in stdout.splitlines():
        match = re.match(r"^([✓✗-]) (.+?) — ", line)
        if match:
            steps[match.group(2)] = match.group(1)
    return steps


def verify_inprocess(monkeypatch, target: str, rules=None, diagnostics=None, **options) -> driver.Report:
    if rules is not None:
        monkeypatch.setattr(driver, "load_rules", lambda: (rules, None))
    if diagnostics is not None:
        monkeypatch.setattr(driver, "check_file", lambda source, user_file, *_: (diagnostics, ALL_CODES))
    return driver.verify(driver.Options(target=target, **options), stream=None)


def statuses(report: driver.Report) -> dict[str, str]:
    return {s.name: s.status for s in report.steps}


# ---------------------------------------------------------------------------------------------------------------
# the loader itself


def test_loader_has_no_python_in_its_process(loader):
    readelf = shutil.which("readelf")
    if readelf is None:
        pytest.skip("readelf not installed")
    dynamic = subprocess.run([readelf, "-d", str(loader)], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic)
    assert any(n.startswith("libtorch_cpu") for n in needed), needed
    assert not [n for n in needed if "python" in n], needed
    if shutil.which("ldd"):
        resolved = subprocess.run(["ldd", str(loader)], capture_output=True, text=True, check=True).stdout
        assert "libpython" not in resolved
        assert "libtorch_python" not in resolved


def test_loader_round_trip_and_one_line_errors(loader, tmp_path):
    class M(torch.nn.Module):
        def forward(self, x: torch.Tensor, xs: list[torch.Tensor], d: dict[str, torch.Tensor], s: float):
            return x * s, [t + 1 for t in xs], {k: v * 2 for k, v in d.items()}

    torch.jit.save(torch.jit.script(M()), str(tmp_path / "m.pt"))
    args = (torch.ones(2), [torch.zeros(3)], {"a": torch.ones(1)}, 2)
    torch.save(args, str(tmp_path / "in.pt"))
    ok = subprocess.run(
        [str(loader), str(tmp_path / "m.pt"), str(tmp_path / "in.pt"), str(tmp_path / "out.pt"), "--bench", "5"],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["runs"] == 5
    out = native.load_outputs(tmp_path / "out.pt")
    torch.testing.assert_close(out, M()(*args))

    for argv in (
        [],
        [str(tmp_path / "missing.pt"), str(tmp_path / "in.pt"), str(tmp_path / "o.pt")],
        [str(tmp_path / "m.pt"), str(tmp_path / "m.pt"), str(tmp_path / "o.pt")],  # a module is not inputs
        [str(tmp_path / "m.pt"), str(tmp_path / "in.pt"), str(tmp_path / "o.pt"), "--bench", "zero"],
    ):
        bad = subprocess.run([str(loader), *argv], capture_output=True, text=True)
        assert bad.returncode == 1, argv
        assert bad.stderr.startswith("jitlint-loader: error: "), bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1, bad.stderr


# ---------------------------------------------------------------------------------------------------------------
# the cases issue 5 asks for


def test_a_model_that_passes(loader):
    proc = run_cli(model("passes.py"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    steps = step_lines(proc.stdout)
    assert steps == {
        "import": "✓",
        "eager": "✓",
        "script": "✓",
        "save": "✓",
        "original intact": "✓",
        "loader": "✓",
        "libtorch": "✓",
        "compare": "✓",
    }
    assert f"(torch {torch.__version__})" in proc.stdout.splitlines()[0]
    assert "max abs diff" in proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1].startswith("verified:")


def test_passes_json_inputs_callable_and_tolerances(loader):
    proc = run_cli(
        model("passes.py", "model_only"), "--inputs", model("passes.py", "inputs"), "--json", "--atol", "1e-6",
        "--rtol", "0",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert data["ok"] is True and data["exit_code"] == 0 and data["error"] is None
    assert data["torch"] == torch.__version__
    assert all(step["status"] == "passed" for step in data["steps"])
    assert data["max_abs_diff"] is not None and data["max_abs_diff"] <= 1e-6
    assert (data["atol"], data["rtol"]) == (1e-6, 0.0)
    assert data["loader"]["origin"] in ("env", "cache", "built")


def test_fails_to_script_rule_mapped(loader, monkeypatch):
    target = model("script_fails.py")
    # jitlint check reported it (a diagnostic of the rule on torch's line) ...
    report = verify_inprocess(monkeypatch, target, RULES, [{"code": "JT201", "row": 14, "column": 17}])
    assert report.exit_code == 1
    assert statuses(report)["script"] == "failed"
    assert statuses(report)["save"] == "skipped" and statuses(report)["compare"] == "skipped"
    (failure,) = report.failures
    assert failure.rule == {"code": "JT201", "name": "modulelist-variable-index"}
    assert failure.file.endswith("script_fails.py") and failure.line == 14
    assert failure.check == "reported"
    # ... or it did not: a miss is called out as a jitlint bug.
    report = verify_inprocess(monkeypatch, target, RULES, [])
    (failure,) = report.failures
    assert failure.check == "missed"
    assert "missed by jitlint check (a jitlint bug" in failure.check_detail


def test_fails_to_script_cli(loader):
    proc = run_cli(model("script_fails.py"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    steps = step_lines(proc.stdout)
    assert steps["script"] == "✗" and steps["original intact"] == "✓"
    assert "script_fails.py:14" in proc.stdout
    assert "<--- HERE" in proc.stdout  # torch's own error is shown
    try:
        import jitlint._core  # noqa: F401
    except ImportError:
        return
    assert "JT201 modulelist-variable-index" in proc.stdout


def test_two_failing_submodules_both_listed(loader, monkeypatch):
    report = verify_inprocess(monkeypatch, model("two_failing.py"), RULES, [])
    assert statuses(report)["script"] == "failed"
    listed = [(f.module_class, f.line, f.rule["code"] if f.rule else None) for f in report.failures]
    # Innermost first; torch alone reports only the Encoder.
    assert listed == [("Encoder", 18, "JT201"), ("Head", 28, "JT101")]
    assert all(f.check == "missed" for f in report.failures)
    assert "Encoder" in report.torch_error or "ModuleList" in report.torch_error
    # Scripting them again is not polluted by TorchScript's cache of the failed attempt.
    again = verify_inprocess(monkeypatch, model("two_failing.py"), RULES, [])
    assert [(f.module_class, f.line) for f in again.failures] == [("Encoder", 18), ("Head", 28)]


def test_two_failing_submodules_cli_json(loader):
    proc = run_cli(model("two_failing.py"), "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [(f["class"], f["line"]) for f in data["failures"]] == [("Encoder", 18), ("Head", 28)]
    for failure in data["failures"]:
        assert failure["file"].endswith("two_failing.py")
        assert failure["error"] and failure["check"] in ("reported", "missed", "unavailable")


def test_parent_error_hidden_behind_a_failing_child_is_found(loader, monkeypatch, tmp_path):
    source = textwrap.dedent(
        """
        import torch
        from torch import nn

        class Child(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.ModuleList([nn.Identity(), nn.Identity()])
            def forward(self, x: torch.Tensor) -> torch.Tensor:
                for i in range(2):
                    x = self.layers[i](x)
                return x

        class Parent(nn.Module):
            def __init__(self):
                super().__init__()
                self.child = Child()
            def forward(self, x):
                y = self.child(x)
                return y, [i for i in range(3) if i]

        def make():
            return Parent(), (torch.ones(2),)
        """
    )
    (tmp_path / "nested.py").write_text(source)
    report = verify_inprocess(monkeypatch, f"{tmp_path / 'nested.py'}:make", RULES, [])
    assert [(f.module_class, f.rule["code"]) for f in report.failures] == [("Child", "JT201"), ("Parent", "JT101")]


def test_scripts_but_cannot_be_saved(loader, monkeypatch):
    report = verify_inprocess(monkeypatch, model("ignore_not_saved.py"), RULES, [])
    steps = statuses(report)
    assert steps["script"] == "passed"
    assert steps["save"] == "failed"
    assert steps["original intact"] == "passed"
    assert steps["libtorch"] == "skipped"
    (failure,) = report.failures
    assert failure.stage == "save"
    assert "Could not export Python function call 'postprocess'" in failure.first_line
    assert failure.rule["code"] == "JT901" and failure.line == 17
    proc = run_cli(model("ignore_not_saved.py"))
    assert proc.returncode == 1
    assert step_lines(proc.stdout)["save"] == "✗"


def test_scripted_output_differs_from_eager(loader):
    proc = run_cli(model("differs.py"), "--json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    steps = {s["name"]: s["status"] for s in data["steps"]}
    assert steps["script"] == steps["save"] == steps["libtorch"] == "passed"
    assert steps["compare"] == "failed"
    assert data["max_abs_diff"] > 0.01


def test_original_changed_by_saving(loader):
    proc = run_cli(model("changed_by_save.py"))
    assert proc.returncode == 1
    steps = step_lines(proc.stdout)
    assert steps["script"] == "✓" and steps["save"] == "✓"
    assert steps["original intact"] == "✗"
    line = next(x for x in proc.stdout.splitlines() if x.startswith("✗ original intact"))
    assert "lin.weight" in line and "outputs changed" in line


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("tests/verify_models/missing.py:make", "no such file"),
        ("tests/verify_models/passes.py:nope", "no factory named 'nope'"),
        ("tests/verify_models/bad_targets.py:raises", "the factory raised ValueError: no weights found"),
        ("tests/verify_models/bad_targets.py:not_a_module", "expected an nn.Module or (module, example_inputs)"),
        ("tests/verify_models/bad_targets.py:no_inputs", "no example inputs"),
        ("tests/verify_models/passes.py", "expected FILE.py:factory"),
        ("no_such_package.models:make", "no module named"),
    ],
)
def test_bad_targets_one_line_exit_2(target, problem):
    proc = run_cli(target)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"jitlint: error: {target}: ")
    assert problem in lines[0]
    assert "Traceback" not in proc.stderr


def test_bad_inputs_callable_exit_2():
    proc = run_cli(model("passes.py", "model_only"), "--inputs", model("bad_targets.py", "raises"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"jitlint: error: {model('bad_targets.py', 'raises')}: the inputs callable raised ValueError: no weights found"
    )


def test_bad_target_json_still_one_object():
    proc = run_cli("tests/verify_models/missing.py:make", "--json")
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"].endswith("no such file 'tests/verify_models/missing.py'")
    assert len(proc.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------------------------
# --bench, --fix, package targets, hygiene


def test_bench_side_by_side(loader):
    proc = run_cli("--bench", model("passes.py"), "--runs", "20", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bench = json.loads(proc.stdout)["bench"]
    assert bench["runs"] == 20
    assert bench["eager_median_us"] > 0 and bench["libtorch_median_us"] > 0
    text = run_cli(model("passes.py"), "--bench", "--runs", "5")
    line = next(x for x in text.stdout.splitlines() if x.startswith("✓ bench"))
    assert "eager Python" in line and "LibTorch" in line and "µs" in line


def _fake_fixer(monkeypatch, fix_text):
    def fix_source(data: bytes, *, select=None, unsafe: bool = False, project=None, path=None) -> api.Fixed:
        return api.Fixed(fix_text(data.decode()).encode(), {})

    monkeypatch.setattr(api, "fix_source", fix_source)


def _fix_modulelist(source: str) -> str:
    return source.replace(
        "for i in range(len(self.layers)):\n            x = self.layers[i](x)",
        "for layer in self.layers:\n            x = layer(x)",
    )


def test_fix_verifies_the_fixed_copy_with_the_original_weights(loader, monkeypatch):
    _fake_fixer(monkeypatch, _fix_modulelist)
    original = (MODELS / "script_fails.py").read_text()
    report = verify_inprocess(monkeypatch, model("script_fails.py"), RULES, [], fix=True)
    assert report.exit_code == 0, [(s.name, s.detail) for s in report.steps]
    assert statuses(report)["fix"] == "passed"
    assert len(report.fix["changed"]) == 1 and report.fix["changed"][0].endswith("script_fails.py")
    assert (MODELS / "script_fails.py").read_text() == original  # the user's file is never touched
    assert not [m for m in sys.modules if m.startswith(("jitlint_target_", "jitlint_fixed_"))]


def test_fix_failure_after_fixing_maps_to_rule_in_the_fixed_copy(loader, monkeypatch):
    _fake_fixer(monkeypatch, _fix_modulelist)  # fixes the Encoder, not the Head
    report = verify_inprocess(monkeypatch, model("two_failing.py"), RULES, [], fix=True)
    assert statuses(report)["fix"] == "passed" and statuses(report)["script"] == "failed"
    (failure,) = report.failures
    assert failure.module_class == "Head" and failure.rule["code"] == "JT101"
    assert failure.file.endswith("two_failing.py") and failure.after_fix and failure.line == 28
    assert failure.check == "missed"


def test_fix_that_changes_eager_outputs_fails(loader, monkeypatch):
    _fake_fixer(monkeypatch, lambda source: source.replace("return x\n", "return x * 2\n"))
    report = verify_inprocess(monkeypatch, model("script_fails.py"), RULES, [], fix=True)
    assert statuses(report)["fix"] == "failed"
    assert "changed the eager outputs" in next(s.detail for s in report.steps if s.name == "fix")


def test_fix_unavailable_is_a_failed_step(loader, monkeypatch):
    monkeypatch.setitem(sys.modules, "jitlint._core", None)  # the engine fails to load
    report = verify_inprocess(monkeypatch, model("script_fails.py"), RULES, [], fix=True)
    assert report.exit_code == 1
    fix = next(s for s in report.steps if s.name == "fix")
    assert fix.status == "failed"
    assert fix.detail.startswith("unavailable: the jitlint engine failed to load (jitlint._core: ")


def test_fix_with_the_real_fixer(loader):
    # jitlint's own fixes for JT201 and JT101 make both models script, save, load in LibTorch and match eager.
    for name in ("script_fails.py", "two_failing.py"):
        proc = run_cli(model(name), "--fix", "--json")
        data = json.loads(proc.stdout)
        assert proc.returncode == 0, [(s["name"], s["detail"]) for s in data["steps"]]
        assert data["fix"]["changed"] and all(s["status"] == "passed" for s in data["steps"])


def test_the_users_rule_selection_is_honoured(loader, tmp_path):
    # The project's configuration ignores JT201: `jitlint check` does not report the failure (not a jitlint bug),
    # and `verify --fix` applies no JT201 fix, as `jitlint fix` would not.
    shutil.copy(MODELS / "script_fails.py", tmp_path / "model.py")
    (tmp_path / "pyproject.toml").write_text('[tool.jitlint]\nignore = ["JT201"]\n')
    target = f"{tmp_path / 'model.py'}:make"
    for fix in (False, True):
        report = driver.verify(driver.Options(target=target, fix=fix), stream=None)
        assert statuses(report)["script"] == "failed"
        (failure,) = report.failures
        assert failure.rule["code"] == "JT201"
        assert (failure.check, failure.check_detail) == (
            "ignored", "not reported: JT201 is not selected for this file by its jitlint configuration")
    assert report.fix["changed"] == []
    (tmp_path / "pyproject.toml").write_text("[tool.jitlint]\n")
    report = driver.verify(driver.Options(target=target), stream=None)
    assert report.failures[0].check == "reported"


def test_torch_warnings_stay_off_verify_stderr(tmp_path):
    # Without numpy (a fresh virtual environment), `import torch` warns "Failed to initialize NumPy". Hide numpy.
    (tmp_path / "numpy").mkdir()
    (tmp_path / "numpy" / "__init__.py").write_text("raise ModuleNotFoundError('hidden by the test', name='numpy')\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))
    bare = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True, text=True, env=env)
    assert "Failed to initialize NumPy" in bare.stderr  # what verify must keep to itself
    proc = run_cli("tests/verify_models/missing.py:make", env=env)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "jitlint: error: tests/verify_models/missing.py:make: no such file 'tests/verify_models/missing.py'"
    ]


def test_package_module_target_with_sibling_modules(loader, monkeypatch, tmp_path):
    package = tmp_path / "mypkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "layers.py").write_text(
        textwrap.dedent(
            """
            import torch
            from torch import nn

            class Stack(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])

                def forward(self, x):
                    for i in range(len(self.layers)):
                        x = self.layers[i](x)
                    return x
            """
        )
    )
    (package / "model.py").write_text(
        "import torch\nfrom mypkg.layers import Stack\n\n\ndef make():\n    return Stack(), (torch.randn(2, 3),)\n"
    )
    monkeypatch.chdir(tmp_path)
    report = verify_inprocess(monkeypatch, "mypkg.model:make", RULES, [])
    (failure,) = report.failures
    assert failure.file == "mypkg/layers.py" and failure.rule["code"] == "JT201"
    assert "mypkg" not in sys.modules  # verify removes the user's modules it imported

    _fake_fixer(monkeypatch, _fix_modulelist)
    fixed = verify_inprocess(monkeypatch, "mypkg.model:make", RULES, [], fix=True)
    assert fixed.exit_code == 0, [(s.name, s.detail) for s in fixed.steps]
    assert fixed.fix["changed"] == ["mypkg/layers.py"]
    assert "mypkg" not in sys.modules and "mypkg.layers" not in sys.modules


def _write_project(root: Path) -> None:
    """Two top-level packages: `models.net` builds a Net whose base class and compiled helper live in `layers`.
    Alone, neither file shows a failure: Net is a module only through its imported base, and `keep_positive` is
    compiled only because Net.forward calls it."""
    for package in ("models", "layers"):
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")
    (root / "layers" / "base.py").write_text(
        "from torch import nn\n\n\nclass Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(3, 3)\n\n    def forward(self, x):\n        return self.fc(x)\n"
    )
    (root / "layers" / "utils.py").write_text(
        "from typing import List\n\nimport torch\n\n\n"
        "def keep_positive(xs: List[torch.Tensor]) -> List[torch.Tensor]:\n"
        "    return [x * 2 for x in xs if bool(x.sum() > -100)]\n"
    )
    (root / "models" / "net.py").write_text(
        textwrap.dedent(
            """
            import torch
            from torch import nn

            from layers.base import Block
            from layers.utils import keep_positive


            class Net(Block):
                def __init__(self):
                    super().__init__()
                    self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])

                def forward(self, x):
                    y = keep_positive([x, x + 1])[0]
                    for i in range(len(self.layers)):
                        y = self.layers[i](y)
                    return y


            def make():
                return Net(), (torch.randn(2, 3),)
            """
        )
    )


def test_fix_across_the_projects_files(loader, monkeypatch, tmp_path):
    # The failures are found and fixed with the project's other files at hand, as `jitlint check .` finds them:
    # torch stops in layers/utils.py, which `jitlint check` reports; --fix fixes both files in the copy.
    _write_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    report = driver.verify(driver.Options(target="models.net:make"), stream=None)
    assert statuses(report)["script"] == "failed"
    (failure,) = report.failures
    assert (failure.file, failure.line, failure.rule["code"]) == ("layers/utils.py", 7, "JT101")
    assert (failure.check, failure.check_detail) == ("reported", "reported by jitlint check (JT101 at 7:12)")

    proc = run_cli("models.net:make", "--fix", "--json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, [(s["name"], s["detail"]) for s in data["steps"]]
    assert data["fix"]["changed"] == ["layers/utils.py", "models/net.py"]
    assert data["fix"]["applied"] == {"layers/utils.py": {"JT101": 1}, "models/net.py": {"JT201": 1}}
    fix_step = next(s for s in data["steps"] if s["name"] == "fix")
    assert "fixed 2 of 5 file(s) (layers/utils.py: JT101; models/net.py: JT201)" in fix_step["detail"]
    assert "keep_positive" in (tmp_path / "layers" / "utils.py").read_text()
    assert "if bool(" in (tmp_path / "layers" / "utils.py").read_text()  # the user's files are never touched


def test_verify_restores_sys_path_and_modules(loader, monkeypatch):
    path_before = list(sys.path)
    report = verify_inprocess(monkeypatch, model("passes.py"), RULES, [])
    assert report.exit_code == 0
    assert sys.path == path_before
    assert not [m for m in sys.modules if m.startswith("jitlint_target_")]


def test_jitlint_verify_subcommand(loader):
    exe = shutil.which("jitlint")
    command = [exe] if exe else [sys.executable, "-m", "jitlint"]
    proc = subprocess.run([*command, "verify", model("passes.py")], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert step_lines(proc.stdout)["compare"] == "✓"


# ---------------------------------------------------------------------------------------------------------------
# a framework's own scripting entry point: Lightning's to_torchscript


def _needs_lightning() -> None:
    """Skip without pytorch_lightning, but not in CI: tools/test-all.sh installs it, so there it must run."""
    try:
        import pytorch_lightning  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI=true but pytorch_lightning does not import ({exc}); tools/test-all.sh installs it")
        pytest.skip(f"pytorch_lightning not installed ({exc})")


def test_lightning_entry_point_is_found_by_name():
    from jitlint.verify import scripting

    # Lightning is recognised from the class's MRO by name, without importing it.
    unified = type("LightningModule", (torch.nn.Module,), {"__module__": "lightning.pytorch.core.module",
                                                           "to_torchscript": lambda self, method: None})
    assert scripting.entry_point(type("Lit", (unified,), {})()) == scripting.LIGHTNING_SCRIPT
    assert scripting.entry_point(torch.nn.Linear(2, 2)) == scripting.TORCH_SCRIPT
    assert scripting.script_model(torch.nn.Linear(2, 2))[1] == "torch.jit.script"


def test_lightning_module_scripts_with_to_torchscript(loader):
    _needs_lightning()
    proc = run_cli(model("lightning.py", "clean"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert set(step_lines(proc.stdout).values()) == {"✓"}
    line = next(x for x in proc.stdout.splitlines() if x.startswith("✓ script"))
    assert line.startswith('✓ script — LightningModule.to_torchscript(method="script") in '), line
    assert proc.stderr == ""  # Lightning's deprecation warning and log records stay off verify's output
    data = json.loads(run_cli(model("lightning.py", "clean"), "--json").stdout)
    assert data["ok"] is True and all(step["status"] == "passed" for step in data["steps"])
    script = next(step for step in data["steps"] if step["name"] == "script")
    assert script["detail"].startswith('LightningModule.to_torchscript(method="script") in ')


def test_lightning_module_script_failure_mapped_to_rule(loader, monkeypatch):
    _needs_lightning()
    report = verify_inprocess(monkeypatch, model("lightning.py", "loop_index"), RULES, [])
    assert report.exit_code == 1
    assert statuses(report)["script"] == "failed" and statuses(report)["original intact"] == "passed"
    detail = next(s.detail for s in report.steps if s.name == "script")
    assert detail.startswith('LightningModule.to_torchscript(method="script") failed in LitLoop: JT201 '), detail
    # The class-by-class analysis scripts the LightningModule through to_torchscript too: no "not attached to a
    # `Trainer`" failure of its own next to the real one.
    (failure,) = report.failures
    assert (failure.module_class, failure.rule["code"], failure.line) == ("LitLoop", "JT201", 37)
    assert failure.file.endswith("lightning.py")
    assert "Trainer" not in (report.torch_error or "")


# ---------------------------------------------------------------------------------------------------------------
# loader resolution (no compiling here)


def test_loader_cache_key_and_location(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    a = loader_build.build_dir_for("2.13.0+cpu", "/site/torch/lib", b"source")
    assert a.parent == tmp_path / "jitlint" / "loader"
    assert a.name.startswith("torch-2.13.0+cpu-")
    assert loader_build.build_dir_for("2.13.1+cpu", "/site/torch/lib", b"source").name != a.name
    assert loader_build.build_dir_for("2.13.0+cpu", "/venv2/torch/lib", b"source") != a
    assert loader_build.build_dir_for("2.13.0+cpu", "/site/torch/lib", b"source v2") != a
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert loader_build.cache_root() == Path.home() / ".cache" / "jitlint" / "loader"


def test_jitlint_loader_env_must_be_executable(monkeypatch, tmp_path):
    not_exe = tmp_path / "jitlint-loader"
    not_exe.write_text("")
    monkeypatch.setenv("JITLINT_LOADER", str(not_exe))
    with pytest.raises(loader_build.LoaderError, match="not an executable file"):
        loader_build.resolve_loader()
    not_exe.chmod(0o755)
    assert loader_build.resolve_loader().origin == "env"


def _run_on_terminal(*args: str, timeout: float = 300) -> tuple[int, str]:
    """`python -m jitlint.verify ARGS` with stdout and stderr on a pseudo-terminal: (exit code, all it wrote)."""
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "jitlint.verify", *args], stdout=slave, stderr=slave,
                            cwd=REPO, env=dict(os.environ, TERM="xterm", COLUMNS="120"))
    os.close(slave)
    out = b""
    while select.select([master], [], [], timeout)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=timeout), out.decode("utf-8", errors="replace")


def test_a_spinner_says_what_runs_on_a_terminal_and_nothing_when_piped(loader):
    code, shown = _run_on_terminal(model("passes.py"))
    assert code == 0, shown
    assert "libtorch: torch::jit::load + forward in a process without Python" in shown  # the running step
    assert "✓ libtorch — " in shown  # then its line
    piped = run_cli(model("passes.py"))
    assert piped.returncode == 0 and piped.stderr == ""
    assert "libtorch: torch::jit::load" not in piped.stdout and "\x1b[" not in piped.stdout
