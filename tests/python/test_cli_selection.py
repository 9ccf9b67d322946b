"""--select / --extend-select / --ignore with prefixes and ALL, and ``# noqa`` suppression."""

from __future__ import annotations

import pytest

from test_cli_support import FIRES, MODULELIST, TWO_RULES, codes_of, run, write


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "a.py", TWO_RULES)  # JT103 + JT101
    write(tmp_path, "b.py", MODULELIST)  # JT201
    return tmp_path


def codes(r):
    return sorted({c for _, c in codes_of(r)})


def test_default_runs_every_rule(project):
    assert codes(run("check", cwd=project)) == ["JT101", "JT103", "JT201"]


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--select", "JT101"], ["JT101"]),
        (["--select", "JT1"], ["JT101", "JT103"]),
        (["--select", "JT2"], ["JT201"]),
        (["--select", "JT20"], ["JT201"]),
        (["--select", "JT"], ["JT101", "JT103", "JT201"]),
        (["--select", "ALL"], ["JT101", "JT103", "JT201"]),
        (["--select", "JT101,JT201"], ["JT101", "JT201"]),
        (["--select", "JT101", "--select", "JT201"], ["JT101", "JT201"]),
        (["--select", "jt101"], ["JT101"]),
        (["--ignore", "JT1"], ["JT201"]),
        (["--ignore", "JT103"], ["JT101", "JT201"]),
        (["--ignore", "ALL"], []),
        # more specific wins, whichever list it is in
        (["--select", "JT1", "--ignore", "JT101"], ["JT103"]),
        (["--select", "JT101", "--ignore", "JT1"], ["JT101"]),
        (["--select", "ALL", "--ignore", "JT1"], ["JT201"]),
        (["--ignore", "ALL", "--select", "JT103"], ["JT103"]),
        # ignore beats select at equal specificity
        (["--select", "JT101", "--ignore", "JT101"], []),
        (["--select", "JT2", "--extend-select", "JT103"], ["JT103", "JT201"]),
        (["--extend-select", "JT101", "--ignore", "JT1"], ["JT101", "JT201"]),
    ],
)
def test_selection(project, args, expected):
    r = run("check", *args, cwd=project)
    assert codes(r) == expected
    assert r.returncode == (1 if expected else 0)


def test_noqa_blanket(tmp_path):
    write(tmp_path, "m.py", FIRES.replace("x > 0]", "x > 0]  # noqa"))
    r = run("check", cwd=tmp_path)
    assert (r.returncode, codes_of(r)) == (0, [])


def test_noqa_with_matching_code(tmp_path):
    write(tmp_path, "m.py", FIRES.replace("x > 0]", "x > 0]  # noqa: JT101"))
    r = run("check", cwd=tmp_path)
    assert (r.returncode, codes_of(r)) == (0, [])


def test_noqa_with_code_list(tmp_path):
    # JT101 is suppressed; JT201 suppresses nothing on that line: JT001 says so, and its fix drops the code.
    write(tmp_path, "m.py", FIRES.replace("x > 0]", "x > 0]  # noqa: JT201, JT101"))
    r = run("check", cwd=tmp_path)
    assert (r.returncode, codes_of(r)) == (1, [("m.py", "JT001")])
    assert run("check", "--select", "JT1", cwd=tmp_path).returncode == 0  # JT001 not selected: not judged
    run("check", "--fix", cwd=tmp_path)
    assert "x > 0]  # noqa: JT101\n" in (tmp_path / "m.py").read_text()
    assert run("check", cwd=tmp_path).returncode == 0


def test_noqa_with_other_code_does_not_suppress(tmp_path):
    write(tmp_path, "m.py", FIRES.replace("x > 0]", "x > 0]  # noqa: JT999"))
    r = run("check", cwd=tmp_path)
    assert r.returncode == 1
    assert codes_of(r) == [("m.py", "JT101")]


def test_noqa_only_suppresses_its_line(tmp_path):
    src = TWO_RULES.replace("{1, 2, 3}", "{1, 2, 3}  # noqa: JT103")
    write(tmp_path, "m.py", src)
    r = run("check", cwd=tmp_path)
    assert codes_of(r) == [("m.py", "JT101")]


def test_add_noqa_suppresses_every_diagnostic_and_keeps_comments(tmp_path):
    src = (
        "import torch\n\n\n@torch.jit.script\ndef f(xs: list[int]) -> list[int]:\n"
        "    ys = [x for x in xs if x > 0]  # keep this\n"
        "    zs = [x for x in ys if x > 1]  # noqa: E501\n"
        "    s = f'''{[x for x in xs if x]}\n    '''\n"
        "    return zs\n"
    )
    write(tmp_path, "m.py", src)
    r = run("check", "--add-noqa", cwd=tmp_path)
    assert r.returncode == 0 and "Added 2 noqa directives." in r.stderr
    lines = (tmp_path / "m.py").read_text().splitlines()
    assert lines[5].endswith("]  # keep this  # noqa: JT101")
    assert lines[6].endswith("]  # noqa: E501, JT101")
    assert lines[7] == "    s = f'''{[x for x in xs if x]}"  # its end is inside a string: left alone, still reported
    assert codes_of(run("check", cwd=tmp_path)) == [("m.py", "JT101")]
    again = run("check", "--add-noqa", cwd=tmp_path)
    assert "Added 0 noqa directives." in again.stderr
    assert run("check", "--add-noqa", "--fix", cwd=tmp_path).returncode == 2


def test_add_noqa_extends_the_codes_not_the_words_after_them():
    from jitlint.add_noqa import add_noqa

    assert add_noqa(b"x = 1  # noqa: JT101  keep\n", [{"row": 1, "code": "JT201"}]) == (
        b"x = 1  # noqa: JT101, JT201  keep\n", 1)
