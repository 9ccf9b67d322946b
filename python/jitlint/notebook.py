"""Jupyter notebooks (``.ipynb``), checked and fixed as ruff does.

- The code cells are joined into one Python source, a cell per block of lines, so that a class defined in one cell
  and scripted or used in another is seen together.
- IPython syntax is masked, never given to the engine as code: a cell magic masks its whole cell (``%%bash``) or,
  when its body is Python (``%%time``, ``%%timeit``, ``%%capture``, ``%%prun``, ``%%debug``, ``%%python``), its line;
  line magics (``%time f()``), shell escapes (``!pip install x``), help (``?obj``, ``obj?``, ``obj??``) and their
  assignments (``files = !ls``) mask their line (and the lines a trailing backslash continues). A masked line becomes
  ``pass`` (a cell-magic cell: comments) at the same indentation, padded to the same length, so rows stay aligned.
  Lines are looked at only in a cell that Python cannot parse as it is.
- A notebook whose language (``language_info.name``, else ``kernelspec.language``) is not Python has nothing checked.
- Locations are per cell: ``cell`` is the cell's 1-based position among all the notebook's cells (markdown ones too,
  so ``nb["cells"][cell - 1]`` is it), rows are 1-based within the cell's source.
- Fixes are applied to the joined source and mapped back line by line; a fix that would cross a cell boundary or
  touch a masked line is refused (the notebook is left unchanged). Only the ``source`` of the changed code cells is
  rewritten: outputs, metadata, key order and the file's indentation are kept; the result must validate with
  nbformat before it is written.

nbformat (PyPI) is needed, from the ``notebooks`` extra: ``pip install 'jitlint[notebooks]'``. It is not a plain
dependency because it brings jsonschema (and its compiled rpds-py), fastjsonschema, jupyter_core and traitlets.
"""

from __future__ import annotations

import ast
import copy
import difflib
import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

NOTEBOOK_SUFFIX = ".ipynb"
MISSING_EXTRA = "checking notebooks needs nbformat: pip install 'jitlint[notebooks]'"

# A line IPython reads and Python does not: a magic, a shell escape, help, or an assignment from one.
_MAGIC_LINE = re.compile(r"^\s*(%|!|\?)|^\s*[\w.,\s\[\]]+=\s*[%!]")
# Cell magics whose body is Python (only their first line is masked); the others' cells are masked whole.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3"})
_HELP_LINE = re.compile(r"^\s*[\w.]+(\(\))?\?\??\s*$")  # obj? / obj.attr?? (not a comment or a string)


class NotebookError(ValueError):
    """The file is not a notebook jitlint can read or write (``str()`` is one line)."""


def is_notebook(path: Any) -> bool:
    return str(path).endswith(NOTEBOOK_SUFFIX)


def require_nbformat() -> Any:
    try:
        import nbformat
    except ImportError:
        raise NotebookError(MISSING_EXTRA) from None
    return nbformat


@dataclass
class _Cell:
    index: int  # position among all the notebook's cells, 0-based
    lines: list[str]  # the cell's source lines, without their newlines
    trailing_newline: bool
    first_row: int  # the cell's first row in the joined source, 1-based
    masked: set[int] = field(default_factory=set)  # rows within the cell (0-based) that were masked


@dataclass
class Notebook:
    raw: dict[str, Any]  # the notebook JSON as read (key order kept)
    indent: int | None
    cells: list[_Cell]
    masked_lines: list[str]  # the joined source's lines, IPython syntax masked
    ascii_only: bool = False  # the file escapes non-ASCII characters (\u00e9): written back the same way
    final_newline: bool = True  # the file ends with a newline

    @property
    def source(self) -> bytes:
        return ("\n".join(self.masked_lines) + "\n").encode("utf-8") if self.masked_lines else b""

    # -- locations ---------------------------------------------------------------------------------------------

    def cell_of(self, row: int) -> _Cell | None:
        for cell in reversed(self.cells):
            if row >= cell.first_row:
                return cell if row < cell.first_row + len(cell.lines) else None
        return None

    def locate(self, row: int) -> tuple[int | None, int]:
        """A joined source's row -> (1-based cell position, row in the cell)."""
        cell = self.cell_of(row)
        if cell is None:
            return None, row
        return cell.index + 1, row - cell.first_row + 1

    def map_diagnostic(self, d: dict[str, Any]) -> dict[str, Any]:
        """An engine diagnostic of the joined source, with rows in its cell and ``cell`` set."""
        out = dict(d)
        cell, row = self.locate(int(d.get("row", 1)))
        out["cell"] = cell
        out["row"] = row
        out["end_row"] = self._row_in(cell, int(d.get("end_row", d.get("row", 1))))
        if d.get("noqa_row") is not None:
            out["noqa_row"] = self._row_in(cell, int(d["noqa_row"]))
        if d.get("related"):
            out["related"] = [{**r, "row": self._row_in(cell, int(r["row"])),
                               "end_row": self._row_in(cell, int(r["end_row"]))} for r in d["related"]]
        if d.get("fix"):
            fix = dict(d["fix"])
            fix["edits"] = [{**e, "row": self._row_in(cell, int(e["row"])),
                             "end_row": self._row_in(cell, int(e["end_row"]))} for e in fix.get("edits", [])]
            out["fix"] = fix
        return out

    def _row_in(self, cell: int | None, row: int) -> int:
        """``row`` of the joined source within cell ``cell`` (a row in another cell is clamped to the cell)."""
        if cell is None:
            return row
        c = next(c for c in self.cells if c.index == cell - 1)
        return min(max(row - c.first_row + 1, 1), max(len(c.lines), 1))

    def cell_source(self, cell: int) -> bytes:
        c = next(c for c in self.cells if c.index == cell - 1)
        return "\n".join(c.lines).encode("utf-8")

    def crossing_rows(self, d: dict[str, Any]) -> bool:
        """Does the fix of engine diagnostic ``d`` (joined rows) span two cells or touch a masked line?"""
        for e in (d.get("fix") or {}).get("edits", []):
            first, last = self.cell_of(int(e["row"])), self.cell_of(int(e["end_row"]))
            if first is None or first is not last:
                return True
            for row in range(int(e["row"]), int(e["end_row"]) + 1):
                if row - first.first_row in first.masked:
                    return True
        return False

    # -- fixes -------------------------------------------------------------------------------------------------

    def with_fixed_source(self, fixed: bytes) -> bytes:
        """The notebook file with the joined source ``fixed`` written back into its cells. Raises NotebookError
        when a change crosses a cell boundary or touches a masked line."""
        new_lines = fixed.decode("utf-8").split("\n")
        if new_lines and new_lines[-1] == "":
            new_lines.pop()
        owner: list[_Cell] = []  # joined row (0-based) -> its cell
        for cell in self.cells:
            owner.extend([cell] * len(cell.lines))
        matcher = difflib.SequenceMatcher(None, self.masked_lines, new_lines, autojunk=False)
        rebuilt: dict[int, list[str]] = {c.index: [] for c in self.cells}
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    cell = owner[i1 + k]
                    rebuilt[cell.index].append(cell.lines[i1 + k - cell.first_row + 1])
                continue
            # a change: its old lines must lie in one cell, none of them masked; an insertion goes to the cell of
            # the line it comes before (the last cell at the end), or to the cell before when it is indented (the
            # end of a block: a cell cannot start indented)
            if i2 > i1:
                cells = {id(owner[i]) for i in range(i1, i2)}
                if len(cells) > 1:
                    raise NotebookError("a fix would cross a cell boundary; the notebook was left unchanged")
                cell = owner[i1]
                if any(i - cell.first_row + 1 in cell.masked for i in range(i1, i2)):
                    raise NotebookError("a fix would change an IPython magic line; the notebook was left unchanged")
            else:
                if not owner:
                    raise NotebookError("a fix would add code outside any cell; the notebook was left unchanged")
                cell = owner[min(i1, len(owner) - 1)]
                if 0 < i1 < len(owner) and owner[i1 - 1] is not cell:
                    block = 0  # the indented lines it starts with (blank lines among them) end the cell before
                    for k, line in enumerate(new_lines[j1:j2]):
                        if line[:1] in (" ", "\t"):
                            block = k + 1
                        elif line.strip():
                            break
                    rebuilt[owner[i1 - 1].index].extend(new_lines[j1:j1 + block])
                    j1 += block
            rebuilt[cell.index].extend(new_lines[j1:j2])
        raw = copy.deepcopy(self.raw)
        for cell in self.cells:
            lines = rebuilt[cell.index]
            if lines == cell.lines:
                continue
            text = "\n".join(lines) + ("\n" if cell.trailing_newline else "")
            target = raw["cells"][cell.index]
            target["source"] = text.splitlines(keepends=True) if isinstance(target["source"], list) else text
        _validate(raw)
        return dump(raw, self.indent, ascii_only=self.ascii_only, final_newline=self.final_newline)


def dump(raw: dict[str, Any], indent: int | None, *, ascii_only: bool = False, final_newline: bool = True) -> bytes:
    """As Jupyter writes notebooks (``indent`` spaces, non-ASCII kept, a final newline), or as the file was."""
    return (json.dumps(raw, indent=indent, ensure_ascii=ascii_only) + ("\n" if final_newline else "")).encode("utf-8")


def _validate(raw: dict[str, Any]) -> None:
    nbformat = require_nbformat()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.validate(copy.deepcopy(raw))
    except nbformat.ValidationError as e:
        first = (str(e.message) if hasattr(e, "message") else str(e)).strip().splitlines()
        raise NotebookError(f"not a valid notebook: {first[0] if first else 'nbformat validation failed'}") from None


def _indent_of(text: str) -> int | None:
    m = re.match(r"\{\s*\n( *)\"", text)
    if m is None:
        return None
    return len(m.group(1))


def _mask_cell(text_lines: list[str]) -> set[int]:
    """The rows (0-based) of one cell that are IPython syntax."""
    if not text_lines:
        return set()
    first = text_lines[0].lstrip()
    if first.startswith("%%"):
        if _cell_magic(text_lines) not in PYTHON_CELL_MAGICS:
            return set(range(len(text_lines)))
        return {0} | _mask_cell([""] + text_lines[1:])  # `%%time`: a Python body (row 0 stays masked)
    source = "\n".join(text_lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
        return set()
    except (SyntaxError, ValueError):
        pass
    masked: set[int] = set()
    continued = False
    for i, line in enumerate(text_lines):
        stripped = line.strip()
        if continued or (stripped and not stripped.startswith("#") and (_MAGIC_LINE.search(line)
                                                                         or _HELP_LINE.match(line))):
            masked.add(i)
            continued = line.rstrip().endswith("\\")
        else:
            continued = False
    return masked


def _cell_magic(lines: list[str]) -> str | None:
    """``time`` for a cell that starts with ``%%time``; None when it starts with no cell magic."""
    first = lines[0].lstrip() if lines else ""
    if not first.startswith("%%"):
        return None
    return (first[2:].split() or [""])[0]


def _masked(line: str, whole_cell: bool) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    rest = len(line) - len(indent)
    if whole_cell:
        return indent + "#" * max(rest, 1)
    word = "pass"
    if rest <= len(word) + 2:
        return indent + word
    return indent + word + " #" + "#" * (rest - len(word) - 2)


def _is_python(raw: dict[str, Any]) -> bool:
    """A notebook of another kernel (R, Julia) has no Python to check: its language, when it names one, decides."""
    metadata = raw.get("metadata") or {}
    language = (metadata.get("language_info") or {}).get("name") or (metadata.get("kernelspec") or {}).get("language")
    return not isinstance(language, str) or language.lower() in ("python", "python3", "ipython")


def load(data: bytes) -> Notebook:
    """Read a notebook file. Raises NotebookError (one line) for what is not an nbformat 4 notebook."""
    nbformat = require_nbformat()
    try:
        whole_text = data.decode("utf-8-sig")
        raw = json.loads(whole_text)
    except UnicodeDecodeError:
        raise NotebookError("not a valid notebook: not UTF-8") from None
    except json.JSONDecodeError as e:
        raise NotebookError(f"not a valid notebook: invalid JSON ({e.msg} at line {e.lineno} column {e.colno})"
                            ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise NotebookError("not a valid notebook: no list of cells")
    major = raw.get("nbformat")
    if major != nbformat.current_nbformat:
        raise NotebookError(f"not a valid notebook: nbformat {major} (jitlint reads version "
                            f"{nbformat.current_nbformat}; convert it with `jupyter nbconvert --to notebook`)")
    _validate(raw)
    cells, joined = _join(raw["cells"] if _is_python(raw) else [])
    return Notebook(raw=raw, indent=_indent_of(whole_text), cells=cells, masked_lines=joined,
                    ascii_only=data.isascii(), final_newline=whole_text.endswith("\n"))


def from_cells(texts: list[str]) -> Notebook:
    """The code cells' texts, in order (an editor's notebook document, as the language server gets it), joined and
    masked as ``load`` does; cell ``k`` (1-based) of the result is ``texts[k - 1]``. Nothing is validated and the
    result has no file to write fixes back to."""
    raw = {"cells": [{"cell_type": "code", "source": text} for text in texts]}
    cells, joined = _join(raw["cells"])
    return Notebook(raw=raw, indent=None, cells=cells, masked_lines=joined)


def _join(raw_cells: list[dict[str, Any]]) -> tuple[list[_Cell], list[str]]:
    """The code cells among ``raw_cells`` and the joined source's lines, IPython syntax masked."""
    cells: list[_Cell] = []
    joined: list[str] = []
    for index, cell in enumerate(raw_cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        trailing = text.endswith("\n")
        lines = (text[:-1] if trailing else text).split("\n")
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        masked = _mask_cell(lines)
        magic = _cell_magic(lines)
        whole = magic is not None and magic not in PYTHON_CELL_MAGICS
        cells.append(_Cell(index, lines, trailing, len(joined) + 1, masked))
        joined.extend(_masked(line, whole or (i == 0 and magic is not None)) if i in masked else line
                      for i, line in enumerate(lines))
    return cells, joined


def apply_fixes(checked: Any, book: Notebook, original: bytes, *, unsafe: bool, fixable: frozenset[str],
                write: bool, diff: bool, project: Any = None) -> tuple[Any, Notebook]:
    """``jitlint.fixing.apply_fixes`` for a notebook: fix the joined source, write it back into the cells. The rules
    one of whose fixes here would cross a cell boundary or touch a masked line are not fixed in this notebook.
    Returns the FixResult (diagnostics in joined rows of the returned notebook) and that notebook. Raises
    ``ValueError`` (one line) when the fixes cannot be written back; the file is left untouched."""
    from jitlint import api
    from jitlint.fixing import FixResult, resolved_counts, unified_diff, write_atomically

    refused = {d["code"] for d in checked.diagnostics if d.get("fix") and book.crossing_rows(d)}
    fix_codes = [code for code in checked.select if code in fixable and code not in refused]
    if not any(d.get("fix") and d["code"] in fix_codes for d in checked.diagnostics):
        return FixResult(diagnostics=checked.diagnostics), book
    path = checked.file.path
    new_source, _ = api.fix_source(book.source, select=fix_codes, unsafe=unsafe, project=project, path=path)
    if new_source == book.source:
        return FixResult(diagnostics=checked.diagnostics), book
    new_file = book.with_fixed_source(new_source)
    new_book = load(new_file)
    remaining = api.check_source(new_book.source, select=checked.select, project=project, path=path)
    result = FixResult(diagnostics=remaining, fixed=resolved_counts(checked.diagnostics, remaining),
                       new_source=new_file)
    if diff:
        result.diff = unified_diff(checked.file.display, original, new_file)
    elif write:
        write_atomically(path, new_file)
    return result, new_book
