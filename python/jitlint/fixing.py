"""Applying the fixes of one checked file: to a fixpoint through the engine, then re-checked, written atomically
or shown as a diff. Used by ``jitlint check --fix`` / ``jitlint fix``."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jitlint import api
from jitlint.discovery import SourceFile


@dataclass
class FileCheck:
    """One checked file, as handed to :func:`apply_fixes`."""

    file: SourceFile
    source: bytes
    diagnostics: list[dict[str, Any]]  # engine dicts, noqa and selection already applied
    select: list[str]  # the codes selected for this file (syntax errors are always checked too)


@dataclass
class FixResult:
    diagnostics: list[dict[str, Any]]  # what remains after fixing (engine dicts, re-checked)
    fixed: dict[str, int] = field(default_factory=dict)  # code -> number of fixes applied
    new_source: bytes | None = None  # the fixed bytes; None when nothing changed
    diff: str | None = None  # unified diff of the change, when ``diff`` was asked for


def apply_fixes(checked: FileCheck, *, unsafe: bool, fixable: frozenset[str], write: bool, diff: bool,
                project: api.Project | None = None) -> FixResult:
    """Apply the fixes of one file (the selected and fixable rules; unsafe ones only with ``unsafe``) to a
    fixpoint, then re-check. ``write`` replaces the file atomically; ``diff`` fills ``FixResult.diff`` and writes
    nothing. Raises ``ValueError`` (one line) when a fix would break the file; the file is left untouched."""
    fix_codes = [code for code in checked.select if code in fixable]
    if not any(d.get("fix") and d["code"] in fixable for d in checked.diagnostics):
        return FixResult(diagnostics=checked.diagnostics)
    where = None if checked.file.stdin and checked.file.display == "-" else checked.file.path
    new_source, _ = api.fix_source(checked.source, select=fix_codes, unsafe=unsafe, project=project, path=where)
    if new_source == checked.source:
        return FixResult(diagnostics=checked.diagnostics)
    remaining = api.check_source(new_source, select=checked.select, project=project, path=where)
    result = FixResult(diagnostics=remaining, fixed=resolved_counts(checked.diagnostics, remaining),
                       new_source=new_source)
    if diff:
        result.diff = unified_diff(checked.file.display, checked.source, new_source)
    elif write:
        write_atomically(checked.file.path, new_source)
    return result


def resolved_counts(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, int]:
    """{code: diagnostics resolved} between two checks, as ruff counts ("Found N errors (M fixed, K remaining)"):
    one fix may resolve several diagnostics (a loop indexing two ModuleLists), and may resolve another rule's (a
    JT104 loop rewrite clears the JT101 on the same comprehension), so every code is counted."""
    fixed = {}
    for code in {d["code"] for d in before}:
        resolved = sum(d["code"] == code for d in before) - sum(d["code"] == code for d in after)
        if resolved > 0:
            fixed[code] = resolved
    return fixed


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a temporary file beside it, then a rename. Keeps the file's mode; a
    failure leaves the original untouched. A symbolic link stays a link: its target is what gets replaced."""
    path = Path(os.path.realpath(path))
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".jitlint-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(name: str, before: bytes, after: bytes) -> str:
    import difflib

    old = before.decode("utf-8", "replace").splitlines(keepends=True)
    new = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
