"""Rule selectors (``JT2``, ``JT201``, ``ALL``) and ruff-style rule selection.

A selector is ``ALL``, the linter prefix ``JT``, or ``JT`` followed by one to three digits. A selector
must name at least one known rule. Selection works like ruff's: settings come in layers (config file,
``--config`` overrides, command line); inside a layer, selectors are applied from the least specific to
the most specific, ``select``/``extend-select`` before ``ignore`` at the same specificity (so the more
specific selector wins, and ``ignore`` beats ``select`` when both are equally specific). A layer that
has ``select`` replaces what the earlier layers selected; a layer with only ``extend-select``/``ignore``
adjusts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

#: Syntax errors are always reported (like ruff): JT000 cannot be deselected.
SYNTAX_ERROR_CODE = "JT000"

_SELECTOR_RE = re.compile(r"^(ALL|JT[0-9]{0,3})$")


class SelectorError(ValueError):
    """An unknown or malformed rule selector; ``str()`` is the one-line problem."""


@dataclass(frozen=True)
class Selector:
    text: str

    @property
    def specificity(self) -> int:
        """-1 for ALL, 0 for ``JT``, then one more per digit (3 = one exact rule)."""
        if self.text == "ALL":
            return -1
        return len(self.text) - 2

    def matches(self, code: str) -> bool:
        return self.text == "ALL" or code.startswith(self.text)

    def rules(self, codes: Iterable[str]) -> set[str]:
        return {c for c in codes if self.matches(c)}


def parse_selector(text: str, known_codes: Iterable[str]) -> Selector:
    """Parse one selector; raise :class:`SelectorError` for an unknown one."""
    raw = text.strip()
    norm = raw.upper()
    if not _SELECTOR_RE.match(norm):
        raise SelectorError(f"unknown rule selector '{raw}'")
    sel = Selector(norm)
    if sel.text != "ALL" and not any(sel.matches(c) for c in known_codes):
        raise SelectorError(f"unknown rule selector '{raw}'")
    return sel


def parse_selector_list(values: Iterable[str], known_codes: Iterable[str]) -> list[Selector]:
    """Parse selectors from a list whose items may themselves be comma-separated lists."""
    known = list(known_codes)
    out: list[Selector] = []
    for value in values:
        for part in str(value).split(","):
            if part.strip():
                out.append(parse_selector(part, known))
    return out


@dataclass
class SelectionLayer:
    """One layer of selection settings. ``select=None`` means "not given in this layer"."""

    select: list[Selector] | None = None
    extend_select: list[Selector] = field(default_factory=list)
    ignore: list[Selector] = field(default_factory=list)

    def is_empty(self) -> bool:
        return self.select is None and not self.extend_select and not self.ignore


def resolve(layers: Sequence[SelectionLayer], all_codes: Iterable[str],
            default: Iterable[str] | None = None) -> frozenset[str]:
    """Resolve layers (earliest first) into the set of enabled codes.

    ``default`` is the starting set (all rules when None).
    """
    codes = sorted(set(all_codes))
    enabled: set[str] = set(codes if default is None else default)
    carryover_ignores: list[Selector] | None = None
    for layer in layers:
        updates: dict[str, bool] = {}
        carried = carryover_ignores or []
        carryover_ignores = None
        selects = list(layer.select or []) + list(layer.extend_select)
        ignores = list(layer.ignore) + list(carried)
        for spec in sorted({s.specificity for s in selects + ignores}):
            for sel in selects:
                if sel.specificity == spec:
                    for code in sel.rules(codes):
                        updates[code] = True
            for sel in ignores:
                if sel.specificity == spec:
                    for code in sel.rules(codes):
                        updates[code] = False
        if layer.select is not None:
            enabled = {c for c, on in updates.items() if on}
            if not layer.select and not layer.extend_select and layer.ignore:
                carryover_ignores = list(layer.ignore)
        else:
            for code, on in updates.items():
                if on:
                    enabled.add(code)
                else:
                    enabled.discard(code)
    return frozenset(enabled)
