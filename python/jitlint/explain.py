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


def matching_rules(text: str, rules: Iterable[Mapping[str, Any]]) -> list[tuple[int, Mapping[str, Any]]]:
    """(match length, rule) for the rules whose ``torch_error`` occurs in the error's message part, longest match
    first; several rules
    share a generic text ("Arguments for call are not valid"), and they then come in code order.
    Whitespace is normalised on both sides, since torch wraps some messages over several lines.
    """
    haystack = " ".join(message_part(text).split())
    found: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for rule in rules:
        for pattern in rule_patterns(rule):
            needle = " ".join(pattern.split())
            code = str(rule.get("code"))
            if needle and needle in haystack and len(needle) > found.get(code, (0, rule))[0]:
                found[code] = (len(needle), rule)
    return sorted(found.values(), key=lambda item: (-item[0], str(item[1].get("code"))))


def map_error(text: str, rules: Iterable[Mapping[str, Any]]) -> dict[str, str] | None:
    """The rule whose ``torch_error`` occurs in the error's message part; the longest match wins (the first in
    code order among equals). The first error line of a failure is what `jitlint explain` matches too."""
    matches = matching_rules(text, rules)
    if not matches:
        return None
    rule = matches[0][1]
    return {"code": str(rule.get("code")), "name": str(rule.get("name", ""))}


def _section(doc: str, title: str) -> str:
    """The body of one `## title` section of a rule's doc."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, flags=re.S | re.M)
    return match.group(1).strip() if match else ""


def run_explain(text: str, rules: list[Mapping[str, Any]]) -> int:
    """Print the rule matching `text`; 0 when one matches, 1 when none does."""
    if text == "-":
        text = sys.stdin.read()
    matches = matching_rules(text, rules)
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
    # A generic text several rules share: name the others that print it just as well.
    others = [other for length, other in matches[1:] if length == matches[0][0]]
    if others:
        parts.append("Other rules that print this error: " + ", ".join(f"{r['code']} {r['name']}" for r in others))
    parts.append(f"More: jitlint rule {rule['code']}")
    sys.stdout.write("\n\n".join(parts) + "\n")
    return 0
