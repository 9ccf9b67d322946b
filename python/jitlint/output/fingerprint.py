"""A diagnostic's identity across runs, for SARIF ``partialFingerprints`` and GitLab's ``fingerprint``.

Code scanning and GitLab match the results of two runs by fingerprint: a result whose fingerprint was already known is
the same alert, not a new one. The line number is not part of it, so lines added or removed above a diagnostic do not
change it. It hashes:

- the rule code;
- the file's path, relative to the project folder (POSIX separators);
- the text of the diagnostic's line, stripped of surrounding white space (re-indenting does not change it);
- the occurrence index: how many earlier diagnostics of the same file have the same code and line text (two identical
  lines reported by one rule stay two alerts).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jitlint.output import Diagnostic, Report

#: Key under SARIF ``partialFingerprints``; bump the version if what is hashed changes.
SARIF_KEY = "jitlint/v1"


def relative_path(d: Diagnostic, base: Path) -> str:
    """The path a report shows for ``d``: relative to ``base`` with POSIX separators when inside it, else absolute
    (also POSIX); the display name for standard input."""
    if d.path is None:
        return d.display
    try:
        return d.path.relative_to(base).as_posix()
    except ValueError:
        return d.path.as_posix()


def line_text(source: bytes | None, row: int) -> str:
    """Line ``row`` (1-based) of ``source``, split on LF like the engine; empty when it is not there."""
    if not source:
        return ""
    lines = source.split(b"\n")
    if not 1 <= row <= len(lines):
        return ""
    line = lines[row - 1]
    if row == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    return line.decode("utf-8", errors="replace").strip()


def fingerprints(report: Report, base: Path | None = None) -> list[str]:
    """One fingerprint per diagnostic of ``report``, in order (hex, 32 characters). Paths are relative to ``base``
    (default: the report's folder)."""
    base = report.cwd if base is None else base
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for d in report.diagnostics:
        key = (relative_path(d, base), d.code, line_text(report.sources.get(d.where), d.row))
        index = seen.get(key, 0)
        seen[key] = index + 1
        path, code, text = key
        payload = "\0".join((code, path, text, str(index))).encode("utf-8")
        out.append(hashlib.sha256(payload).hexdigest()[:32])
    return out
