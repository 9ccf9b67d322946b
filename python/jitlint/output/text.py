"""Text output for people: ``concise`` (one line each), ``full`` (code frames), summary and statistics."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from typing import TextIO

from jitlint.output import Diagnostic, Report

TAB_WIDTH = 4
CONTEXT_LINES = 2


class Style:
    """ANSI styling, a no-op unless enabled (the CLI enables it for a terminal, honouring NO_COLOR)."""

    BOLD = "1"
    RED = "31"
    CYAN = "36"
    BLUE = "34"

    def __init__(self, enabled: bool = False):
        self.enabled = enabled

    def __call__(self, text: str, *codes: str) -> str:
        if not self.enabled or not codes or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


def _marker(d: Diagnostic, style: Style) -> str:
    return style("[*]", Style.CYAN) + " " if d.applicable else ""


def header(d: Diagnostic, style: Style | None = None) -> str:
    style = style or Style()
    return (f"{style(d.where, Style.BOLD)}:{d.row}:{d.column}: {style(d.code, Style.BOLD, Style.RED)} "
            f"{_marker(d, style)}{d.message}")


def emit_concise(report: Report, out: TextIO) -> None:
    style = Style(report.color)
    for d in report.diagnostics:
        out.write(header(d, style) + "\n")


# -- full: code frames ----------------------------------------------------------------------------


def source_lines(data: bytes) -> list[str]:
    """Split like the engine: on LF only, dropping a trailing CR; a UTF-8 BOM is not a character."""
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def render_line(line: str) -> tuple[str, list[int]]:
    """Return the line as displayed (tabs expanded, control characters made visible) and the display
    column at which each character starts (one extra entry for the end of the line)."""
    shown: list[str] = []
    starts: list[int] = []
    col = 0
    for ch in line:
        starts.append(col)
        if ch == "\t":
            n = TAB_WIDTH - (col % TAB_WIDTH)
            shown.append(" " * n)
            col += n
            continue
        if ord(ch) < 0x20 or ord(ch) == 0x7F:
            ch = chr(0x2400 + ord(ch)) if ord(ch) < 0x20 else "\u2421"
        shown.append(ch)
        col += char_width(ch)
    starts.append(col)
    return "".join(shown), starts


def frame(d: Diagnostic, lines: list[str], style: Style | None = None) -> tuple[list[str], int]:
    """The code frame of one diagnostic (without the header line), and the gutter width."""
    style = style or Style()
    if not lines:
        return [], 1
    row = min(max(d.row, 1), len(lines))
    first = max(1, row - CONTEXT_LINES)
    last = min(len(lines), row + CONTEXT_LINES)
    while first < row and not lines[first - 1].strip():
        first += 1
    while last > row and not lines[last - 1].strip():
        last -= 1
    width = len(str(last))
    gutter = style(" " * width + " |", Style.BOLD, Style.BLUE)
    out = [gutter]
    for n in range(first, last + 1):
        shown, starts = render_line(lines[n - 1])
        number = style(f"{n:>{width}} |", Style.BOLD, Style.BLUE)
        out.append(f"{number} {shown}" if shown.strip() else number)
        if n == row:
            nchars = len(starts) - 1
            c0 = min(max(d.column - 1, 0), nchars)
            if d.end_row == d.row:
                c1 = min(max(d.end_column - 1, c0), nchars)
            else:
                c1 = nchars  # multi-line span: underline to the end of the first line
            start_col = starts[c0]
            end_col = starts[c1]
            carets = max(1, end_col - start_col)
            out.append(f"{gutter} {' ' * start_col}{style('^' * carets + ' ' + d.code, Style.BOLD, Style.RED)}")
    out.append(gutter)
    return out, width


def _notes(d: Diagnostic, report: Report, width: int, style: Style) -> list[str]:
    pad = " " * width + " "
    notes = []
    help_text = d.help or report.rules.get(d.code, {}).get("summary")
    if help_text:
        notes.append(f"{pad}{style('= help:', Style.BOLD, Style.CYAN)} {help_text}")
    for related in d.related:
        notes.append(f"{pad}{style('= note:', Style.BOLD, Style.CYAN)} {d.where}:{related['row']}:"
                     f"{related['column']}: {related.get('message', '')}")
    if d.fix and d.fix.get("message"):
        notes.append(f"{pad}{style('= fix:', Style.BOLD, Style.CYAN)} {d.fix['message']}")
        applicability = d.applicability
        if applicability == "unsafe":
            notes.append(f"{pad}{style('= note:', Style.BOLD, Style.CYAN)} This is an unsafe fix and may change "
                         "runtime behavior" + ("" if report.unsafe_fixes else " (apply it with --unsafe-fixes)"))
        elif applicability == "display-only":
            notes.append(f"{pad}{style('= note:', Style.BOLD, Style.CYAN)} This fix is shown for reference only "
                         "and is never applied")
    return notes


def emit_full(report: Report, out: TextIO) -> None:
    style = Style(report.color)
    cache: dict[str, list[str]] = {}
    for d in report.diagnostics:
        if d.where not in cache:
            cache[d.where] = source_lines(report.sources.get(d.where, b""))
        body, width = frame(d, cache[d.where], style)
        lines = [header(d, style), *body, *_notes(d, report, width, style)]
        out.write("\n".join(lines) + "\n\n")


# -- summary and statistics -----------------------------------------------------------------------


def _plural(n: int, word: str, suffix: str = "s") -> str:
    return f"{n} {word}{'' if n == 1 else suffix}"


def summary(report: Report) -> str:
    """``All checks passed!`` or ``Found N errors (M fixable with --fix).`` and its variants."""
    remaining = len(report.diagnostics)
    fixed = sum(sum(c.values()) for c in report.fixed.values())
    if remaining == 0 and fixed == 0 and not report.unchecked:
        return "All checks passed!"
    applicable = sum(1 for d in report.diagnostics if d.applicable)
    hidden = sum(1 for d in report.diagnostics if d.hidden_unsafe)
    inner = [f"{fixed} fixed", f"{remaining} remaining"] if fixed else []
    if applicable and not report.fix_mode:
        inner.append(f"{applicable} fixable with --fix")
    if hidden:
        inner.append(f"{_plural(hidden, 'hidden fix', 'es')} can be enabled with --unsafe-fixes")
    if report.unchecked:
        inner.append(f"{_plural(report.unchecked, 'path')} could not be checked")
    text = f"Found {_plural(fixed + remaining, 'error')}"
    return text + (f" ({', '.join(inner)})." if inner else ".")


def statistics(report: Report) -> list[dict[str, object]]:
    counts = Counter(d.code for d in report.diagnostics)
    fixable = {d.code for d in report.diagnostics if d.applicable}
    names = {d.code: d.name for d in report.diagnostics}
    order = sorted(counts, key=lambda c: (-counts[c], c))
    return [{"code": c, "name": names[c], "count": counts[c], "fixable": c in fixable} for c in order]


def emit_statistics(report: Report, out: TextIO, fmt: str) -> None:
    stats = statistics(report)
    if fmt == "json":
        out.write(json.dumps(stats, indent=2) + "\n")
        return
    if not stats:
        return
    count_w = max(len(str(s["count"])) for s in stats)
    code_w = max(len(str(s["code"])) for s in stats)
    any_fixable = any(s["fixable"] for s in stats)
    for s in stats:
        mark = ("[*] " if s["fixable"] else "[ ] ") if any_fixable else ""
        out.write(f"{s['count']:>{count_w}}\t{s['code']:<{code_w}}\t{mark}{s['name']}\n")


def fix_summary(report: Report) -> str:
    """``--show-fixes``: what was fixed, per file and rule."""
    total = sum(sum(c.values()) for c in report.fixed.values())
    if not total:
        return ""
    lines = [f"Fixed {_plural(total, 'error')}:"]
    for display in sorted(report.fixed):
        per_code = report.fixed[display]
        if not sum(per_code.values()):
            continue
        lines.append(f"- {display}:")
        for code in sorted(per_code):
            name = report.rules.get(code, {}).get("name", "")
            lines.append(f"    {per_code[code]} \u00d7 {code} ({name})")
    return "\n".join(lines)
