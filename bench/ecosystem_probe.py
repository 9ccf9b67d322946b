"""The ``callee-probe`` of ``ecosystem.py confirm``: a diagnostic about *what a call calls* (a numpy or logging
function, a dataclass, an ``nn.Module`` class constructed in compiled code) that an earlier error in the same
function masks, confirmed from two facts torch gives:

1. torch compiles the function: it stopped inside it, at a line before the diagnostic's statement, and no
   condition around that statement is one TorchScript may decide while compiling (a ``self.`` attribute, an
   ``is`` test, ``isinstance`` / ``hasattr`` / ``torch.jit.is_scripting()``, a module-level name);
2. torch rejects the callee alone, resolved in the file's own namespace: ``def probe(): return np.arange()``.
   TorchScript resolves a call's callee before it emits the arguments (an undefined argument does not change the
   error), so this is the error the statement gets once the code before it compiles.

The callee must be a dotted name whose root the function does not bind (a parameter or local of that name would
make it another value). Pure ``ast`` work here; the probe is scripted by the caller's ``try_script``.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Set

from ecosystem_neutralize import innermost_function

# rules whose error comes from resolving the callee, whatever the arguments
CALLEE_RULES = frozenset({"JT505", "JT509", "JT514"})

_DECIDED_CALLS = frozenset({"isinstance", "hasattr", "getattr", "callable", "is_scripting", "is_tracing",
                            "is_compiling", "_is_scripting"})


def _bound_names(fn: ast.AST) -> Set[str]:
    """Every name the function binds: parameters, assignment and loop targets, imports, ``as`` names."""
    args = fn.args  # type: ignore[attr-defined]
    names = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not fn:
            names.add(node.name)
    return names


def _decided_at_compile_time(test: ast.expr, local: Set[str]) -> bool:
    """A condition TorchScript may settle while compiling, dropping the branch (or one this cannot tell apart)."""
    # names read as values, not as the root of `torch.any(...)` / `x.shape`
    roots = {id(n.value) for n in ast.walk(test) if isinstance(n, ast.Attribute)}
    roots |= {id(n.func) for n in ast.walk(test) if isinstance(n, ast.Call)}
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            return True
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
            return True
        if isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if callee in _DECIDED_CALLS:
                return True
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in local \
                and id(node) not in roots:
            return True  # a module-level flag is a constant to TorchScript
    return False


def _guarded(fn: ast.AST, call: ast.Call, local: Set[str]) -> bool:
    """Whether a condition around ``call`` in ``fn`` (not one holding it) may be decided while compiling."""
    def holds(node: ast.AST) -> bool:
        return (node.lineno, node.col_offset) <= (call.lineno, call.col_offset) \
            and (call.end_lineno, call.end_col_offset) <= (node.end_lineno, node.end_col_offset)  # type: ignore

    for node in ast.walk(fn):
        if isinstance(node, (ast.If, ast.While, ast.IfExp)) and holds(node) and not holds(node.test) \
                and _decided_at_compile_time(node.test, local):
            return True
    return False


def probe_source(tree: ast.AST, src: str, row: int, col0: int, stopped_at: int) -> Optional[str]:
    """The probe's source (``def _jl_callee_probe():`` with ``return <callee>()`` at line ``row``), or None when
    the facts above do not hold: torch stopped (``stopped_at``) outside the function or not before the statement,
    the statement sits under a condition TorchScript may decide, or the callee is not a dotted name free in the
    function."""
    fn = innermost_function(tree, row)
    if fn is None or not fn.lineno <= stopped_at < row or row < 3:
        return None
    body_start = fn.body[0].lineno  # type: ignore[attr-defined]
    if stopped_at < body_start:
        return None  # the signature: torch has not compiled a statement of the body yet
    call = next((n for n in ast.walk(fn) if isinstance(n, ast.Call) and (n.func.lineno, n.func.col_offset) == (row, col0)
                 and n.func.end_lineno == row), None)
    if call is None:
        return None
    root: ast.expr = call.func
    while isinstance(root, ast.Attribute):
        root = root.value
    local = _bound_names(fn)
    if not isinstance(root, ast.Name) or root.id in local or _guarded(fn, call, local):
        return None
    callee = src.splitlines()[row - 1].encode()[call.func.col_offset:call.func.end_col_offset].decode()
    return "\n" * (row - 2) + "def _jl_callee_probe():\n" + f"    return {callee}()\n"


def run_probe(text: str, namespace: Dict[str, Any], stem: str, write: Callable[[str, str, str], Path],
              script: Callable[[Any], Optional[str]]) -> Optional[str]:
    """Script the probe in a copy of the module's namespace (a bypass file holds its source for torch); torch's
    error, or None when it scripts."""
    copy = write(f"{stem}.callee_probe", text, ".bypass.py")
    globs = dict(namespace)
    exec(compile(text, str(copy), "exec"), globs)  # noqa: S102 - a def alone: nothing runs
    return script(globs["_jl_callee_probe"])
