"""Configuration: ``[tool.jitlint]`` in pyproject.toml, or ``jitlint.toml`` / ``.jitlint.toml``.

Discovery is hierarchical like ruff's: a file uses the closest configuration file found in its folder or
one of its parents (``.jitlint.toml`` before ``jitlint.toml`` before ``pyproject.toml`` in one folder; a
pyproject.toml without a ``[tool.jitlint]`` table is skipped). ``--config FILE`` makes one file apply to
everything; ``--isolated`` ignores configuration files. Command-line flags win over every file.

Globs in ``exclude``, ``extend-exclude``, ``extend-include`` and ``per-file-ignores`` use .gitignore syntax and are relative
to the folder of the configuration file that sets them (a pattern without a slash matches a file or
folder name at any depth).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from jitlint.output import FORMATS
from jitlint.selection import (
    SelectionLayer,
    Selector,
    SelectorError,
    parse_selector_list,
    resolve,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_NAMES = (".jitlint.toml", "jitlint.toml", "pyproject.toml")

OUTPUT_FORMATS = FORMATS  # every format of jitlint.output

#: Folder and file names never walked into (ruff's list, trimmed to what a Python project has).
DEFAULT_EXCLUDE = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "__pycache__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)

_LIST_KEYS = ("select", "extend-select", "ignore", "fixable", "unfixable", "exclude", "extend-exclude",
              "extend-include")
KNOWN_KEYS = frozenset(_LIST_KEYS + ("per-file-ignores", "output-format", "unsafe-fixes", "python"))


#: What a folder walk takes without ``extend-include``: Python sources, stubs and Jupyter notebooks (like ruff).
WALKED_SUFFIXES = (".py", ".pyi", ".ipynb")


class ConfigError(Exception):
    """A configuration problem; ``str()`` is ``<where>: <problem>`` (one line)."""


NO_PATTERNS: frozenset[int] = frozenset()
# A gitignore pattern that is just a file or folder name: no slash inside, no wildcard, no negation or escape.
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9._+-]+/?$")


def relative_posix(path: Path, base: Path) -> str | None:
    """``path`` relative to ``base`` with ``/`` separators ("" for base itself), or None when outside it.
    String-based: pathlib's relative_to is slow in a walk over thousands of files."""
    p, b = str(path), str(base)
    if p == b:
        return ""
    prefix = b if b.endswith(os.sep) else b + os.sep
    if not p.startswith(prefix):
        return None
    rel = p[len(prefix):]
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


class GitGlobs:
    """Lines of .gitignore syntax, last match wins. Single patterns can be switched off for one walk: a
    folder named on the command line is walked even when a pattern (``build``, ``/versions/``) excludes it,
    and the patterns that exclude it must not then exclude everything below it."""

    def __init__(self, lines: Iterable[str]):
        import pathspec

        self.spec = pathspec.GitIgnoreSpec.from_lines(list(lines))

    def check(self, rel: str, disabled: frozenset[int] = NO_PATTERNS) -> bool | None:
        """True: excluded, False: re-included by a ``!`` pattern, None: no pattern matches."""
        if not disabled:
            return self.spec.check_file(rel).include
        result = None
        for i, pattern in enumerate(self.spec.patterns):
            if pattern.include is None or i in disabled:
                continue
            if pattern.match_file(rel) is not None:
                result = pattern.include
        return result

    def matching(self, rel: str) -> frozenset[int]:
        """The excluding patterns that match ``rel``."""
        return frozenset(i for i, p in enumerate(self.spec.patterns)
                         if p.include and p.match_file(rel) is not None)


@dataclass
class PatternSet:
    """gitignore-style patterns anchored at ``root``."""

    root: Path
    patterns: tuple[str, ...]
    _globs: GitGlobs | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._globs = GitGlobs(self.patterns) if self.patterns else None
        # Plain names (`build`, `.venv`, `dist/`): gitignore matches them against the last component at any
        # depth, so a set lookup answers for the walk (which never descends into an excluded folder) without
        # running every pattern's regex on every path.
        self._names: frozenset[str] | None = None
        self._dir_names: frozenset[str] = frozenset()
        if self.patterns and all(_PLAIN_NAME.match(p) for p in self.patterns):
            self._names = frozenset(p for p in self.patterns if not p.endswith("/"))
            self._dir_names = frozenset(p.rstrip("/") for p in self.patterns if p.endswith("/"))

    def _rel(self, path: Path, is_dir: bool) -> str | None:
        rel = relative_posix(path, self.root)
        if rel is None:
            rel = path.name  # outside the root: match the name only
        if rel in ("", "."):
            return None
        return rel + "/" if is_dir else rel

    def matches(self, path: Path, is_dir: bool, disabled: frozenset[int] = NO_PATTERNS) -> bool:
        """Does ``path`` (absolute) match?"""
        rel = self._rel(path, is_dir)
        if self._globs is None or rel is None:
            return False
        return bool(self._globs.check(rel, disabled))

    def excludes_entry(self, path: Path, is_dir: bool) -> bool:
        """``matches`` for an entry whose folders above were checked already (a walk, or each parent in turn):
        plain names are then answered from the entry's own name."""
        if self._names is None:
            return self.matches(path, is_dir)
        if str(path) == str(self.root):
            return False
        name = path.name
        return name in self._names or (is_dir and name in self._dir_names)

    def matching(self, path: Path, is_dir: bool) -> frozenset[int]:
        rel = self._rel(path, is_dir)
        if self._globs is None or rel is None:
            return NO_PATTERNS
        return self._globs.matching(rel)


@dataclass
class RawOptions:
    """The keys of one layer (a file or a ``--config KEY=VALUE`` override), already type-checked."""

    origin: str  # for messages: a path, or "--config"
    root: Path  # folder that globs are relative to
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Settings:
    """Everything that applies to one file."""

    config_file: Path | None
    root: Path
    enabled: frozenset[str]
    fixable: frozenset[str]
    per_file_ignores: list[tuple[PatternSet, frozenset[str]]]
    exclude: list[PatternSet]
    output_format: str | None
    unsafe_fixes: bool | None
    # The interpreter whose installed packages imports leaving the checked tree are read from (None: jitlint's own).
    python: str | None = None
    # `extend-include`: files a folder walk takes beyond *.py, *.pyi and *.ipynb (as ruff's, gitignore-style globs)
    include: list[PatternSet] = field(default_factory=list)

    def is_included(self, path: Path) -> bool:
        """Does a folder walk take the file ``path`` (its name ends in .py, .pyi or .ipynb, or ``extend-include``
        matches it)?"""
        if path.name.endswith(WALKED_SUFFIXES):
            return True
        return any(p.matches(path, False) for p in self.include)

    def rules_for(self, path: Path) -> frozenset[str]:
        """Codes enabled for ``path`` (absolute) after per-file-ignores. A type stub (``.pyi``) is never imported,
        so TorchScript never compiles it: only its syntax is checked (JT000)."""
        codes = self.enabled
        if path.suffix == ".pyi":
            codes = codes & {"JT000"}
        for pattern, ignored in self.per_file_ignores:
            if pattern.matches(path, is_dir=False):
                codes = codes - ignored
        return codes

    def is_excluded(self, path: Path, is_dir: bool, disabled: Mapping[int, frozenset[int]] | None = None) -> bool:
        """``disabled`` maps ``id(PatternSet)`` to patterns switched off for this walk."""
        if not disabled:
            # Walks and force-exclusion check every folder above an entry on their own.
            return any(p.excludes_entry(path, is_dir) for p in self.exclude)
        return any(p.matches(path, is_dir, disabled.get(id(p), NO_PATTERNS)) for p in self.exclude)


def _type_check(where: str, key: str, value: Any, shown_key: str) -> Any:
    prefix = f"{where}: {shown_key}"
    if key in _LIST_KEYS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{prefix}: expected a list of strings")
        return value
    if key == "per-file-ignores":
        if not isinstance(value, dict):
            raise ConfigError(f"{prefix}: expected a table of glob = [codes]")
        out = {}
        for glob, codes in value.items():
            if isinstance(codes, str):
                codes = [codes]
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"{prefix}.{glob}: expected a list of strings")
            out[glob] = codes
        return out
    if key == "output-format":
        if value not in OUTPUT_FORMATS:
            raise ConfigError(f"{prefix}: expected one of {', '.join(OUTPUT_FORMATS)}, got {value!r}")
        return value
    if key == "unsafe-fixes":
        if not isinstance(value, bool):
            raise ConfigError(f"{prefix}: expected true or false")
        return value
    if key == "python":
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{prefix}: expected the path of a Python interpreter")
        return value
    raise AssertionError(key)


def options_from_table(table: Mapping[str, Any], where: str, key_prefix: str, root: Path) -> RawOptions:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{where}: unknown key '{key_prefix}{key}'")
        values[key] = _type_check(where, key, value, key_prefix + key)
    return RawOptions(origin=where, root=root, values=values)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: {e.strerror or e}") from None


def load_config_file(path: Path, *, explicit: bool = False) -> RawOptions | None:
    """Read one config file. A pyproject.toml without [tool.jitlint] gives None (or an error if explicit)."""
    path = path.resolve()
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("jitlint") if isinstance(tool, dict) else None
        if table is None:
            if explicit:
                raise ConfigError(f"{path}: no [tool.jitlint] table")
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.jitlint: expected a table")
        return options_from_table(table, str(path), "tool.jitlint.", path.parent)
    return options_from_table(data, str(path), "", path.parent)


def parse_inline_override(text: str, cwd: Path) -> RawOptions:
    """``--config "select = ['JT1']"``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"--config: {text!r} is neither a file nor a valid TOML 'key = value' pair ({e})") from None
    return options_from_table(data, "--config", "", cwd)


@dataclass
class CliOptions:
    """What the command line says about settings (None/empty = not given)."""

    select: list[Selector] | None = None
    extend_select: list[Selector] = field(default_factory=list)
    ignore: list[Selector] = field(default_factory=list)
    fixable: list[Selector] | None = None
    unfixable: list[Selector] = field(default_factory=list)
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    output_format: str | None = None
    unsafe_fixes: bool | None = None
    python: str | None = None
    config_file: Path | None = None
    overrides: list[RawOptions] = field(default_factory=list)
    isolated: bool = False


class Resolver:
    """Finds and caches the settings that apply to each folder."""

    def __init__(self, all_codes: Iterable[str], cli: CliOptions, cwd: Path):
        self.all_codes = sorted(set(all_codes))
        self.cli = cli
        self.cwd = cwd
        self._dir_cache: dict[Path, Settings] = {}
        self._file_cache: dict[Path, RawOptions | None] = {}
        self._settings_cache: dict[Path | None, Settings] = {}
        self._fixed: RawOptions | None = None
        if cli.config_file is not None:
            self._fixed = load_config_file(cli.config_file, explicit=True)

    # -- discovery -------------------------------------------------------------------------
    def _config_in(self, folder: Path) -> RawOptions | None:
        if folder in self._file_cache:
            return self._file_cache[folder]
        found = None
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                found = load_config_file(candidate)
                if found is not None:
                    break
        self._file_cache[folder] = found
        return found

    def _nearest(self, folder: Path) -> RawOptions | None:
        for d in (folder, *folder.parents):
            opts = self._config_in(d)
            if opts is not None:
                return opts
        return None

    def settings_for_dir(self, folder: Path) -> Settings:
        """Settings for files directly inside ``folder`` (absolute)."""
        if folder in self._dir_cache:
            return self._dir_cache[folder]
        if self._fixed is not None:
            opts: RawOptions | None = self._fixed
        elif self.cli.isolated:
            opts = None
        else:
            opts = self._nearest(folder)
        key = Path(opts.origin) if opts is not None else None
        settings = self._settings_cache.get(key)
        if settings is None:
            settings = self._build(opts)
            self._settings_cache[key] = settings
        self._dir_cache[folder] = settings
        return settings

    def settings_for_file(self, path: Path) -> Settings:
        return self.settings_for_dir(path.parent)

    def project_settings(self) -> Settings:
        """Settings of the current folder: decides run-wide options such as the output format."""
        return self.settings_for_dir(self.cwd)

    # -- building --------------------------------------------------------------------------
    def _selectors(self, opts: RawOptions, key: str) -> list[Selector]:
        try:
            return parse_selector_list(opts.values.get(key, []), self.all_codes)
        except SelectorError as e:
            raise ConfigError(f"{opts.origin}: {key}: {e}") from None

    def _layer(self, opts: RawOptions, sel: str, ext: str | None, ign: str) -> SelectionLayer:
        return SelectionLayer(
            select=self._selectors(opts, sel) if sel in opts.values else None,
            extend_select=self._selectors(opts, ext) if ext else [],
            ignore=self._selectors(opts, ign),
        )

    def _build(self, file_opts: RawOptions | None) -> Settings:
        layers_opts = ([file_opts] if file_opts is not None else []) + list(self.cli.overrides)
        cli = self.cli
        sel_layers = [self._layer(o, "select", "extend-select", "ignore") for o in layers_opts]
        sel_layers.append(SelectionLayer(cli.select, list(cli.extend_select), list(cli.ignore)))
        fix_layers = [self._layer(o, "fixable", None, "unfixable") for o in layers_opts]
        fix_layers.append(SelectionLayer(cli.fixable, [], list(cli.unfixable)))
        enabled = resolve(sel_layers, self.all_codes)
        fixable = resolve(fix_layers, self.all_codes)

        root = file_opts.root if file_opts is not None else self.cwd
        per_file: list[tuple[PatternSet, frozenset[str]]] = []
        exclude: list[PatternSet] = []
        include: list[PatternSet] = []
        excl_base: PatternSet | None = PatternSet(root, DEFAULT_EXCLUDE)
        output_format = None
        unsafe = None
        python = None
        for o in layers_opts:
            v = o.values
            if "per-file-ignores" in v:
                per_file = []  # a later layer replaces the table, like any other key
                for glob, codes in v["per-file-ignores"].items():
                    sels = self._pfi_selectors(o, glob, codes)
                    ignored = frozenset(c for s in sels for c in s.rules(self.all_codes))
                    per_file.append((PatternSet(o.root, (glob,)), ignored))
            if "exclude" in v:
                excl_base = PatternSet(o.root, tuple(v["exclude"]))
            if "extend-exclude" in v:
                exclude.append(PatternSet(o.root, tuple(v["extend-exclude"])))
            if "extend-include" in v:
                include.append(PatternSet(o.root, tuple(v["extend-include"])))
            output_format = v.get("output-format", output_format)
            unsafe = v.get("unsafe-fixes", unsafe)
            if "python" in v:
                # A path with a folder part is relative to the configuration's folder; a bare name is looked up
                # on PATH when it is run.
                python = v["python"]
                if os.sep in python:
                    python = os.path.normpath(os.path.join(o.root, os.path.expanduser(python)))
        if cli.exclude is not None:
            excl_base = PatternSet(self.cwd, tuple(cli.exclude))
        if cli.extend_exclude:
            exclude.append(PatternSet(self.cwd, tuple(cli.extend_exclude)))
        if excl_base is not None:
            exclude.insert(0, excl_base)
        if cli.output_format is not None:
            output_format = cli.output_format
        if cli.unsafe_fixes is not None:
            unsafe = cli.unsafe_fixes
        if cli.python is not None:
            python = cli.python
        return Settings(
            config_file=Path(file_opts.origin) if file_opts is not None else None,
            root=root,
            enabled=enabled,
            fixable=fixable,
            per_file_ignores=per_file,
            exclude=exclude,
            output_format=output_format,
            unsafe_fixes=unsafe,
            python=python,
            include=include,
        )

    # -- provenance ------------------------------------------------------------------------
    def origins_for_file(self, path: Path) -> dict[str, str]:
        """Each key of ``[tool.jitlint]`` -> where the value that applies to ``path`` comes from: the configuration
        file that set it last, ``--config KEY=VALUE``, ``command line``, or ``default``."""
        folder = path.parent
        if self._fixed is not None:
            file_opts: RawOptions | None = self._fixed
        elif self.cli.isolated:
            file_opts = None
        else:
            file_opts = self._nearest(folder)
        cli = self.cli
        cli_layer = RawOptions(origin="command line", root=self.cwd, values={
            key: True for key, given in (
                ("select", cli.select is not None), ("extend-select", bool(cli.extend_select)),
                ("ignore", bool(cli.ignore)), ("fixable", cli.fixable is not None),
                ("unfixable", bool(cli.unfixable)), ("exclude", cli.exclude is not None),
                ("extend-exclude", bool(cli.extend_exclude)), ("output-format", cli.output_format is not None),
                ("unsafe-fixes", cli.unsafe_fixes is not None), ("python", cli.python is not None),
            ) if given})
        layers = ([file_opts] if file_opts is not None else []) + list(cli.overrides) + [cli_layer]
        # A layer that sets `select` (`fixable`) starts the selection afresh, as the resolution does: what earlier
        # layers selected or ignored no longer applies.
        groups = {"select": ("select", "extend-select", "ignore"), "fixable": ("fixable", "unfixable")}
        origins = {key: "default" for key in sorted(KNOWN_KEYS)}
        for layer in layers:
            for main, members in groups.items():
                if main in layer.values:
                    for key in members:
                        origins[key] = "default"
            for key in layer.values:
                origins[key] = layer.origin
        return origins

    def _pfi_selectors(self, opts: RawOptions, glob: str, codes: list[str]) -> list[Selector]:
        try:
            return parse_selector_list(codes, self.all_codes)
        except SelectorError as e:
            raise ConfigError(f"{opts.origin}: per-file-ignores.\"{glob}\": {e}") from None

