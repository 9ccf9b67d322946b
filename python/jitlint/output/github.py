"""GitHub Actions workflow commands: one ``::error`` annotation per diagnostic."""

from __future__ import annotations

from typing import TextIO

from jitlint.output import Report


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def emit(report: Report, out: TextIO) -> None:
    for d in report.diagnostics:
        props = ",".join(
            [
                f"title={escape_property(f'jitlint ({d.code})')}",
                f"file={escape_property(d.display)}",
                f"line={d.row}",
                f"col={d.column}",
                f"endLine={d.end_row}",
                f"endColumn={d.end_column}",
            ]
        )
        cell = "" if d.cell is None else f"cell {d.cell}:{d.row}:{d.column}: "  # a notebook: rows are the cell's
        out.write(f"::error {props}::{escape_data(f'{cell}{d.code} {d.message}')}\n")
