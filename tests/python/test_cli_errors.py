"""Exit codes and bad input: 0 clean, 1 diagnostics, 2 usage/config/IO errors; one line per error."""

from __future__ import annotations

import os
import sys

import pytest

from test_cli_support import CLEAN, FIRES, SYNTAX_ERROR, codes_of, jitlint_cmd, run, write


def test_exit_0_when_clean(tmp_path):
    write(tmp_path, "ok.py", CLEAN)
    r = run("check", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")


def test_exit_1_with_diagnostics(tmp_path):
    write(tmp_path, "bad.py", FIRES)
    r = run("check", cwd=tmp_path)
    assert r.returncode == 1
    assert codes_of(r) == [("bad.py", "JT101")]


def test_exit_zero_flag(tmp_path):
    write(tmp_path, "bad.py", FIRES)
    r = run("check", "--exit-zero", cwd=tmp_path)
    assert r.returncode == 0
    assert codes_of(r) == [("bad.py", "JT101")]


def test_missing_path_is_an_error_but_other_files_are_checked(tmp_path):
    write(tmp_path, "bad.py", FIRES)
    r = run("check", "nope.py", "bad.py", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: nope.py: No such file or directory"]
    assert codes_of(r) == [("bad.py", "JT101")]


def test_exit_2_wins_over_clean(tmp_path):
    write(tmp_path, "ok.py", CLEAN)
    r = run("check", "--output-format", "concise", "ok.py", "missing_dir", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: missing_dir: No such file or directory"]
    # the summary does not claim that everything passed
    assert r.stdout == "Found 0 errors (1 path could not be checked).\n"


def test_not_utf8(tmp_path):
    write(tmp_path, "latin1.py", "x = 'caf\xe9'\n".encode("latin-1"))
    write(tmp_path, "bad.py", FIRES)
    r = run("check", cwd=tmp_path)
    assert r.returncode == 2
    (err,) = r.error_lines
    assert err.startswith("jitlint: error: latin1.py: ")
    assert "UTF-8" in err
    assert codes_of(r) == [("bad.py", "JT101")]


def test_binary_file(tmp_path):
    write(tmp_path, "blob.py", b"\x00\x01\x02binary\x00" * 10)
    r = run("check", "blob.py", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: blob.py: binary file"]


def _can_block_reads(path) -> bool:
    os.chmod(path, 0)
    try:
        with open(path, "rb"):
            return False
    except PermissionError:
        return True


def test_unreadable_file(tmp_path):
    f = write(tmp_path, "secret.py", FIRES)
    write(tmp_path, "bad.py", FIRES)
    try:
        if not _can_block_reads(f):
            pytest.skip("running as a user (root) whose reads chmod 000 does not block")
        r = run("check", cwd=tmp_path)
    finally:
        os.chmod(f, 0o644)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: secret.py: Permission denied"]
    assert codes_of(r) == [("bad.py", "JT101")]


def test_folder_without_python_files(tmp_path):
    write(tmp_path, "docs/readme.txt", "hello\n")
    r = run("check", "docs", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines == ["jitlint: error: docs: no Python files found"]


def test_syntax_error_is_a_diagnostic(tmp_path):
    write(tmp_path, "broken.py", SYNTAX_ERROR)
    r = run("check", "--output-format", "concise", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == ""
    assert codes_of(r) == [("broken.py", "JT000")]


def test_syntax_error_is_reported_even_when_not_selected(tmp_path):
    write(tmp_path, "broken.py", SYNTAX_ERROR)
    r = run("check", "--select", "JT201", cwd=tmp_path)
    assert r.returncode == 1
    assert [c for _, c in codes_of(r)] == ["JT000"]


def test_unknown_selector(tmp_path):
    write(tmp_path, "bad.py", FIRES)
    r = run("check", "--select", "JT999", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines[-1] == "jitlint: error: --select: unknown rule selector 'JT999'"
    assert r.stdout == ""


@pytest.mark.parametrize("flag", ["--ignore", "--extend-select"])
def test_unknown_selector_other_flags(tmp_path, flag):
    write(tmp_path, "bad.py", FIRES)
    r = run("check", flag, "JT1,XYZ", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines[-1] == f"jitlint: error: {flag}: unknown rule selector 'XYZ'"


def test_unknown_option_is_a_usage_error(tmp_path):
    r = run("check", "--no-such-flag", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines[-1].startswith("jitlint: error: ")
    assert "--no-such-flag" in r.error_lines[-1]


def test_no_command_prints_help_and_exits_2(tmp_path):
    r = run(cwd=tmp_path)
    assert r.returncode == 2
    assert "check" in r.stderr and "rule" in r.stderr


def test_version(tmp_path):
    r = run("--version", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout.startswith("jitlint ") and len(r.stdout.split()) == 2


def test_python_dash_m(tmp_path):
    import subprocess

    write(tmp_path, "bad.py", FIRES)
    proc = subprocess.run([sys.executable, "-m", "jitlint", "check", "bad.py"], cwd=tmp_path,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    assert proc.stdout.startswith("bad.py:5:")


def test_check_and_rule_never_import_torch(tmp_path):
    # a `torch` that explodes on import: check/fix/rule must not touch it
    write(tmp_path, "poison/torch/__init__.py", "raise RuntimeError('torch was imported')\n")
    write(tmp_path, "proj/bad.py", FIRES)
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path / "poison"), os.environ.get("PYTHONPATH")]))}
    for args in (["check", "bad.py"], ["fix", "bad.py"], ["rule", "JT101"], ["rule", "--all"]):
        r = run(*args, cwd=tmp_path / "proj", env=env)
        assert "torch was imported" not in r.stderr, (args, r.stderr)
        assert r.returncode in (0, 1), (args, r.stderr)


def test_broken_pipe_is_quiet(tmp_path):
    import subprocess

    for i in range(200):
        write(tmp_path, f"m{i:03}.py", FIRES)
    proc = subprocess.Popen([*jitlint_cmd(), "check", "--output-format", "full"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr


# Run the CLI with an engine that is missing (None in sys.modules) or that fails as a broken build does while it
# loads (an ImportError from the dynamic loader).
BROKEN_ENGINES = {
    "missing": "sys.modules['jitlint._core'] = None",
    "broken": (
        "class Broken:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'jitlint._core':\n"
        "            raise ImportError('_core.so: undefined symbol: _ZN7jitlint6EngineC1Ev')\n"
        "sys.meta_path.insert(0, Broken())"
    ),
}


@pytest.mark.parametrize("engine", sorted(BROKEN_ENGINES))
@pytest.mark.parametrize("args", [["check", "bad.py"], ["fix", "bad.py"], ["rule", "JT101"], ["explain", "x"]])
def test_an_engine_that_fails_to_load_is_one_line_and_exit_2(tmp_path, engine, args):
    import subprocess

    write(tmp_path, "bad.py", FIRES)
    code = f"import sys\n{BROKEN_ENGINES[engine]}\nfrom jitlint.__main__ import main\nsys.exit(main())\n"
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("jitlint: error: the jitlint engine failed to load (jitlint._core: ")
    assert line.endswith("); reinstall jitlint")
    assert proc.stdout == ""
    assert (tmp_path / "bad.py").read_text() == FIRES
