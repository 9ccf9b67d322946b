"""`jitlint server` with a real editor: Debian's Neovim, headless, with its built-in LSP client
(tests/data/lsp/neovim_quickfix.lua). tools/test-all.sh installs neovim; elsewhere the test is skipped without it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pygls")
NVIM = shutil.which("nvim")
SCRIPT = Path(__file__).resolve().parents[1] / "data" / "lsp" / "neovim_quickfix.lua"

MODEL = textwrap.dedent('''\
    from torch import nn

    from base import Base


    class Net(Base):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])

        def forward(self, x):
            for i in range(len(self.layers)):
                s = "😀"; x = self.layers[i](x)
            return x
    ''')


@pytest.mark.skipif(NVIM is None, reason="needs Debian's neovim (tools/test-all.sh installs it)")
def test_neovim_receives_diagnostics_and_applies_the_quick_fix(tmp_path):
    (tmp_path / "base.py").write_text("from torch import nn\n\n\nclass Base(nn.Module):\n    pass\n")
    model = tmp_path / "model.py"
    model.write_text(MODEL, encoding="utf-8")
    out = tmp_path / "out.json"
    env = dict(os.environ, JITLINT_NVIM_FILE=str(model), JITLINT_NVIM_OUT=str(out),
               JITLINT_NVIM_CMD=json.dumps([sys.executable, "-m", "jitlint", "server"]))
    proc = subprocess.run([NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {SCRIPT}"],
                          cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=180)
    assert out.exists(), (proc.returncode, proc.stdout, proc.stderr)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, result
    assert result["waited"], result
    [d] = result["diagnostics"]
    assert d["code"] == "JT201" and d["source"] == "jitlint" and d["lnum"] == 12
    # Neovim's columns are byte offsets, converted from the UTF-16 the server sent: the emoji is 4 bytes.
    line = MODEL.split("\n")[12]
    assert d["col"] == len(line[:line.index("self.layers[i]")].encode("utf-8"))
    assert result["titles"] == ["jitlint (JT201): Iterate over `self.layers` directly", "Disable JT201 for this line"]
    buffer = result["buffer"]
    assert buffer[11] == "        for layer in self.layers:"
    assert buffer[12] == '            s = "😀"; x = layer(x)'
    assert model.read_text(encoding="utf-8") == MODEL  # the edit is in the buffer; nothing was saved
