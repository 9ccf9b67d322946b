"""The frontend table (docs/frontend-rejections.md) is the contract for what torch's frontend rejects.

Every row names a construct, torch 2.13.0's first line for it, the rule that reports it (or ``scripts``), and the
fixture case that proves it. Checked here:

- each row's rule exists and its fixture case exists (a ``fires.py`` case of that rule, or for ``scripts`` a
  ``clean.py`` case of some rule);
- with torch: each row's fixture really fails ``torch.jit.script`` with the row's text (or scripts);
- with torch: the table is complete against ``torch/jit/frontend.py`` itself: every AST statement or expression
  node the frontend has no builder for, and every message its builders raise, has a row (or a row in the table of
  raise sites Python 3.10+ cannot reach, whose reasons are checked where they can be).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Dict, List, NamedTuple

import pytest

import torch_harness as h

TABLE = h.REPO_ROOT / "docs" / "frontend-rejections.md"


class Row(NamedTuple):
    line: int
    site: str
    construct: str
    torch_text: str
    rule: str
    fixture: str


def _cells(line: str) -> List[str]:
    inner = line.strip()[1:-1]  # drop the outer pipes; `\|` is a pipe inside a cell
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _unquote(cell: str) -> str:
    if cell.startswith("``") and cell.endswith("``"):  # a code span holding backticks
        return cell[2:-2].strip()
    return cell[1:-1] if len(cell) >= 2 and cell[0] == cell[-1] == "`" else cell


def _tables() -> Dict[str, List[List[str]]]:
    """``{heading: rows}`` of the Markdown tables under each ``## `` heading (header and rule lines dropped)."""
    out: Dict[str, List[List[str]]] = {}
    heading = ""
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            heading = line[3:].strip()
            continue
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        out.setdefault(heading, []).append([str(number)] + _cells(line))
    # the first line of each table is its header
    return {k: v[1:] for k, v in out.items()}


def rows() -> List[Row]:
    found = []
    for heading, table in _tables().items():
        if not heading.startswith("Rejections"):
            continue
        for cells in table:
            assert len(cells) == 6, f"{TABLE.name}:{cells[0]}: expected 5 columns, got {len(cells) - 1}"
            number, site, construct, text, rule, fixture = cells
            found.append(Row(int(number), site, construct, _unquote(text), rule, _unquote(fixture)))
    return found


def unreachable() -> List[List[str]]:
    return [cells for heading, table in _tables().items() if heading.startswith("Unreachable") for cells in table]


def _fixture(row: Row):
    path_text, _, case = row.fixture.partition("::")
    return h.REPO_ROOT / path_text, case


# ------------------------------------------------------------------------------------------------- no torch


def test_the_table_has_rows():
    assert len(rows()) >= 40, f"{TABLE} lists {len(rows())} rejections"


@pytest.mark.parametrize("row", rows(), ids=lambda r: f"L{r.line}")
def test_row_names_a_rule_and_an_existing_fixture(row):
    core = pytest.importorskip("jitlint._core")
    codes = {rule["code"] for rule in core.rules()}
    path, case = _fixture(row)
    where = f"{TABLE.name}:{row.line} ({row.construct})"
    assert row.rule == "scripts" or row.rule in codes, f"{where}: `{row.rule}` is neither `scripts` nor a rule code"
    assert path.exists() and case, f"{where}: fixture {row.fixture!r} does not exist (path::case_name)"
    assert case in h.case_names_in_source(path), f"{where}: {path.name} has no {case}()"
    rel = path.relative_to(h.REPO_ROOT).as_posix()
    if row.rule == "scripts":
        assert re.fullmatch(r"tests/rules/JT\d{3}/clean\.py", rel), f"{where}: a `scripts` row needs a clean.py case"
    else:
        assert rel == f"tests/rules/{row.rule}/fires.py", f"{where}: the fixture must be a fires.py case of {row.rule}"


# ---------------------------------------------------------------------------------------------------- torch


@pytest.mark.parametrize("row", rows(), ids=lambda r: f"L{r.line}")
def test_row_fixture_behaves_as_the_table_says(row):
    pytest.importorskip("torch")
    path, case = _fixture(row)
    _obj, _inputs, _scripted, exc = h.script_case(path, case)
    where = f"{TABLE.name}:{row.line} ({row.construct}, {row.fixture})"
    if row.rule == "scripts":
        assert exc is None, f"{where}: the table says it scripts on torch 2.13.0, but:\n{h.describe(exc)}"
    else:
        assert exc is not None, f"{where}: the table says torch rejects it, but it scripts"
        assert row.torch_text in h.first_line(exc), (
            f"{where}: torch's first line is {h.first_line(exc)!r}, the table says {row.torch_text!r}"
        )


def _frontend():
    pytest.importorskip("torch")
    import torch.jit.frontend as frontend

    return frontend


def _node_classes(base: type) -> List[type]:
    """The concrete AST classes this Python produces for ``base`` (deprecated aliases excluded)."""
    deprecated = {"Num", "Str", "Bytes", "NameConstant", "Ellipsis", "Index", "ExtSlice", "Suite", "Param",
                  "AugLoad", "AugStore"}
    return [c for c in vars(ast).values()
            if isinstance(c, type) and issubclass(c, base) and c is not base and c.__name__ not in deprecated]


def test_every_node_without_a_builder_has_a_row():
    frontend = _frontend()
    sites = " ".join(r.site for r in rows())
    missing = []
    for base, builder in ((ast.stmt, frontend.StmtBuilder), (ast.expr, frontend.ExprBuilder)):
        for cls in _node_classes(base):
            if getattr(builder, "build_" + cls.__name__, None) is None and f"ast.{cls.__name__}" not in sites:
                missing.append(f"ast.{cls.__name__} ({base.__name__})")
    assert not missing, (
        f"torch's frontend has no builder for {missing} on Python {sys.version_info[:2]}, and {TABLE.name} has no "
        f"row naming it in its frontend.py column"
    )


def _leading_text(node: ast.AST, constants: Dict[str, str]) -> str:
    """The constant text a message expression starts with (`"unsupported kind...: " + op.__name__` -> its head)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id, "")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _leading_text(node.left, constants)
        right = _leading_text(node.right, constants)
        complete_left = isinstance(node.left, ast.Constant) or (isinstance(node.left, ast.Name) and left)
        return left + right if complete_left else left
    if isinstance(node, ast.JoinedStr):
        out = ""
        for value in node.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                break
            out += value.value
        return out
    return ""


def frontend_messages() -> List[str]:
    """Every message text a ``raise`` in torch/jit/frontend.py's builders starts with."""
    frontend = _frontend()
    tree = ast.parse(Path(frontend.__file__).read_text(encoding="utf-8"))
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
    # A parenthesised implicit concatenation at module level is one Constant already.
    messages = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
        if name not in {"NotSupportedError", "UnsupportedNodeError", "FrontendError", "ValueError"}:
            continue
        parts = [kw.value for kw in node.exc.keywords if kw.arg == "reason"]
        if name != "UnsupportedNodeError":
            parts += list(node.exc.args[1:2] if name != "ValueError" else node.exc.args[:1])
        for part in parts:
            text = _leading_text(part, constants).strip()
            if text:
                messages.append(text)
    return sorted(set(messages))


def test_every_frontend_message_has_a_row():
    covered = [r.torch_text for r in rows()] + [" ".join(cells) for cells in unreachable()]
    messages = frontend_messages()
    assert len(messages) >= 20, f"found only {messages} in frontend.py: the extraction is broken"
    missing = [m for m in messages if not any(m in text for text in covered)]
    assert not missing, f"frontend.py raises {missing}, and {TABLE.name} has no row (nor an unreachable entry) for it"


def test_unreachable_operator_messages_are_unreachable():
    """The operator maps cover every operator this Python has, so their 'unsupported ... operator' raises cannot
    happen (unary `+` is the exception: torch crashes before its message, a row of its own)."""
    frontend = _frontend()
    builder = frontend.ExprBuilder
    assert set(_node_classes(ast.operator)) <= set(builder.binop_map)
    assert set(_node_classes(ast.boolop)) <= set(builder.boolop_map)
    assert set(_node_classes(ast.cmpop)) <= set(builder.cmpop_map)
    assert set(_node_classes(ast.unaryop)) - set(builder.unop_map) == {ast.UAdd}
