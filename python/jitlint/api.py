"""The one way into jitlint's engine (the compiled ``jitlint._core``), for the CLI, ``verify`` and the language server.

    rules()                                          -> every rule's metadata and documentation (dicts)
    selected_rules(path)                             -> Selection(checked, fixable) from path's configuration
    check_source(data, *, select=None)               -> diagnostics (engine dicts)
    fix_source(data, *, select=None, unsafe=False)   -> Fixed(source, applied)

``select`` is the set of codes to run (None: every rule): the CLI resolves it from the configuration and its
flags, ``verify`` and the language server from the configuration alone through :func:`selected_rules`. Syntax
errors (JT000) are always reported. A file that tree-sitter misreads but Python accepts is checked and fixed
again with the engine's ``python_accepts`` flag.

No other module imports ``jitlint._core``. It is imported on first use, so that a missing or broken build is an
:class:`EngineError` (one line), not a traceback when ``jitlint.api`` is imported. Never imports torch.
"""

from __future__ import annotations

import ast
import importlib
import os
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, NamedTuple

from jitlint.config import CliOptions, Resolver
from jitlint.selection import SYNTAX_ERROR_CODE


class EngineError(RuntimeError):
    """The compiled engine is missing or fails to load; ``str()`` is one line."""


class SourceError(ValueError):
    """The bytes are not a source jitlint can read (not UTF-8); ``str()`` is one line."""


class FixError(ValueError):
    """A fix would have broken the file; the file is left as it was. ``str()`` is one line."""


class Selection(NamedTuple):
    checked: frozenset[str]  # the codes `jitlint check` runs
    fixable: frozenset[str]  # those of them whose fixes `jitlint fix` applies


class Fixed(NamedTuple):
    source: bytes  # the fixed bytes (the input itself when nothing was fixed)
    applied: dict[str, int]  # code -> number of fixes applied


def _engine() -> ModuleType:
    try:
        return importlib.import_module("jitlint._core")
    except Exception as exc:  # ImportError, or whatever a broken build raises while it loads
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineError(f"the jitlint engine failed to load (jitlint._core: {reason}); reinstall jitlint") from None


def engine_version() -> str:
    return str(_engine().__version__)


def rules() -> list[dict[str, Any]]:
    """Every rule's metadata and documentation: code, name, family, phase, fix, summary, torch_error, doc."""
    return [dict(rule) for rule in _engine().rules()]


def selected_rules(path: str | os.PathLike[str]) -> Selection:
    """The rules ``jitlint check`` / ``jitlint fix`` without flags run on ``path``: those of the closest
    configuration file (``[tool.jitlint]`` in pyproject.toml, jitlint.toml, .jitlint.toml) in its folder or
    above, per-file-ignores included. Raises ``ConfigError``."""
    absolute = Path(os.path.abspath(path))
    codes = [rule["code"] for rule in rules()]
    settings = Resolver(codes, CliOptions(), Path.cwd()).settings_for_file(absolute)
    checked = settings.rules_for(absolute)
    return Selection(checked, checked & settings.fixable)


def check_source(data: bytes, *, select: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Diagnostics for one source. Raises :class:`SourceError` for bytes that are not UTF-8."""
    engine = _engine()
    codes = None if select is None else sorted(set(select) | {SYNTAX_ERROR_CODE})
    diagnostics = _call(engine.check, data, codes)
    if any(d["code"] == SYNTAX_ERROR_CODE for d in diagnostics) and _python_parses(data):
        diagnostics = _call(engine.check, data, codes, python_accepts=True)
    return list(diagnostics)


def fix_source(data: bytes, *, select: Iterable[str] | None = None, unsafe: bool = False) -> Fixed:
    """Apply the fixes of the selected rules to a fixpoint; unsafe ones only with ``unsafe``. Raises
    :class:`FixError` and :class:`SourceError`."""
    engine = _engine()
    codes = None if select is None else sorted(select)
    result = _call(engine.fix, data, codes, unsafe)
    if not result["applied"] and not result["error"] and _tree_sitter_rejects(engine, data) and _python_parses(data):
        # Valid Python that tree-sitter's grammar misreads somewhere: fix it, and let Python judge the result.
        result = _call(engine.fix, data, codes, unsafe, python_accepts=True)
        if result["applied"] and not _python_parses(result["output"]):
            raise FixError("a fix would have produced invalid Python; the file was left unchanged "
                           "(this is a jitlint bug: please report it with the file)")
    if result["error"]:
        raise FixError(result["error"])
    return Fixed(result["output"], dict(result["applied"]))


def _call(function: Any, data: bytes, *args: Any, **kwargs: Any) -> Any:
    try:
        return function(data, *args, **kwargs)
    except _engine().SourceError as exc:
        raise SourceError(str(exc)) from None


def _tree_sitter_rejects(engine: ModuleType, data: bytes) -> bool:
    return any(d["code"] == SYNTAX_ERROR_CODE for d in _call(engine.check, data, [SYNTAX_ERROR_CODE]))


def _python_parses(data: bytes) -> bool:
    # tree-sitter's grammar rejects a few forms Python accepts (`x, *rest = a, *[]`). Python has the last word.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, "<jitlint>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


