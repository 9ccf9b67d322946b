"""Output formats. Every emitter takes a :class:`Report` and a text stream.

Formats: ``concise`` and ``full`` (text for people, followed by a summary line), ``json``,
``json-lines``, ``sarif``, ``github``, ``junit`` and ``gitlab`` (for machines: nothing but the diagnostics).
One module per format; ``fingerprint`` holds the location-independent result identity SARIF and GitLab share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

#: Rule docs live in the repository under docs/rules/CODE.md; URLs are relative to the project root.
RULE_DOC_URL = "docs/rules/{code}.md"

FORMATS = ("concise", "full", "json", "json-lines", "sarif", "github", "junit", "gitlab")


def rule_url(code: str) -> str:
    return RULE_DOC_URL.format(code=code)


FIX_AVAILABILITY = {"none": "no automatic fix", "sometimes": "fixable in some cases", "always": "always fixable"}


def rule_page(rule: dict[str, Any]) -> str:
    """A rule's documentation page in Markdown, as in docs/rules/CODE.md (``scripts/gen_rule_docs.py`` writes those
    pages with this function) and SARIF's ``help.markdown``."""
    fix = FIX_AVAILABILITY.get(rule.get("fix") or "none", "no automatic fix")
    return (
        f"# {rule['code']} {rule.get('name', '')}\n\n"
        f"*Family:* {rule.get('family', '')} · *Compiler phase:* {rule.get('phase', '')} · *Fix:* {fix}\n\n"
        f"{rule.get('summary', '')}.\n\n{(rule.get('doc') or '').strip()}\n"
    )


@dataclass
class Diagnostic:
    """One engine diagnostic plus where it came from and whether ``--fix`` would apply its fix."""

    code: str
    name: str
    message: str
    row: int
    column: int
    end_row: int
    end_column: int
    noqa_row: int | None
    help: str | None
    fix: dict[str, Any] | None
    path: Path | None  # absolute; None for stdin without --stdin-filename
    display: str
    related: tuple[dict[str, Any], ...] = ()  # secondary locations: {message, row, column, end_row, end_column}
    applicable: bool = False  # the fix is applied by the current --fix/--unsafe-fixes/fixable settings
    hidden_unsafe: bool = False  # an unsafe fix that --unsafe-fixes would enable
    cell: int | None = None  # in a notebook: the cell's 1-based position among all cells; rows are in that cell

    @classmethod
    def from_engine(cls, d: dict[str, Any], path: Path | None, display: str) -> "Diagnostic":
        return cls(
            code=d["code"],
            name=d.get("name", ""),
            message=d.get("message", ""),
            row=int(d.get("row", 1)),
            column=int(d.get("column", 1)),
            end_row=int(d.get("end_row", d.get("row", 1))),
            end_column=int(d.get("end_column", d.get("column", 1))),
            noqa_row=d.get("noqa_row"),
            help=d.get("help"),
            fix=d.get("fix"),
            related=tuple(d.get("related") or ()),
            path=path,
            display=display,
            cell=d.get("cell"),
        )

    @property
    def where(self) -> str:
        """The file as output names it: ``model.ipynb:cell 2`` in a notebook, else the display path."""
        return self.display if self.cell is None else f"{self.display}:cell {self.cell}"


    @property
    def applicability(self) -> str | None:
        return self.fix.get("applicability") if self.fix else None

    def sort_key(self) -> tuple[Any, ...]:
        return (self.cell or 0, self.row, self.column, self.code, self.end_row, self.end_column, self.message)


@dataclass
class Report:
    diagnostics: list[Diagnostic]
    sources: dict[str, bytes]  # Diagnostic.where (display path, or a notebook's cell) -> bytes, for code frames
    rules: dict[str, dict[str, Any]]  # code -> engine rule dict
    version: str = ""
    fixed: dict[str, dict[str, int]] = field(default_factory=dict)  # display -> code -> count
    unsafe_fixes: bool = False
    fix_mode: bool = False  # --fix was given
    unchecked: int = 0  # paths that could not be checked (each reported as an error)
    color: bool = False  # ANSI colors in the text formats
    cwd: Path = field(default_factory=Path.cwd)
    files: list[str] = field(default_factory=list)  # display paths of the files checked, in order (junit)
    file_errors: list[tuple[str, str]] = field(default_factory=list)  # (display path, problem) not checked (junit)


def emitter(name: str) -> Callable[[Report, TextIO], None]:
    if name in ("concise", "full"):
        from jitlint.output import text

        return text.emit_concise if name == "concise" else text.emit_full
    if name == "json":
        from jitlint.output import json as json_out

        return json_out.emit_json
    if name == "json-lines":
        from jitlint.output import json as json_out

        return json_out.emit_json_lines
    if name == "sarif":
        from jitlint.output import sarif

        return sarif.emit
    if name == "github":
        from jitlint.output import github

        return github.emit
    if name == "junit":
        from jitlint.output import junit

        return junit.emit
    if name == "gitlab":
        from jitlint.output import gitlab

        return gitlab.emit
    raise ValueError(f"unknown output format {name!r}")


def is_text_format(name: str) -> bool:
    return name in ("concise", "full")
