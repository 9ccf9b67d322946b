"""SARIF 2.1.0 for GitHub code scanning. Columns are 1-based Unicode code points."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from jitlint.output import Diagnostic, Report, rule_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(d: Diagnostic, cwd: Path) -> str:
    if d.path is None:
        return d.display
    try:
        return d.path.relative_to(cwd).as_posix()
    except ValueError:
        return d.path.as_uri()


def rule_object(rule: dict[str, Any]) -> dict[str, Any]:
    summary = rule.get("summary") or rule.get("name", "")
    doc = rule.get("doc") or summary
    return {
        "id": rule["code"],
        "name": rule.get("name", ""),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc, "markdown": doc},
        "help": {"text": summary, "markdown": doc},
        "helpUri": rule_url(rule["code"]),
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "id": rule["code"],
            "name": rule.get("name", ""),
            "kind": rule.get("family", ""),
            "phase": rule.get("phase", ""),
            "tags": ["torchscript", rule.get("family", "")],
        },
    }


def _region(row: int, column: int, end_row: int, end_column: int) -> dict[str, int]:
    return {"startLine": row, "startColumn": column, "endLine": end_row, "endColumn": end_column}


def result_object(d: Diagnostic, rule_index: dict[str, int], cwd: Path) -> dict[str, Any]:
    uri = artifact_uri(d, cwd)
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": "error",
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(d.row, d.column, d.end_row, d.end_column),
                }
            }
        ],
    }
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    if d.related:
        result["relatedLocations"] = [
            {
                "id": index,
                "message": {"text": r.get("message", "")},
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(r["row"], r["column"], r["end_row"], r["end_column"]),
                },
            }
            for index, r in enumerate(d.related)
        ]
    if d.fix and d.fix.get("edits") and d.applicability in ("safe", "unsafe"):
        result["fixes"] = [
            {
                "description": {"text": d.fix.get("message") or ""},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": _region(e["row"], e["column"], e["end_row"], e["end_column"]),
                                "insertedContent": {"text": e.get("content", "")},
                            }
                            for e in d.fix["edits"]
                        ],
                    }
                ],
                "properties": {"applicability": d.applicability},
            }
        ]
    return result


def document(report: Report) -> dict[str, Any]:
    rules = [report.rules[c] for c in sorted(report.rules)]
    index = {r["code"]: i for i, r in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jitlint",
                        "version": report.version,
                        "rules": [rule_object(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [result_object(d, index, report.cwd) for d in report.diagnostics],
            }
        ],
    }


def emit(report: Report, out: TextIO) -> None:
    out.write(json.dumps(document(report), indent=2, ensure_ascii=False) + "\n")
