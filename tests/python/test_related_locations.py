"""Secondary locations of a diagnostic (where an attribute was assigned, where an Optional came from) reach every
output format: JSON `related`, SARIF `relatedLocations`, and a `= note:` line in the full text format."""

from __future__ import annotations

import io
import json
from pathlib import Path

from jitlint.output import Diagnostic, Report, emitter

SOURCE = b"class Net:\n    def __init__(self):\n        self.layers = []\n\n    def forward(self, x):\n        return self.layers[0](x)\n"


def report_with_related(tmp_path: Path) -> Report:
    path = tmp_path / "net.py"
    path.write_bytes(SOURCE)
    diagnostic = Diagnostic(
        code="JT201", name="modulelist-variable-index", message="a message", row=6, column=16, end_row=6,
        end_column=30, noqa_row=6, help=None, fix=None, path=path, display="net.py",
        related=({"message": "`self.layers` is assigned here", "row": 3, "column": 9, "end_row": 3, "end_column": 26},),
    )
    return Report(diagnostics=[diagnostic], sources={"net.py": SOURCE}, rules={}, cwd=tmp_path)


def render(report: Report, fmt: str) -> str:
    out = io.StringIO()
    emitter(fmt)(report, out)
    return out.getvalue()


def test_json_carries_related_locations(tmp_path: Path) -> None:
    [item] = json.loads(render(report_with_related(tmp_path), "json"))
    assert item["related"] == [{"message": "`self.layers` is assigned here", "location": {"row": 3, "column": 9},
                                "end_location": {"row": 3, "column": 26}}]


def test_json_without_related_locations_has_no_key(tmp_path: Path) -> None:
    report = report_with_related(tmp_path)
    report.diagnostics[0].related = ()
    [item] = json.loads(render(report, "json"))
    assert "related" not in item


def test_sarif_carries_related_locations(tmp_path: Path) -> None:
    doc = json.loads(render(report_with_related(tmp_path), "sarif"))
    [result] = doc["runs"][0]["results"]
    [related] = result["relatedLocations"]
    assert related["message"]["text"] == "`self.layers` is assigned here"
    assert related["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 9, "endLine": 3, "endColumn": 26}
    assert related["physicalLocation"]["artifactLocation"]["uri"] == result["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"]


def test_full_text_shows_a_note_per_related_location(tmp_path: Path) -> None:
    text = render(report_with_related(tmp_path), "full")
    assert "= note: net.py:3:9: `self.layers` is assigned here" in text


def test_engine_reports_an_empty_related_list() -> None:
    from jitlint import api

    diagnostics = api.check_source(b"import torch\n@torch.jit.script\ndef f(x: int):\n    return {1, x}\n")
    assert [d["code"] for d in diagnostics] == ["JT103"]
    assert diagnostics[0]["related"] == []
