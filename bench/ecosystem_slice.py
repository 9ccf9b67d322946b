"""The ``slice-before`` bypass of ``ecosystem.py confirm``: take out of a method the statements that mask a
diagnostic (torch stops at them first), and every statement before the diagnostic whose meaning depends on them,
while every name the diagnostic's statement reads keeps the type it had.

TorchScript compiles a function's statements in order and stops at the first error, so only what comes before
the diagnostic's statement can mask it, and only the types of the names that statement reads (and the
refinements in force there, and the types the names it binds had before) decide whether it fails. A masking
statement ``S`` is removed (made ``pass``); the names it binds, and the names it refines (``x is None``,
``isinstance(x, ...)`` in its tests, which an early exit would narrow), are *tainted*; a later statement before
the diagnostic that reads a tainted name is removed too, tainting in turn. The slice is refused (None) when the diagnostic's statement (a compound one: its header) reads
a tainted name (for the flow rules JT6xx: reads or binds one anywhere in it), or the header of a compound
statement around it reads one: its types would not be the original ones, and torch's error there would confirm
nothing.

Pure ``ast`` work on the original file's tree; edits are ``(line, col, end_col, text)`` in the file's coordinates
(UTF-8 byte columns), as ``neutralize`` makes them.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Sequence, Set, Tuple

Edit = Tuple[int, int, int, str]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _walk(node: ast.AST) -> List[ast.AST]:
    """``node`` and what it holds, nested scopes left out (their names are their own)."""
    out: List[ast.AST] = []
    todo = [node]
    while todo:
        cur = todo.pop()
        out.append(cur)
        todo.extend(ch for ch in ast.iter_child_nodes(cur) if not isinstance(ch, _SCOPES))
    return out


def _reads(node: ast.AST) -> Set[str]:
    return {n.id for n in _walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _binds(node: ast.AST) -> Set[str]:
    return {n.id for n in _walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}


def _refines(node: ast.AST) -> Set[str]:
    """Names a test in ``node`` may narrow: ``x is None`` / ``x is not None`` and ``isinstance(x, ...)``."""
    names: Set[str] = set()
    for n in _walk(node):
        if isinstance(n, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in n.ops):
            names |= {e.id for e in [n.left, *n.comparators] if isinstance(e, ast.Name)}
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "isinstance" and n.args \
                and isinstance(n.args[0], ast.Name):
            names.add(n.args[0].id)
    return names


def _header(stmt: ast.stmt) -> List[ast.AST]:
    """The expressions a compound statement evaluates before its blocks."""
    if isinstance(stmt, (ast.If, ast.While)):
        return [stmt.test]
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return [stmt.target, stmt.iter]
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return list(stmt.items)
    return []


def _blocks(stmt: ast.stmt) -> List[List[ast.stmt]]:
    return [b for b in (getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")) if isinstance(b, list) and b]


def _holds(stmt: ast.stmt, row: int) -> bool:
    return stmt.lineno <= row <= (stmt.end_lineno or stmt.lineno)


def _in_header(stmt: ast.stmt, row: int) -> bool:
    blocks = _blocks(stmt)
    return not blocks or row < blocks[0][0].lineno


def slice_before(fn: ast.FunctionDef, lines: Sequence[str], mask_line: int, diag_row: int, binds_matter: bool = True
                 ) -> Optional[Tuple[List[Edit], List[Tuple[int, int]]]]:
    """Edits removing the statement of ``fn`` at ``mask_line`` (outermost one not holding the diagnostic) and what
    depends on it before the statement at ``diag_row``, with the removed line ranges; None when that would change a
    name the diagnostic's statement reads (or binds, with ``binds_matter``: the flow rules, whose error is about a
    name's type before and after), or the mask is not before it in ``fn``'s own statements."""
    tainted: Set[str] = set()
    removed: List[ast.stmt] = []
    found = [False]

    def remove(stmt: ast.stmt) -> None:
        removed.append(stmt)
        tainted.update(_binds(stmt) | _refines(stmt))
        if isinstance(stmt, _SCOPES):
            tainted.add(stmt.name)  # a nested `def f` (JT106's mask) binds `f`

    def visit(block: List[ast.stmt]) -> Optional[bool]:
        """True once the diagnostic's statement is reached cleanly, False to refuse, None to go on."""
        for stmt in block:
            if isinstance(stmt, _SCOPES) and _holds(stmt, diag_row):
                return False  # the diagnostic is in a nested definition, compiled (if ever) on its own
            if _holds(stmt, diag_row):
                if _holds(stmt, mask_line) and (_in_header(stmt, mask_line) or not _blocks(stmt)):
                    return False  # the mask shares the diagnostic's statement (or the header around it)
                if not _blocks(stmt) or _in_header(stmt, diag_row):
                    # what the statement reads (a compound one: its header); for the flow rules also what it binds,
                    # a compound statement whole (JT603 compares a name's type before and after; JT604 follows what
                    # an `if`'s branches bind)
                    if binds_matter:
                        own = _reads(stmt) | _binds(stmt)
                    else:
                        own = _reads(stmt) if not _blocks(stmt) else set().union(*map(_reads, _header(stmt)))
                    return found[0] and not (own & tainted)
                if isinstance(stmt, (ast.Try, getattr(ast, "Match", ast.Try))):
                    return False
                if any(_reads(h) & tainted for h in _header(stmt)):
                    return False
                for sub in _blocks(stmt):
                    if any(_holds(s, diag_row) for s in sub):
                        return visit(sub)
                    got = visit(sub)  # a block emitted before the diagnostic's (an if's body, D in its else)
                    if got is not None:
                        return got
                return False
            if stmt.lineno > diag_row:
                return False
            if not found[0] and _holds(stmt, mask_line):
                found[0] = True
                remove(stmt)
            elif found[0] and _reads(stmt) & tainted:
                remove(stmt)
        return None

    if visit(fn.body) is not True or not removed:
        return None
    edits: List[Edit] = []
    spans: List[Tuple[int, int]] = []
    starts = {s.lineno for s in ast.walk(fn) if isinstance(s, ast.stmt)}
    for stmt in removed:
        first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
        inner = {s.lineno for s in ast.walk(stmt) if isinstance(s, ast.stmt)}
        line_b = lines[first - 1].encode()
        if line_b[:stmt.col_offset].strip() or any(ln in starts - inner for ln in range(first, last + 1)):
            return None  # `a; b` on one line, or another statement within its lines
        edits.append((first, stmt.col_offset, len(line_b), "pass"))
        for ln in range(first + 1, last + 1):
            text = lines[ln - 1].encode()
            indent = len(text) - len(text.lstrip())
            if not text.strip():
                continue
            if indent < fn.col_offset + 1:
                return None  # a string's line at the margin: the copy's columns would not reach it
            edits.append((ln, indent, len(text), ""))
        spans.append((first, last))
    return edits, spans
