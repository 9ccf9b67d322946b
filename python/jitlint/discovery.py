"""Which files to check: command-line paths, folder walks, exclusions and .gitignore files.

- A file named on the command line is always checked, whatever its extension, unless ``--force-exclude``
  is given and the file (or a folder above it, below the config root) matches an exclusion.
- A folder is walked for ``*.py`` and ``*.pyi``. Skipped: names in the exclusion list (defaults, or the
  config's ``exclude``, plus ``extend-exclude``), folders holding a ``pyvenv.cfg`` (virtual
  environments), and what ``.gitignore`` files ignore. Nested ``.gitignore`` files apply to their
  subtree; those of the folders above a walked folder apply too, up to the root of its git repository.
- Symbolic links to folders are not followed. The result is sorted and has no duplicates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jitlint.config import Resolver, Settings

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
        self._specs: dict[Path, Any] = {}

    def spec(self, folder: Path) -> Any:
        if folder not in self._specs:
            spec = None
            f = folder / ".gitignore"
            try:
                if f.is_file():
                    import pathspec

                    with open(f, encoding="utf-8", errors="replace") as fh:
                        lines = fh.read().splitlines()
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
            except OSError:
                spec = None
            self._specs[folder] = spec
        return self._specs[folder]

    def ancestors_of(self, folder: Path) -> list[Path]:
        """Folders above ``folder`` whose .gitignore applies: up to the git repository's root."""
        chain: list[Path] = []
        for d in folder.parents:
            chain.append(d)
            if (d / ".git").exists():
                return chain
        return []  # not in a repository: only .gitignore files inside the walked tree count

    def ignored(self, path: Path, is_dir: bool, stack: list[Path]) -> bool:
        """``stack`` lists the folders whose .gitignore applies, shallowest first."""
        for base in reversed(stack):
            spec = self.spec(base)
            if spec is None:
                continue
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if is_dir:
                rel += "/"
            result = spec.check_file(rel)
            if result.include is not None:
                return bool(result.include)
        return False


def _force_excluded(path: Path, is_dir: bool, settings: Settings) -> bool:
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
            if force_exclude and _force_excluded(path, True, resolver.settings_for_dir(path.parent)):
                continue
            found: list[tuple[Path, Settings]] = []
            stack = [*reversed(gitignores.ancestors_of(path))]
            errors: list[tuple[str, str]] = []
            _walk(path, stack, resolver, gitignores, found, errors, cwd)
            out.errors.extend(errors)
            if not found and not errors:
                out.errors.append((shown, "no Python files found"))
            for p, s in found:
                add(p, s)
        else:
            settings = resolver.settings_for_file(path)
            if force_exclude and _force_excluded(path, False, settings):
                continue
            add(path, settings)
    out.files.sort(key=lambda f: f.path.as_posix())
    return out


def _walk(folder: Path, stack: list[Path], resolver: Resolver, gitignores: _Gitignores,
          found: list[tuple[Path, Settings]], errors: list[tuple[str, str]], cwd: Path) -> None:
    stack = stack + [folder]
    settings = resolver.settings_for_dir(folder)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        errors.append((display_path(folder, cwd), e.strerror or str(e)))
        return
    for entry in entries:
        child = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir:
            if settings.is_excluded(child, True) or gitignores.ignored(child, True, stack):
                continue
            if (child / "pyvenv.cfg").exists():
                continue
            _walk(child, stack, resolver, gitignores, found, errors, cwd)
        elif is_file and entry.name.endswith(PYTHON_SUFFIXES):
            if settings.is_excluded(child, False) or gitignores.ignored(child, False, stack):
                continue
            found.append((child, settings))
