"""Which files get checked: folder walks, skipped folders, .gitignore, explicit files, stdin."""

from __future__ import annotations

import json

from test_cli_support import CLEAN, FIRES, FIRES_COL, FIRES_ROW, codes_of, run, write


def paths_of(r):
    return [p for p, _ in codes_of(r)]


def test_walk_finds_py_and_pyi_sorted(tmp_path):
    for name in ["pkg/z.py", "pkg/a.py", "pkg/sub/m.py", "a.py"]:
        write(tmp_path, name, FIRES)
    write(tmp_path, "b.pyi", "def f(:\n")  # a stub is checked for its syntax only (see below)
    write(tmp_path, "notes.txt", FIRES)
    write(tmp_path, "script", FIRES)
    r = run("check", cwd=tmp_path)
    assert paths_of(r) == ["a.py", "b.pyi", "pkg/a.py", "pkg/sub/m.py", "pkg/z.py"]


def test_a_type_stub_is_never_compiled_so_only_its_syntax_is_checked(tmp_path):
    # torch never imports a .pyi, so nothing in it is compiled: `...` bodies, unannotated defaults are fine there.
    write(tmp_path, "m.pyi", FIRES + "    def helper(self, x, eps=1e-6): ...\n")
    assert run("check", "m.pyi", cwd=tmp_path).returncode == 0
    write(tmp_path, "bad.pyi", "def f(:\n")
    assert codes_of(run("check", "bad.pyi", cwd=tmp_path)) == [("bad.pyi", "JT000")]


def test_walk_skips_default_folders(tmp_path):
    write(tmp_path, "src/m.py", FIRES)
    for skipped in [".git", ".hg", ".venv", "venv", "__pycache__", "build", "dist", ".tox", ".nox",
                    ".mypy_cache", ".ruff_cache", "node_modules", "site-packages", "src/build"]:
        write(tmp_path, f"{skipped}/x.py", FIRES)
    write(tmp_path, "myenv/pyvenv.cfg", "home = /usr/bin\n")
    write(tmp_path, "myenv/lib/x.py", FIRES)
    r = run("check", cwd=tmp_path)
    assert paths_of(r) == ["src/m.py"]


def test_gitignore(tmp_path):
    write(tmp_path, ".gitignore", "generated/\n*_pb2.py\n/top_only.py\n")
    write(tmp_path, "m.py", FIRES)
    write(tmp_path, "generated/g.py", FIRES)
    write(tmp_path, "api_pb2.py", FIRES)
    write(tmp_path, "pkg/api_pb2.py", FIRES)
    write(tmp_path, "top_only.py", FIRES)
    write(tmp_path, "pkg/top_only.py", FIRES)
    r = run("check", cwd=tmp_path)
    assert paths_of(r) == ["m.py", "pkg/top_only.py"]


def test_nested_gitignore_applies_to_its_subtree(tmp_path):
    write(tmp_path, "a/.gitignore", "local.py\n!keep_*.py\nkeep_out.py\n")
    write(tmp_path, "a/local.py", FIRES)
    write(tmp_path, "a/b/local.py", FIRES)
    write(tmp_path, "a/keep_me.py", FIRES)
    write(tmp_path, "local.py", FIRES)
    write(tmp_path, "c/local.py", FIRES)
    r = run("check", cwd=tmp_path)
    assert paths_of(r) == ["a/keep_me.py", "c/local.py", "local.py"]


def test_gitignore_above_the_walked_folder_inside_a_repo(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "gen/\n")
    write(tmp_path, "src/gen/g.py", FIRES)
    write(tmp_path, "src/m.py", FIRES)
    r = run("check", "src", cwd=tmp_path)
    assert paths_of(r) == ["src/m.py"]


def test_explicit_files_are_always_checked(tmp_path):
    write(tmp_path, ".gitignore", "ignored.py\n")
    write(tmp_path, "ignored.py", FIRES)
    write(tmp_path, "venv/x.py", FIRES)
    write(tmp_path, "script", FIRES)  # no .py suffix
    r = run("check", "ignored.py", "venv/x.py", "script", cwd=tmp_path)
    assert paths_of(r) == ["ignored.py", "script", "venv/x.py"]


def test_force_exclude(tmp_path):
    write(tmp_path, "jitlint.toml", 'extend-exclude = ["legacy"]\n')
    write(tmp_path, "legacy/old.py", FIRES)
    write(tmp_path, "venv/x.py", FIRES)
    write(tmp_path, "m.py", FIRES)
    r = run("check", "--force-exclude", "legacy/old.py", "venv/x.py", "m.py", cwd=tmp_path)
    assert paths_of(r) == ["m.py"]
    r = run("check", "legacy/old.py", "venv/x.py", "m.py", cwd=tmp_path)
    assert paths_of(r) == ["legacy/old.py", "m.py", "venv/x.py"]


def test_duplicates_are_checked_once(tmp_path):
    write(tmp_path, "m.py", FIRES)
    r = run("check", "m.py", ".", "./m.py", cwd=tmp_path)
    assert paths_of(r) == ["m.py"]


def test_paths_outside_cwd_are_absolute(tmp_path):
    f = write(tmp_path, "m.py", FIRES)
    (tmp_path / "elsewhere").mkdir()
    r = run("check", str(f), cwd=tmp_path / "elsewhere")
    assert paths_of(r) == [str(f)]


def test_stdin_with_filename(tmp_path):
    r = run("check", "--stdin-filename", "pkg/model.py", "-", cwd=tmp_path, input=FIRES.encode())
    assert r.returncode == 1
    assert r.lines[0].startswith(f"pkg/model.py:{FIRES_ROW}:{FIRES_COL}: JT101 ")


def test_stdin_filename_alone_reads_stdin(tmp_path):
    r = run("check", "--stdin-filename", "model.py", cwd=tmp_path, input=CLEAN.encode())
    assert r.returncode == 0
    assert r.stdout == "All checks passed!\n"


def test_stdin_without_filename(tmp_path):
    r = run("check", "--output-format", "json", "-", cwd=tmp_path, input=FIRES.encode())
    assert r.returncode == 1
    (d,) = json.loads(r.stdout)
    assert d["filename"] == "-"
    assert d["code"] == "JT101"


def test_stdin_filename_uses_per_file_ignores(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.jitlint]\nper-file-ignores = {"legacy/*.py" = ["JT101"]}\n')
    r = run("check", "--stdin-filename", "legacy/m.py", "-", cwd=tmp_path, input=FIRES.encode())
    assert r.returncode == 0
    r = run("check", "--stdin-filename", "new/m.py", "-", cwd=tmp_path, input=FIRES.encode())
    assert r.returncode == 1


def test_stdin_not_utf8(tmp_path):
    r = run("check", "--stdin-filename", "m.py", "-", cwd=tmp_path, input=b"x = '\xff'\n")
    assert r.returncode == 2
    (err,) = r.error_lines
    assert err.startswith("jitlint: error: m.py: ") and "UTF-8" in err


def test_threads_keep_order(tmp_path):
    names = [f"m{i:02}.py" for i in range(30)]
    for n in names:
        write(tmp_path, n, FIRES)
    r1 = run("check", "-j", "1", cwd=tmp_path)
    r4 = run("check", "--threads", "4", cwd=tmp_path)
    assert paths_of(r1) == names
    assert r4.stdout == r1.stdout


def test_bad_thread_count(tmp_path):
    write(tmp_path, "m.py", FIRES)
    r = run("check", "-j", "0", cwd=tmp_path)
    assert r.returncode == 2
    assert r.error_lines[-1] == "jitlint: error: --threads: must be at least 1"


def test_named_folder_inside_an_excluded_folder_is_walked(tmp_path):
    # e.g. `jitlint check .venv/lib/python3.11/site-packages/timm`: the user asked for that folder
    write(tmp_path, ".venv/lib/site-packages/pkg/models/m.py", FIRES)
    write(tmp_path, ".venv/lib/site-packages/pkg/build/gen.py", FIRES)  # still skipped below it
    r = run("check", ".venv/lib/site-packages/pkg", cwd=tmp_path)
    assert paths_of(r) == [".venv/lib/site-packages/pkg/models/m.py"]


def test_named_folder_inside_a_gitignored_folder_is_walked(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "/vendor/\n*_pb2.py\n")
    write(tmp_path, "vendor/lib/m.py", FIRES)
    write(tmp_path, "vendor/lib/api_pb2.py", FIRES)  # other patterns still apply
    r = run("check", "vendor/lib", cwd=tmp_path)
    assert paths_of(r) == ["vendor/lib/m.py"]
    r = run("check", cwd=tmp_path)
    assert r.returncode == 2 and r.error_lines == ["jitlint: error: .: no Python files found"]


def test_stdin_force_excluded(tmp_path):
    write(tmp_path, "jitlint.toml", 'extend-exclude = ["legacy"]\n')
    args = ("--force-exclude", "--stdin-filename", "legacy/m.py", "-")
    r = run("check", *args, cwd=tmp_path, input=FIRES.encode())
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    # a fix run gives the source back untouched
    r = run("fix", *args, cwd=tmp_path, input=FIRES.encode())
    assert (r.returncode, r.stdout) == (0, FIRES)
