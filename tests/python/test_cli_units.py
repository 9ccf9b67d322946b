"""In-process tests of the CLI's pure-Python parts, for what the engine cannot produce yet (fixes of every
applicability) and for exact formatting: summaries, markers, SARIF fixes, escaping, selection layers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jitlint.output import Diagnostic, Report, emitter
from jitlint.output import fingerprint, github, gitlab, junit, sarif
from jitlint.output import text as text_out
from jitlint.selection import SelectionLayer, SelectorError, parse_selector_list, resolve

CODES = ["JT000", "JT101", "JT102", "JT103", "JT104", "JT201", "JT202", "JT203"]
RULES = {c: {"code": c, "name": f"rule-{c}", "summary": f"summary of {c}", "doc": f"# doc of {c}\n\nlong text",
             "family": "f", "phase": "frontend", "fix": "sometimes"} for c in CODES}


def diag(code="JT101", row=5, col=31, fix=None, applicable=False, hidden=False, display="m.py", message="msg"):
    d = Diagnostic(code=code, name=RULES[code]["name"], message=message, row=row, column=col, end_row=row,
                   end_column=col + 2, noqa_row=row, help=None, fix=fix, path=Path("/p") / display,
                   display=display)
    d.applicable = applicable
    d.hidden_unsafe = hidden
    return d


SAFE = {"applicability": "safe", "message": "Rewrite as a loop",
        "edits": [{"content": "new", "row": 5, "column": 9, "end_row": 5, "end_column": 40}]}
UNSAFE = {"applicability": "unsafe", "message": "Use a dict", "edits": [
    {"content": "x", "row": 2, "column": 1, "end_row": 2, "end_column": 3}]}
DISPLAY = {"applicability": "display-only", "message": "Consider a loop", "edits": []}


def report(*diags, **kw):
    return Report(diagnostics=list(diags), sources={}, rules=RULES, version="9.9", cwd=Path("/p"), **kw)


def render(fmt, rep):
    buf = io.StringIO()
    emitter(fmt)(rep, buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    "diags, kw, expected",
    [
        ([], {}, "All checks passed!"),
        ([diag()], {}, "Found 1 error."),
        ([diag(), diag(row=6)], {}, "Found 2 errors."),
        ([diag(fix=SAFE, applicable=True), diag(row=6)], {}, "Found 2 errors (1 fixable with --fix)."),
        ([diag(fix=UNSAFE, hidden=True)], {}, "Found 1 error (1 hidden fix can be enabled with --unsafe-fixes)."),
        ([diag(fix=SAFE, applicable=True), diag(fix=UNSAFE, hidden=True), diag(fix=UNSAFE, hidden=True)], {},
         "Found 3 errors (1 fixable with --fix, 2 hidden fixes can be enabled with --unsafe-fixes)."),
        ([diag()], {"fixed": {"m.py": {"JT101": 2}}, "fix_mode": True}, "Found 3 errors (2 fixed, 1 remaining)."),
        ([], {"fixed": {"m.py": {"JT101": 1}}, "fix_mode": True}, "Found 1 error (1 fixed, 0 remaining)."),
        ([], {"unchecked": 2}, "Found 0 errors (2 paths could not be checked)."),
    ],
)
def test_summary(diags, kw, expected):
    assert text_out.summary(report(*diags, **kw)) == expected


def test_concise_marks_applicable_fixes_only():
    out = render("concise", report(diag(fix=SAFE, applicable=True), diag(row=6, fix=UNSAFE, hidden=True),
                                   diag(row=7, fix=DISPLAY)))
    assert out.splitlines() == ["m.py:5:31: JT101 [*] msg", "m.py:6:31: JT101 msg", "m.py:7:31: JT101 msg"]


def test_full_notes_for_fixes():
    src = "\n".join(f"line {i}" for i in range(1, 10)).encode()
    rep = report(diag(row=5, col=1, fix=UNSAFE, hidden=True))
    rep.sources["m.py"] = src
    out = render("full", rep)
    assert "  = help: summary of JT101" in out
    assert "  = fix: Use a dict" in out
    assert "unsafe fix" in out and "--unsafe-fixes" in out


def test_full_gutter_width_for_long_files():
    src = "\n".join(f"line {i}" for i in range(1, 120)).encode()
    rep = report(diag(row=100, col=1))
    rep.sources["m.py"] = src
    lines = render("full", rep).splitlines()
    assert lines[1] == "    |"
    assert " 98 | line 98" in lines and "100 | line 100" in lines
    assert lines[lines.index("100 | line 100") + 1] == "    | ^^ JT101"
    assert "    = help: summary of JT101" in lines


def test_statistics_marks_fixable_rules():
    rep = report(diag(fix=SAFE, applicable=True), diag(row=6, fix=SAFE, applicable=True), diag(code="JT201"))
    buf = io.StringIO()
    text_out.emit_statistics(rep, buf, "text")
    assert buf.getvalue().splitlines() == ["2\tJT101\t[*] rule-JT101", "1\tJT201\t[ ] rule-JT201"]


def test_fix_summary():
    rep = report(fixed={"b.py": {"JT101": 2}, "a.py": {"JT103": 1}}, fix_mode=True)
    assert text_out.fix_summary(rep).splitlines() == [
        "Fixed 3 errors:", "- a.py:", "    1 \u00d7 JT103 (rule-JT103)", "- b.py:", "    2 \u00d7 JT101 (rule-JT101)"]


def test_json_fix_edits():
    (obj,) = json.loads(render("json", report(diag(fix=SAFE, applicable=True))))
    assert obj["fix"] == {"applicability": "safe", "message": "Rewrite as a loop", "edits": [
        {"content": "new", "location": {"row": 5, "column": 9}, "end_location": {"row": 5, "column": 40}}]}
    assert obj["filename"] == "/p/m.py"


def test_sarif_fixes_and_rules():
    doc = json.loads(render("sarif", report(diag(fix=SAFE, applicable=True), diag(row=7, fix=DISPLAY))))
    run = doc["runs"][0]
    # only the rules that have results, with their doc and documentation page
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == "JT101"
    assert rule["shortDescription"]["text"] == "summary of JT101"
    assert rule["fullDescription"]["text"] == "# doc of JT101\n\nlong text"
    assert rule["help"]["markdown"].startswith("# JT101 rule-JT101\n\n*Family:* f")
    assert rule["help"]["markdown"].endswith("summary of JT101.\n\n# doc of JT101\n\nlong text\n")
    assert rule["helpUri"] == "docs/rules/JT101.md"
    assert all(r["ruleIndex"] == 0 for r in run["results"])
    first, second = run["results"]
    (fix,) = first["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "m.py"
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 5, "startColumn": 9, "endLine": 5, "endColumn": 40},
        "insertedContent": {"text": "new"}}]
    assert "fixes" not in second  # display-only fixes are not offered


def _fingerprint_report(source: bytes, *diags):
    rep = report(*diags)
    rep.sources = {"m.py": source}
    return rep


def test_fingerprints_ignore_line_numbers_and_indentation():
    before = _fingerprint_report(b"a\n  bad line\n", diag(row=2))
    after = _fingerprint_report(b"a\nb\nc\n      bad line\n", diag(row=4))
    assert fingerprint.fingerprints(before) == fingerprint.fingerprints(after)
    assert len(fingerprint.fingerprints(before)[0]) == 32
    # another rule, another file or another line text: another fingerprint
    other_code = _fingerprint_report(b"a\n  bad line\n", diag(code="JT103", row=2))
    other_text = _fingerprint_report(b"a\n  bad lines\n", diag(row=2))
    moved = _fingerprint_report(b"a\n  bad line\n", diag(row=2, display="n.py"))
    moved.sources = {"n.py": b"a\n  bad line\n"}
    prints = {fingerprint.fingerprints(r)[0] for r in (before, other_code, other_text, moved)}
    assert len(prints) == 4


def test_fingerprints_count_identical_lines():
    rep = _fingerprint_report(b"bad\nbad\n", diag(row=1), diag(row=2), diag(code="JT103", row=2))
    first, second, other = fingerprint.fingerprints(rep)
    assert len({first, second, other}) == 3
    # one of two identical lines removed: the remaining one keeps the first occurrence's fingerprint
    assert fingerprint.fingerprints(_fingerprint_report(b"bad\n", diag(row=1))) == [first]
    sarif_result = json.loads(render("sarif", rep))["runs"][0]["results"][1]
    assert sarif_result["partialFingerprints"] == {"jitlint/v1": second}


def test_gitlab_issue():
    rep = _fingerprint_report(b"a\nb\nc\nd\nbad\n", diag(message="bad thing"))
    (issue,) = json.loads(render("gitlab", rep))
    assert issue == {
        "description": "JT101 bad thing",
        "check_name": "JT101",
        "fingerprint": fingerprint.fingerprints(rep)[0],
        "severity": "major",
        "location": {"path": "m.py", "lines": {"begin": 5, "end": 5}},
    }


def test_gitlab_paths_are_relative_to_the_ci_project_dir(monkeypatch):
    d = diag(display="sub/m.py")
    monkeypatch.setenv("CI_PROJECT_DIR", "/")
    (issue,) = json.loads(render("gitlab", report(d)))
    assert issue["location"]["path"] == "p/sub/m.py"
    monkeypatch.delenv("CI_PROJECT_DIR")
    (issue,) = json.loads(render("gitlab", report(d)))
    assert issue["location"]["path"] == "sub/m.py"
    assert gitlab.SEVERITY == "major"


def test_junit_one_testcase_per_file():
    import xml.etree.ElementTree as ET

    rep = report(diag(message="bad <thing> & \x01"), diag(row=7), diag(display="n.py"),
                 files=["clean.py", "m.py", "n.py"], file_errors=[("gone.py", "No such file or directory")])
    text = render("junit", rep)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "1")
    (suite,) = root
    cases = {c.get("name"): c for c in suite}
    assert list(cases) == ["clean.py", "m.py", "n.py", "gone.py"]
    assert list(cases["clean.py"]) == []
    failures = cases["m.py"].findall("failure")
    assert [f.get("type") for f in failures] == ["JT101", "JT101"]
    assert failures[0].get("message") == "JT101 bad <thing> & \ufffd"
    assert failures[1].text == "m.py:7:31: JT101 msg"
    (error,) = cases["gone.py"]
    assert error.tag == "error" and error.get("message") == "No such file or directory"
    assert junit.emit is emitter("junit")


def test_sarif_uri_outside_cwd_is_a_file_uri():
    d = diag()
    d.path = Path("/elsewhere/m.py")
    assert sarif.artifact_uri(d, Path("/p")) == "file:///elsewhere/m.py"


def test_github_escaping():
    d = diag(message="bad 100%\nsecond line", display="dir,x/a:b.py")
    out = render("github", report(d))
    assert out == ("::error title=jitlint (JT101),file=dir%2Cx/a%3Ab.py,line=5,col=31,endLine=5,endColumn=33"
                   "::JT101 bad 100%25%0Asecond line\n")
    assert github.escape_property("a,b:c") == "a%2Cb%3Ac"


@pytest.mark.parametrize(
    "line, shown, starts",
    [
        ("a\tb", "a   b", [0, 1, 4, 5]),
        ("\t\tx", "        x", [0, 4, 8, 9]),
        ("漢x", "漢x", [0, 2, 3]),
        ("e\u0301x", "e\u0301x", [0, 1, 1, 2]),  # combining accent takes no column
    ],
)
def test_render_line(line, shown, starts):
    assert text_out.render_line(line) == (shown, starts)


def _sel(*values):
    return parse_selector_list(values, CODES)


@pytest.mark.parametrize(
    "layers, expected",
    [
        ([SelectionLayer(select=_sel("JT1"), ignore=_sel("JT101"))], {"JT102", "JT103", "JT104"}),
        ([SelectionLayer(select=_sel("JT101"), ignore=_sel("JT1"))], {"JT101"}),
        ([SelectionLayer(select=_sel("JT101"), ignore=_sel("JT101"))], set()),
        # a later layer with select replaces; one with only ignore/extend-select adjusts
        ([SelectionLayer(select=_sel("JT1")), SelectionLayer(select=_sel("JT2"))], {"JT201", "JT202", "JT203"}),
        ([SelectionLayer(select=_sel("JT1")), SelectionLayer(extend_select=_sel("JT201"))],
         {"JT101", "JT102", "JT103", "JT104", "JT201"}),
        ([SelectionLayer(select=_sel("JT1"), ignore=_sel("JT102")), SelectionLayer(ignore=_sel("JT103"))],
         {"JT101", "JT104"}),
        ([SelectionLayer(ignore=_sel("ALL")), SelectionLayer(extend_select=_sel("JT20"))],
         {"JT201", "JT202", "JT203"}),
    ],
)
def test_resolve_layers(layers, expected):
    assert set(resolve(layers, CODES)) == expected


@pytest.mark.parametrize("bad", ["JT999", "JT3", "XX", "JT1000", "F401", ""])
def test_unknown_selectors(bad):
    if not bad:
        assert parse_selector_list([""], CODES) == []
        return
    with pytest.raises(SelectorError, match="unknown rule selector"):
        parse_selector_list([bad], CODES)
