"""The verify report: one line per step (``✓``/``✗``), or one JSON object."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from .mapping import Failure
from .progress import Spinner

PASS, FAIL, SKIP = "passed", "failed", "skipped"
MARKS = {PASS: "✓", FAIL: "✗", SKIP: "-"}

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


@dataclass
class Step:
    name: str
    status: str
    detail: str
    extra: list[str] = field(default_factory=list)  # indented lines under the step (errors, failures)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "detail": self.detail}


@dataclass
class Report:
    target: str
    torch_version: str | None = None
    steps: list[Step] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    max_abs_diff: float | None = None
    atol: float | None = None
    rtol: float | None = None
    bench: dict[str, Any] | None = None
    loader: dict[str, Any] | None = None
    fix: dict[str, Any] | None = None
    torch_error: str | None = None
    error: str | None = None  # a bad target / environment problem (exit 2)
    exit_code: int = EXIT_OK
    stream: TextIO | None = None  # when set, steps are printed as they finish
    spinner: Spinner | None = None  # on a terminal: what the running step is doing

    def begin(self, name: str, doing: str) -> None:
        """Step `name` starts: on a terminal, a spinner says what it is doing until its line is printed."""
        if self.spinner is not None and self.stream is not None:
            self.spinner.start(f"{name}: {doing}")

    def header(self) -> None:
        if self.stream is not None:
            version = f" (torch {self.torch_version})" if self.torch_version else ""
            print(f"jitlint verify {self.target}{version}", file=self.stream, flush=True)

    def add(self, name: str, status: str, detail: str, extra: list[str] | None = None) -> Step:
        step = Step(name, status, detail, list(extra or []))
        self.steps.append(step)
        if status == FAIL and self.exit_code == EXIT_OK:
            self.exit_code = EXIT_FAILED
        if self.spinner is not None:
            self.spinner.stop()
        if self.stream is not None:
            print(render_step(step), file=self.stream, flush=True)
        return step

    def passed(self, name: str, detail: str, extra: list[str] | None = None) -> Step:
        return self.add(name, PASS, detail, extra)

    def failed(self, name: str, detail: str, extra: list[str] | None = None) -> Step:
        return self.add(name, FAIL, detail, extra)

    def skipped(self, name: str, detail: str) -> Step:
        return self.add(name, SKIP, detail)

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_OK and self.error is None

    def summary(self) -> str:
        if self.error is not None:
            return f"jitlint: error: {self.error}"
        diff = f"; max abs diff {format_float(self.max_abs_diff)}" if self.max_abs_diff is not None else ""
        if self.ok:
            return f"verified: scripts, saves, runs in LibTorch without Python and matches eager{diff}"
        failed = [s.name for s in self.steps if s.status == FAIL]
        return f"not verified: {', '.join(failed) or 'error'} failed{diff}"

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "torch": self.torch_version,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "error": self.error,
            "steps": [s.to_json() for s in self.steps],
            "failures": [f.to_json() for f in self.failures],
            "torch_error": self.torch_error,
            "max_abs_diff": self.max_abs_diff,
            "atol": self.atol,
            "rtol": self.rtol,
            "fix": self.fix,
            "loader": self.loader,
            "bench": self.bench,
        }

    def print_json(self, stream: TextIO | None = None) -> None:
        json.dump(self.to_json(), stream or sys.stdout, ensure_ascii=False, indent=2)
        (stream or sys.stdout).write("\n")


def format_float(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value == 0:
        return "0"
    return f"{value:.3g}"


def render_step(step: Step) -> str:
    line = f"{MARKS[step.status]} {step.name} — {step.detail}"
    if step.extra:
        line += "\n" + "\n".join(f"    {x}" if x else "" for x in step.extra)
    return line


def failure_rule(failure: Failure) -> str:
    return f"{failure.rule['code']} {failure.rule['name']}" if failure.rule else "no matching jitlint rule"


def failure_where(failure: Failure) -> str:
    if not (failure.file and failure.line):
        return "no source location"
    return f"{failure.file}:{failure.line}" + (" (after --fix)" if failure.after_fix else "")


def describe_failure(failure: Failure, show_message: bool = True) -> list[str]:
    """Lines for one failure: class, where, rule, whether `jitlint check` reported it; torch's text."""
    head = f"{failure.module_class}: " if failure.module_class else ""
    lines = [f"{head}{failure_where(failure)} → {failure_rule(failure)}", f"  {failure.first_line}"]
    if failure.check_detail:
        lines.append(f"  {failure.check_detail}")
    lines.extend(f"  note: {n}" for n in failure.notes)
    if show_message:
        lines.extend(f"  | {x}" for x in excerpt_lines(failure.message))
    return lines


def excerpt_lines(message: str, limit: int = 12) -> list[str]:
    """torch's source excerpt (from the first `File "...", line N`) without blank lines, at most `limit`."""
    lines = message.splitlines()
    start = next((i for i, x in enumerate(lines) if x.strip().startswith('File "')), None)
    if start is None:
        return []
    picked = [x.rstrip() for x in lines[start:] if x.strip()]
    if len(picked) > limit:
        picked = picked[:limit] + [f"... ({len(picked) - limit} more lines)"]
    return picked
