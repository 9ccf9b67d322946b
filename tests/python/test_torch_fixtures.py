"""Every per-rule fixture against real TorchScript (torch==2.13.0).

- ``tests/rules/<CODE>/fires.py``: every ``case_*`` must fail ``torch.jit.script`` and the first line of the error
  must contain the rule's documented substring (engine's ``torch_error``, cross-checked with our measurement).
  The statement torch points at must carry a ``# expect: <CODE>@...`` marker (on the line torch names, or on
  another line of that statement: torch names where a comprehension starts, jitlint its ``if``/``for`` clause).
- ``tests/rules/<CODE>/clean.py``: every ``case_*`` must script and the scripted object must match eager.
- ``examples/*.py``: ``build()`` runs eagerly and fails to script with the error of one of our rules.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

pytest.importorskip("torch")

import torch_harness as h  # noqa: E402


def _collect(kind: str):
    params = []
    for rule_dir in h.rule_dirs():
        path = rule_dir / f"{kind}.py"
        if not path.exists():
            continue
        for name in h.case_names_in_source(path):
            params.append(pytest.param(rule_dir.name, path, name, id=f"{rule_dir.name}/{kind}/{name}"))
    return params


def _markers(path: Path) -> Dict[int, List[Tuple[str, int]]]:
    """``{line: [(code, col), ...]}`` from ``# expect:`` comments."""
    out: Dict[int, List[Tuple[str, int]]] = {}
    for m in h.markers(path):
        out.setdefault(m.line, []).append((m.code, m.column))
    return out


def _statement_lines(path: Path, line: int) -> range:
    """The lines of the innermost statement at ``line`` (of a compound statement, its header only)."""
    candidates = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if not isinstance(node, ast.stmt):
            continue
        last = node.end_lineno or node.lineno
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            last = max(node.lineno, body[0].lineno - 1)  # the header of if/for/while/with/def/class
        if node.lineno <= line <= last:
            candidates.append(range(node.lineno, last + 1))
    return min(candidates, key=len, default=range(line, line + 1))


def _error_line(exc: BaseException, path: Path):
    """Line number of the first ``File "<path>", line N`` of a TorchScript error, if it is in ``path``."""
    m = re.search(r'File "([^"]+)", line (\d+)', str(exc))
    if m and Path(m.group(1)).resolve() == path.resolve():
        return int(m.group(2))
    return None


# ---------------------------------------------------------------------------------------------------- layout


def test_torch_is_the_pinned_version():
    assert h.torch_version().split("+")[0] == h.TORCH_VERSION, (
        f"fixtures and documented errors are measured on torch=={h.TORCH_VERSION}, found {h.torch_version()}"
    )


def test_every_rule_dir_has_fires_and_clean_with_cases():
    dirs = h.rule_dirs()
    assert dirs, f"no rule directories under {h.RULES_DIR}"
    problems = []
    for rule_dir in dirs:
        for kind in ("fires", "clean"):
            path = rule_dir / f"{kind}.py"
            if not path.exists():
                problems.append(f"{rule_dir.name}: missing {kind}.py")
                continue
            n = len(h.case_names_in_source(path))
            if n < 2:
                problems.append(f"{rule_dir.name}/{kind}.py: {n} case(s), need at least 2")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rule_dir", h.rule_dirs(), ids=lambda p: p.name)
def test_fires_markers_name_only_known_codes_and_clean_has_none(rule_dir):
    if not (rule_dir / "fires.py").exists() or not (rule_dir / "clean.py").exists():
        pytest.skip("missing fixture file (reported by the layout test)")
    fires = _markers(rule_dir / "fires.py")
    assert fires, f"{rule_dir.name}/fires.py has no '# expect:' markers"
    known = {d.name for d in h.rule_dirs()} | set((h.engine_torch_errors() or {}).keys())
    unknown = sorted({code for marks in fires.values() for code, _ in marks} - known)
    assert not unknown, f"{rule_dir.name}/fires.py: markers name unknown rule codes {unknown}"
    assert any(code == rule_dir.name for marks in fires.values() for code, _ in marks), (
        f"{rule_dir.name}/fires.py has no marker of its own rule"
    )
    assert not _markers(rule_dir / "clean.py"), f"{rule_dir.name}/clean.py must not carry '# expect:' markers"


@pytest.mark.parametrize("rule_dir", h.rule_dirs(), ids=lambda p: p.name)
def test_import_and_case_discovery_agree(rule_dir):
    for kind in ("fires", "clean"):
        path = rule_dir / f"{kind}.py"
        if not path.exists():
            continue
        module = h.load_file(path)
        assert h.case_names(module) == h.case_names_in_source(path), path


# --------------------------------------------------------------------------------------------------- fires


@pytest.mark.parametrize("code, path, name", _collect("fires"))
def test_fires_case_fails_to_script_with_documented_error(code, path, name):
    obj, inputs, scripted, exc = h.script_case(path, name)
    stage = h.failure_stage(code)  # "script", or the later stage of a rule whose construct scripts (harness doc)
    seen, exc = h.case_failure(path, name, stage)
    if exc is None:
        pytest.fail(
            f"{code}/{path.name}::{name} got through '{stage}' fine on torch {h.torch_version()} — a 'fires' case "
            f"must fail there (a rule whose must-fire case does not fail is a false rule)",
            pytrace=False,
        )
    accepted, _ = h.documented_torch_errors(code)
    head = h.first_line(exc)
    # a rule whose construct scripts may also have a form torch rejects earlier, with a text the rule documents
    # (JT901: a cached helper whose defaulted parameter the call omits fails in torch.jit.script itself)
    earlier = h.STAGES.index(seen) < h.STAGES.index(stage) and any(sub in head for sub in accepted)
    if seen != stage and not earlier:
        pytest.fail(f"{code}/{path.name}::{name} fails at '{seen}', not at '{stage}':\n{h.describe(exc)}", pytrace=False)
    if not any(sub in head for sub in accepted):
        pytest.fail(
            f"{code}/{path.name}::{name}: first line of the torch error is\n    {head!r}\n"
            f"which contains none of the documented substrings {list(accepted)!r}.\nFull error:\n{h.describe(exc)}",
            pytrace=False,
        )
    line = _error_line(exc, path)
    if line is not None:
        marks = _markers(path)
        lines = _statement_lines(path, line)
        ok = any(code in [c for c, _ in marks.get(row, [])] for row in lines)
        assert ok, (
            f"{code}/{path.name}::{name}: torch points at line {line}, and no line of its statement "
            f"({lines.start}-{lines.stop - 1}) has a '# expect: {code}@..' marker\nFull error:\n{h.describe(exc)}"
        )
    # eager still runs (fixtures are real code, only TorchScript rejects them)
    h.run(obj, inputs)


@pytest.mark.parametrize("rule_dir", h.rule_dirs(), ids=lambda p: p.name)
def test_engine_torch_error_is_observed(rule_dir):
    """The engine's documented text must be seen in at least one fires case of torch 2.13.0."""
    engine = h.engine_torch_errors()
    if engine is None:
        pytest.skip("jitlint._core is not importable yet")
    code = rule_dir.name
    if not (rule_dir / "fires.py").exists():
        pytest.skip("missing fires.py (reported by the layout test)")
    documented = engine.get(code, ())
    if not documented:
        pytest.fail(f"{code}: the engine documents no torch_error", pytrace=False)
    h.documented_torch_errors(code)  # agreement with our measurement
    path = rule_dir / "fires.py"
    heads = []
    for name in h.case_names_in_source(path):
        _, exc = h.case_failure(path, name, h.failure_stage(code))
        if exc is not None:
            heads.append(h.first_line(exc))
    for text in documented:
        assert any(text in head for head in heads), (
            f"{code}: documented torch_error {text!r} appears in no fires case; first lines seen:\n"
            + "\n".join(heads)
        )


# --------------------------------------------------------------------------------------------------- clean


@pytest.mark.parametrize("code, path, name", _collect("clean"))
def test_clean_case_scripts_and_matches_eager(code, path, name):
    obj, inputs, scripted, exc = h.script_case(path, name)
    if exc is not None:
        pytest.fail(
            f"{code}/{path.name}::{name} must script on torch {h.torch_version()} but failed:\n{h.describe(exc)}",
            pytrace=False,
        )
    expected = h.run(obj, inputs)
    actual = h.run(scripted, inputs)
    h.assert_outputs_close(actual, expected)
    # a rule whose construct fails after scripting: its clean cases get through that stage too
    seen, exc = h.case_failure(path, name, h.failure_stage(code))
    if exc is not None:
        pytest.fail(f"{code}/{path.name}::{name} fails at '{seen}':\n{h.describe(exc)}", pytrace=False)


# ------------------------------------------------------------------------------------------------ examples


def _examples():
    if not h.EXAMPLES_DIR.is_dir():
        return []
    return [pytest.param(p, id=p.name) for p in sorted(h.EXAMPLES_DIR.glob("*.py"))]


@pytest.mark.parametrize("path", _examples())
def test_example_runs_eagerly_and_fails_to_script(path):
    module = h.load_file(path, prefix="jitlint_example")
    model, inputs = module.build()
    assert isinstance(inputs, tuple)
    assert not model.training, "build() must return the model in eval mode"
    h.run(model, inputs)
    _, exc = h.try_script(model)
    assert exc is not None, f"{path.name} scripts fine on torch {h.torch_version()}; examples must fail"
    head = h.first_line(exc)
    documented = list(h.MEASURED_TORCH_ERRORS.values()) + list((h.engine_torch_errors() or {}).values())
    known = [s for subs in documented for s in subs]  # the engine's texts too: a new rule needs no edit here
    assert any(s in head for s in known), f"{path.name}: unexpected first error:\n{h.describe(exc)}"


def _fixed_examples():
    fixed_dir = h.EXAMPLES_DIR / "fixed"
    if not fixed_dir.is_dir():
        return []
    return [pytest.param(p, id=f"fixed/{p.name}") for p in sorted(fixed_dir.glob("*.py"))]


@pytest.mark.parametrize("path", _fixed_examples())
def test_fixed_example_scripts_and_matches_original(path):
    """``examples/fixed/X.py`` (hand-fixed) scripts and, with the weights of ``examples/X.py``, matches its eager output."""
    original = h.load_file(h.EXAMPLES_DIR / path.name, prefix="jitlint_example")
    fixed = h.load_file(path, prefix="jitlint_example")
    ref_model, inputs = original.build()
    model, _ = fixed.build()
    model.load_state_dict(ref_model.state_dict())
    scripted, exc = h.try_script(model)
    if exc is not None:
        pytest.fail(f"fixed/{path.name} must script on torch {h.torch_version()}:\n{h.describe(exc)}", pytrace=False)
    h.assert_outputs_close(h.run(scripted, inputs), h.run(ref_model, inputs))
