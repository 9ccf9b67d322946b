"""`jitlint check --add-noqa`: a `# noqa: CODE` on the line of every current diagnostic, as ruff's `--add-noqa`.

A line that has a `# noqa: ...` directive gets the missing codes appended to it; a line with a blanket `# noqa`
already suppresses everything; any other line gets `  # noqa: CODE, ...` after its code and comments. A line
whose end lies inside a string spanning lines, or that continues with a backslash, is left alone: a comment there
would change the string or break the statement.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Any, Iterable

# The directive as the engine reads it (core/suppression.cpp): `# noqa` or `# noqa: CODE[, CODE...]`.
# Codes are letters then digits (`JT201`, `E501`): a word after them (`# noqa: JT101  keep`) is not one.
_DIRECTIVE = re.compile(r"#\s*noqa(?:\s*:\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)


class AddNoqaError(ValueError):
    """The source cannot be tokenized (it is checked, so this is rare: a file Python itself rejects)."""


def add_noqa(source: bytes, diagnostics: Iterable[dict[str, Any]]) -> tuple[bytes, int]:
    """(the new source, how many lines got a directive or more codes)."""
    wanted: dict[int, list[str]] = {}
    for d in diagnostics:
        codes = wanted.setdefault(int(d["row"]) - 1, [])
        if d["code"] not in codes:
            codes.append(d["code"])
    if not wanted:
        return source, 0
    text = source.decode("utf-8")
    comments, unsafe_lines = _scan(text)
    lines = text.splitlines(keepends=True)
    changed = 0
    for index in sorted(wanted):
        if index >= len(lines) or index in unsafe_lines:
            continue
        line = lines[index]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        if body.rstrip().endswith("\\"):
            continue
        new_body = _with_codes(body, comments.get(index), wanted[index])
        if new_body != body:
            lines[index] = new_body + ending
            changed += 1
    return "".join(lines).encode("utf-8"), changed


def _with_codes(body: str, comment_column: int | None, codes: list[str]) -> str:
    if comment_column is not None:
        comment = body[comment_column:]
        match = _DIRECTIVE.search(comment)
        if match:
            if match.group("codes") is None:
                return body  # a blanket `# noqa` already suppresses every code
            present = {c.upper() for c in re.split(r"[\s,]+", match.group("codes")) if c}
            missing = [c for c in codes if c.upper() not in present]
            if not missing:
                return body
            at = comment_column + match.end("codes")
            return body[:at] + ", " + ", ".join(missing) + body[at:]
    return body.rstrip() + "  # noqa: " + ", ".join(codes)


def _scan(text: str) -> tuple[dict[int, int], set[int]]:
    """({line index: column of its comment}, line indices whose end lies inside a token spanning lines)."""
    comments: dict[int, int] = {}
    unsafe: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            (start_row, start_col), (end_row, _) = token.start, token.end
            if token.type == tokenize.COMMENT:
                comments.setdefault(start_row - 1, start_col)
            elif end_row > start_row and token.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.DEDENT):
                unsafe.update(range(start_row - 1, end_row - 1))
    except (tokenize.TokenError, SyntaxError) as exc:
        raise AddNoqaError(f"cannot tokenize: {exc}") from None
    return comments, unsafe
