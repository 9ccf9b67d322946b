"""Engine diagnostics as LSP diagnostics: positions, rule links, severity, and the fix carried in ``data``.

The engine reports 1-based rows and 1-based columns counted in characters (code points); LSP positions are 0-based
lines and columns in the code units the session negotiated (UTF-16 unless the client offered and pygls chose
``utf-8`` or ``utf-32``). Columns are converted with the text of the line the engine read.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterable

from lsprotocol import types

from jitlint.output import RULE_DOC_URL, rule_url
from jitlint.selection import SYNTAX_ERROR_CODE

SOURCE = "jitlint"
UNUSED_NOQA_CODE = "JT001"

# LSP's line terminators (the specification: \n, \r\n and \r).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The document's lines without their terminators (a final newline gives a last empty line, as in LSP)."""
    return _LINE_BREAK.split(text)


def units(text: str, encoding: str | None = types.PositionEncodingKind.Utf16) -> int:
    """How many code units of ``encoding`` the text takes."""
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def position(lines: list[str], row: int, column: int, encoding: str | None) -> types.Position:
    """A 1-based engine (row, character column) as an LSP position; clamped to the document."""
    if not lines:
        return types.Position(line=0, character=0)
    line = min(max(int(row), 1), len(lines)) - 1
    if int(row) > len(lines):  # past the last line: its end
        return types.Position(line=line, character=units(lines[line], encoding))
    text = lines[line]
    chars = min(max(int(column) - 1, 0), len(text))
    return types.Position(line=line, character=units(text[:chars], encoding))


def to_range(lines: list[str], row: int, column: int, end_row: int, end_column: int,
             encoding: str | None) -> types.Range:
    return types.Range(start=position(lines, row, column, encoding),
                       end=position(lines, end_row, end_column, encoding))


def whole_document(lines: list[str], encoding: str | None) -> types.Range:
    last = len(lines) - 1 if lines else 0
    end = units(lines[last], encoding) if lines else 0
    return types.Range(start=types.Position(line=0, character=0), end=types.Position(line=last, character=end))


@functools.lru_cache(maxsize=None)
def rule_href(code: str) -> str | None:
    """The rule's page as a URI (``codeDescription.href``): ``RULE_DOC_URL`` when it is absolute, else the page in
    the source tree jitlint runs from (docs/rules/CODE.md beside python/jitlint), else none."""
    url = rule_url(code)
    if "://" in RULE_DOC_URL:
        return url
    root = Path(__file__).resolve().parents[3]
    page = root / url
    return page.as_uri() if page.is_file() else None


def fix_applicable(fix: dict[str, Any] | None, code: str, fixable: Iterable[str], unsafe: bool) -> bool:
    """Would ``jitlint fix`` apply this fix with these settings (safe; unsafe only with unsafe-fixes)?"""
    if not fix or code not in fixable:
        return False
    applicability = fix.get("applicability")
    return applicability == "safe" or (applicability == "unsafe" and unsafe)


def to_diagnostic(d: dict[str, Any], uri: str, lines: list[str], encoding: str | None, *,
                  fixable: Iterable[str] = (), unsafe: bool = False) -> types.Diagnostic:
    """One engine diagnostic (``api.check_source``) as an LSP diagnostic. ``data`` holds what the code actions
    need without linting again: the fix (its edits as LSP text edits), whether the settings let it apply, and the
    row a ``# noqa`` goes on."""
    code = d["code"]
    rng = to_range(lines, d["row"], d["column"], d.get("end_row", d["row"]), d.get("end_column", d["column"]),
                   encoding)
    fix = d.get("fix")
    data: dict[str, Any] = {"noqa_row": d.get("noqa_row") or d["row"], "fix": None}
    if fix:
        data["fix"] = {
            "message": fix.get("message") or "",
            "applicability": fix.get("applicability"),
            "applicable": fix_applicable(fix, code, fixable, unsafe),
            "edits": [
                {"range": _range_json(to_range(lines, e["row"], e["column"], e["end_row"], e["end_column"],
                                               encoding)),
                 "newText": e.get("content", "")}
                for e in fix.get("edits", [])
            ],
        }
    href = rule_href(code)
    message = d.get("message", "")
    if d.get("help") and code != SYNTAX_ERROR_CODE:
        message = f"{message}\nhelp: {d['help']}"
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=to_range(lines, r["row"], r["column"], r["end_row"],
                                                            r["end_column"], encoding)),
            message=r.get("message", ""))
        for r in d.get("related") or ()
    ]
    unused = code == UNUSED_NOQA_CODE
    return types.Diagnostic(
        range=rng,
        message=message,
        severity=types.DiagnosticSeverity.Warning if unused else types.DiagnosticSeverity.Error,
        code=code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if unused else None,
        related_information=related or None,
        data=data,
    )


def unreadable(problem: str) -> types.Diagnostic:
    """A document the engine cannot read (not UTF-8): one diagnostic on its first line instead of a crash."""
    return types.Diagnostic(
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        message=f"jitlint cannot check this file: {problem}",
        severity=types.DiagnosticSeverity.Error,
        code=SYNTAX_ERROR_CODE,
        code_description=types.CodeDescription(href=rule_href(SYNTAX_ERROR_CODE)) if rule_href(SYNTAX_ERROR_CODE)
        else None,
        source=SOURCE,
        data={"noqa_row": 1, "fix": None},
    )


def _range_json(r: types.Range) -> dict[str, Any]:
    return {"start": {"line": r.start.line, "character": r.start.character},
            "end": {"line": r.end.line, "character": r.end.character}}


def range_from_json(value: dict[str, Any]) -> types.Range:
    return types.Range(start=types.Position(line=int(value["start"]["line"]),
                                            character=int(value["start"]["character"])),
                       end=types.Position(line=int(value["end"]["line"]), character=int(value["end"]["character"])))
