"""Analysis across files: a checked tree is one project (bases, attributes and compiled functions of other files,
relative imports, re-exports through ``__init__.py``, bases from installed packages or the well-known table)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from test_cli_support import run

BASE = """\
import torch
from torch import nn


class Backbone(nn.Module):
    def __init__(self, n: int):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(n)])
"""

# Row 7: a ModuleList of the base (another file) indexed by a variable.
HEAD = """\
import torch
from .base import Backbone


class Net(Backbone):
    def forward(self, x: torch.Tensor, i: int) -> torch.Tensor:
        return self.blocks[i](x)
"""

# Row 5: a comprehension with `if` in a plain function of its own file, compiled only because another file's
# compiled code calls it.
UTILS = """\
from typing import List


def positive(xs: List[int]) -> List[int]:
    return [x for x in xs if x > 0]


def unused(xs: List[int]) -> List[int]:
    return [x for x in xs if x > 0]
"""

CALLER = """\
from typing import List

import torch
from torch import nn
from pkg.utils import positive


class Model(nn.Module):
    def forward(self, xs: List[int]) -> List[int]:
        return positive(xs)
"""


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def diagnostics(root: Path, *paths: str) -> list[tuple[str, int, str]]:
    r = run("check", "--output-format", "json", "--exit-zero", *paths, cwd=root)
    assert r.returncode == 0, r.stderr
    return sorted((Path(d["filename"]).relative_to(root).as_posix(), d["location"]["row"], d["code"])
                  for d in json.loads(r.stdout))


def test_base_of_another_file_makes_a_module(tmp_path):
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/head.py": HEAD})
    assert diagnostics(tmp_path, ".") == [("pkg/head.py", 7, "JT201")]


def test_a_file_given_alone_resolves_its_siblings_on_disk(tmp_path):
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/head.py": HEAD})
    assert diagnostics(tmp_path, "pkg/head.py") == [("pkg/head.py", 7, "JT201")]


def test_unresolvable_base_keeps_silence(tmp_path):
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/head.py": HEAD})
    assert diagnostics(tmp_path, ".") == []


def test_reexport_through_package_init(tmp_path):
    head = HEAD.replace("from .base import Backbone", "from pkg import Backbone")
    write_tree(tmp_path, {"pkg/__init__.py": "from .base import Backbone\n", "pkg/base.py": BASE,
                          "pkg/head.py": head})
    assert diagnostics(tmp_path, ".") == [("pkg/head.py", 7, "JT201")]


def test_function_compiled_from_another_file_is_checked_in_its_own(tmp_path):
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": UTILS, "pkg/model.py": CALLER})
    assert diagnostics(tmp_path, ".") == [("pkg/utils.py", 5, "JT101")]
    # The order files come in does not matter.
    assert diagnostics(tmp_path, "pkg/utils.py", "pkg/model.py") == diagnostics(tmp_path, "pkg/model.py", "pkg/utils.py")


def test_compiled_from_elsewhere_follows_a_chain_of_files_in_any_order(tmp_path):
    # model.py's compiled forward calls utils.positive, which calls helpers.evens: each becomes compiled in its own
    # file, one file further per pass; `unused` stays out of the compiled region.
    utils = UTILS.replace("from typing import List\n", "from typing import List\n\nfrom pkg.helpers import evens\n")
    utils = utils.replace("return [x for x in xs if x > 0]", "return evens([x for x in xs if x > 0])", 1)
    helpers = UTILS.replace("def positive", "def evens").replace("x > 0", "x % 2 == 0")
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": utils, "pkg/helpers.py": helpers,
                          "pkg/model.py": CALLER})
    expected = [("pkg/helpers.py", 5, "JT101"), ("pkg/utils.py", 7, "JT101")]
    assert diagnostics(tmp_path, ".") == expected
    assert diagnostics(tmp_path, "pkg/model.py", "pkg/utils.py", "pkg/helpers.py") == expected
    assert diagnostics(tmp_path, "pkg/helpers.py", "pkg/utils.py", "pkg/model.py") == expected


def test_bases_that_lead_back_to_themselves_are_unknown_in_any_order(tmp_path):
    # Never importable as written, but a tree can hold it: A's base is B and B's base is A. Neither is known to be a
    # module, whichever file is checked first, so Net (whose only base is A) keeps silence.
    loop_a = "from pkg.b import B\n\n\nclass A(B):\n    pass\n"
    loop_b = "from torch import nn\nfrom pkg.a import A\n\n\nclass B(A, nn.Module):\n    pass\n"
    head = HEAD.replace("from .base import Backbone", "from pkg.a import A").replace("Net(Backbone)", "Net(A)")
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": loop_a, "pkg/b.py": loop_b, "pkg/head.py": head})
    assert diagnostics(tmp_path, ".") == []
    assert diagnostics(tmp_path, "pkg/head.py", "pkg/b.py", "pkg/a.py") == []
    assert diagnostics(tmp_path, "pkg/b.py", "pkg/a.py", "pkg/head.py") == []


def test_well_known_lightning_base_without_the_package(tmp_path):
    write_tree(tmp_path, {"lit.py": """\
import torch
import pytorch_lightning as pl
from torch import nn


class LitClassifier(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for i in range(3):
            x = self.layers[i](x)
        return x
"""})
    assert diagnostics(tmp_path, "lit.py") == [("lit.py", 13, "JT201")]


def test_stdin_filename_sees_the_files_on_disk(tmp_path):
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/head.py": ""})
    r = run("check", "--output-format", "json", "--exit-zero", "--stdin-filename", "pkg/head.py", "-",
            cwd=tmp_path, input=HEAD.encode())
    assert r.returncode == 0, r.stderr
    assert [(d["location"]["row"], d["code"]) for d in json.loads(r.stdout)] == [(7, "JT201")]


def test_forward_inherited_from_a_mixin_of_another_file_is_checked_there(tmp_path):
    # transformers' `class LlamaForQuestionAnswering(GenericForQuestionAnswering, LlamaPreTrainedModel)`: the
    # mixin is a plain class of another file; scripting the module compiles the mixin's forward, in its file.
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/mixins.py": """\
from typing import List


class Head:
    def forward(self, xs: List[int]) -> List[int]:
        return [x for x in xs if x > 0]
""", "pkg/model.py": """\
from torch import nn
from .mixins import Head


class Model(Head, nn.Module):
    pass
"""})
    assert diagnostics(tmp_path, ".") == [("pkg/mixins.py", 6, "JT101")]
    assert diagnostics(tmp_path, "pkg/mixins.py") == []  # alone, nothing compiles it


def fake_interpreter(root: Path, site: Path) -> Path:
    """An executable that answers jitlint's question as a Python would whose site-packages is `site`: it prints its
    import path and standard library as JSON (jitlint never gives it the checked code)."""
    script = root / "fake-python"
    paths = json.dumps([[str(site)], ["/nonexistent-stdlib", "/nonexistent-stdlib"]])
    script.write_text(f"#!/bin/sh\ncat <<'JSON'\n{paths}\nJSON\n")
    script.chmod(0o755)
    return script


def test_python_option_reads_bases_installed_in_another_interpreter(tmp_path):
    # `extlib` is installed only for the other interpreter: without --python the base is unknown (silent).
    site = tmp_path / "other-site"
    write_tree(site, {"extlib/__init__.py": "from .base import Backbone\n", "extlib/base.py": BASE})
    head = HEAD.replace("from .base import Backbone", "from extlib import Backbone")
    write_tree(tmp_path / "proj", {"app/__init__.py": "", "app/head.py": head})
    proj = tmp_path / "proj"
    assert diagnostics(proj, ".") == []
    python = fake_interpreter(tmp_path, site)
    assert diagnostics(proj, "--python", str(python), ".") == [("app/head.py", 7, "JT201")]
    # The same from the configuration (a path relative to the configuration's folder).
    (proj / "pyproject.toml").write_text('[tool.jitlint]\npython = "../fake-python"\n')
    assert diagnostics(proj, ".") == [("app/head.py", 7, "JT201")]


def test_python_option_that_cannot_run_is_a_one_line_error(tmp_path):
    write_tree(tmp_path, {"app/__init__.py": "", "app/head.py": HEAD})
    r = run("check", "--python", str(tmp_path / "no-such-python"), ".", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-python" in lines[0] and "cannot be run" in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_installed_summaries_are_cached_by_file_stamp(tmp_path):
    site = tmp_path / "other-site"
    write_tree(site, {"extlib/__init__.py": "from .base import Backbone\n", "extlib/base.py": BASE})
    head = HEAD.replace("from .base import Backbone", "from extlib import Backbone")
    proj = tmp_path / "proj"
    write_tree(proj, {"app/__init__.py": "", "app/head.py": head})
    python = fake_interpreter(tmp_path, site)
    cache = tmp_path / "cache"

    def codes(*extra: str) -> list[str]:
        r = run("check", "--output-format", "json", "--exit-zero", "--python", str(python), *extra, ".", cwd=proj,
                env={"JITLINT_CACHE_DIR": str(cache)})
        assert r.returncode == 0, r.stderr
        return [d["code"] for d in json.loads(r.stdout)]

    assert codes() == ["JT201"]
    assert len(list(cache.glob("*.summary"))) == 2  # extlib/__init__.py and extlib/base.py
    # Same size and modification time, other content (Backbone no longer a module): the cached summary is read.
    base = site / "extlib" / "base.py"
    stamp = base.stat()
    base.write_text(BASE.replace("(nn.Module)", "(object)   "))
    assert base.stat().st_size == stamp.st_size
    os.utime(base, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert codes() == ["JT201"]
    assert codes("--no-cache") == []
    # A new modification time (a new version of the package) invalidates the entry.
    os.utime(base, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert codes() == []


def test_optional_passed_to_a_submodule_of_another_file_whose_forward_takes_a_tensor(tmp_path):
    # Row 10: `self.proj(memory)` with `memory: Optional[Tensor]`; Proj (another file) takes `x` unannotated, which
    # TorchScript types Tensor. Row 11: `self.gate(memory)` takes Optional: no report.
    layers = ("import torch\nfrom typing import Optional\nfrom torch import nn\n\n\nclass Proj(nn.Module):\n"
              "    def forward(self, x):\n        return x * 2\n\n\nclass Gate(nn.Module):\n"
              "    def forward(self, x: Optional[torch.Tensor]) -> torch.Tensor:\n"
              "        return torch.zeros(1) if x is None else x\n")
    model = ("from typing import Optional\n\nimport torch\nfrom torch import nn\nfrom .layers import Gate, Proj\n\n\n"
             "class Net(nn.Module):\n    def forward(self, memory: Optional[torch.Tensor] = None) -> torch.Tensor:\n"
             "        a = self.proj(memory)\n        return a + self.gate(memory)\n\n"
             "    def __init__(self):\n        super().__init__()\n        self.proj = Proj()\n        self.gate = Gate()\n")
    write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": layers, "pkg/model.py": model})
    assert diagnostics(tmp_path, ".") == [("pkg/model.py", 10, "JT601")]
