"""Configuration files: discovery, keys, precedence (CLI wins), errors."""

from __future__ import annotations

import json

import pytest

from test_cli_support import FIRES, MODULELIST, TWO_RULES, codes_of, run, write


def codes(r):
    return sorted({c for _, c in codes_of(r)})


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "a.py", TWO_RULES)  # JT103 + JT101
    write(tmp_path, "b.py", MODULELIST)  # JT201
    return tmp_path


def test_pyproject_select(project):
    write(project, "pyproject.toml", '[project]\nname = "x"\n\n[tool.jitlint]\nselect = ["JT1"]\n')
    assert codes(run("check", cwd=project)) == ["JT101", "JT103"]


def test_pyproject_without_table_is_skipped(project):
    write(project, "jitlint.toml", 'ignore = ["JT2"]\n')  # same folder: .jitlint.toml > jitlint.toml > pyproject
    write(project, "sub/pyproject.toml", '[project]\nname = "x"\n')
    write(project, "sub/c.py", MODULELIST)
    write(project, "sub/d.py", FIRES)
    # sub/pyproject.toml has no [tool.jitlint]: the parent's jitlint.toml applies there
    r = run("check", "sub", cwd=project)
    assert codes(r) == ["JT101"]


def test_jitlint_toml_and_dot_jitlint_toml(project):
    write(project, "jitlint.toml", 'select = ["JT2"]\n')
    assert codes(run("check", cwd=project)) == ["JT201"]
    write(project, ".jitlint.toml", 'select = ["JT103"]\n')
    assert codes(run("check", cwd=project)) == ["JT103"]


def test_nearest_config_wins(project):
    write(project, "pyproject.toml", '[tool.jitlint]\nselect = ["JT1"]\n')
    write(project, "sub/jitlint.toml", 'select = ["JT2"]\n')
    write(project, "sub/c.py", MODULELIST)
    write(project, "sub/d.py", FIRES)
    r = run("check", cwd=project)
    assert sorted(codes_of(r)) == sorted([("a.py", "JT101"), ("a.py", "JT103"), ("sub/c.py", "JT201")])


def test_cli_wins_over_config(project):
    write(project, "pyproject.toml", '[tool.jitlint]\nselect = ["JT1"]\nignore = ["JT103"]\n')
    assert codes(run("check", cwd=project)) == ["JT101"]
    assert codes(run("check", "--select", "JT2", cwd=project)) == ["JT201"]
    assert codes(run("check", "--extend-select", "JT103", cwd=project)) == ["JT101", "JT103"]
    assert codes(run("check", "--ignore", "JT101", cwd=project)) == []


def test_extend_select_in_config(project):
    write(project, "jitlint.toml", 'select = ["JT2"]\nextend-select = ["JT101"]\n')
    assert codes(run("check", cwd=project)) == ["JT101", "JT201"]


def test_per_file_ignores(project):
    write(project, "jitlint.toml", '[per-file-ignores]\n"a.py" = ["JT1"]\n"tests/*" = ["ALL"]\n')
    write(project, "tests/t.py", FIRES)
    write(project, "pkg/a.py", FIRES)  # a bare name matches at any depth, like .gitignore
    r = run("check", cwd=project)
    assert sorted(codes_of(r)) == [("b.py", "JT201")]


def test_exclude_and_extend_exclude(project):
    write(project, "generated/g.py", FIRES)
    write(project, "vendor/v.py", FIRES)
    write(project, "jitlint.toml", 'extend-exclude = ["generated", "b.py"]\n')
    r = run("check", cwd=project)
    assert sorted({p for p, _ in codes_of(r)}) == ["a.py", "vendor/v.py"]


def test_exclude_replaces_the_defaults(project):
    write(project, "build/x.py", FIRES)
    write(project, "vendor/v.py", FIRES)
    write(project, "jitlint.toml", 'exclude = ["vendor"]\n')
    r = run("check", cwd=project)
    assert sorted({p for p, _ in codes_of(r)}) == ["a.py", "b.py", "build/x.py"]


def test_output_format_from_config(project):
    write(project, "jitlint.toml", 'output-format = "json"\n')
    r = run("check", "b.py", cwd=project)
    assert json.loads(r.stdout)[0]["code"] == "JT201"
    r = run("check", "--output-format", "concise", "b.py", cwd=project)
    assert r.lines[0].startswith("b.py:")


def test_explicit_config_file(project):
    write(project, "pyproject.toml", '[tool.jitlint]\nselect = ["JT1"]\n')
    write(project, "conf/strict.toml", 'select = ["JT201"]\n')
    assert codes(run("check", "--config", "conf/strict.toml", cwd=project)) == ["JT201"]


def test_config_inline_override(project):
    write(project, "pyproject.toml", '[tool.jitlint]\nselect = ["JT1"]\n')
    assert codes(run("check", "--config", "select = ['JT201']", cwd=project)) == ["JT201"]


def test_isolated_ignores_config(project):
    write(project, "pyproject.toml", '[tool.jitlint]\nselect = ["JT1"]\n')
    assert codes(run("check", "--isolated", cwd=project)) == ["JT101", "JT103", "JT201"]


def test_unknown_key(project):
    cfg = write(project, "pyproject.toml", '[tool.jitlint]\nselct = ["JT1"]\n')
    r = run("check", cwd=project)
    assert r.returncode == 2
    assert r.error_lines == [f"jitlint: error: {cfg}: unknown key 'tool.jitlint.selct'"]
    assert r.stdout == ""


def test_bad_value_type(project):
    cfg = write(project, "jitlint.toml", 'select = "JT1"\nunsafe-fixes = "yes"\n')
    r = run("check", cwd=project)
    assert r.returncode == 2
    assert r.error_lines == [f"jitlint: error: {cfg}: unsafe-fixes: expected true or false"]


def test_python_must_name_an_interpreter(project):
    cfg = write(project, "jitlint.toml", 'python = 3\n')
    r = run("check", cwd=project)
    assert r.returncode == 2
    assert r.error_lines == [f"jitlint: error: {cfg}: python: expected the path of a Python interpreter"]


def test_unknown_selector_in_config(project):
    cfg = write(project, "jitlint.toml", 'ignore = ["JT1", "JT998"]\n')
    r = run("check", cwd=project)
    assert r.returncode == 2
    assert r.error_lines == [f"jitlint: error: {cfg}: ignore: unknown rule selector 'JT998'"]


def test_invalid_toml(project):
    cfg = write(project, "jitlint.toml", "select = [\n")
    r = run("check", cwd=project)
    assert r.returncode == 2
    (err,) = r.error_lines
    assert err.startswith(f"jitlint: error: {cfg}: invalid TOML")


def test_missing_config_file(project):
    r = run("check", "--config", "nope.toml", cwd=project)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: --config: nope.toml: No such file"]


def test_show_settings_says_what_applies_and_where_it_comes_from(tmp_path):
    write(tmp_path, "pyproject.toml",
          '[tool.jitlint]\nignore = ["JT201"]\nunsafe-fixes = true\n'
          '[tool.jitlint.per-file-ignores]\n"pkg/*.py" = ["JT101"]\n')
    write(tmp_path, "pkg/m.py", "x = 1\n")
    r = run("check", "--show-settings", "pkg/m.py", "--select", "JT1,JT2", "--config", 'output-format="json"',
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Settings for pkg/m.py"
    assert lines[1] == f"  configuration file: {tmp_path / 'pyproject.toml'}"
    shown = dict(zip(lines[2::2], lines[3::2]))
    # `--select` starts the selection afresh (the file's `ignore` no longer applies); per-file-ignores still do.
    rules = next(v for k, v in shown.items() if k.startswith("  select / extend-select / ignore: "))
    assert rules == "      from: select: command line"
    selected = next(k for k in shown if k.startswith("  select /")).split(": ", 1)[1]
    assert "JT201" in selected and "JT101" not in selected and "JT102" in selected
    assert shown["  output-format: json"] == "      from: --config"
    assert shown["  unsafe-fixes: true"] == f"      from: {tmp_path / 'pyproject.toml'}"
    assert shown["  per-file-ignores: pkg/*.py -> JT101"] == f"      from: {tmp_path / 'pyproject.toml'}"
    plain = run("check", "--show-settings", "pkg/m.py", cwd=tmp_path).stdout
    assert f"      from: ignore: {tmp_path / 'pyproject.toml'}" in plain and "JT201" not in plain.split("fixable")[0]
    isolated = run("check", "--show-settings", "pkg/m.py", "--isolated", cwd=tmp_path)
    assert "  configuration file: none: --isolated" in isolated.stdout
    assert run("check", "--show-settings", "pkg", cwd=tmp_path).returncode == 2  # one file, not a folder
