"""docs/config.schema.json, the JSON schema of ``[tool.jitlint]`` for editors, agrees with the loader: the same keys,
and the same values accepted and rejected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jitlint.config import KNOWN_KEYS, OUTPUT_FORMATS, ConfigError, options_from_table
from jitlint.selection import _SELECTOR_RE

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "config.schema.json").read_text())


def schema_accepts(table: dict) -> bool:
    return jsonschema.Draft7Validator(SCHEMA).is_valid(table)


def loader_accepts(table: dict) -> bool:
    try:
        options_from_table(table, "pyproject.toml", "tool.jitlint.", Path("."))
    except ConfigError:
        return False
    return True


def test_schema_is_valid_and_has_every_key_the_loader_accepts():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert set(SCHEMA["properties"]) == set(KNOWN_KEYS)
    assert SCHEMA["properties"]["output-format"]["enum"] == list(OUTPUT_FORMATS)
    assert SCHEMA["properties"]["select"]["anyOf"][1]["pattern"] == _SELECTOR_RE.pattern


@pytest.mark.parametrize(
    "table",
    [
        {"select": ["JT2", "JT101"], "extend-select": "JT5", "ignore": ["ALL"]},
        {"fixable": ["JT"], "unfixable": ["JT201"]},
        {"exclude": ["build/", "*.pyi"], "extend-exclude": "legacy"},
        {"extend-include": ["*.pyw", "scripts/*.ipy"]},
        {"per-file-ignores": {"tests/*.py": ["JT201"], "scripts/*": "JT5"}},
        {"output-format": "sarif", "unsafe-fixes": True, "python": ".venv/bin/python"},
        {},
    ],
)
def test_schema_and_loader_accept_the_same_tables(table):
    assert loader_accepts(table) and schema_accepts(table)


@pytest.mark.parametrize(
    "table",
    [
        {"select": 3},
        {"ignore": [201]},
        {"per-file-ignores": {"tests/*.py": 3}},
        {"per-file-ignores": ["JT201"]},
        {"output-format": "xml"},
        {"unsafe-fixes": "yes"},
        {"python": ""},
        {"exclude": [1]},
        {"line-length": 100},
    ],
)
def test_schema_and_loader_reject_the_same_tables(table):
    assert not loader_accepts(table) and not schema_accepts(table)
