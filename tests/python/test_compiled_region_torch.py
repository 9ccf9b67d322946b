"""The compiled region against what torch 2.13.0 compiles: a plain class used from compiled code becomes a
TorchScript class whose methods are compiled; a dataclass never gets that far (torch reads the source of every
method of the class first and stops at the generated ``__init__``), so jitlint reports nothing in its methods."""

from __future__ import annotations

import importlib.util
import sys
import warnings

import pytest

from jitlint import api

torch = pytest.importorskip("torch")

SOURCE = """\
from dataclasses import dataclass
from typing import List

import torch
from torch import nn


class {kind}Output:
    def __init__(self, x: torch.Tensor):
        self.x = x

    def sizes(self, xs: List[int]):
        return tuple(xs)


class Net(nn.Module):
    def forward(self, x: torch.Tensor):
        return {kind}Output(x)
"""
DATACLASS = SOURCE.replace(
    "class {kind}Output:\n    def __init__(self, x: torch.Tensor):\n        self.x = x\n",
    "@dataclass\nclass {kind}Output:\n    x: torch.Tensor\n",
)
TUPLE_LINE = "        return tuple(xs)"


def _script_error(tmp_path, name: str, source: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as failure:
            torch.jit.script(module.Net())
    return str(failure.value)


def _reported_rows(source: str) -> list[tuple[str, int]]:
    return [(d["code"], d["row"]) for d in api.check_source(source.encode())]


def test_a_plain_class_used_from_compiled_code_has_its_methods_compiled(tmp_path):
    source = SOURCE.format(kind="Plain")
    row = source.splitlines().index(TUPLE_LINE) + 1
    assert ("JT606", row) in _reported_rows(source)
    error = _script_error(tmp_path, "plain_output", source)
    assert "cannot statically infer the expected size of a list" in error
    assert f"plain_output.py\", line {row}" in error


def test_a_dataclass_used_from_compiled_code_stops_torch_before_its_methods(tmp_path):
    source = DATACLASS.format(kind="Data")
    # torch stops at the dataclass (JT514, at its construction), not in its methods (no JT606 there)
    row = source.splitlines().index("        return DataOutput(x)") + 1
    assert _reported_rows(source) == [("JT514", row)]
    error = _script_error(tmp_path, "data_output", source)
    assert "Failed to get source for" in error and "__init__" in error
    assert "cannot statically infer" not in error
