"""The fix engine (design.md section 5) through ``jitlint._core.fix`` and the ``jitlint`` command.

Overlapping fixes, the fixpoint, idempotence, what a fix keeps of a file (line endings, BOM, indentation, final
newline, comments, mode), where the ``typing`` import goes, ``--diff`` / ``--exit-non-zero-on-fix``, files with a
syntax error and ``# noqa``.  Every test states the exact expected text.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Dict, Tuple

import pytest

import jitlint._core as core

from test_cli_support import run, write

# One JT101 comprehension with a safe fix (element type from `range`), in a module compiled through `forward`.
MODEL = """\
import torch
from torch import nn, Tensor


class M(nn.Module):
    def forward(self, x: Tensor, n: int) -> Tensor:
        sizes = [i for i in range(n) if i % 2 == 0]
        return x * len(sizes)
"""

MODEL_FIXED = """\
from typing import List
import torch
from torch import nn, Tensor


class M(nn.Module):
    def forward(self, x: Tensor, n: int) -> Tensor:
        sizes: List[int] = []
        for i in range(n):
            if i % 2 == 0:
                sizes.append(i)
        return x * len(sizes)
"""

# The body of MODEL without its imports, for the import-placement tests.
BODY = """\


class M(nn.Module):
    def forward(self, x: Tensor, n: int) -> Tensor:
        sizes = [i for i in range(n) if i % 2 == 0]
        return x * len(sizes)
"""

BODY_FIXED = """\


class M(nn.Module):
    def forward(self, x: Tensor, n: int) -> Tensor:
        sizes: List[int] = []
        for i in range(n):
            if i % 2 == 0:
                sizes.append(i)
        return x * len(sizes)
"""


def fix(source: str | bytes, unsafe: bool = False) -> Tuple[bytes, Dict[str, int]]:
    data = source.encode("utf-8") if isinstance(source, str) else source
    result = core.fix(data, unsafe=unsafe)
    assert result["error"] is None, result["error"]
    return result["output"], dict(result["applied"])


def fixed_text(source: str, unsafe: bool = False) -> str:
    return fix(source, unsafe)[0].decode("utf-8")


def codes(source: str | bytes):
    data = source.encode("utf-8") if isinstance(source, str) else source
    return sorted(d["code"] for d in core.check(data))


# --------------------------------------------------------------------------------------- overlap and fixpoint

OVERLAP = """\
from typing import List
import torch
from torch import nn, Tensor


class M(nn.Module):
    def forward(self, x: Tensor, xs: List[int], ys: List[int]) -> Tensor:
        pairs = [a * b for a in xs if a > 0 for b in ys if b != a]
        return x * len(pairs)
"""

OVERLAP_FIXED = """\
from typing import List
import torch
from torch import nn, Tensor


class M(nn.Module):
    def forward(self, x: Tensor, xs: List[int], ys: List[int]) -> Tensor:
        pairs: List[int] = []
        for a in xs:
            if a > 0:
                for b in ys:
                    if b != a:
                        pairs.append(a * b)
        return x * len(pairs)
"""


def test_overlapping_fixes_of_two_rules_one_applied_nothing_lost():
    diagnostics = core.check(OVERLAP.encode())
    assert sorted((d["code"], d["fix"]["applicability"]) for d in diagnostics) == [
        ("JT101", "safe"),
        ("JT104", "safe"),
    ]
    output, applied = fix(OVERLAP)
    # JT104 offers the very same loop rewrite: its edits are all shared with JT101's, so the text is rewritten once
    # and both diagnostics count as fixed (as ruff counts a fix two diagnostics share).
    assert applied == {"JT101": 1, "JT104": 1}
    assert output.decode() == OVERLAP_FIXED  # every `for` and every `if` of the comprehension is still there
    assert codes(output) == []


NESTED = """\
from typing import List
import torch
from torch import nn, Tensor


class M(nn.Module):
    def forward(self, rows: List[List[int]]) -> List[List[int]]:
        return [[v for v in row if v != 0] for row in rows if len(row) > 0]
"""

NESTED_FIXED = """\
from typing import List
import torch
from torch import nn, Tensor


class M(nn.Module):
    def forward(self, rows: List[List[int]]) -> List[List[int]]:
        items: List[List[int]] = []
        for row in rows:
            if len(row) > 0:
                items_1: List[int] = []
                for v in row:
                    if v != 0:
                        items_1.append(v)
                items.append(items_1)
        return items
"""


def test_fixpoint_a_fix_enables_another_round():
    # round 1: only the outer comprehension has a fix (the inner one cannot be hoisted out of it)
    by_column = {d["column"]: d for d in core.check(NESTED.encode())}
    assert sorted(by_column) == [16, 17]  # each at its comprehension's `[`: the outer one first
    assert by_column[17]["fix"] is None
    assert by_column[16]["fix"]["applicability"] == "safe"
    # round 2 fixes the inner one, now a plain statement in the generated loop
    output, applied = fix(NESTED)
    assert applied == {"JT101": 2}
    assert output.decode() == NESTED_FIXED
    assert codes(output) == []


SIBLINGS = """\
from typing import List

import torch


@torch.jit.script
def f(xs: List[int], ys: List[int]) -> int:
    n = len([x for x in xs if x > 0]) + len([y for y in ys if y > 0])
    return n
"""

SIBLINGS_FIXED = """\
from typing import List

import torch


@torch.jit.script
def f(xs: List[int], ys: List[int]) -> int:
    items: List[int] = []
    for x in xs:
        if x > 0:
            items.append(x)
    items_1: List[int] = []
    for y in ys:
        if y > 0:
            items_1.append(y)
    n = len(items) + len(items_1)
    return n
"""


SIBLINGS_SAFE = """\
from typing import List

import torch


@torch.jit.script
def f(xs: List[int], ys: List[int]) -> int:
    items: List[int] = []
    for x in xs:
        if x > 0:
            items.append(x)
    n = len(items) + len([y for y in ys if y > 0])
    return n
"""


def test_two_fixes_in_one_statement_applied_in_source_order():
    # hoisting the second comprehension moves it ahead of the first `len(...)` call: unsafe
    by_column = {d["column"]: d["fix"]["applicability"] for d in core.check(SIBLINGS.encode())}
    assert by_column == {13: "safe", 45: "unsafe"}
    assert fix(SIBLINGS) == (SIBLINGS_SAFE.encode(), {"JT101": 1})
    assert fix(SIBLINGS, unsafe=True) == (SIBLINGS_FIXED.encode(), {"JT101": 2})
    assert fix(SIBLINGS_SAFE, unsafe=True) == (SIBLINGS_FIXED.encode(), {"JT101": 1})


@pytest.mark.parametrize(
    "source",
    [MODEL, OVERLAP, NESTED, SIBLINGS, MODEL.replace("\n", "\r\n"), "\ufeff" + MODEL, MODEL.rstrip("\n")],
    ids=["model", "overlap", "nested", "siblings", "crlf", "bom", "no-final-newline"],
)
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_idempotent(source, unsafe):
    once, applied = fix(source, unsafe)
    assert applied
    twice, applied_again = fix(once, unsafe)
    assert applied_again == {}
    assert twice == once


# ------------------------------------------------------------------------------------- what a fix keeps


def test_crlf_line_endings_kept():
    output, _ = fix(MODEL.replace("\n", "\r\n"))
    assert output == MODEL_FIXED.replace("\n", "\r\n").encode()


def test_utf8_bom_kept():
    output, _ = fix(b"\xef\xbb\xbf" + MODEL.encode())
    assert output == b"\xef\xbb\xbf" + MODEL_FIXED.encode()


def test_bom_and_crlf_kept_together():
    output, _ = fix(b"\xef\xbb\xbf" + MODEL.replace("\n", "\r\n").encode())
    assert output == b"\xef\xbb\xbf" + MODEL_FIXED.replace("\n", "\r\n").encode()


def test_tab_indentation_kept_in_the_generated_loop():
    output, _ = fix(MODEL.replace("    ", "\t"))
    assert output.decode() == MODEL_FIXED.replace("    ", "\t")


def test_two_space_indentation_kept_in_the_generated_loop():
    output, _ = fix(MODEL.replace("    ", "  "))
    assert output.decode() == MODEL_FIXED.replace("    ", "  ")


def test_no_final_newline_kept():
    output, _ = fix(MODEL.rstrip("\n"))
    assert output.decode() == MODEL_FIXED.rstrip("\n")


COMMENTED = """\
# leading comment
import torch  # torch itself
from torch import nn, Tensor

# a comment between imports and code


class M(nn.Module):
    # class comment
    def forward(self, x: Tensor, n: int) -> Tensor:
        # before the statement
        sizes = [i for i in range(n) if i % 2 == 0]  # even sizes only
        # after the statement
        return x * len(sizes)  # trailing
    # end of class


# end of file
"""

COMMENTED_FIXED = """\
# leading comment
from typing import List
import torch  # torch itself
from torch import nn, Tensor

# a comment between imports and code


class M(nn.Module):
    # class comment
    def forward(self, x: Tensor, n: int) -> Tensor:
        # before the statement
        sizes: List[int] = []
        for i in range(n):
            if i % 2 == 0:
                sizes.append(i)  # even sizes only
        # after the statement
        return x * len(sizes)  # trailing
    # end of class


# end of file
"""


def test_comments_kept():
    assert fixed_text(COMMENTED) == COMMENTED_FIXED


def test_comment_inside_a_comprehension_means_no_fix():
    source = MODEL.replace(
        "        sizes = [i for i in range(n) if i % 2 == 0]\n",
        "        sizes = [\n            i  # keep me\n            for i in range(n)\n            if i % 2 == 0\n        ]\n",
    )
    (diagnostic,) = core.check(source.encode())
    assert diagnostic["code"] == "JT101" and diagnostic["fix"] is None
    assert fix(source, unsafe=True) == (source.encode(), {})


# -------------------------------------------------------------------------------------- the typing import


@pytest.mark.parametrize(
    "head, fixed_head",
    [
        pytest.param(
            '"""Models.\n\nMore text.\n"""\n\nimport torch\nfrom torch import nn, Tensor\n',
            '"""Models.\n\nMore text.\n"""\nfrom typing import List\n\nimport torch\nfrom torch import nn, Tensor\n',
            id="after-module-docstring",
        ),
        pytest.param(
            '"""Doc."""\nfrom __future__ import annotations\n\nimport torch\nfrom torch import nn, Tensor\n',
            '"""Doc."""\nfrom __future__ import annotations\nfrom typing import List\n\nimport torch\n'
            "from torch import nn, Tensor\n",
            id="after-future-import",
        ),
        pytest.param(
            "from typing import Dict\n\nimport torch\nfrom torch import nn, Tensor\n",
            "from typing import Dict, List\n\nimport torch\nfrom torch import nn, Tensor\n",
            id="extends-from-typing-import-dict",
        ),
        pytest.param(
            "from typing import Dict, List, Optional\n\nimport torch\nfrom torch import nn, Tensor\n",
            "from typing import Dict, List, Optional\n\nimport torch\nfrom torch import nn, Tensor\n",
            id="list-already-imported",
        ),
        pytest.param(
            "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Copyright 2024 Someone\n\n"
            "import torch\nfrom torch import nn, Tensor\n",
            "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Copyright 2024 Someone\n\n"
            "from typing import List\nimport torch\nfrom torch import nn, Tensor\n",
            id="after-shebang-and-leading-comments",
        ),
    ],
)
def test_typing_import(head, fixed_head):
    output, applied = fix(head + BODY)
    assert applied == {"JT101": 1}
    assert output.decode() == fixed_head + BODY_FIXED
    assert output.decode().count("List") == 1 + BODY_FIXED.count("List")  # imported once


def test_typing_import_added_once_for_several_fixes():
    source = MODEL.replace(
        "        return x * len(sizes)\n",
        "        odd = [i for i in range(n) if i % 2 == 1]\n        return x * len(sizes) * len(odd)\n",
    )
    output, applied = fix(source)
    assert applied == {"JT101": 2}
    assert output.decode().splitlines()[:2] == ["from typing import List", "import torch"]
    assert output.decode().count("import List") == 1


# ----------------------------------------------------------------------------------------- the command line


def test_cli_diff_prints_a_unified_diff_exits_1_and_leaves_the_file(tmp_path):
    path = write(tmp_path, "m.py", MODEL)
    before = path.stat()
    r = run("fix", "--diff", "m.py", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == (
        "--- a/m.py\n"
        "+++ b/m.py\n"
        "@@ -1,8 +1,12 @@\n"
        "+from typing import List\n"
        " import torch\n"
        " from torch import nn, Tensor\n"
        " \n"
        " \n"
        " class M(nn.Module):\n"
        "     def forward(self, x: Tensor, n: int) -> Tensor:\n"
        "-        sizes = [i for i in range(n) if i % 2 == 0]\n"
        "+        sizes: List[int] = []\n"
        "+        for i in range(n):\n"
        "+            if i % 2 == 0:\n"
        "+                sizes.append(i)\n"
        "         return x * len(sizes)\n"
    )
    assert path.read_text(encoding="utf-8") == MODEL
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]  # no temporary file left behind
    # `check --diff` is the same
    r2 = run("check", "--diff", "m.py", cwd=tmp_path)
    assert (r2.returncode, r2.stdout) == (1, r.stdout)
    assert path.read_text(encoding="utf-8") == MODEL


def test_cli_diff_without_changes_exits_0(tmp_path):
    write(tmp_path, "m.py", MODEL_FIXED)
    r = run("fix", "--diff", "m.py", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "")


def test_cli_fix_writes_the_fixed_text_and_exits_0(tmp_path):
    path = write(tmp_path, "m.py", MODEL)
    r = run("fix", "m.py", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert path.read_text(encoding="utf-8") == MODEL_FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]


def test_cli_exit_non_zero_on_fix(tmp_path):
    path = write(tmp_path, "m.py", MODEL)
    r = run("fix", "--exit-non-zero-on-fix", "m.py", cwd=tmp_path)
    assert r.returncode == 1  # a fix was applied, although no diagnostic remains
    assert path.read_text(encoding="utf-8") == MODEL_FIXED
    again = run("fix", "--exit-non-zero-on-fix", "m.py", cwd=tmp_path)
    assert again.returncode == 0  # nothing to fix any more
    assert path.read_text(encoding="utf-8") == MODEL_FIXED


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600])
def test_cli_fix_keeps_the_file_mode(tmp_path, mode):
    path = write(tmp_path, "m.py", MODEL)
    os.chmod(path, mode)
    r = run("fix", "m.py", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert path.read_text(encoding="utf-8") == MODEL_FIXED
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_cli_fix_keeps_crlf_bom_and_missing_final_newline(tmp_path):
    data = b"\xef\xbb\xbf" + MODEL.replace("\n", "\r\n").rstrip("\r\n").encode()
    path = write(tmp_path, "m.py", data)
    r = run("fix", "m.py", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + MODEL_FIXED.replace("\n", "\r\n").rstrip("\r\n").encode()


SYNTAX_ERROR = MODEL.replace("        return x * len(sizes)\n", "        return x * len(sizes\n")


def test_file_with_a_syntax_error_is_never_modified(tmp_path):
    assert "JT000" in codes(SYNTAX_ERROR)
    assert fix(SYNTAX_ERROR, unsafe=True) == (SYNTAX_ERROR.encode(), {})
    path = write(tmp_path, "m.py", SYNTAX_ERROR)
    before = path.stat().st_mtime_ns
    r = run("fix", "--unsafe-fixes", "m.py", cwd=tmp_path)
    assert r.returncode == 1
    assert "JT000" in r.stdout
    assert path.read_text(encoding="utf-8") == SYNTAX_ERROR
    assert path.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]


# ------------------------------------------------------------------------------------------------- noqa


@pytest.mark.parametrize("comment", ["# noqa: JT101", "# noqa", "# noqa: JT101, E501"])
def test_noqa_prevents_the_fix(tmp_path, comment):
    source = MODEL.replace("if i % 2 == 0]\n", f"if i % 2 == 0]  {comment}\n")
    assert codes(source) == []
    assert fix(source, unsafe=True) == (source.encode(), {})
    path = write(tmp_path, "m.py", source)
    r = run("fix", "--unsafe-fixes", "m.py", cwd=tmp_path)
    assert r.returncode == 0
    assert path.read_text(encoding="utf-8") == source


def test_noqa_of_another_rule_does_not_prevent_the_fix():
    # JT101 is fixed; the `# noqa: JT104` it carried suppressed nothing, and JT001's fix removes it.
    source = MODEL.replace("if i % 2 == 0]\n", "if i % 2 == 0]  # noqa: JT104\n")
    assert fixed_text(source) == MODEL_FIXED
    only_jt101 = core.fix(source.encode(), ["JT101"], False)["output"].decode()
    assert only_jt101 == MODEL_FIXED.replace("sizes.append(i)\n", "sizes.append(i)  # noqa: JT104\n")


def test_unused_noqa_code_is_reported_and_removed():
    source = MODEL.replace("if i % 2 == 0]\n", "if i % 2 == 0]  # noqa: JT104, JT101\n")
    assert codes(source) == ["JT001"]
    assert fixed_text(source) == source.replace("# noqa: JT104, JT101", "# noqa: JT101")


# -- found in review -------------------------------------------------------------------------------


def test_a_parenthesised_typing_import_is_extended_inside_its_parentheses():
    source = MODEL.replace("import torch\n", "from typing import (\n    Optional,\n)\nimport torch\n", 1)
    out = core.fix(source.encode(), None, False)
    assert out["error"] is None
    assert out["output"].decode().startswith("from typing import (\n    Optional, List,\n)\nimport torch\n")


def test_check_reports_the_import_edit_with_the_fix():
    (diagnostic,) = core.check(MODEL.encode())
    edits = diagnostic["fix"]["edits"]
    assert {"content": "from typing import List\n", "row": 1, "column": 1, "end_row": 1, "end_column": 1} in edits


def test_hoisting_past_an_attribute_read_is_unsafe_when_the_comprehension_calls():
    source = MODEL.replace("        sizes = [i for i in range(n) if i % 2 == 0]\n        return x * len(sizes)\n",
                           "        return x * (self.scale + len([i for i in range(n) if i % 2 == 0]))\n")
    (diagnostic,) = core.check(source.encode())
    assert diagnostic["fix"]["applicability"] == "unsafe"  # `range(n)` runs before `self.scale` is read now


def test_fixing_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    target = write(tmp_path, "model.py", MODEL)
    link = tmp_path / "link.py"
    link.symlink_to(target.name)
    r = run("fix", str(link), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink()
    assert target.read_text() == MODEL_FIXED


def test_a_default_value_is_never_edited():
    source = MODEL.replace("def forward(self, x: Tensor, n: int) -> Tensor:",
                           "def forward(self, x: Tensor, n: int = len([k for k in range(3) if k])) -> Tensor:")
    codes = [(d["code"], d["row"]) for d in core.check(source.encode())]
    assert codes == [("JT101", 7)]  # only the body's comprehension; the default is evaluated by Python


def test_a_file_only_tree_sitter_misreads_is_still_fixed_and_checked_by_python():
    # `x, *rest = a, *[]` is valid Python that tree-sitter-python 0.23.6 does not parse.
    source = (
        "import torch\nfrom typing import List\n\n\n@torch.jit.script\n"
        "def f(xs: List[int]) -> List[int]:\n    return [x for x in xs if x > 0]\n\n\n"
        "def g(a):\n    x, *rest = a, *[]\n    return rest\n"
    )
    assert core.fix(source.encode(), None, False)["applied"] == {}  # the engine alone does not touch it
    from jitlint import api

    fixed, applied = api.fix_source(source.encode())
    assert applied == {"JT101": 1}
    assert fixed.decode() == source.replace(
        "    return [x for x in xs if x > 0]\n",
        "    items: List[int] = []\n    for x in xs:\n        if x > 0:\n            items.append(x)\n    return items\n")


def test_none_default_passed_as_device_is_annotated_as_a_device(tmp_path):
    """JT304's type evidence: a parameter passed as ``device=`` becomes ``Optional[torch.device]`` (torch rejects the
    body first there, so the rule's fixture cannot hold this case); the fixed module scripts and runs."""
    source = (
        b"import torch\n"
        b"from torch import nn, Tensor\n\n\n"
        b"class Positions(nn.Module):\n"
        b"    def forward(self, x: Tensor) -> Tensor:\n"
        b"        return x + self.positions(x, 3)\n\n"
        b"    def positions(self, x: Tensor, n: int, device=None) -> Tensor:\n"
        b"        if device is None:\n"
        b"            device = x.device\n"
        b"        return torch.arange(n, device=device).to(x.dtype)\n"
    )
    from jitlint import api

    fixed, applied = api.fix_source(source, select=["JT304"], unsafe=True)
    assert applied == {"JT304": 1}
    assert b"device: Optional[torch.device] = None" in fixed
    torch = pytest.importorskip("torch")
    path = tmp_path / "positions.py"
    path.write_bytes(fixed)
    import importlib.util

    spec = importlib.util.spec_from_file_location("positions_fixed", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scripted = torch.jit.script(module.Positions())
    assert scripted(torch.zeros(3)).tolist() == [0.0, 1.0, 2.0]


GUARDED_CRLF = (
    "import torch\r\nfrom torch import nn, Tensor\r\n\r\n\r\n"
    "class M(nn.Module):\r\n"
    "    def __init__(self):\r\n"
    "        super().__init__()\r\n"
    "        self.ups = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])\r\n\r\n"
    "    def forward(self, x: Tensor) -> Tensor:\r\n"
    "        for i in range(len(self.ups) - 1):\r\n"
    "            x = self.ups[i](x)\r\n\r\n"
    "            x = x + 1\r\n"
    "        return x\r\n"
)


def test_guarded_loop_rewrite_keeps_crlf_and_is_stable():
    output, applied = fix(GUARDED_CRLF)
    assert applied == {"JT201": 1}
    text = output.decode()
    assert "\n" not in text.replace("\r\n", "")  # every line ending still CRLF
    assert "        for i, ups in enumerate(self.ups):\r\n            if i < len(self.ups) - 1:\r\n" in text
    assert "                x = ups(x)\r\n\r\n                x = x + 1\r\n        return x\r\n" in text
    assert fix(text)[1] == {}  # a second run changes nothing


def test_guarded_loop_rewrite_leaves_multiline_strings_alone():
    # Indenting the body would change the string's text: no fix (the diagnostic stays).
    source = GUARDED_CRLF.replace("\r\n", "\n").replace(
        "            x = x + 1\n", '            x = x + len("""a\nb""")\n')
    output, applied = fix(source)
    assert applied == {}
    assert output.decode() == source
    assert codes(output) == ["JT201"]


@pytest.mark.parametrize("rule", ["JT201", "JT202", "JT203", "JT103", "JT101"])
def test_fixtures_keep_crlf_and_fix_to_a_fixpoint(rule):
    # The fixes of every shape a rule's fixture holds (runtime picks, slices bound to locals, sets from calls,
    # element types from the class) keep CRLF line endings, and fixing the result again changes nothing.
    fires = (Path(__file__).resolve().parents[1] / "rules" / rule / "fires.py").read_text(encoding="utf-8")
    fixed, _ = fix(fires, unsafe=True)
    crlf, _ = fix(fires.replace("\n", "\r\n"), unsafe=True)
    assert crlf == fixed.decode("utf-8").replace("\n", "\r\n").encode("utf-8")
    assert b"\r\r" not in crlf and crlf.count(b"\n") == crlf.count(b"\r\n")
    again, applied = fix(fixed, unsafe=True)
    assert (again, applied) == (fixed, {})


# JT512 nests the body of a `@torch.no_grad()` forward under `with torch.no_grad():` (inserting at the start of the
# first statement's line and indenting each line), JT601 (unsafe) inserts an `assert` at that statement's first
# character: the two insertions sit at both ends of one line's indentation. Applied in one round they interleaved
# into an unexpected indent that tree-sitter's grammar accepted (transformers' XGLM, M2M-100, NLLB-MoE, Kosmos-2,
# SeamlessM4T); now they clash and the assert comes in the next round, inside the `with`.
NESTED_UNDER_WITH = """\
from typing import Optional

import torch
from torch import nn, Tensor


def offset_of(x: Tensor) -> int:
    return 2


class Positions(nn.Module):
    @torch.no_grad()
    def forward(self, position_ids: Optional[Tensor] = None) -> Tensor:
        ids = position_ids + 1
        return ids + offset_of(ids)
"""

NESTED_UNDER_WITH_FIXED = """\
from typing import Optional

import torch
from torch import nn, Tensor


def offset_of(x: Tensor) -> int:
    return 2


class Positions(nn.Module):
    def forward(self, position_ids: Optional[Tensor] = None) -> Tensor:
        with torch.no_grad():
            assert position_ids is not None
            ids = position_ids + 1
            return ids + offset_of(ids)
"""


def test_insertions_at_both_ends_of_one_indentation_clash():
    output, applied = fix(NESTED_UNDER_WITH, unsafe=True)
    assert output.decode() == NESTED_UNDER_WITH_FIXED
    assert applied == {"JT512": 1, "JT601": 1}
    compile(output, "<fixed>", "exec")


def test_fix_source_refuses_output_python_rejects(monkeypatch):
    # The last guard before anything is written: whatever the engine returns, Python must parse it.
    from jitlint import api

    broken = {"output": b"def f():\n    x = 1\n        y = 2\n", "applied": {"JT601": 1}, "error": None}
    monkeypatch.setattr(api, "_call", lambda function, data, *args, **kwargs: broken
                        if function is api._engine().fix else function(data, *args, **kwargs))
    with pytest.raises(api.FixError, match="invalid Python"):
        api.fix_source(b"def f():\n    x = 1\n    y = 2\n")
