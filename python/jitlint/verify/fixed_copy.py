"""`verify --fix`: a copy of the user's sources with jitlint's fixes applied, imported in place of the originals,
and the model it builds, carrying the original's weights."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import torch

from jitlint import api

from .mapping import exception_line, project_of
from .target import (
    Session,
    Spec,
    TargetError,
    call_user,
    display,
    get_callable,
    import_spec,
    local_files,
    split_factory_result,
)


@dataclass
class FixedCopy:
    model: torch.nn.Module
    folder: Path
    files: dict[Path, Path]  # original file -> fixed copy
    changed: list[Path]
    applied: dict[Path, dict[str, int]]  # original file -> {rule code: fixes applied}, changed files only


def make_fixed_copy(
    spec: Spec, original: torch.nn.Module, session: Session, unsafe: bool
) -> tuple[FixedCopy | None, str]:
    """Fix a copy of the sources, import it, build the model, load the original's weights. Each file gets the
    fixes ``jitlint fix`` would apply to it: the rules its configuration selects and marks fixable.

    The files are fixed as one project, as ``jitlint fix`` on their folder would: a class whose base is a module of
    another file, a function that another file's compiled code calls, are seen as such.

    Returns (copy, detail) or (None, why it failed).
    """
    modules = local_files(session)
    if not modules:
        return None, "no source files of the model to fix (is it an installed package?)"
    originals = sorted(set(modules.values()))
    try:
        project = project_of(originals)
    except api.EngineError as exc:
        return None, f"unavailable: {exc}"
    root = session.roots[0]
    folder = Path(tempfile.mkdtemp(prefix="jitlint-verify-fix-"))
    session.temp_dirs.append(folder)
    files: dict[Path, Path] = {}
    changed: list[Path] = []
    applied: dict[Path, dict[str, int]] = {}
    for path in originals:
        relative = path.relative_to(root)
        destination = folder / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            source = path.read_bytes()
            fixed, counts = api.fix_source(
                source, select=api.selected_rules(path).fixable, unsafe=unsafe, project=project, path=path
            )
        except (OSError, api.SourceError) as exc:
            return None, f"cannot read {display(path)}: {exc}"
        except api.EngineError as exc:
            return None, f"unavailable: {exc}"
        except Exception as exc:
            return None, f"jitlint's fixer failed on {display(path)}: {exception_line(exc)}"
        destination.write_bytes(fixed)
        files[path] = destination
        if fixed != source:
            changed.append(path)
            applied[path] = counts
    # Import the copy under the same module names, so its own imports find the fixed siblings.
    for name in modules:
        if not name.startswith("jitlint_target_"):
            session.swapped[name] = sys.modules.pop(name)
    sys.path.insert(0, str(folder))
    session.roots.append(folder)
    fixed_path = files.get(spec.path) if spec.path else None
    fixed_spec = Spec(spec.text, spec.kind, spec.attr, path=fixed_path, module=spec.module)
    try:
        module = import_spec(fixed_spec, session, prefix="jitlint_fixed_")
        factory = get_callable(module, fixed_spec, "factory")
        model, _ = split_factory_result(call_user(factory, fixed_spec, "the fixed factory"), fixed_spec)
    except TargetError as exc:
        message = str(exc).split(": ", 1)[-1]
        return None, f"the fixed copy: {message}"
    model.eval()
    try:
        model.load_state_dict(original.state_dict())
    except Exception as exc:
        return None, f"the fixed model does not take the original's state_dict: {exception_line(exc)}"
    names = "; ".join(f"{display(p)}: {describe_counts(applied[p])}" for p in changed) if changed else "nothing to fix"
    detail = f"fixed {len(changed)} of {len(files)} file(s) ({names}), weights loaded from the original"
    return FixedCopy(model, folder, files, changed, applied), detail


def describe_counts(counts: dict[str, int]) -> str:
    """``JT101 ×2, JT201`` (the rules whose fixes were applied; a file changed by none says so)."""
    if not counts:
        return "changed"
    return ", ".join(code if n == 1 else f"{code} ×{n}" for code, n in sorted(counts.items()))
