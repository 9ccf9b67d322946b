"""Jupyter notebooks (issue 12 item 7): checked and fixed cell by cell, as ruff does (jitlint.notebook)."""

from __future__ import annotations

import json
import os

import pytest

from test_cli_support import codes_of, run, write

nbformat = pytest.importorskip("nbformat")

OUTPUT = {"name": "stdout", "output_type": "stream", "text": ["ok\n"]}
RESULT = {"data": {"text/plain": ["Net()"]}, "execution_count": 3, "metadata": {}, "output_type": "execute_result"}

IMPORTS = "import torch\nimport torch.nn as nn\n"
BASE = """\
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
"""
# JT201 at row 4 (column 17) of this cell when Net is known to be an nn.Module.
NET = """\
class Net(Block):
    def forward(self, x):
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        return x"""


def code(source: str | list[str], n: int, outputs: list | None = None, **metadata) -> dict:
    if isinstance(source, str):
        source = source.splitlines(keepends=True)
    return {"cell_type": "code", "execution_count": n, "id": f"c{n}", "metadata": metadata,
            "outputs": outputs or [], "source": source}


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "id": "md", "metadata": {}, "source": text}


def notebook(*cells: dict) -> str:
    nb = {"cells": list(cells),
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                       "language_info": {"name": "python", "version": "3.11.7"}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def model_notebook() -> str:
    """Cell 1 markdown; cell 2 imports and magics; cell 3 the base class; cell 4 the subclass under %%time (JT201 at
    5:17);
    cell 5 scripts it, with magics, help and outputs."""
    return notebook(
        markdown("# A model\n"),
        code("%matplotlib inline\n!pip install torch\n" + IMPORTS, 1, [OUTPUT], tags=["setup"]),
        code(BASE, 2),
        code("%%time\n" + NET, 3),
        code("%time m = torch.jit.script(Net())\nNet?\nm\n", 4, [RESULT], collapsed=True),
    )


def test_check_reports_the_cell_and_its_row(tmp_path):
    write(tmp_path, "model.ipynb", model_notebook())
    r = run("check", "--output-format", "concise", "model.ipynb", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.lines[0].startswith("model.ipynb:cell 4:5:17: JT201 ")


def test_a_class_in_one_cell_is_seen_from_another(tmp_path):
    # Net's base class is in the cell before: alone, cell 4 would not be known as an nn.Module.
    write(tmp_path, "alone.py", NET + "\n")
    assert run("check", "alone.py", cwd=tmp_path).returncode == 0
    write(tmp_path, "model.ipynb", model_notebook())
    assert codes_of(run("check", "--output-format", "concise", "model.ipynb", cwd=tmp_path)) == [
        ("model.ipynb:cell 4", "JT201")]


def test_magics_are_masked_not_checked(tmp_path):
    cells = [code(IMPORTS + "%load_ext autoreload\n%autoreload 2\n", 1),
             code("%%capture\n!nvidia-smi\nfor i in range(3):\n    pass\n", 2),
             code("files = !ls\nx = %env HOME\ntorch.nn?\n??nn.Linear\n"
                  "for i in range(2):\n    %time print(i)\n    !echo \\\n  continued\n", 3)]
    write(tmp_path, "magic.ipynb", notebook(*cells))
    r = run("check", "--output-format", "concise", "magic.ipynb", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr  # no JT000: the magics never reached the engine as code
    assert r.lines[-1] == "All checks passed!"


def test_the_masked_source_keeps_rows_aligned():
    from jitlint import notebook as nb

    book = nb.load(notebook(code("import torch\n%time f()\n  !ls\nx = 1\n", 1), code("%%bash\necho hi\n", 2)
                            ).encode())
    assert book.masked_lines == ["import torch", "pass ####", "  pass", "x = 1", "######", "#######"]
    assert book.locate(4) == (1, 4) and book.locate(6) == (2, 2)
    # a cell magic whose body is Python masks its own line only; the body's magics are masked as elsewhere
    book = nb.load(notebook(code("%%time\nfor i in range(2):\n    %time f()\n    x = i\n", 1)).encode())
    assert book.masked_lines == ["######", "for i in range(2):", "    pass ####", "    x = i"]


def test_fix_round_trip_keeps_outputs_and_metadata(tmp_path):
    path = write(tmp_path, "model.ipynb", model_notebook())
    before = json.loads(path.read_text())
    r = run("fix", "model.ipynb", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    after = json.loads(path.read_text())
    fixed = "".join(after["cells"][3]["source"])
    assert "for layer in self.layers:" in fixed and "self.layers[i]" not in fixed
    # only the fixed cell's source changed: outputs, metadata, ids, magics, other cells, key order are kept
    for b, a in zip(before["cells"], after["cells"]):
        assert list(a) == list(b)
        assert {k: v for k, v in a.items() if k != "source"} == {k: v for k, v in b.items() if k != "source"}
    assert [c["source"] for i, c in enumerate(after["cells"]) if i != 3] == \
           [c["source"] for i, c in enumerate(before["cells"]) if i != 3]
    assert after["metadata"] == before["metadata"] and list(after) == list(before)
    # the file is written as Jupyter writes it, and valid per nbformat
    assert path.read_text() == json.dumps(after, indent=1, ensure_ascii=False) + "\n"
    nbformat.validate(nbformat.read(str(path), as_version=4))
    assert run("check", "model.ipynb", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("ensure_ascii,newline", [(True, ""), (False, "\n")])
def test_fix_keeps_the_file_layout(tmp_path, ensure_ascii, newline):
    nb = json.loads(model_notebook())
    nb["cells"][0]["source"] = "# Modèle ✓\n"
    text = json.dumps(nb, indent=2, ensure_ascii=ensure_ascii) + newline
    path = write(tmp_path, "model.ipynb", text)
    assert run("fix", "model.ipynb", cwd=tmp_path).returncode == 0
    after = path.read_text(encoding="utf-8")
    assert after == json.dumps(json.loads(after), indent=2, ensure_ascii=ensure_ascii) + newline
    assert after.replace("for layer in self.layers:", "for i in range(len(self.layers)):").replace(
        "x = layer(x)", "x = self.layers[i](x)") == text


def test_fix_diff_writes_nothing(tmp_path):
    path = write(tmp_path, "model.ipynb", model_notebook())
    before = path.read_bytes()
    r = run("fix", "--diff", "model.ipynb", cwd=tmp_path)
    assert r.returncode == 1 and "+    \"        for layer in self.layers:\\n\",\n" in r.stdout
    assert path.read_bytes() == before


def test_add_noqa_writes_into_the_cell(tmp_path):
    path = write(tmp_path, "model.ipynb", model_notebook())
    r = run("check", "--add-noqa", "model.ipynb", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    source = json.loads(path.read_text())["cells"][3]["source"]
    assert source[4] == "            x = self.layers[i](x)  # noqa: JT201\n"
    assert run("check", "model.ipynb", cwd=tmp_path).returncode == 0


def test_a_fix_crossing_cells_is_refused():
    from jitlint import notebook as nb

    book = nb.load(notebook(code("a = 1\nb = 2\n", 1), code("%time c = 3\nd = 4\n", 2)).encode())
    with pytest.raises(nb.NotebookError, match="cross a cell boundary"):
        book.with_fixed_source(b"a = 1\nb = 2 + pass\nd = 4\n")
    with pytest.raises(nb.NotebookError, match="magic"):
        book.with_fixed_source(b"a = 1\nb = 2\nc = 3\nd = 4\n")
    assert book.crossing_rows({"fix": {"edits": [{"row": 2, "end_row": 3}]}})
    assert not book.crossing_rows({"fix": {"edits": [{"row": 4, "end_row": 4}]}})
    out = json.loads(book.with_fixed_source(b"a = 1\nb = 2\npass ######\nd = 5\ne = 6\n"))
    assert out["cells"][1]["source"] == ["%time c = 3\n", "d = 5\n", "e = 6\n"]
    # an indented insertion at a cell boundary ends the block of the cell before
    book = nb.load(notebook(code("def f():\n    return 1\n", 1), code("f()\n", 2)).encode())
    out = json.loads(book.with_fixed_source(b"def f():\n    return 1\n    # done\nx = 0\nf()\n"))
    assert [c["source"] for c in out["cells"]] == [["def f():\n", "    return 1\n", "    # done\n"],
                                                   ["x = 0\n", "f()\n"]]


def test_without_nbformat_a_named_notebook_is_a_one_line_error_naming_the_extra(tmp_path):
    shadow = write(tmp_path / "shadow", "nbformat/__init__.py", "raise ImportError('no nbformat here')\n").parent
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(shadow.parent), os.environ.get("PYTHONPATH")) if p)}
    write(tmp_path, "proj/model.ipynb", model_notebook())
    write(tmp_path, "proj/m.py", "x = 1\n")
    r = run("check", "model.ipynb", cwd=tmp_path / "proj", env=env)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: model.ipynb: checking notebooks needs nbformat: "
                             "pip install 'jitlint[notebooks]'"]
    # a folder walk leaves the notebooks out, with one warning
    r = run("check", ".", cwd=tmp_path / "proj", env=env)
    assert r.returncode == 0, r.stderr
    assert r.error_lines == ["jitlint: warning: 1 notebook skipped: checking notebooks needs nbformat: "
                             "pip install 'jitlint[notebooks]'"]


def test_a_notebook_of_another_language_is_not_checked_as_python(tmp_path):
    nb = json.loads(notebook(code("library(torch)\nx <- torch_randn(2)\n", 1)))
    nb["metadata"] = {"kernelspec": {"display_name": "R", "language": "R", "name": "ir"},
                      "language_info": {"name": "R"}}
    write(tmp_path, "r.ipynb", json.dumps(nb))
    r = run("check", "r.ipynb", cwd=tmp_path)
    assert r.returncode == 0 and r.lines[-1] == "All checks passed!", r.stdout + r.stderr


def test_invalid_json_is_a_one_line_error(tmp_path):
    write(tmp_path, "broken.ipynb", '{"cells": [\n')
    write(tmp_path, "ok.py", "x = 1\n")
    r = run("check", ".", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: broken.ipynb: not a valid notebook: invalid JSON "
                             "(Expecting value at line 2 column 1)"]


def test_folders_include_notebooks_and_exclude_applies(tmp_path):
    write(tmp_path, "nb/model.ipynb", model_notebook())
    write(tmp_path, "src/m.py", "x = 1\n")
    r = run("check", "--output-format", "concise", cwd=tmp_path)
    assert codes_of(r) == [("nb/model.ipynb:cell 4", "JT201")]
    assert run("check", "--extend-exclude", "*.ipynb", cwd=tmp_path).returncode == 0


def test_extend_include_adds_files_to_walks(tmp_path):
    write(tmp_path, "tool.pyw", IMPORTS + BASE + NET + "\n")
    write(tmp_path, "m.py", "x = 1\n")
    assert run("check", cwd=tmp_path).returncode == 0
    write(tmp_path, "pyproject.toml", '[tool.jitlint]\nextend-include = ["*.pyw"]\n')
    assert codes_of(run("check", "--output-format", "concise", cwd=tmp_path)) == [("tool.pyw", "JT201")]


def test_json_and_sarif_carry_the_cell(tmp_path):
    write(tmp_path, "model.ipynb", model_notebook())
    r = run("check", "--output-format", "json", "model.ipynb", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    (d,) = json.loads(r.stdout)
    assert (d["cell"], d["location"], d["code"]) == (4, {"row": 5, "column": 17}, "JT201")
    assert d["fix"]["edits"][0]["location"]["row"] == 4  # edits too are in the cell's rows
    r = run("check", "--output-format", "sarif", "model.ipynb", cwd=tmp_path)
    (result,) = json.loads(r.stdout)["runs"][0]["results"]
    assert result["properties"] == {"cell": 4}
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    r = run("check", "--output-format", "full", "model.ipynb", cwd=tmp_path)
    assert "5 |             x = self.layers[i](x)" in r.stdout  # the code frame shows the cell's own lines


def test_stdin_notebook(tmp_path):
    data = model_notebook().encode()
    r = run("check", "--stdin-filename", "model.ipynb", "-", cwd=tmp_path, input=data)
    assert codes_of(r) == [("model.ipynb:cell 4", "JT201")]
    r = run("fix", "--stdin-filename", "model.ipynb", "-", cwd=tmp_path, input=data)
    assert "for layer in self.layers" in "".join(json.loads(r.stdout)["cells"][3]["source"])
