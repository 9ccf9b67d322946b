"""Which files to check: command-line paths, folder walks, exclusions and .gitignore files.

- A file named on the command line is always checked, whatever its extension, unless ``--force-exclude``
  is given and the file (or a folder above it, below the config root) matches an exclusion.
- A folder is walked for ``*.py``, ``*.pyi`` and ``*.ipynb`` (Jupyter notebooks, checked cell by cell: see
  ``jitlint.notebook``), and the files ``extend-include`` names. Skipped: names in the exclusion list (defaults, or the
  config's ``exclude``, plus ``extend-exclude``), folders holding a ``pyvenv.cfg`` (virtual
  environments), and what ``.gitignore`` files ignore. Nested ``.gitignore`` files apply to their
  subtree; those of the folders above a walked folder apply too, up to the root of its git repository.
- Symbolic links to folders are not followed. The result is sorted and has no duplicates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from jitlint.config import NO_PATTERNS, GitGlobs, Resolver, Settings, relative_posix

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass
class SourceFile:
    """One file to check. ``path`` is absolute; ``display`` is what output shows."""

    path: Path
    display: str
    settings: Settings
    stdin: bool = False


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (display path, problem)


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the current folder when inside it, else absolute (like ruff)."""
    try:
        rel = path.relative_to(cwd)
    except ValueError:
        return str(path)
    return str(rel) if str(rel) != "." else "."


def absolute(path: str | os.PathLike[str], cwd: Path) -> Path:
    return Path(os.path.normpath(os.path.join(cwd, os.fspath(path))))


class _Gitignores:
    """Loaded .gitignore files, by folder."""

    def __init__(self) -> None:
        self._globs: dict[Path, GitGlobs | None] = {}

    def globs(self, folder: Path) -> GitGlobs | None:
        if folder not in self._globs:
            globs = None
            f = folder / ".gitignore"
            try:
                if f.is_file():
                    with open(f, encoding="utf-8", errors="replace") as fh:
                        globs = GitGlobs(fh.read().splitlines())
            except OSError:
                globs = None
            self._globs[folder] = globs
        return self._globs[folder]

    def ancestors_of(self, folder: Path) -> list[Path]:
        """Folders above ``folder`` whose .gitignore applies (up to the git repository's root), shallowest
        first."""
        chain: list[Path] = []
        for d in folder.parents:
            chain.append(d)
            if (d / ".git").exists():
                return chain[::-1]
        return []  # not in a repository: only .gitignore files inside the walked tree count

    @staticmethod
    def _rel(path: Path, base: Path, is_dir: bool) -> str | None:
        rel = relative_posix(path, base)
        if not rel:
            return None
        return rel + "/" if is_dir else rel

    def ignored(self, path: Path, is_dir: bool, stack: list[Path],
                disabled: dict[Path, frozenset[int]]) -> bool:
        """``stack`` lists the folders whose .gitignore applies, shallowest first; the deepest match wins."""
        for base in reversed(stack):
            globs = self.globs(base)
            if globs is None:
                continue
            rel = self._rel(path, base, is_dir)
            if rel is None:
                continue
            result = globs.check(rel, disabled.get(base, NO_PATTERNS))
            if result is not None:
                return result
        return False

    def matching(self, path: Path, is_dir: bool, stack: list[Path]) -> dict[Path, frozenset[int]]:
        out = {}
        for base in stack:
            globs = self.globs(base)
            rel = self._rel(path, base, is_dir)
            if globs is not None and rel is not None:
                found = globs.matching(rel)
                if found:
                    out[base] = found
        return out


@dataclass
class _Walk:
    """One walk from a folder named on the command line."""

    resolver: Resolver
    gitignores: _Gitignores
    cwd: Path
    # patterns that exclude the named folder itself are off below it (the user asked for that folder)
    excl_disabled: dict[int, frozenset[int]] = field(default_factory=dict)
    git_disabled: dict[Path, frozenset[int]] = field(default_factory=dict)
    found: list[tuple[Path, Settings]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def force_excluded(path: Path, is_dir: bool, settings: Settings) -> bool:
    if settings.is_excluded(path, is_dir):
        return True
    for parent in path.parents:
        if parent == settings.root or settings.root not in parent.parents:
            break
        if settings.is_excluded(parent, True):
            return True
    return False


def discover(paths: list[str], resolver: Resolver, cwd: Path, *, force_exclude: bool = False) -> Discovery:
    out = Discovery()
    seen: set[Path] = set()
    gitignores = _Gitignores()

    def add(path: Path, settings: Settings) -> None:
        if path not in seen:
            seen.add(path)
            out.files.append(SourceFile(path, display_path(path, cwd), settings))

    for raw in paths:
        path = absolute(raw, cwd)
        shown = raw if not os.path.isabs(raw) else display_path(path, cwd)
        if not os.path.lexists(path):
            out.errors.append((shown, "No such file or directory"))
            continue
        if path.is_dir():
            if force_exclude and force_excluded(path, True, resolver.settings_for_dir(path.parent)):
                continue
            stack = gitignores.ancestors_of(path)
            walk = _Walk(resolver, gitignores, cwd)
            walk.git_disabled = gitignores.matching(path, True, stack)
            parent_settings = resolver.settings_for_dir(path.parent)
            for settings in {id(x): x for x in (parent_settings, resolver.settings_for_dir(path))}.values():
                for ps in settings.exclude:
                    m = ps.matching(path, True)
                    if m:
                        walk.excl_disabled[id(ps)] = m
            _walk(path, stack, walk)
            out.errors.extend(walk.errors)
            if not walk.found and not walk.errors:
                out.errors.append((shown, "no Python files found"))
            for p, s in walk.found:
                add(p, s)
        else:
            settings = resolver.settings_for_file(path)
            if force_exclude and force_excluded(path, False, settings):
                continue
            add(path, settings)
    out.files.sort(key=lambda f: f.path.as_posix())
    return out


def _walk(folder: Path, stack: list[Path], walk: _Walk) -> None:
    stack = stack + [folder]
    settings = walk.resolver.settings_for_dir(folder)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        walk.errors.append((display_path(folder, walk.cwd), e.strerror or str(e)))
        return
    for entry in entries:
        child = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if not is_dir and not (is_file and settings.is_included(child)):
            continue
        if settings.is_excluded(child, is_dir, walk.excl_disabled):
            continue
        if walk.gitignores.ignored(child, is_dir, stack, walk.git_disabled):
            continue
        if is_dir:
            if (child / "pyvenv.cfg").exists():
                continue
            _walk(child, stack, walk)
        else:
            walk.found.append((child, settings))
