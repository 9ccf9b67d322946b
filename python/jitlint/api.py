"""The one way into jitlint's engine (the compiled ``jitlint._core``), for the CLI, ``verify`` and the language server.

    rules()                                          -> every rule's metadata and documentation (dicts)
    selected_rules(path)                             -> Selection(checked, fixable) from path's configuration
    check_source(data, *, select=None, project=None, path=None)  -> diagnostics (engine dicts)
    fix_source(data, *, select=None, unsafe=False, project=None, path=None)  -> Fixed(source, applied)
    Project(paths, threads=1, python=None)           -> a checked tree with its index (analysis across files):
        .check_all(selects, threads)                    -> per file {"path", "error", "diagnostics"}
        .resolve_region()                               -> the compiled region across files, without rules
    Project.around(path)                             -> the tree a lone source belongs to, region resolved

A source checked with ``project`` and ``path`` sees the classes and functions of the project's files (a base class
of another file, a function compiled because another file's compiled code calls it); without, the file alone.
Imports that leave the project are read (never imported) from the installed packages of the running interpreter,
or of the one named by ``python`` (``--python``, ``python = "..."`` in the configuration).

``select`` is the set of codes to run (None: every rule): the CLI resolves it from the configuration and its
flags, ``verify`` and the language server from the configuration alone through :func:`selected_rules`. Syntax
errors (JT000) are always reported. A file that tree-sitter misreads but Python accepts is checked and fixed
again with the engine's ``python_accepts`` flag.

No other module imports ``jitlint._core``. It is imported on first use, so that a missing or broken build is an
:class:`EngineError` (one line), not a traceback when ``jitlint.api`` is imported. Never imports torch.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import os
import subprocess
import sys
import sysconfig
import threading
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable, NamedTuple

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


# Run in another interpreter (`--python`): its import path and standard library, as JSON.
_PATHS_PROBE = ("import json, sys, sysconfig; print(json.dumps([sys.path, "
                "[sysconfig.get_path('stdlib'), sysconfig.get_path('platstdlib')]]))")


class InterpreterError(Exception):
    """The interpreter named by ``--python`` / ``python =`` cannot be run (one line)."""


@functools.lru_cache(maxsize=8)
def _interpreter_paths(python: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    try:
        done = subprocess.run([python, "-c", _PATHS_PROBE], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    except (OSError, subprocess.SubprocessError) as e:
        raise InterpreterError(f"python {python}: cannot be run ({e.__class__.__name__}: {e})") from None
    try:
        sys_path, stdlib = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        first = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise InterpreterError(f"python {python}: did not report its import path ({first})") from None
    return tuple(p for p in sys_path if isinstance(p, str)), tuple(p for p in stdlib if isinstance(p, str))


def installed_search_paths(python: str | None = None) -> list[str]:
    """Where imports that leave the checked tree are read from: an interpreter's import path without the standard
    library (site-packages, editable installs), as a type checker would. ``python``: that interpreter (its paths
    are asked once, by running it; it is never given the checked code); None: the one jitlint runs in."""
    if python is None:
        entries: Iterable[str] = sys.path
        stdlib_paths: Iterable[str | None] = (sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib"))
    else:
        entries, stdlib_paths = _interpreter_paths(python)
    stdlib = {os.path.realpath(p) for p in stdlib_paths if p}
    paths: list[str] = []
    for entry in entries:
        if not entry or entry.endswith(".zip") or entry.endswith("lib-dynload"):
            continue
        real = os.path.realpath(entry)
        if real in stdlib or real in paths or not os.path.isdir(real):
            continue
        paths.append(real)
    return paths


def summary_cache_folder() -> str:
    """Where summaries of installed modules are kept between runs: ``$JITLINT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/jitlint/summaries`` (``~/.cache/jitlint/summaries``). An entry is used only while its file
    keeps the size and modification time it had (a new version of a package replaces its files)."""
    explicit = os.environ.get("JITLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "jitlint", "summaries")


class Project:
    """A checked tree with its project index: :meth:`check_all` reads, parses and checks every file once (in C++
    threads, the GIL released), and the index summarises the files other files' questions need."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]], *, threads: int = 1,
                 search_paths: list[str] | None = None, python: str | None = None,
                 cache: bool = True) -> None:
        """``python``: the interpreter whose installed packages are read (None: this one); raises
        :class:`InterpreterError` when it cannot be run. ``cache``: keep the summaries of installed modules on
        disk (:func:`summary_cache_folder`), so that later runs do not parse them again."""
        self._paths = [os.fspath(p) for p in paths]
        if search_paths is None:
            # The checked files' own import roots first (a file given alone still sees its package's other
            # files, read like installed ones), then the installed packages.
            search_paths = _import_roots(self._paths) + installed_search_paths(python)
        self._project = _engine().Project(search_paths, summary_cache_folder() if cache else "")
        self._project.load(self._paths)
        self._threads = threads

    def resolve_region(self) -> None:
        """Which functions of each file other files' compiled code calls, without the rules: what a source checked
        as one file of this tree (:func:`check_source` with ``project=``) needs to know."""
        self._project.resolve_region(self._threads)

    def check_all(self, selects: list[Iterable[str] | None], threads: int = 1, *, release: bool = False,
                  on_progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
        """Per loaded file, in order: ``{"path", "error": str | None, "diagnostics": list | None}``; JT000 is always
        checked. A file tree-sitter misreads but Python accepts is checked again on its own. ``release``: keep no
        tree once its file is checked (without it, trees are kept for a later call). ``on_progress(done, total)``
        is called about ten times a second while the engine runs (it runs on a thread of its own then)."""
        codes = [None if select is None else sorted(set(select) | {SYNTAX_ERROR_CODE}) for select in selects]
        if on_progress is None:
            entries = list(self._project.check_all(codes, threads, release))
        else:
            entries = self._check_all_reporting(codes, threads, release, on_progress)
        for entry, select in zip(entries, codes):
            diagnostics = entry["diagnostics"]
            if diagnostics and any(d["code"] == SYNTAX_ERROR_CODE for d in diagnostics):
                try:
                    with open(entry["path"], "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                if _python_parses(data):
                    entry["diagnostics"] = _call(self._project.check, data, entry["path"], select, python_accepts=True)
        return entries

    def _check_all_reporting(self, codes: list[list[str] | None], threads: int, release: bool,
                             on_progress: Callable[[int, int], None]) -> list[dict[str, Any]]:
        result: list[Any] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                result.extend(self._project.check_all(codes, threads, release))
            except BaseException as exc:  # re-raised in the caller's thread
                failure.append(exc)

        worker = threading.Thread(target=work, name="jitlint-check", daemon=True)
        worker.start()
        total = len(codes)
        while worker.is_alive():
            worker.join(0.1)
            on_progress(min(self._project.checked(), total), total)
        on_progress(total, total)  # the end, whatever was counted (a file that could not be read is not)
        if failure:
            raise failure[0]
        return result

    @classmethod
    def around(cls, path: str | os.PathLike[str], *, limit: int = 5000, python: str | None = None,
               cache: bool = True) -> "Project":
        """The project a single source at ``path`` belongs to (standard input, an editor's buffer): the Python
        files of its top package on disk (its folder when it is in no package), at most ``limit``."""
        here = Path(os.path.abspath(path)).parent
        if not (here / "__init__.py").exists():
            # In no package: its own folder only (never a walk of a home directory); packages beside it are read
            # on demand through the import roots, like installed ones.
            project = cls(sorted(str(p) for p in here.glob("*.py"))[:limit], python=python, cache=cache)
            project.resolve_region()
            return project
        top = here  # the top package: the last folder up that holds an __init__.py
        while (top.parent / "__init__.py").exists() and top.parent != top:
            top = top.parent
        files: list[str] = []
        for root, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "node_modules"))
            files.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".py"))
            if len(files) > limit:
                files = files[:limit]
                break
        project = cls(files, python=python, cache=cache)
        project.resolve_region()
        return project


def _import_roots(paths: list[str]) -> list[str]:
    """The folders the files' top packages sit in (a file in no package: its own folder), in first-seen order."""
    roots: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in seen:
            top = folder
            while os.path.exists(os.path.join(top, "__init__.py")) and os.path.dirname(top) != top:
                top = os.path.dirname(top)
            seen[folder] = top
        if seen[folder] not in roots:
            roots.append(seen[folder])
    return roots


def check_source(data: bytes, *, select: Iterable[str] | None = None, project: Project | None = None,
                 path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Diagnostics for one source (as the file ``path`` of ``project``, when both are given). Raises
    :class:`SourceError` for bytes that are not UTF-8."""
    codes = None if select is None else sorted(set(select) | {SYNTAX_ERROR_CODE})
    check = _checker(project, path, "check")
    diagnostics = _call(check, data, codes)
    if any(d["code"] == SYNTAX_ERROR_CODE for d in diagnostics) and _python_parses(data):
        diagnostics = _call(check, data, codes, python_accepts=True)
    return list(diagnostics)


def fix_source(data: bytes, *, select: Iterable[str] | None = None, unsafe: bool = False,
               project: Project | None = None, path: str | os.PathLike[str] | None = None) -> Fixed:
    """Apply the fixes of the selected rules to a fixpoint; unsafe ones only with ``unsafe``. Raises
    :class:`FixError` and :class:`SourceError`."""
    engine = _engine()
    codes = None if select is None else sorted(select)
    fix = _checker(project, path, "fix")
    result = _call(fix, data, codes, unsafe)
    if not result["applied"] and not result["error"] and _tree_sitter_rejects(engine, data) and _python_parses(data):
        # Valid Python that tree-sitter's grammar misreads somewhere: fix it, and let Python judge the result.
        result = _call(fix, data, codes, unsafe, python_accepts=True)
        if result["applied"] and not _python_parses(result["output"]):
            raise FixError("a fix would have produced invalid Python; the file was left unchanged "
                           "(this is a jitlint bug: please report it with the file)")
    if result["error"]:
        raise FixError(result["error"])
    if result["applied"] and not _python_parses(result["output"]) and _python_parses(data):
        # The engine checks each round with tree-sitter, whose grammar lets some indentation errors through; Python
        # has the last word before anything is written.
        raise FixError("a fix would have produced invalid Python; the file was left unchanged "
                       "(this is a jitlint bug: please report it with the file)")
    return Fixed(result["output"], dict(result["applied"]))


def _checker(project: Project | None, path: str | os.PathLike[str] | None, name: str) -> Any:
    """The engine's `check` / `fix`, through the project's index when there is one."""
    if project is None or path is None:
        return getattr(_engine(), name)
    method = getattr(project._project, name)
    where = os.path.abspath(path)
    return lambda data, *args, **kwargs: method(data, where, *args, **kwargs)


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


