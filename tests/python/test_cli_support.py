"""Shared helpers for the end-to-end CLI tests (test_cli_*.py). This module holds no tests.

The tests run the installed ``jitlint`` command as a user would (``python -m jitlint`` when the console
script is not on PATH) on small files written to ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Fires JT101 (a comprehension `if` in forward) at row 5, from the comprehension's `[` (where torch points).
FIRES = """\
import torch
from torch import nn
class M(nn.Module):
    def forward(self, xs: list[int]) -> list[int]:
        return [x for x in xs if x > 0]
"""
FIRES_ROW = 5
FIRES_COL = FIRES.splitlines()[4].index("[") + 1  # 1-based column of `[`

# The same model written the way TorchScript accepts it.
CLEAN = """\
import torch
from torch import nn
class M(nn.Module):
    def forward(self, xs: list[int]) -> list[int]:
        out: list[int] = []
        for x in xs:
            if x > 0:
                out.append(x)
        return out
"""

# JT101 (row 7) and JT103 (a set literal, row 6) in one compiled function.
TWO_RULES = """\
import torch
from torch import nn

class M(nn.Module):
    def forward(self, xs: list[int]) -> list[int]:
        allowed = {1, 2, 3}
        return [x for x in xs if x > 0]
"""

# JT201: a ModuleList indexed by a variable in forward (row 8).
MODULELIST = """\
import torch
from torch import nn

class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
    def forward(self, x: torch.Tensor, i: int) -> torch.Tensor:
        return self.layers[i](x)
"""

SYNTAX_ERROR = """\
import torch
from torch import nn
class M(nn.Module):
    def forward(self, x):
        return (x +
"""


def jitlint_cmd() -> list[str]:
    exe = shutil.which("jitlint")
    return [exe] if exe else [sys.executable, "-m", "jitlint"]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()


def run(*args: str, cwd: Path, input: bytes | None = None, env: dict[str, str] | None = None,
        timeout: float = 120) -> Result:
    """Run jitlint; assert it never prints a traceback."""
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("JITLINT_") and k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    proc = subprocess.run(
        [*jitlint_cmd(), *args],
        cwd=cwd,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        env=full_env,
        timeout=timeout,
    )
    stdout = proc.stdout.decode("utf-8", errors="replace")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr
    return Result(proc.returncode, stdout, stderr, proc.stdout)


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def codes_of(result: Result) -> list[tuple[str, str]]:
    """(path, code) for every concise diagnostic line."""
    out = []
    for line in result.lines:
        parts = line.split(": ", 2)
        if len(parts) >= 2 and parts[1].startswith("JT"):
            out.append((parts[0].rsplit(":", 2)[0], parts[1].split()[0]))
    return out
