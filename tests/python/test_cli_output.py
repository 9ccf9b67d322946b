"""Output formats of ``jitlint check``: concise, full, json, json-lines, sarif, github, statistics (golden files of
every format, junit and gitlab, and SARIF schema validation: test_output_formats.py)."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess

import pytest

from test_cli_support import (
    CLEAN,
    FIRES,
    FIRES_COL,
    FIRES_ROW,
    TWO_RULES,
    jitlint_cmd,
    run,
    write,
)


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "model.py", FIRES)
    write(tmp_path, "clean.py", CLEAN)
    return tmp_path


def test_concise_is_the_default_when_not_a_terminal(project):
    r = run("check", cwd=project)
    assert r.returncode == 1
    lines = r.lines
    assert len(lines) == 2, r.stdout
    assert lines[0].startswith(f"model.py:{FIRES_ROW}:{FIRES_COL}: JT101 ")
    assert lines[1].startswith("Found 1 error")
    assert r.stderr == ""


def test_concise_line_and_summary(project):
    r = run("check", "--output-format", "concise", "model.py", cwd=project)
    assert r.returncode == 1
    line, summary = r.lines
    head, message = line.split(" JT101 ", 1)
    assert head == f"model.py:{FIRES_ROW}:{FIRES_COL}:"
    assert message.strip() and not message.startswith(" ")
    fixable = message.startswith("[*] ")
    if fixable:
        assert summary == "Found 1 error (1 fixable with --fix)."
    else:
        assert summary == "Found 1 error."


def test_all_checks_passed(project):
    r = run("check", "--output-format", "concise", "clean.py", cwd=project)
    assert r.returncode == 0
    assert r.stdout == "All checks passed!\n"


def test_summary_counts_plural(tmp_path):
    write(tmp_path, "a.py", FIRES)
    write(tmp_path, "b.py", FIRES)
    r = run("check", "--output-format", "concise", cwd=tmp_path)
    assert r.returncode == 1
    assert [line.split(":")[0] for line in r.lines[:2]] == ["a.py", "b.py"]
    assert r.lines[2].startswith("Found 2 errors")


def test_quiet_prints_no_summary(project):
    r = run("check", "-q", "--output-format", "concise", "model.py", cwd=project)
    assert r.returncode == 1
    assert len(r.lines) == 1 and r.lines[0].startswith("model.py:")


def test_silent_prints_nothing(project):
    r = run("check", "--silent", "model.py", cwd=project)
    assert r.returncode == 1
    assert r.stdout == ""


def test_full_code_frame(project):
    r = run("check", "--output-format", "full", "model.py", cwd=project)
    assert r.returncode == 1
    lines = r.lines
    assert lines[0].startswith(f"model.py:{FIRES_ROW}:{FIRES_COL}: JT101 ")
    src = FIRES.splitlines()
    # context lines with a line-number gutter
    assert f"3 | {src[2]}" in lines
    assert f"4 | {src[3]}" in lines
    assert f"5 | {src[4]}" in lines
    caret_line = next(line for line in lines if "^" in line)
    assert caret_line.startswith("  | ")
    # the carets start exactly under the reported column
    assert caret_line.index("^") - len("  | ") == FIRES_COL - 1
    assert any(line.startswith("  = help: ") for line in lines)
    assert lines[-1].startswith("Found 1 error")


def test_full_underline_with_tabs_and_wide_characters(tmp_path):
    # a tab before the code and a wide (CJK) string before the comprehension on the same line
    src = (
        "import torch\n"
        "from torch import nn\n"
        "class M(nn.Module):\n"
        "\tdef forward(self, xs: list[int]) -> list[int]:\n"
        "\t\ts = '漢字'; return [x for x in xs if x > 0]\n"
    )
    write(tmp_path, "m.py", src)
    r = run("check", "--output-format", "full", "m.py", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.lines
    row_line = next(line for line in lines if line.startswith("5 | "))
    caret_line = next(line for line in lines if "^" in line)
    # tabs are expanded to spaces in the frame
    assert "\t" not in row_line
    assert row_line == "5 |         s = '漢字'; return [x for x in xs if x > 0]"
    # display width: each CJK character takes two columns, so the carets start under `[`
    shown = row_line[len("5 | "):]
    width_before_comprehension = 0
    for ch in shown[: shown.index("[")]:
        width_before_comprehension += 2 if ch in "漢字" else 1
    assert caret_line.index("^") - len("  | ") == width_before_comprehension
    # the header column counts characters (a tab is one)
    col = src.splitlines()[4].index("[") + 1
    assert lines[0].startswith(f"m.py:5:{col}: JT101")


def _run_on_terminal(cwd, *args, env=None):
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    try:
        proc = subprocess.run([*jitlint_cmd(), *args], cwd=cwd, stdout=slave, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, env=full_env, timeout=120)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", errors="replace")


def test_full_is_the_default_on_a_terminal(project):
    code, out = _run_on_terminal(project, "check", "model.py", env={"NO_COLOR": "1", "TERM": "xterm"})
    assert code == 1
    assert "\x1b[" not in out
    lines = out.replace("\r\n", "\n").splitlines()
    assert lines[0].startswith(f"model.py:{FIRES_ROW}:{FIRES_COL}: JT101 ")
    assert "^" in out and "= help:" in out, out


def test_colors_on_a_terminal_only(project):
    code, out = _run_on_terminal(project, "check", "model.py", env={"TERM": "xterm"})
    assert code == 1
    assert "\x1b[" in out and "= help:" in out
    piped = run("check", "--output-format", "full", "model.py", cwd=project)
    assert "\x1b[" not in piped.stdout
    forced = run("check", "--output-format", "full", "model.py", cwd=project, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout


def test_json(project):
    r = run("check", "--output-format", "json", cwd=project)
    assert r.returncode == 1
    items = json.loads(r.stdout)
    assert isinstance(items, list) and len(items) == 1
    d = items[0]
    assert set(d) >= {"code", "name", "message", "severity", "url", "filename", "location", "end_location",
                      "noqa_row", "fix"}
    assert d["code"] == "JT101"
    assert d["name"] == "comprehension-if"
    assert d["severity"] == "error"
    assert d["url"] is None or "JT101" in d["url"]
    assert os.path.isabs(d["filename"]) and d["filename"].endswith("model.py")
    assert d["location"] == {"row": FIRES_ROW, "column": FIRES_COL}
    assert d["end_location"]["row"] >= FIRES_ROW
    assert d["end_location"]["column"] > 0
    assert d["noqa_row"] == FIRES_ROW
    if d["fix"] is not None:
        assert d["fix"]["applicability"] in ("safe", "unsafe", "display-only")
        for edit in d["fix"]["edits"]:
            assert set(edit) == {"content", "location", "end_location"}
    # no summary text mixed into machine output
    assert "Found" not in r.stdout


def test_json_clean_is_an_empty_array(project):
    r = run("check", "--output-format", "json", "clean.py", cwd=project)
    assert r.returncode == 0
    assert json.loads(r.stdout) == []


def test_json_lines(tmp_path):
    write(tmp_path, "a.py", TWO_RULES)
    write(tmp_path, "b.py", FIRES)
    r = run("check", "--output-format", "json-lines", cwd=tmp_path)
    assert r.returncode == 1
    objs = [json.loads(line) for line in r.lines]
    assert len(objs) == 3
    assert [(os.path.basename(o["filename"]), o["code"]) for o in objs] == [
        ("a.py", "JT103"), ("a.py", "JT101"), ("b.py", "JT101")]
    assert all(o["severity"] == "error" for o in objs)


def test_sarif(project):
    r = run("check", "--output-format", "sarif", cwd=project)
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0"
    assert "sarif-2.1.0" in doc["$schema"]
    (run0,) = doc["runs"]
    driver = run0["tool"]["driver"]
    assert driver["name"] == "jitlint"
    assert driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {"JT101"}  # the rules that have results
    jt101 = rules["JT101"]
    assert jt101["shortDescription"]["text"]
    assert jt101["help"]["markdown"].startswith("# JT101 comprehension-if")
    assert jt101["helpUri"] == "docs/rules/JT101.md"
    assert len(jt101["fullDescription"]["text"]) > len(jt101["shortDescription"]["text"])
    (result,) = run0["results"]
    assert result["ruleId"] == "JT101"
    assert result["level"] == "error"
    assert result["message"]["text"]
    assert driver["rules"][result["ruleIndex"]]["id"] == "JT101"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "model.py"
    region = loc["region"]
    assert region["startLine"] == FIRES_ROW
    assert region["startColumn"] == FIRES_COL
    assert region["endLine"] >= region["startLine"]
    assert region["endColumn"] >= 1


def test_github(project):
    r = run("check", "--output-format", "github", "model.py", cwd=project)
    assert r.returncode == 1
    (line,) = r.lines
    assert line.startswith(
        f"::error title=jitlint (JT101),file=model.py,line={FIRES_ROW},col={FIRES_COL},endLine=")
    props, message = line[len("::error "):].split("::", 1)
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert int(fields["endLine"]) >= FIRES_ROW and int(fields["endColumn"]) >= 1
    assert message.startswith("JT101 ")


def test_output_file(project):
    r = run("check", "--output-format", "json", "-o", "report.json", cwd=project)
    assert r.returncode == 1
    assert r.stdout == ""
    assert json.loads((project / "report.json").read_text())[0]["code"] == "JT101"


def test_statistics(tmp_path):
    write(tmp_path, "a.py", TWO_RULES)
    write(tmp_path, "b.py", FIRES)
    r = run("check", "--statistics", "--output-format", "concise", cwd=tmp_path)
    assert r.returncode == 1
    rows = [line.split("\t") for line in r.lines if "\t" in line]
    assert [(row[0].strip(), row[1].strip()) for row in rows] == [("2", "JT101"), ("1", "JT103")]
    assert rows[0][2].endswith("comprehension-if")
    assert rows[1][2].endswith("set-literal-or-type")
    assert r.lines[-1].startswith("Found 3 errors")
    # no per-diagnostic lines
    assert not any(line.startswith("a.py:") for line in r.lines)


def test_statistics_json(tmp_path):
    write(tmp_path, "a.py", TWO_RULES)
    r = run("check", "--statistics", "--output-format", "json", cwd=tmp_path)
    assert r.returncode == 1
    stats = json.loads(r.stdout)
    assert {(s["code"], s["name"], s["count"]) for s in stats} == {
        ("JT101", "comprehension-if", 1), ("JT103", "set-literal-or-type", 1)}
    assert all(isinstance(s["fixable"], bool) for s in stats)


def test_full_with_bom_and_crlf(tmp_path):
    write(tmp_path, "m.py", b"\xef\xbb\xbf" + FIRES.replace("\n", "\r\n").encode())
    r = run("check", "--output-format", "full", "m.py", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.lines
    # the BOM is not a character: same position as without it
    assert lines[0].startswith(f"m.py:{FIRES_ROW}:{FIRES_COL}: JT101 ")
    assert "\r" not in r.stdout and "\ufeff" not in r.stdout
    assert "3 | class M(nn.Module):" in lines
    caret_line = next(line for line in lines if "^" in line)
    assert caret_line.index("^") - len("  | ") == FIRES_COL - 1


def test_full_multiline_span_underlines_to_end_of_first_line(tmp_path):
    src = FIRES.replace("return [x for x in xs if x > 0]",
                        "return [x for x in xs\n                if x > 0 and\n                x < 10]")
    write(tmp_path, "m.py", src)
    r = run("check", "--output-format", "full", "m.py", cwd=tmp_path)
    lines = r.lines
    assert lines[0].startswith("m.py:5:16: JT101 ")
    i = lines.index("5 |         return [x for x in xs")
    assert lines[i + 1] == "  |                " + "^" * len("[x for x in xs") + " JT101"
    assert lines[i + 2] == "6 |                 if x > 0 and"
    assert lines[i + 3] == "7 |                 x < 10]"


def test_progress_bar_only_on_a_terminal_and_only_after_a_second():
    from jitlint import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress.terminal_progress(io.StringIO()) is None  # piped: nothing
    quick = Terminal()
    bar = progress.terminal_progress(quick)
    bar(3, 10)
    bar(10, 10)
    assert quick.getvalue() == ""  # ended within the first second
    slow = Terminal()
    bar = progress.terminal_progress(slow)
    bar._started -= progress.DELAY_S  # as if a second had passed
    bar(3, 10)
    bar(10, 10)
    bar(10, 10)  # the engine's last call after the end: nothing more
    assert "checking" in slow.getvalue() and "3/10" in slow.getvalue()
