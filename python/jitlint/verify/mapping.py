"""Map a torch.jit error to jitlint's rules, and tell whether ``jitlint check`` had reported it.

Nothing here imports torch: these functions work on error *texts*, so they are tested with literal strings.

TorchScript errors look like::

    <message, possibly several lines>:
      File "/path/model.py", line 10
        def forward(self, x):
            ...
                ~~~~~~~~~~~~~~ <--- HERE

The message part is matched against each rule's ``torch_error`` (a stable substring of the first line torch
prints, from ``jitlint.api.rules()``); the first ``File "...", line N`` is where the failure is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Mapping, Sequence

from jitlint import api
from jitlint.explain import FILE_LINE as _FILE_LINE, first_error_line, map_error

# How far (in lines) a diagnostic of the mapped rule may sit from torch's line and still count as the same
# failure: torch reports the first line of the highlighted expression, a rule may report a line of the same
# statement.
NEAR_LINES = 3
MISS_TEXT = "missed by jitlint check (a jitlint bug — please report)"

# `jitlint check` on (the source torch compiled, the user's file, whose configuration selects the rules):
# (diagnostics, the codes checked).
Check = Callable[[bytes, Path], tuple[Sequence[Mapping[str, Any]], Collection[str]]]


@dataclass
class Failure:
    """One TorchScript failure (scripting or saving), as shown to the user."""

    stage: str  # "script" or "save" or "libtorch"
    message: str  # torch's full error text (without the Python traceback)
    first_line: str
    file: str | None = None  # as shown to the user
    line: int | None = None
    path: str | None = None  # the file as torch named it (the fixed copy with --fix)
    after_fix: bool = False  # file/line are those of the fixed copy of `file`
    module_class: str | None = None  # the submodule class scripted on its own, if any
    rule: dict[str, str] | None = None  # {"code", "name"}
    check: str | None = None  # "reported" / "missed" / "ignored" (rule not selected) / "outside" / "unavailable"
    check_detail: str | None = None
    fix_applicability: str | None = None  # of the matching diagnostic's fix: "safe" / "unsafe" / "display-only"
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "class": self.module_class,
            "error": self.first_line,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "after_fix": self.after_fix,
            "rule": self.rule,
            "check": self.check,
            "check_detail": self.check_detail,
            "notes": self.notes,
        }


def exception_line(exc: BaseException) -> str:
    """An exception on one line: its type and the first line of its message."""
    text = first_error_line(str(exc)) if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def location(text: str) -> tuple[str | None, int | None]:
    """File and line of the first source excerpt in a torch error, or (None, None)."""
    match = _FILE_LINE.search(text)
    if not match:
        return None, None
    return match.group("file"), int(match.group("line"))


def failure_from(exc: BaseException, stage: str, rules: list, display_file: Callable[[str], str]) -> Failure:
    """The Failure for torch's exception at `stage`: where it is (shown with `display_file`) and its rule."""
    text = str(exc)
    if not isinstance(exc, RuntimeError) and not type(exc).__module__.startswith("torch"):
        text = f"{type(exc).__name__}: {text}"
    file, line = location(text)
    failure = Failure(stage=stage, message=text.strip("\n"), first_line=first_error_line(text), line=line, path=file)
    failure.rule = map_error(text, rules)
    if file is not None:
        failure.file = display_file(file)
    return failure


def resolved(path: str) -> str:
    """The key of a file in ``checked_files`` (see classify_check): its resolved path."""
    try:
        return str(Path(path).resolve())
    except OSError:
        return path


def _row(diagnostic: Mapping[str, Any]) -> int | None:
    if isinstance(diagnostic.get("row"), int):
        return diagnostic["row"]
    loc = diagnostic.get("location")
    if isinstance(loc, Mapping) and isinstance(loc.get("row"), int):
        return loc["row"]
    return None


def match_diagnostic(
    line: int, code: str | None, diagnostics: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """A diagnostic that reports this failure: one on torch's line, else one of the mapped rule nearby."""
    for diagnostic in diagnostics:
        if _row(diagnostic) == line:
            return diagnostic
    if code:
        for diagnostic in diagnostics:
            row = _row(diagnostic)
            if diagnostic.get("code") == code and row is not None and abs(row - line) <= NEAR_LINES:
                return diagnostic
    return None


def check_file(source: bytes, user_file: Path, project: api.Project | None = None,
               path: str | None = None) -> tuple[list[dict[str, Any]], frozenset[str]]:
    """``jitlint check`` on ``source`` with the rules the CLI would run on ``user_file`` (its configuration); with
    ``project``, as its file ``path``, so that its siblings' classes and compiled functions are seen."""
    selected = api.selected_rules(user_file).checked
    return api.check_source(source, select=selected, project=project, path=path), selected


def project_of(paths: Iterable[str | Path]) -> api.Project:
    """The verified files as one project, as ``jitlint check`` on their folder sees them. Raises
    :class:`api.EngineError` when the engine is unavailable."""
    project = api.Project(sorted(str(p) for p in paths))
    project.resolve_region()
    return project


class ProjectCheck:
    """``check`` for :func:`classify_check`: each file checked as one of ``checked_files`` (the paths torch names),
    the project built once, on the first failure."""

    def __init__(self, checked_files: Mapping[str, Path], check=check_file) -> None:
        self._paths = list(checked_files)
        self._check = check
        self._project: api.Project | None = None

    def __call__(self, source: bytes, user_file: Path, path: str) -> tuple[list[dict[str, Any]], frozenset[str]]:
        if self._project is None:
            self._project = project_of(self._paths)
        return self._check(source, user_file, self._project, path)


def classify_check(failure: Failure, checked_files: Mapping[str, Path], check: Check) -> None:
    """Fill ``failure.check``: did ``jitlint check`` report this failure?

    ``checked_files`` maps each path torch may name (resolved) to the user's file: itself, or the original of a
    fixed copy, whose configuration decides the rules ``check`` runs (see :func:`check_file`).
    """
    source = failure.path or failure.file
    if source is None or failure.line is None:
        failure.check = "outside"
        failure.check_detail = "torch gave no source location"
        return
    key = resolved(source)
    if key not in checked_files:
        failure.check = "outside"
        failure.check_detail = "in code outside the verified files (not checked)"
        return
    try:
        diagnostics, selected = check(Path(key).read_bytes(), checked_files[key], key)
    except api.EngineError as exc:
        failure.check = "unavailable"
        failure.check_detail = f"jitlint check unavailable: {exc}"
        return
    except Exception as exc:  # a broken configuration, an engine failure: never let it crash verify
        failure.check = "unavailable"
        failure.check_detail = f"jitlint check failed on this file: {type(exc).__name__}: {exc}"
        return
    code = failure.rule["code"] if failure.rule else None
    found = match_diagnostic(failure.line, code, diagnostics)
    if found is None and code is not None and code not in selected:
        failure.check = "ignored"
        failure.check_detail = f"not reported: {code} is not selected for this file by its jitlint configuration"
    elif found is None:
        failure.check = "missed"
        failure.check_detail = MISS_TEXT
    else:
        failure.check = "reported"
        row = _row(found)
        column = found.get("column")
        if column is None and isinstance(found.get("location"), Mapping):
            column = found["location"].get("column")
        where = f"{row}:{column}" if column is not None else f"{row}"
        failure.check_detail = f"reported by jitlint check ({found.get('code')} at {where})"
        fix = found.get("fix")
        failure.fix_applicability = fix.get("applicability") if isinstance(fix, Mapping) else None


def load_rules() -> tuple[list[dict[str, Any]], str | None]:
    """jitlint's rule table, or ([], why it is unavailable)."""
    try:
        return api.rules(), None
    except api.EngineError as exc:
        return [], str(exc)
