"""``json`` (one array) and ``json-lines`` (one object per line), ruff's field layout."""

from __future__ import annotations

import json
from typing import Any, TextIO

from jitlint.output import Diagnostic, Report, rule_url


def _location(row: Any, column: Any) -> dict[str, int]:
    return {"row": int(row), "column": int(column)}


def fix_object(fix: dict[str, Any] | None) -> dict[str, Any] | None:
    if not fix:
        return None
    return {
        "applicability": fix.get("applicability"),
        "message": fix.get("message"),
        "edits": [
            {
                "content": e.get("content", ""),
                "location": _location(e["row"], e["column"]),
                "end_location": _location(e["end_row"], e["end_column"]),
            }
            for e in fix.get("edits", [])
        ],
    }


def filename(d: Diagnostic) -> str:
    return str(d.path) if d.path is not None else d.display


def diagnostic_object(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "message": d.message,
        "severity": "error",
        "url": rule_url(d.code),
        "filename": filename(d),
        **({"cell": d.cell} if d.cell is not None else {}),
        "location": _location(d.row, d.column),
        "end_location": _location(d.end_row, d.end_column),
        "noqa_row": d.noqa_row,
        "fix": fix_object(d.fix),
        **({"related": [related_object(r) for r in d.related]} if d.related else {}),
    }


def related_object(related: dict[str, Any]) -> dict[str, Any]:
    """A secondary location (where an attribute was assigned, where an Optional came from)."""
    return {
        "message": related.get("message", ""),
        "location": _location(related["row"], related["column"]),
        "end_location": _location(related["end_row"], related["end_column"]),
    }


def emit_json(report: Report, out: TextIO) -> None:
    """One array, a diagnostic per line: ``json.dumps`` with ``indent`` falls back to the pure-Python encoder (about
    a second per 20,000 diagnostics); each line here is made by the C encoder."""
    if not report.diagnostics:
        out.write("[]\n")
        return
    lines = [json.dumps(diagnostic_object(d), ensure_ascii=False) for d in report.diagnostics]
    out.write("[\n  " + ",\n  ".join(lines) + "\n]\n")


def emit_json_lines(report: Report, out: TextIO) -> None:
    for d in report.diagnostics:
        out.write(json.dumps(diagnostic_object(d), ensure_ascii=False) + "\n")
