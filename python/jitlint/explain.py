"""`jitlint explain "<a torch.jit error>"`: which rule a TorchScript error is, why, and how to fix it.

The same table maps failures in `jitlint verify`: each rule's `torch_error` (stable substrings of the first line
torch 2.13.0 prints, one alternative per line) is looked for in the error's message part. Never imports torch.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Iterable, Mapping

FILE_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')


def first_error_line(text: str) -> str:
    """The first non-empty line of torch's error, without a trailing colon that introduces the excerpt."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped[:-1] if stripped.endswith(":") else stripped
    return "unknown error"


def message_part(text: str) -> str:
    """The error text before the first source excerpt (``File "...", line N``)."""
    match = FILE_LINE.search(text)
    return text[: match.start()] if match else text


def rule_patterns(rule: Mapping[str, Any]) -> list[str]:
    """A rule's ``torch_error``: one substring, or several alternatives, one per line (or a list of them)."""
    value = rule.get("torch_error")
    if not value:
        return []
    values = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
    return [line.strip() for v in values for line in v.splitlines() if line.strip()]


def map_error(text: str, rules: Iterable[Mapping[str, Any]]) -> dict[str, str] | None:
    """The rule whose ``torch_error`` occurs in the error's message part; the longest match wins.

    Whitespace is normalised on both sides, since torch wraps some messages over several lines. The first
    error line of a failure is what `jitlint explain` matches too.
    """
    haystack = " ".join(message_part(text).split())
    best: tuple[int, Mapping[str, Any]] | None = None
    for rule in rules:
        for pattern in rule_patterns(rule):
            needle = " ".join(pattern.split())
            if needle and needle in haystack and (best is None or len(needle) > best[0]):
                best = (len(needle), rule)
    if best is None:
        return None
    rule = best[1]
    return {"code": str(rule.get("code")), "name": str(rule.get("name", ""))}



def _section(doc: str, title: str) -> str:
    """The body of one `## title` section of a rule's doc."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, flags=re.S | re.M)
    return match.group(1).strip() if match else ""


def run_explain(text: str, rules: list[Mapping[str, Any]]) -> int:
    """Print the rule matching `text`; 0 when one matches, 1 when none does."""
    if text == "-":
        text = sys.stdin.read()
    found = map_error(text, rules)
    if found is None:
        sys.stdout.write(f"No jitlint rule matches: {first_error_line(text)}\n"
                         "It may be a failure jitlint does not know yet; `jitlint rule --all` lists the rules.\n")
        return 1
    rule = next(r for r in rules if r["code"] == found["code"])
    doc = rule.get("doc", "")
    parts = [f"{rule['code']} {rule['name']}: {rule['summary']}"]
    for title in ("Why TorchScript rejects it", "Use instead", "Fix safety"):
        body = _section(doc, title)
        if body:
            parts.append(f"{title}:\n{body}")
    parts.append(f"More: jitlint rule {rule['code']}")
    sys.stdout.write("\n\n".join(parts) + "\n")
    return 0
