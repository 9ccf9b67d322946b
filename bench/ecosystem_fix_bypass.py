"""The ``fix-others`` bypass of ``ecosystem.py confirm``: apply jitlint's own fixes to the rest of the file.

Real model files often stop ``torch.jit.script`` at a construct jitlint reports and fixes itself (a comprehension
with ``if``, a ModuleList indexed by a loop variable, a parameter typed by default ...) before torch reaches the
diagnostic being confirmed. This bypass fixes the file the way ``jitlint fix --unsafe-fixes`` would, except near
that diagnostic, and lets ``confirm`` script the module again from the fixed text:

- ``fix_others`` applies every fix (safe or unsafe) of the file's diagnostics round by round, re-checking after
  each round, like the engine's fixer (``core/fixer.cpp``: fixes whose edits overlap a taken one wait for the
  next round; an identical edit, such as the same ``from typing import List``, is shared). The engine's isolation
  scopes are not visible from Python: at most one fix per top-level class or function is taken per round.
  Never applied: the diagnostic being confirmed, and every fix whose diagnostic or edits touch a *kept* line (the
  statement around the diagnostic, its related spans and the lines its own fix would edit). Kept lines are
  verified to be byte-for-byte the same in the result, and the result must parse.
- ``load_fixed_module`` writes the fixed text to a file (so ``inspect`` and TorchScript read the fixed source and
  report its line numbers) and runs its imports, classes and functions in a copy of the original module's
  namespace, as module ``<name>__jl_fixed`` (no other module-level statement is run again).
- ``FixedFile.swap`` moves the modules of an already built instance whose classes come from the original file to
  the fixed copies of those classes (instances are built from the original module, as before).

Only the file of the diagnostic is fixed. It is checked as a project of that one file (``project_checker``): base
classes and imported helpers are read from the installed packages, as in ``ecosystem.py lint`` (a transformers
model deriving from ``PreTrainedModel`` is a module), but a function compiled only because another file's compiled
code calls it is not seen.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import sys
import types
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

FIXED_TAG = "jlfixed"  # fixed copies are written as `<stem>.jlfixed.py`
MAX_ROUNDS = 200

Target = Tuple[str, int, int]  # (code, row, 1-based column) of the diagnostic being confirmed


@dataclasses.dataclass
class FixedFile:
    original: Path  # the original file
    path: Path  # its fixed copy on disk
    text: str  # the fixed source
    row: int  # the diagnostic's first and last rows in the fixed text
    end_row: int
    applied: Dict[str, int]  # code -> fixes applied
    rounds: int
    kept: Tuple[int, int]  # kept lines (first, last) in the original text
    kept_codes: List[str]  # fixable diagnostics left alone because they touch kept lines ("JT101:331")
    back: Dict[int, int]  # fixed line -> original line, for the lines the fixes left as they were
    target_reported: bool  # whether jitlint still reports the diagnostic's rule at its place in the fixed text
    module: Any = None  # the module run from the fixed text (load_fixed_module)
    original_module: str = ""  # the original module's name

    def original_line(self, line: int) -> Optional[int]:
        """The original line of a line of the fixed text; None for a line a fix wrote."""
        return self.back.get(line)

    def swap(self, root: Any) -> List[str]:
        """Give every module of ``root`` (just built) whose class is defined in the original file the fixed copy's
        class; returns their names."""
        import torch

        done: List[str] = []
        for sub in root.modules():
            cls = type(sub)
            if cls.__module__ != self.original_module:
                continue
            copy = _resolve(self.module, cls.__qualname__)
            if isinstance(copy, type) and issubclass(copy, torch.nn.Module) and copy is not cls:
                sub.__class__ = copy
                done.append(cls.__qualname__)
        return sorted(set(done))

    def details(self) -> List[str]:
        out = ["applied " + ", ".join(f"{c} x{n}" for c, n in sorted(self.applied.items()))
               + f" in {self.rounds} round(s); fixed copy {self.path.name}"]
        out.append(f"lines {self.kept[0]}-{self.kept[1]} kept unchanged; the diagnostic is at line {self.row} of "
                   "the fixed copy" + ("" if self.target_reported else ", where jitlint no longer reports it"))
        if self.kept_codes:
            out.append("not fixed (touch the kept lines): " + ", ".join(self.kept_codes))
        return out


def _resolve(mod: Any, qualname: str) -> Any:
    obj = mod
    for part in qualname.split("."):
        if part == "<locals>":
            return None
        obj = getattr(obj, part, None)
    return obj


# ------------------------------------------------------------------------------------------------ positions


class _Offsets:
    """Offsets in a str of (1-based row, 1-based column in code points), the positions of jitlint's edits."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)
        self.size = len(text)

    def at(self, row: int, column: int) -> int:
        if row - 1 >= len(self.starts):
            return self.size
        return min(self.starts[row - 1] + column - 1, self.size)


def _fixable(d: Dict[str, Any]) -> bool:
    fix = d.get("fix")
    return bool(fix and fix.get("edits") and fix.get("applicability") in ("safe", "unsafe"))


def _edit_rows(d: Dict[str, Any]) -> List[Tuple[int, int]]:
    """Rows each edit of ``d``'s fix replaces (an import inserted at the top counts as no row: it moves lines)."""
    rows = []
    for e in d["fix"]["edits"]:
        insertion = (e["row"], e["column"]) == (e["end_row"], e["end_column"])
        if insertion and e["column"] == 1 and e["content"].lstrip().startswith(("from ", "import ")):
            continue
        rows.append((e["row"], e["end_row"]))
    return rows


def _touches(span: Tuple[int, int], kept: Tuple[int, int]) -> bool:
    return span[0] <= kept[1] and kept[0] <= span[1]


def _overlaps(a: Tuple[int, int, str], b: Tuple[int, int, str]) -> bool:
    """``core/fixer.cpp``'s overlap test (two insertions at one point clash; an insertion inside a replacement)."""
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    if a[0] == a[1] or b[0] == b[1]:
        ins, rep = (a, b) if a[0] == a[1] else (b, a)
        return rep[0] < ins[0] < rep[1]
    return a[0] < b[1] and b[0] < a[1]


def _scope_of(tree: ast.Module, row: int) -> int:
    """The top-level class or function holding ``row`` (its first line), 0 outside any."""
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if start <= row <= (node.end_lineno or node.lineno):
                return start
    return 0


def _is_target(d: Dict[str, Any], target: Target, kept: Tuple[int, int]) -> bool:
    return d["code"] == target[0] and kept[0] <= d["row"] <= kept[1]


# -------------------------------------------------------------------------------------------------- fixing


def project_checker(path: Path) -> Callable[[bytes], List[Dict[str, Any]]]:
    """jitlint's check of a text as the file ``path``, in a project of that file (imports read from the installed
    packages), like ``jitlint check`` of the corpus."""
    from jitlint import api

    project = api.Project([str(path)])
    project.resolve_region()
    return lambda data: api.check_source(data, project=project, path=str(path))


def fixable_at(diagnostics: Sequence[Dict[str, Any]], line: int, target: Target) -> List[str]:
    """Codes of the fixable diagnostics covering ``line``, other than the one being confirmed."""
    return sorted({d["code"] for d in diagnostics if _fixable(d) and d["row"] <= line <= d["end_row"]
                   and (d["code"], d["row"], d["column"]) != target})


def kept_lines(diagnostics: Sequence[Dict[str, Any]], target: Target, span: Tuple[int, int]) -> Tuple[int, int]:
    """The lines no fix may touch: ``span`` (the statement around the diagnostic), widened to the diagnostic's own
    related spans and the lines its own fix would edit."""
    lo, hi = span
    for d in diagnostics:
        if (d["code"], d["row"], d["column"]) != target:
            continue
        lo, hi = min(lo, d["row"]), max(hi, d["end_row"])
        for r in d.get("related") or []:
            if isinstance(r, dict) and "row" in r:
                lo, hi = min(lo, r["row"]), max(hi, r.get("end_row", r["row"]))
        if _fixable(d):
            for a, b in _edit_rows(d):
                lo, hi = min(lo, a), max(hi, b)
    return lo, hi


def fix_others(check: Any, text: str, target: Target, kept: Tuple[int, int]) -> Tuple[str, Dict[str, Any]]:
    """Apply every fix of ``text`` except those of the diagnostic ``target`` and those touching ``kept`` lines.

    ``check`` maps a text's bytes to jitlint's diagnostics (``project_checker``). Returns the fixed text and a
    report: ``applied`` (code -> count), ``rounds`` (rounds that applied fixes), ``kept`` (the kept lines in the
    fixed text), ``left`` (fixable diagnostics not applied because they touch kept lines, ``CODE:row`` in the
    fixed text), ``error`` (a round that made the text unparsable: the text before it is returned)."""
    applied: Dict[str, int] = {}
    cur = text
    lo, hi = kept
    left: Set[str] = set()
    rounds = 0
    error = None
    for _ in range(MAX_ROUNDS):
        diags = check(cur.encode())
        tree = ast.parse(cur)
        offsets = _Offsets(cur)
        left = set()
        taken: List[Tuple[int, int, str]] = []
        scopes: Set[int] = set()
        this_round: Dict[str, int] = {}
        shift = 0  # lines added before the kept lines
        for d in sorted((d for d in diags if _fixable(d)), key=lambda d: (d["row"], d["column"], d["code"])):
            if _is_target(d, target, (lo, hi)):
                continue
            if _touches((d["row"], d["end_row"]), (lo, hi)) or any(_touches(r, (lo, hi)) for r in _edit_rows(d)):
                left.add(f"{d['code']}:{d['row']}")
                continue
            edits = [(offsets.at(e["row"], e["column"]), offsets.at(e["end_row"], e["end_column"]), e["content"],
                      e["row"], e["end_row"]) for e in d["fix"]["edits"]]
            fresh = [e for e in edits if e[:3] not in taken]
            if any(_overlaps(e[:3], t) for e in fresh for t in taken):
                continue
            scope = _scope_of(tree, d["row"])
            if fresh and scope in scopes:
                continue  # one fix per top-level class or function per round (names a fix introduces)
            if fresh:
                scopes.add(scope)
            for e in fresh:
                taken.append(e[:3])
                if e[4] < lo:  # wholly before the kept lines: they move by the lines it adds
                    shift += e[2].count("\n") - (e[4] - e[3])
            this_round[d["code"]] = this_round.get(d["code"], 0) + 1
        if not taken:
            break
        new = cur
        for start, end, content in sorted(taken, key=lambda e: e[0], reverse=True):
            new = new[:start] + content + new[end:]
        try:
            ast.parse(new)
        except SyntaxError as exc:
            error = f"fixing {', '.join(sorted(this_round))} made the file unparsable ({exc.msg}, line {exc.lineno})"
            break
        for c, n in this_round.items():
            applied[c] = applied.get(c, 0) + n
        cur, lo, hi = new, lo + shift, hi + shift
        rounds += 1
    return cur, {"applied": applied, "rounds": rounds, "kept": (lo, hi), "left": sorted(left), "error": error}


def line_map(old: str, new: str) -> Dict[int, int]:
    """New line -> old line (1-based) for the lines ``new`` keeps from ``old``."""
    a, b = old.splitlines(), new.splitlines()
    back: Dict[int, int] = {}
    for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(blk.size):
            back[blk.b + k + 1] = blk.a + k + 1
    return back


def prepare(check: Any, path: Path, text: str, target: Target, row_span: Tuple[int, int], span: Tuple[int, int],
            stop_line: int, out_dir: Path) -> Tuple[Optional[FixedFile], str]:
    """The fixed copy of ``path`` for confirming ``target`` (rows ``row_span``, statement ``span``) after torch
    stopped at ``stop_line``, written to ``out_dir``; or None and why not."""
    diags = check(text.encode())
    kept = kept_lines(diags, target, (min(span[0], row_span[0]), max(span[1], row_span[1])))
    if kept[0] <= stop_line <= kept[1]:
        return None, f"line {stop_line} is among the kept lines {kept[0]}-{kept[1]}"
    fixed, rep = fix_others(check, text, target, kept)
    if not rep["applied"]:
        return None, rep["error"] or "no fix applies outside the kept lines"
    old_lines, new_lines = text.splitlines(), fixed.splitlines()
    lo, hi = rep["kept"]
    if new_lines[lo - 1:hi] != old_lines[kept[0] - 1:kept[1]]:
        return None, "the kept lines changed"  # never expected: no edit touching them is applied
    shift = lo - kept[0]
    after = check(fixed.encode())
    reported = any(d["code"] == target[0] and d["row"] == target[1] + shift and d["column"] == target[2]
                   for d in after)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy = out_dir / f"{path.stem}.{FIXED_TAG}.py"
    copy.write_text(fixed)
    ff = FixedFile(original=path, path=copy, text=fixed, row=row_span[0] + shift, end_row=row_span[1] + shift,
                   applied=rep["applied"], rounds=rep["rounds"], kept=kept, kept_codes=rep["left"],
                   back=line_map(text, fixed), target_reported=reported)
    return ff, rep["error"] or ""


def load_fixed_module(original: Any, fixed: FixedFile) -> Any:
    """Run the fixed copy's imports, classes and functions in a copy of ``original``'s namespace (module
    ``<name>__jl_fixed``, file ``fixed.path``), so that methods and helpers are compiled from the fixed text."""
    name = original.__name__ + "__jl_fixed"
    mod = types.ModuleType(name)
    skip = {"__name__", "__file__", "__spec__", "__loader__", "__cached__", "__builtins__"}
    mod.__dict__.update({k: v for k, v in vars(original).items() if k not in skip})
    mod.__file__ = str(fixed.path)
    mod.__package__ = original.__package__
    sys.modules[name] = mod
    tree = ast.parse(fixed.text)
    defs = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    body = [n for n in tree.body if isinstance(n, defs)]
    exec(compile(ast.Module(body=body, type_ignores=[]), str(fixed.path), "exec"), mod.__dict__)  # noqa: S102
    fixed.module, fixed.original_module = mod, original.__name__
    return mod
