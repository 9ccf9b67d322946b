"""GitLab Code Quality report (a JSON array of Code Climate issues), for a job's ``artifacts:reports:codequality``.

Each diagnostic: ``description`` (code and message), ``check_name`` (the rule code), ``fingerprint`` (stable across
runs, independent of the line number: ``jitlint.output.fingerprint``), ``severity`` (``major``: every jitlint
diagnostic stops ``torch.jit.script``), ``location.path`` (relative to ``$CI_PROJECT_DIR`` when set, else to the current
folder) and ``location.lines.begin``/``end``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO

from jitlint.output import Diagnostic, Report
from jitlint.output.fingerprint import fingerprints, relative_path

SEVERITY = "major"


def project_dir(report: Report) -> Path:
    ci = os.environ.get("CI_PROJECT_DIR")
    return Path(ci) if ci else report.cwd


def issue(d: Diagnostic, fingerprint: str, base: Path) -> dict[str, Any]:
    return {
        "description": f"{d.code} {d.message}" if d.cell is None else f"cell {d.cell}: {d.code} {d.message}",
        "check_name": d.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY,
        "location": {"path": relative_path(d, base), "lines": {"begin": d.row, "end": d.end_row}},
    }


def emit(report: Report, out: TextIO) -> None:
    base = project_dir(report)
    issues = [issue(d, fp, base) for d, fp in zip(report.diagnostics, fingerprints(report, base))]
    out.write(json.dumps(issues, indent=2, ensure_ascii=False) + "\n")
