"""Code actions: a quick fix per fixable diagnostic, "Disable CODE for this line" (``# noqa``), and
``source.fixAll.jitlint``. Built from the diagnostics of the document's current version (their ``data``)."""

from __future__ import annotations

from typing import Any, Iterable

from lsprotocol import types

from jitlint.add_noqa import AddNoqaError, add_noqa
from jitlint.lsp.convert import SOURCE, UNUSED_NOQA_CODE, range_from_json, split_lines, units, whole_document
from jitlint.selection import SYNTAX_ERROR_CODE

FIX_ALL_KIND = "source.fixAll.jitlint"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL_KIND]


def wanted(kind: str, only: Iterable[str] | None) -> bool:
    """Does a client's ``context.only`` ask for actions of ``kind`` (kinds are dotted hierarchies)?"""
    if only is None:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def _overlaps(d: types.Diagnostic, r: types.Range) -> bool:
    return d.range.start.line <= r.end.line and r.start.line <= d.range.end.line


def quick_fixes(uri: str, diagnostics: list[types.Diagnostic], rng: types.Range, text: str,
                encoding: str | None) -> list[types.CodeAction]:
    """For each jitlint diagnostic on the requested lines: its fix (when the settings let it apply), then the action
    that suppresses it on its line."""
    fixes: list[types.CodeAction] = []
    noqas: list[types.CodeAction] = []
    for d in diagnostics:
        if d.source != SOURCE or not _overlaps(d, rng):
            continue
        data: dict[str, Any] = d.data or {}
        fix = data.get("fix")
        if fix and fix.get("applicable") and fix.get("edits"):
            edits = [types.TextEdit(range=range_from_json(e["range"]), new_text=e["newText"]) for e in fix["edits"]]
            fixes.append(types.CodeAction(
                title=f"jitlint ({d.code}): {fix.get('message') or 'Apply fix'}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            ))
        if d.code not in (None, SYNTAX_ERROR_CODE, UNUSED_NOQA_CODE):
            edit = noqa_edit(text, int(data.get("noqa_row") or d.range.start.line + 1), str(d.code), encoding)
            if edit is not None:
                noqas.append(types.CodeAction(
                    title=f"Disable {d.code} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[d],
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                ))
    return fixes + noqas  # real fixes first: suppressions must not crowd them out


def noqa_edit(text: str, row: int, code: str, encoding: str | None) -> types.TextEdit | None:
    """The edit that adds ``# noqa: CODE`` to a 1-based row, or extends the ``# noqa: ...`` already there
    (``jitlint check --add-noqa``'s logic); None when the line cannot take one (inside a string spanning lines,
    continued with a backslash) or already suppresses the code."""
    try:
        new_source, changed = add_noqa(text.encode("utf-8"), [{"row": row, "code": code}])
    except (AddNoqaError, UnicodeError):
        return None
    if not changed:
        return None
    old_lines = split_lines(text)
    new_lines = split_lines(new_source.decode("utf-8"))
    index = row - 1
    if index >= len(old_lines) or index >= len(new_lines) or old_lines[index] == new_lines[index]:
        return None
    old = old_lines[index]
    return types.TextEdit(
        range=types.Range(start=types.Position(line=index, character=0),
                          end=types.Position(line=index, character=units(old, encoding))),
        new_text=new_lines[index],
    )


def fix_all(uri: str, text: str, fixed: str, encoding: str | None) -> types.CodeAction | None:
    """``source.fixAll.jitlint``: one edit replacing the document with its fixed text (None when nothing changes)."""
    if fixed == text:
        return None
    edit = types.TextEdit(range=whole_document(split_lines(text), encoding), new_text=fixed)
    return types.CodeAction(
        title="jitlint: Fix all auto-fixable problems",
        kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )
