"""jitlint verify: mapping torch errors to rules and to `jitlint check` diagnostics (no torch needed)."""

from __future__ import annotations

from jitlint import api
from jitlint.verify.mapping import (
    MISS_TEXT,
    Failure,
    check_file,
    classify_check,
    first_error_line,
    location,
    map_error,
    match_diagnostic,
)

RULES = [
    {"code": "JT000", "name": "syntax-error", "torch_error": "SyntaxError"},
    {"code": "JT101", "name": "comprehension-if", "torch_error": "Comprehension ifs are not supported yet"},
    {"code": "JT103", "name": "set-literal-or-type", "torch_error": "Set aren't supported\nUnknown type name 'set'"},
    {
        "code": "JT201",
        "name": "modulelist-variable-index",
        "torch_error": "ModuleList/Sequential indexing is only supported with integer literals",
    },
    {"code": "JT203", "name": "module-value-call", "torch_error": ["cannot call a value of type"]},
    {"code": "JT999", "name": "no-text", "torch_error": ""},
    {"code": "JT998", "name": "generic", "torch_error": "is only supported"},
]

MODULELIST_ERROR = """
Expected integer literal for index but got a variable or non-integer. ModuleList/Sequential indexing is only
supported with integer literals. For example, 'i = 4; self.layers[i](x)' will fail because i is not a literal. Enumeration is supported, e.g. 'for index, v in enumerate(self): out = v(inp)':
  File "/work/model.py", line 14
    def forward(self, x):
        for i in range(len(self.layers)):
            x = self.layers[i](x)
                ~~~~~~~~~~~~~~ <--- HERE
        return x
"""

COMPREHENSION_ERROR = """Comprehension ifs are not supported yet:
  File "/work/model.py", line 28
    def forward(self, x):
        keep = [i for i in range(4) if i % 2 == 0]
"""

SAVE_ERROR = """
Could not export Python function call 'postprocess'. Remove calls to Python functions before export. Did you forget to add @script or @script_method annotation? If this is a nn.ModuleList, add it to __constants__:
  File "/work/model.py", line 17
    def forward(self, x):
        return self.postprocess(self.lin(x))
               ~~~~~~~~~~~~~~~~ <--- HERE
"""


def test_first_line_and_location():
    assert first_error_line(COMPREHENSION_ERROR) == "Comprehension ifs are not supported yet"
    assert first_error_line(MODULELIST_ERROR).startswith("Expected integer literal for index")
    assert location(MODULELIST_ERROR) == ("/work/model.py", 14)
    assert location("no excerpt here") == (None, None)


def test_map_error_longest_match_wins_and_wrapped_text_matches():
    # The message wraps between "only" and "supported": whitespace is normalised. "is only supported" (JT998)
    # matches too, but the longer JT201 text is the more specific rule.
    assert map_error(MODULELIST_ERROR, RULES) == {"code": "JT201", "name": "modulelist-variable-index"}
    assert map_error(COMPREHENSION_ERROR, RULES)["code"] == "JT101"


def test_map_error_alternatives_per_line_and_lists():
    assert map_error("Unknown type name 'set':\n  File \"a.py\", line 3\n", RULES)["code"] == "JT103"
    assert map_error("Set aren't supported:", RULES)["code"] == "JT103"
    assert map_error("cannot call a value of type Tensor", RULES)["code"] == "JT203"


def test_map_error_only_looks_at_the_message_not_the_excerpt():
    text = 'Some other error:\n  File "a.py", line 3\n    x = 1  # Comprehension ifs are not supported yet\n'
    assert map_error(text, RULES) is None
    assert map_error(SAVE_ERROR, RULES) is None
    assert map_error(MODULELIST_ERROR, []) is None


def test_match_diagnostic_same_line_or_same_rule_nearby():
    diagnostics = [{"code": "JT101", "row": 30, "column": 5}, {"code": "JT201", "row": 15, "column": 17}]
    assert match_diagnostic(30, None, diagnostics)["code"] == "JT101"
    assert match_diagnostic(14, "JT201", diagnostics)["code"] == "JT201"  # one line away, same rule
    assert match_diagnostic(14, "JT101", diagnostics) is None  # other rule, other line
    assert match_diagnostic(40, "JT101", diagnostics) is None  # same rule, too far
    # The JSON output's nested location works too.
    assert match_diagnostic(7, None, [{"code": "JT103", "location": {"row": 7, "column": 1}}]) is not None


def _failure(text: str, path: str | None) -> Failure:
    file, line = location(text)
    return Failure(stage="script", message=text, first_line=first_error_line(text), file=path, line=line, path=path)


ALL_CODES = frozenset(rule["code"] for rule in RULES)


def test_classify_check_reported_missed_ignored_outside_unavailable(tmp_path):
    model = tmp_path / "model.py"
    model.write_text("x = 1\n")
    checked = {str(model.resolve()): model}
    text = MODULELIST_ERROR.replace("/work/model.py", str(model))

    def check(diagnostics, selected=ALL_CODES):
        return lambda source, user_file, path: (diagnostics, selected)

    reported = _failure(text, str(model))
    reported.rule = map_error(text, RULES)
    classify_check(reported, checked, check([{"code": "JT201", "row": 14, "column": 17}]))
    assert reported.check == "reported"
    assert reported.check_detail == "reported by jitlint check (JT201 at 14:17)"

    missed = _failure(text, str(model))
    missed.rule = map_error(text, RULES)
    classify_check(missed, checked, check([{"code": "JT101", "row": 2, "column": 1}]))
    assert missed.check == "missed"
    assert missed.check_detail == MISS_TEXT
    assert "a jitlint bug" in MISS_TEXT

    # The user's configuration does not select the rule: `jitlint check` rightly stays silent, no jitlint bug.
    ignored = _failure(text, str(model))
    ignored.rule = map_error(text, RULES)
    classify_check(ignored, checked, check([], ALL_CODES - {"JT201"}))
    assert ignored.check == "ignored"
    assert ignored.check_detail == "not reported: JT201 is not selected for this file by its jitlint configuration"

    outside = _failure(text.replace(str(model), "/usr/lib/python3/site-packages/torch/nn/x.py"), "/nowhere/x.py")
    classify_check(outside, checked, check([]))
    assert outside.check == "outside"

    def no_engine(source, user_file, path):
        raise api.EngineError("the jitlint engine failed to load (jitlint._core: gone); reinstall jitlint")

    unavailable = _failure(text, str(model))
    classify_check(unavailable, checked, no_engine)
    assert unavailable.check == "unavailable"
    assert unavailable.check_detail == (
        "jitlint check unavailable: the jitlint engine failed to load (jitlint._core: gone); reinstall jitlint"
    )

    def broken(source, user_file, path):
        raise RuntimeError("engine crashed")

    crashed = _failure(text, str(model))
    classify_check(crashed, checked, broken)
    assert crashed.check == "unavailable" and "engine crashed" in crashed.check_detail


def test_check_file_uses_the_configuration_of_the_users_file(tmp_path):
    # The source torch compiled may be a fixed copy elsewhere: the rules are those of the user's file.
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.jitlint]\nignore = ["JT101"]\n')
    user_file = project / "model.py"
    source = (
        b"import torch\n\n\n@torch.jit.script\ndef f(xs: list[int]) -> list[int]:\n"
        b"    s = {1, 2}\n    return [x for x in xs if x > 0]\n"
    )
    diagnostics, selected = check_file(source, user_file)
    assert [d["code"] for d in diagnostics] == ["JT103"]
    assert "JT101" not in selected and "JT103" in selected
    diagnostics, selected = check_file(source, tmp_path / "elsewhere.py")  # no configuration: every rule
    assert sorted(d["code"] for d in diagnostics) == ["JT101", "JT103"]


def test_importing_verify_does_not_import_torch():
    import subprocess
    import sys

    code = (
        "import sys, jitlint.verify, jitlint.verify.cli, jitlint.verify.mapping, jitlint.verify.report, "
        "jitlint.verify.build\n"
        "import argparse; p = argparse.ArgumentParser(); jitlint.verify.add_arguments(p)\n"
        "assert 'torch' not in sys.modules, 'torch imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
