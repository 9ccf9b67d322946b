"""The ``jitlint`` command line: ``check``, ``fix``, ``rule``, ``verify``.

Exit codes (like ruff): 0 clean, 1 diagnostics remain, 2 usage, configuration, input or internal error
(2 wins even when other files were checked). Errors are one line on stderr, ``jitlint: error: ...``;
never a traceback (set ``JITLINT_TRACEBACK=1`` to see one for an internal error).

This module never imports torch: only ``jitlint verify`` does, through ``jitlint.verify.cli``, which is
imported when that command runs and not before.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence, TextIO

from jitlint import api
from jitlint.fixing import FileCheck, FixResult, apply_fixes
from jitlint.config import (
    OUTPUT_FORMATS,
    CliOptions,
    ConfigError,
    Resolver,
    Settings,
    parse_inline_override,
)
from jitlint.discovery import SourceFile, absolute, discover, force_excluded
from jitlint.progress import terminal_progress
from jitlint.notebook import NotebookError, is_notebook, require_nbformat
from jitlint.selection import SYNTAX_ERROR_CODE, Selector, SelectorError, parse_selector_list

BINARY_SNIFF_BYTES = 8192


class CliError(Exception):
    """A usage or setup error; ``str()`` is printed after ``jitlint: error: ``; exit 2."""


def error_line(message: str) -> str:
    return f"jitlint: error: {message}"


def print_error(message: str) -> None:
    sys.stderr.write(error_line(message) + "\n")
    sys.stderr.flush()


def package_version() -> str:
    try:
        from importlib.metadata import version

        return version("jitlint")
    except Exception:  # PackageNotFoundError, or broken metadata
        pass
    try:
        return api.engine_version()
    except api.EngineError:
        return "unknown"


# -- argument parsing -----------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print_error(message)
        raise SystemExit(2)


class _SplitCommas(argparse.Action):
    """``--select A,B --select C`` -> ["A", "B", "C"]."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[override]
        current = getattr(namespace, self.dest) or []
        parts = [p.strip() for p in str(values).split(",") if p.strip()]
        setattr(namespace, self.dest, current + parts)


def _add_check_arguments(p: argparse.ArgumentParser, *, fix_default: bool) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders to check (default: the current folder); '-' reads standard input")
    g = p.add_argument_group("fixes")
    g.add_argument("--fix", action=argparse.BooleanOptionalAction, default=fix_default,
                   help="apply fixes to the files" + (" (default)" if fix_default else ""))
    g.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
                   help="also apply (and show as fixable) fixes that may change behaviour")
    g.add_argument("--diff", action="store_true",
                   help="print a diff of what --fix would change instead of writing; exit 1 if there is one")
    g.add_argument("--show-fixes", action=argparse.BooleanOptionalAction, default=False,
                   help="list the fixes that were applied")
    g.add_argument("--exit-non-zero-on-fix", action="store_true",
                   help="exit 1 when a fix was applied, even if no diagnostics remain")
    g.add_argument("--fixable", action=_SplitCommas, metavar="CODES", help="rules whose fixes may be applied")
    g.add_argument("--unfixable", action=_SplitCommas, metavar="CODES", help="rules whose fixes are never applied")

    g = p.add_argument_group("rule selection")
    g.add_argument("--select", action=_SplitCommas, metavar="CODES",
                   help="rules to enable, comma-separated codes or prefixes (JT1, JT201, ALL); replaces the config")
    g.add_argument("--extend-select", action=_SplitCommas, metavar="CODES", help="rules to enable in addition")
    g.add_argument("--ignore", action=_SplitCommas, metavar="CODES", help="rules to disable")

    g = p.add_argument_group("files")
    g.add_argument("--stdin-filename", metavar="NAME", help="the name of the file read from standard input")
    g.add_argument("--exclude", action=_SplitCommas, metavar="GLOBS",
                   help="paths to skip (replaces the default list and the config's exclude)")
    g.add_argument("--extend-exclude", action=_SplitCommas, metavar="GLOBS", help="more paths to skip")
    g.add_argument("--force-exclude", action=argparse.BooleanOptionalAction, default=False,
                   help="apply exclusions to paths named on the command line too")
    g.add_argument("--config", action="append", metavar="FILE|KEY=VALUE", default=[],
                   help="a config file to use instead of discovery, or a TOML 'key = value' override")
    g.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    g.add_argument("--no-cache", action="store_true",
                   help="do not read or write the summaries of installed packages kept between runs "
                        "($JITLINT_CACHE_DIR, default ~/.cache/jitlint/summaries)")
    g.add_argument("--python", metavar="PY",
                   help="read imports that leave the checked files from this interpreter's installed packages "
                        "(default: the one jitlint runs in)")

    g = p.add_argument_group("output")
    g.add_argument("--output-format", choices=OUTPUT_FORMATS, default=None,
                   help="default: full on a terminal, concise otherwise")
    g.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout")
    g.add_argument("--statistics", action="store_true", help="print the number of diagnostics per rule")
    g.add_argument("--show-settings", action="store_true",
                   help="print the settings that apply to the one file given, and where each comes from")
    g.add_argument("--add-noqa", action="store_true",
                   help="add a `# noqa: CODE` to the line of every current diagnostic (keeps the line's comments)")
    g.add_argument("--exit-zero", action="store_true", help="exit 0 even when diagnostics remain")
    g.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only, no summary")
    g.add_argument("-s", "--silent", action="store_true", help="print nothing; only the exit code tells")
    g.add_argument("-j", "--threads", type=int, default=None, metavar="N",
                   help="files checked in parallel (default: min(CPUs, 8))")


def build_parser(with_verify: bool = False) -> argparse.ArgumentParser:
    parser = _Parser(prog="jitlint", description="A linter for PyTorch TorchScript code.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("check", help="lint files and folders", description="Lint files and folders.")
    _add_check_arguments(p, fix_default=False)
    p = sub.add_parser("fix", help="lint and apply fixes (same as check --fix)",
                       description="Lint and apply fixes (same as check --fix).")
    _add_check_arguments(p, fix_default=True)

    p = sub.add_parser("rule", help="explain a rule", description="Print the documentation of a rule.")
    p.add_argument("code", nargs="?", metavar="CODE", help="a rule code (JT101) or name (comprehension-if)")
    p.add_argument("--all", action="store_true", help="every rule")
    p.add_argument("--output-format", choices=("text", "json"), default="text")

    p = sub.add_parser("explain", help="which rule a torch.jit error is, and its fix",
                       description="Name the jitlint rule behind a torch.jit error text, with why and the fix.")
    p.add_argument("error", metavar="ERROR", help="the error text torch printed ('-' reads it from stdin)")

    sub.add_parser("server", help="language server over stdio (needs the lsp extra)",
                   description="Run the jitlint language server over stdio (pip install 'jitlint[lsp]').")

    p = sub.add_parser("verify", help="prove a model scripts, saves and runs in LibTorch (needs torch)",
                       description="Prove a model scripts, saves, loads in LibTorch and matches eager.")
    if with_verify:
        verify_cli = _import_verify()
        verify_cli.add_arguments(p)
    else:
        p.add_argument("verify_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _import_verify() -> Any:
    try:
        return importlib.import_module("jitlint.verify.cli")
    except ImportError as e:
        raise CliError(f"verify is not available: {e}") from None


def _command_of(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return None


# -- check / fix ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    check: FileCheck | None = None
    fix: FixResult | None = None
    error: str | None = None  # one-line problem with this file
    notebook: Any = None  # a notebook's jitlint.notebook.Notebook (diagnostics are in its joined rows)


def _cli_selectors(values: list[str] | None, flag: str, codes: list[str]) -> list[Selector] | None:
    if values is None:
        return None
    try:
        return parse_selector_list(values, codes)
    except SelectorError as e:
        raise CliError(f"{flag}: {e}") from None


def _cli_options(args: argparse.Namespace, codes: list[str], cwd: Path) -> CliOptions:
    opts = CliOptions(
        select=_cli_selectors(args.select, "--select", codes),
        extend_select=_cli_selectors(args.extend_select, "--extend-select", codes) or [],
        ignore=_cli_selectors(args.ignore, "--ignore", codes) or [],
        fixable=_cli_selectors(args.fixable, "--fixable", codes),
        unfixable=_cli_selectors(args.unfixable, "--unfixable", codes) or [],
        exclude=args.exclude,
        extend_exclude=args.extend_exclude or [],
        output_format=args.output_format,
        unsafe_fixes=args.unsafe_fixes,
        python=getattr(args, "python", None),
        isolated=args.isolated,
    )
    for value in args.config:
        candidate = absolute(value, cwd)
        if candidate.is_file():
            if opts.config_file is not None:
                raise CliError("--config: only one configuration file may be given")
            opts.config_file = candidate
        elif "=" in value:
            opts.overrides.append(parse_inline_override(value, cwd))
        else:
            raise CliError(f"--config: {value}: No such file")
    if opts.config_file is not None and opts.isolated:
        raise CliError("--config FILE cannot be combined with --isolated")
    return opts


def _sniff_problem(data: bytes) -> str | None:
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        return "binary file"
    return None


def _check_one(file: SourceFile, data: bytes | None, args: argparse.Namespace, fix_mode: bool,
               project: api.Project | None = None, checked: dict[str, Any] | None = None) -> Outcome:
    """One file's outcome: its diagnostics (``checked``: the project's entry for it, when the project check ran)
    and, in fix mode, its fixes."""
    select = sorted(file.settings.rules_for(file.path))
    if checked is not None and checked["error"] is not None:
        return Outcome(error=checked["error"] or "cannot be read")
    if data is None and (checked is None or fix_mode):
        try:
            with open(file.path, "rb") as f:
                data = f.read()
        except IsADirectoryError:
            return Outcome(error="is a directory")
        except OSError as e:
            return Outcome(error=e.strerror or str(e))
    if data is not None:
        problem = _sniff_problem(data)
        if problem:
            return Outcome(error=problem)
    try:
        if checked is not None:
            diagnostics = checked["diagnostics"]
        else:
            diagnostics = api.check_source(data or b"", select=select, project=project, path=file.path)
    except api.SourceError as e:
        return Outcome(error=str(e) or "cannot be read")
    except Exception as e:  # an engine failure on one file must not stop the others
        return Outcome(error=f"internal error: {type(e).__name__}: {e}")
    if not diagnostics and not fix_mode and not file.stdin:
        data = b""  # not needed any more: keep memory flat on big trees
    elif data is None:
        try:  # code frames need the source
            with open(file.path, "rb") as f:
                data = f.read()
        except OSError as e:
            return Outcome(error=e.strerror or str(e))
    file_check = FileCheck(file=file, source=data, diagnostics=diagnostics, select=select)
    outcome = Outcome(check=file_check)
    if fix_mode:
        unsafe = bool(file.settings.unsafe_fixes)
        try:
            outcome.fix = apply_fixes(file_check, unsafe=unsafe, fixable=file.settings.fixable,
                                      write=not args.diff and not file.stdin, diff=args.diff, project=project)
        except ValueError as e:
            outcome.error = str(e)
    return outcome


def _check_notebook(file: SourceFile, data: bytes | None, args: argparse.Namespace, fix_mode: bool,
                    project: api.Project | None) -> Outcome:
    """A Jupyter notebook: its code cells joined, IPython syntax masked (``jitlint.notebook``)."""
    from jitlint import notebook

    try:
        if data is None:
            with open(file.path, "rb") as f:
                data = f.read()
        book = notebook.load(data)
    except OSError as e:
        return Outcome(error=e.strerror or str(e))
    except notebook.NotebookError as e:
        return Outcome(error=str(e))
    select = sorted(file.settings.rules_for(file.path))
    try:
        diagnostics = api.check_source(book.source, select=select, project=project, path=file.path)
    except Exception as e:  # an engine failure on one file must not stop the others
        return Outcome(error=f"internal error: {type(e).__name__}: {e}")
    outcome = Outcome(check=FileCheck(file=file, source=book.source, diagnostics=diagnostics, select=select),
                      notebook=book)
    if fix_mode:
        try:
            outcome.fix, outcome.notebook = notebook.apply_fixes(
                outcome.check, book, data, unsafe=bool(file.settings.unsafe_fixes), fixable=file.settings.fixable,
                write=not args.diff and not file.stdin, diff=args.diff, project=project)
        except ValueError as e:
            outcome.error = str(e)
    return outcome


def _check_files(files: list[SourceFile], stdin_data: bytes | None, args: argparse.Namespace, fix_mode: bool,
                 threads: int, python: str | None = None) -> list[Outcome]:
    """Every file's outcome, in order. The files are checked together (analysis across files): the engine reads,
    parses and checks each once, on its own threads with the GIL released, its index summarising the files other
    files' questions need. Standard input is checked as its file would be, with the index of the files on disk
    around it."""
    try:
        if stdin_data is not None:
            file = files[0]
            cache = not getattr(args, "no_cache", False)
            project = api.Project.around(file.path, python=python, cache=cache) if args.stdin_filename else None
            if is_notebook(file.path):
                return [_check_notebook(file, stdin_data, args, fix_mode, project)]
            return [_check_one(file, stdin_data, args, fix_mode, project)]
        # Notebooks are checked one by one (below) with the index of the other files: the engine reads .py files.
        books = [f for f in files if is_notebook(f.path)]
        sources = [f for f in files if not is_notebook(f.path)] if books else files
        project = api.Project([f.path for f in sources], threads=threads, python=python,
                              cache=not getattr(args, "no_cache", False))
        entries = project.check_all([sorted(f.settings.rules_for(f.path)) for f in sources], threads,
                                    release=not books, on_progress=terminal_progress())
    except api.SourceError as e:
        return [Outcome(error=str(e) or "cannot be read") for _ in files]
    except api.InterpreterError as e:
        raise CliError(str(e)) from None
    if not fix_mode:
        outcomes = [_check_one(f, None, args, fix_mode, project, entry) for f, entry in zip(sources, entries)]
    else:
        # Fixing reads and rewrites each file: on threads (the engine releases the GIL), in file order.
        pool = ThreadPoolExecutor(max_workers=max(1, min(threads, len(sources) or 1)))
        try:
            outcomes = list(pool.map(lambda pair: _check_one(pair[0], None, args, fix_mode, project, pair[1]),
                                     zip(sources, entries)))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            pool.shutdown()
    if not books:
        return outcomes
    by_file = {id(f): o for f, o in zip(sources, outcomes)}
    return [_check_notebook(f, None, args, fix_mode, project) if is_notebook(f.path) else by_file[id(f)]
            for f in files]


def _without_unreadable_notebooks(files: list[SourceFile], paths: list[str], cwd: Path) -> list[SourceFile]:
    """Without nbformat (the ``notebooks`` extra), the notebooks a folder walk found are left out with one warning;
    a notebook named on the command line stays, and gets the error naming the extra."""
    if not any(is_notebook(f.path) for f in files):
        return files
    try:
        require_nbformat()
        return files
    except NotebookError as e:
        named = {absolute(p, cwd) for p in paths}
        kept = [f for f in files if not is_notebook(f.path) or f.path in named]
        skipped = len(files) - len(kept)
        if skipped:
            sys.stderr.write(f"jitlint: warning: {skipped} notebook{'' if skipped == 1 else 's'} skipped: {e}\n")
        return kept


def _default_threads() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _stdin_file(args: argparse.Namespace, resolver: Resolver, cwd: Path) -> SourceFile | None:
    name = args.stdin_filename
    if name:
        path = absolute(name, cwd)
        settings = resolver.settings_for_file(path)
        if args.force_exclude:
            if force_excluded(path, False, settings):
                return None
        return SourceFile(path=path, display=name, settings=settings, stdin=True)
    settings = resolver.project_settings()
    return SourceFile(path=cwd / "-", display="-", settings=settings, stdin=True)


def _open_output(args: argparse.Namespace) -> TextIO:
    if args.output_file:
        try:
            return open(args.output_file, "w", encoding="utf-8", newline="\n")
        except OSError as e:
            raise CliError(f"{args.output_file}: {e.strerror or e}") from None
    return sys.stdout


def _show_settings(args: argparse.Namespace, resolver: Resolver, cwd: Path) -> int:
    """`--show-settings FILE`: what applies to one file, and where each value comes from."""
    if len(args.paths) != 1 or args.paths[0] == "-":
        raise CliError("--show-settings: give exactly one file")
    path = absolute(args.paths[0], cwd)
    if not path.is_file():
        raise CliError(f"--show-settings: {args.paths[0]}: No such file")
    try:
        settings = resolver.settings_for_file(path)
        origins = resolver.origins_for_file(path)
    except ConfigError as e:
        raise CliError(str(e)) from None
    enabled = sorted(settings.rules_for(path))
    fixable = sorted(settings.fixable & settings.rules_for(path))
    excluded = settings.is_excluded(path, False)
    values = {
        "select / extend-select / ignore": f"{len(enabled)} rules: {', '.join(enabled)}",
        "fixable / unfixable": f"{len(fixable)} rules: {', '.join(fixable)}",
        "per-file-ignores": ", ".join(f"{ps.patterns[0]} -> {', '.join(sorted(c))}"
                                      for ps, c in settings.per_file_ignores) or "none",
        "exclude / extend-exclude": "this file is excluded" if excluded else "this file is not excluded",
        "extend-include": (", ".join(p for ps in settings.include for p in ps.patterns) or "none")
                          + " (folder walks take *.py, *.pyi, *.ipynb and these)",
        "output-format": settings.output_format or "full on a terminal, else concise",
        "unsafe-fixes": str(bool(settings.unsafe_fixes)).lower(),
        "python": settings.python or sys.executable,
    }
    where = {
        "select / extend-select / ignore": _joined(origins, "select", "extend-select", "ignore"),
        "fixable / unfixable": _joined(origins, "fixable", "unfixable"),
        "per-file-ignores": origins["per-file-ignores"],
        "exclude / extend-exclude": _joined(origins, "exclude", "extend-exclude"),
        "extend-include": origins["extend-include"],
        "output-format": origins["output-format"],
        "unsafe-fixes": origins["unsafe-fixes"],
        "python": origins["python"],
    }
    config = "none: --isolated" if args.isolated else str(settings.config_file or "none found (defaults)")
    print(f"Settings for {args.paths[0]}")
    print(f"  configuration file: {config}")
    for key, value in values.items():
        print(f"  {key}: {value}")
        print(f"      from: {where[key]}")
    return 0


def _joined(origins: dict[str, str], *keys: str) -> str:
    """`select: pyproject.toml; ignore: command line` (keys still at their default left out)."""
    parts = [f"{key}: {origins[key]}" for key in keys if origins[key] != "default"]
    return "; ".join(parts) or "default"


def _add_noqa(files: list[SourceFile], outcomes: list[Any], errors: list[tuple[str, str]]) -> int:
    """`--add-noqa`: suppress every current diagnostic on its line (not JT000/JT001, which a `noqa` cannot fix)."""
    from jitlint.add_noqa import AddNoqaError, add_noqa
    from jitlint.fixing import write_atomically

    added = 0
    for f, o in zip(files, outcomes):
        if o.error is not None:
            errors.append((f.display, o.error))
        if o.check is None:
            continue
        wanted = [d for d in o.check.diagnostics if d["code"] not in (SYNTAX_ERROR_CODE, "JT001")]
        try:
            new_source, count = add_noqa(o.check.source, wanted)
        except AddNoqaError as exc:
            errors.append((f.display, str(exc)))
            continue
        if count and o.notebook is not None:
            try:  # a notebook: the comments go into its cells' sources
                new_source = o.notebook.with_fixed_source(new_source)
            except NotebookError as exc:
                errors.append((f.display, str(exc)))
                continue
        if count:
            write_atomically(f.path, new_source)
            added += count
    for display, problem in errors:
        print_error(f"{display}: {problem}")
    sys.stderr.write(f"Added {added} noqa directive{'' if added == 1 else 's'}.\n")
    return 2 if errors else 0


def run_check(args: argparse.Namespace) -> int:
    from jitlint.output import Diagnostic, Report, emitter, is_text_format
    from jitlint.output import text as text_out

    cwd = Path.cwd()
    if args.threads is not None and args.threads < 1:
        raise CliError("--threads: must be at least 1")
    rules = {r["code"]: r for r in api.rules()}
    codes = sorted(set(rules) | {SYNTAX_ERROR_CODE})
    try:
        cli = _cli_options(args, codes, cwd)
        resolver = Resolver(codes, cli, cwd)
        project = resolver.project_settings()
    except ConfigError as e:
        raise CliError(str(e)) from None

    if getattr(args, "show_settings", False):
        return _show_settings(args, resolver, cwd)
    fix_mode = bool(args.fix or args.diff)
    paths = list(args.paths)
    use_stdin = paths == ["-"] or (not paths and args.stdin_filename is not None)
    if getattr(args, "add_noqa", False) and (fix_mode or use_stdin):
        raise CliError("--add-noqa cannot be combined with --fix, --diff or standard input")
    if "-" in paths and not use_stdin:
        raise CliError("'-' (standard input) cannot be combined with other paths")

    errors: list[tuple[str, str]] = []
    stdin_data: bytes | None = None
    if use_stdin:
        try:
            stdin_file = _stdin_file(args, resolver, cwd)
        except ConfigError as e:
            raise CliError(str(e)) from None
        stdin_data = sys.stdin.buffer.read()
        if stdin_file is None:
            # excluded by --force-exclude: nothing to report; a fix run echoes the source unchanged so that
            # an editor piping a buffer through `jitlint fix -` never loses it
            if fix_mode and not args.diff:
                sys.stdout.buffer.write(stdin_data)
                sys.stdout.flush()
            return 0
        files = [stdin_file]
    else:
        try:
            found = discover(paths or ["."], resolver, cwd, force_exclude=args.force_exclude)
        except ConfigError as e:
            raise CliError(str(e)) from None
        files = _without_unreadable_notebooks(found.files, paths or ["."], cwd)
        errors.extend(found.errors)

    threads = args.threads or _default_threads()
    outcomes = _check_files(files, stdin_data, args, fix_mode, threads, project.python)
    if getattr(args, "add_noqa", False):
        return _add_noqa(files, outcomes, errors)

    diagnostics: list[Diagnostic] = []
    sources: dict[str, bytes] = {}
    fixed: dict[str, dict[str, int]] = {}
    diffs: list[str] = []
    stdin_output: bytes | None = None
    for f, o in zip(files, outcomes):
        if o.error is not None:
            errors.append((f.display, o.error))
        if o.check is None:
            continue
        remaining = o.check.diagnostics
        source = o.check.source
        if o.fix is not None:
            remaining = o.fix.diagnostics
            if o.fix.fixed:
                fixed[f.display] = dict(o.fix.fixed)
            if o.fix.diff:
                diffs.append(o.fix.diff)
            if o.fix.new_source is not None:
                source = o.fix.new_source
        if f.stdin and fix_mode and not args.diff:
            stdin_output = source
        if remaining:
            sources[f.display] = source  # only needed for code frames
        if o.notebook is not None and remaining:
            remaining = [o.notebook.map_diagnostic(d) for d in remaining]
            for cell in {d["cell"] for d in remaining if d["cell"] is not None}:
                sources[f"{f.display}:cell {cell}"] = o.notebook.cell_source(cell)
        file_diags = sorted((Diagnostic.from_engine(d, None if f.display == "-" else f.path, f.display)
                             for d in remaining), key=Diagnostic.sort_key)
        unsafe = bool(f.settings.unsafe_fixes)
        for d in file_diags:
            _mark_fixability(d, f.settings, unsafe)
        diagnostics.extend(file_diags)

    for display, problem in errors:
        print_error(f"{display}: {problem}")
    if not files and not errors:
        sys.stderr.write("jitlint: warning: no Python files found under the given paths\n")

    fmt = args.output_format or project.output_format
    if fmt is None:
        fmt = "full" if sys.stdout.isatty() and not args.output_file else "concise"
    report = Report(diagnostics=diagnostics, sources=sources, rules=rules, version=package_version(),
                    fixed=fixed, unsafe_fixes=bool(project.unsafe_fixes), fix_mode=fix_mode, cwd=cwd,
                    unchecked=len(errors), files=[f.display for f, o in zip(files, outcomes) if o.check is not None],
                    file_errors=list(errors))

    report.color = _use_color(out_stream_is_tty=(sys.stdout.isatty() and not args.output_file
                                                  and stdin_output is None))
    if stdin_output is not None:
        # like ruff: the fixed source goes to stdout, the report to stderr
        sys.stdout.buffer.write(stdin_output)
        sys.stdout.flush()
        out: TextIO = sys.stderr
    else:
        out = _open_output(args)
    try:
        if args.diff:
            if not args.silent:
                for d in diffs:
                    out.write(d if d.endswith("\n") else d + "\n")
        elif not args.silent:
            if args.statistics:
                text_out.emit_statistics(report, out, "json" if fmt == "json" else "text")
            else:
                emitter(fmt)(report, out)
            if is_text_format(fmt) and not args.quiet:
                if args.show_fixes and fixed:
                    out.write(text_out.fix_summary(report) + "\n\n")
                out.write(text_out.summary(report) + "\n")
        out.flush()
    finally:
        if out is not sys.stdout and out is not sys.stderr:
            out.close()

    if errors:
        return 2
    if args.diff:
        return 1 if diffs else 0
    if args.exit_non_zero_on_fix and fixed:
        return 1
    if diagnostics and not args.exit_zero:
        return 1
    return 0


def _use_color(out_stream_is_tty: bool) -> bool:
    """Like most tools: NO_COLOR turns color off, FORCE_COLOR on, else color on a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return out_stream_is_tty and os.environ.get("TERM") != "dumb"


def _mark_fixability(d: Any, settings: Settings, unsafe: bool) -> None:
    if not d.fix or d.code not in settings.fixable:
        return
    applicability = d.applicability
    if applicability == "safe" or (applicability == "unsafe" and unsafe):
        d.applicable = True
    elif applicability == "unsafe":
        d.hidden_unsafe = True


# -- rule -----------------------------------------------------------------------------------------


def _rule_text(rule: dict[str, Any]) -> str:
    lines = [f"# {rule.get('name', '')} ({rule['code']})", ""]
    facts = []
    if rule.get("family"):
        facts.append(f"Family: {rule['family']}.")
    if rule.get("phase"):
        facts.append(f"Compiler phase: {rule['phase']}.")
    if facts:
        lines += [" ".join(facts), ""]
    fix = rule.get("fix")
    if fix in ("always", "sometimes"):
        lines += [f"Fix is {fix} available.", ""]
    doc = (rule.get("doc") or rule.get("summary") or "").strip()
    if doc:
        lines.append(doc)
    return "\n".join(lines).rstrip() + "\n"


def run_rule(args: argparse.Namespace) -> int:
    import json

    from jitlint.output import rule_url

    if args.all == (args.code is not None):
        raise CliError("rule: give a rule CODE or --all")
    rules = api.rules()
    for r in rules:
        r["url"] = rule_url(r["code"])
    if args.all:
        chosen = sorted(rules, key=lambda r: r["code"])
    else:
        wanted = args.code.strip()
        chosen = [r for r in rules if r["code"] == wanted.upper() or r.get("name") == wanted.lower()]
        if not chosen:
            raise CliError(f"rule: unknown rule '{wanted}'")
    if args.output_format == "json":
        payload: Any = chosen if args.all else chosen[0]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n".join(_rule_text(r) for r in chosen))
    return 0


# -- entry point ----------------------------------------------------------------------------------


def _main(argv: list[str]) -> int:
    with_verify = _command_of(argv) == "verify"
    parser = build_parser(with_verify=with_verify)
    args = parser.parse_args(argv)
    if args.version:
        sys.stdout.write(f"jitlint {package_version()}\n")
        return 0
    if args.command in ("check", "fix"):
        return run_check(args)
    if args.command == "rule":
        return run_rule(args)
    if args.command == "explain":
        from jitlint.explain import run_explain

        return run_explain(args.error, api.rules())
    if args.command == "server":
        from jitlint.lsp import run_server

        return run_server()
    if args.command == "verify":
        return int(_import_verify().run(args) or 0)
    parser.print_help(sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        try:  # a path or message the terminal cannot encode must not crash the run
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        return _main(argv)
    except (CliError, api.EngineError) as e:
        print_error(str(e))
        return 2
    except ConfigError as e:
        print_error(str(e))
        return 2
    except SystemExit as e:  # argparse: --help (0) and usage errors (2)
        code = e.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt:
        print_error("interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (``jitlint check | head``): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 1
    except Exception as e:  # noqa: BLE001 - last line of defence: never a traceback
        if os.environ.get("JITLINT_TRACEBACK"):
            traceback.print_exc()
        print_error(f"internal error: {type(e).__name__}: {e}")
        return 2
