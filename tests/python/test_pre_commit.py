"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit (PyPI) as a user's repository would run them.

pre-commit clones this repository at its HEAD commit (committed code only: a clone of the repository under test) and
builds jitlint in its own virtualenv with `pip install .`, compiling the C++ engine: several minutes on two cores.
Both tests share one PRE_COMMIT_HOME (and one pytest-xdist worker), so the build happens once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_cli_support import write

REPO_ROOT = Path(__file__).resolve().parents[2]

# The build of the hook's environment (engine compiled from source) may take a while on a busy two-core machine.
INSTALL_TIMEOUT = 3600
RUN_TIMEOUT = 600

pytestmark = pytest.mark.xdist_group("pre-commit")

# JT201: a ModuleList indexed by the loop variable in forward (row 12, column 17); the safe fix iterates the list.
MODEL = """\
import torch
from torch import nn


class Stack(nn.Module):
    def __init__(self, n: int = 3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(n)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        return x
"""
FIXED_LOOP = "        for layer in self.layers:\n            x = layer(x)\n"


def _pre_commit_available() -> bool:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return False
    return True


if not _pre_commit_available():
    if os.environ.get("CI"):
        pytest.fail("pre-commit is not installed (requirements-dev.txt lists it)", pytrace=False)
    pytest.skip("pre-commit is not installed (pip install -r requirements-dev.txt)", allow_module_level=True)


def _git(*args: str, cwd: Path) -> str:
    proc = subprocess.run(["git", "-c", "user.name=jitlint tests", "-c", "user.email=tests@jitlint.invalid",
                           "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A clone of the repository under test and the commit pre-commit installs the hooks from."""
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("the tests do not run from a git checkout of jitlint")
    clone = tmp_path_factory.mktemp("jitlint-hook-repo") / "jitlint"
    _git("clone", "--quiet", "--no-hardlinks", str(REPO_ROOT), str(clone), cwd=REPO_ROOT)
    return clone, _git("rev-parse", "HEAD", cwd=clone)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _user_repo(root: Path, hook_repo: tuple[Path, str]) -> Path:
    """A user's repository: the failing model, an excluded copy of it, and a config using both hooks."""
    clone, rev = hook_repo
    repo = root / "user-repo"
    repo.mkdir()
    _git("init", "--quiet", cwd=repo)
    write(repo, "model.py", MODEL)
    write(repo, "legacy/old_model.py", MODEL)  # excluded by the config: --force-exclude keeps it out
    write(repo, "pyproject.toml", '[tool.jitlint]\nextend-exclude = ["legacy"]\n')
    write(repo, ".pre-commit-config.yaml",
          f"repos:\n"
          f"  - repo: {clone}\n"
          f"    rev: {rev}\n"
          f"    hooks:\n"
          f"      - id: jitlint\n"
          f"      - id: jitlint-fix\n")
    _git("add", "-A", cwd=repo)
    _git("commit", "--quiet", "-m", "a model", cwd=repo)
    return repo


def _env(home: Path) -> dict[str, str]:
    # nothing of this session's Python setup (PYTHONPATH, a virtualenv, JITLINT_*) may reach the hook's environment
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JITLINT_", "PRE_COMMIT", "PYTHON", "VIRTUAL_ENV", "PIP_"))}
    env.update({
        "PRE_COMMIT_HOME": str(home),
        # whatever the hook's install resolves, torch can only be the pinned one (the package never needs it)
        "PIP_CONSTRAINT": str(REPO_ROOT / "constraints.txt"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        "NO_COLOR": "1",
    })
    return env


def _pre_commit(repo: Path, home: Path, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=repo,
                          capture_output=True, text=True, env=_env(home), timeout=timeout, stdin=subprocess.DEVNULL)


def _install(repo: Path, home: Path) -> None:
    """Build the hooks' environment first (once per PRE_COMMIT_HOME), with its own generous timeout."""
    proc = _pre_commit(repo, home, "install-hooks", timeout=INSTALL_TIMEOUT)
    log = home / "pre-commit.log"
    assert proc.returncode == 0, (proc.stdout + proc.stderr
                                  + (log.read_text(errors="replace")[-20000:] if log.exists() else ""))


def test_check_hook_fails_with_the_diagnostic(tmp_path, hook_repo, pre_commit_home):
    repo = _user_repo(tmp_path, hook_repo)
    _install(repo, pre_commit_home)
    r = _pre_commit(repo, pre_commit_home, "run", "jitlint", "--all-files", timeout=RUN_TIMEOUT)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Failed" in out
    assert "model.py:12:17: JT201 [*] " in out
    assert "legacy/old_model.py" not in out  # excluded by the config although pre-commit names it
    assert (repo / "model.py").read_text() == MODEL  # the check hook never writes


def test_fix_hook_fixes_the_file_and_fails_because_it_changed_it(tmp_path, hook_repo, pre_commit_home):
    repo = _user_repo(tmp_path, hook_repo)
    _install(repo, pre_commit_home)
    r = _pre_commit(repo, pre_commit_home, "run", "jitlint-fix", "--all-files", timeout=RUN_TIMEOUT)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Failed" in out
    assert "files were modified by this hook" in out
    fixed = (repo / "model.py").read_text()
    assert FIXED_LOOP in fixed and "self.layers[i]" not in fixed
    assert (repo / "legacy/old_model.py").read_text() == MODEL  # excluded: never fixed

    # once fixed, both hooks pass
    _git("add", "-A", cwd=repo)
    for hook in ("jitlint-fix", "jitlint"):
        r = _pre_commit(repo, pre_commit_home, "run", hook, "--all-files", timeout=RUN_TIMEOUT)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "Passed" in r.stdout
