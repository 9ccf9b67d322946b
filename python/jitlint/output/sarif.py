"""SARIF 2.1.0 for GitHub code scanning. Columns are 1-based Unicode code points.

- ``tool.driver.rules``: the rules that have results, each with its summary (``shortDescription``), its doc
  (``fullDescription``), its documentation page (``help``, Markdown as in docs/rules/CODE.md) and ``helpUri``;
- each result: ``ruleId``/``ruleIndex``, ``level``, ``message``, the location (repository-relative URI when the file is
  under the current folder) and ``relatedLocations``; ``partialFingerprints`` that do not depend on the line number
  (``jitlint.output.fingerprint``); its fix, when there is one that ``--fix`` or ``--unsafe-fixes`` applies, as
  ``fixes[].artifactChanges[].replacements`` (``deletedRegion`` + ``insertedContent``).

Validated in the tests against the official OASIS SARIF 2.1.0 schema (tests/data/sarif-schema-2.1.0.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from jitlint.output import Diagnostic, Report, rule_page, rule_url
from jitlint.output.fingerprint import SARIF_KEY, fingerprints

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
    doc = (rule.get("doc") or "").strip() or summary
    page = rule_page(rule)
    return {
        "id": rule["code"],
        "name": rule.get("name", ""),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc},
        "help": {"text": page, "markdown": page},
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


def result_object(d: Diagnostic, rule_index: dict[str, int], cwd: Path, fingerprint: str | None = None
                  ) -> dict[str, Any]:
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
    if d.cell is not None:
        # a notebook: rows and columns are in that cell's source (cell: 1-based position among all cells)
        result["locations"][0]["properties"] = {"cell": d.cell}
        result["properties"] = {"cell": d.cell}
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    if fingerprint is not None:
        result["partialFingerprints"] = {SARIF_KEY: fingerprint}
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
    """The SARIF log. Only the rules that have results are listed (as ruff does): the log stays small, and its rule
    metadata is exactly what a viewer needs for these results."""
    used = {d.code for d in report.diagnostics}
    rules = [report.rules[c] for c in sorted(used) if c in report.rules]
    index = {r["code"]: i for i, r in enumerate(rules)}
    prints = fingerprints(report)
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
                "results": [result_object(d, index, report.cwd, fp) for d, fp in zip(report.diagnostics, prints)],
            }
        ],
    }


def emit(report: Report, out: TextIO) -> None:
    out.write(json.dumps(document(report), indent=2, ensure_ascii=False) + "\n")
