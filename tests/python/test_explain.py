"""`jitlint explain`: from a torch.jit error text to the rule, through the installed command."""

import subprocess
import sys

import pytest

from jitlint import _core

RULES = [r for r in _core.rules() if r["code"] != "JT000"]


def explain(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "jitlint", "explain", *args], input=stdin, capture_output=True,
                          text=True)


@pytest.mark.parametrize("rule", RULES, ids=[r["code"] for r in RULES])
def test_every_documented_error_text_names_its_rule(rule):
    for text in rule["torch_error"].splitlines():
        # As torch prints it: an empty first line, the message, then the source excerpt.
        error = f'\n{text}:\n  File "model.py", line 3\n    return x\n'
        r = explain(error)
        assert r.returncode == 0, r.stderr
        assert "Use instead:" in r.stdout
        if r.stdout.startswith(f"{rule['code']} {rule['name']}: {rule['summary']}\n"):
            assert r.stdout.rstrip().endswith(f"More: jitlint rule {rule['code']}")
        else:
            # A text other rules print too: the rule is named among them, and one of them explains it.
            shared = [line for line in r.stdout.splitlines() if line.startswith("Other rules that print this error:")]
            assert shared and f"{rule['code']} {rule['name']}" in shared[0], (text, r.stdout[:300])


def test_the_2_13_modulelist_text_reads_from_stdin():
    error = ("Expected integer literal for index but got a variable or non-integer. ModuleList/Sequential indexing "
             "is only supported with integer literals. For example, 'i = 4; self.layers[i](x)' will fail because "
             "i is not a literal.")
    r = explain("-", stdin=error)
    assert r.returncode == 0
    assert r.stdout.startswith("JT201 modulelist-variable-index:")


def test_an_unknown_error_exits_1_and_says_so():
    r = explain("RuntimeError: something else entirely")
    assert r.returncode == 1
    assert r.stdout.startswith("No jitlint rule matches: RuntimeError: something else entirely\n")
