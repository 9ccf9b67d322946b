"""A small Python API over the engine, shared by the CLI, ``verify`` and the language server.

    check_bytes(data, select)            -> diagnostics (engine dicts)
    fix_bytes(data, select, unsafe)      -> (fixed bytes, {code: fixes applied})
    fix_source(text, unsafe=False)       -> fixed text (str in, str out)

Never imports torch.
"""

from __future__ import annotations

import ast
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any, Iterable

from jitlint import _core

SYNTAX_ERROR = "JT000"


class FixError(ValueError):
    """A fix would have broken the file; the file is left as it was. ``str()`` is one line."""


def _python_parses(data: bytes) -> bool:
    # tree-sitter's grammar rejects a few forms Python accepts (`x, *rest = a, *[]`). Python has the last word.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, "<jitlint>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def check_bytes(data: bytes, select: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Diagnostics for one source. Raises ``_core.SourceError`` for bytes that are not UTF-8."""
    codes = sorted(select) if select is not None else None
    diagnostics = list(_core.check(data, codes))
    if any(d["code"] == SYNTAX_ERROR for d in diagnostics) and _python_parses(data):
        diagnostics = list(_core.check(data, codes, python_accepts=True))
    return diagnostics


def fix_bytes(data: bytes, select: Iterable[str] | None = None, unsafe: bool = False) -> tuple[bytes, dict[str, int]]:
    """Apply the fixes of the selected rules to a fixpoint. Raises :class:`FixError`."""
    codes = sorted(select) if select is not None else None
    result = _core.fix(data, codes, unsafe)
    if not result["applied"] and not result["error"] and _tree_sitter_rejects(data) and _python_parses(data):
        # Valid Python that tree-sitter's grammar misreads somewhere: fix it, and let Python judge the result.
        result = _core.fix(data, codes, unsafe, python_accepts=True)
        if result["applied"] and not _python_parses(result["output"]):
            raise FixError("a fix would have produced invalid Python; the file was left unchanged "
                           "(this is a jitlint bug: please report it with the file)")
    if result["error"]:
        raise FixError(result["error"])
    return result["output"], dict(result["applied"])


def _tree_sitter_rejects(data: bytes) -> bool:
    return any(d["code"] == SYNTAX_ERROR for d in _core.check(data, [SYNTAX_ERROR]))


def fix_source(text: str, unsafe: bool = False) -> str:
    """Fixed source text for a whole Python file (used by ``jitlint verify --fix``)."""
    output, _ = fix_bytes(text.encode("utf-8"), None, unsafe)
    return output.decode("utf-8")


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
