"""The expected fixed source of every rule fixture (``tests/rules/<CODE>/fixed.py``), checked two ways.

(a) Text, no torch needed: ``jitlint._core.fix(fires.py, unsafe=True)["output"]`` is exactly ``fixed.py``; fixing
    ``fixed.py`` again changes nothing; the fixes applied are the ones the ``# expect:`` markers of ``fires.py``
    announce (``safe`` ones without unsafe fixes, ``safe`` and ``unsafe`` ones with them; ``display-only`` and
    ``none`` never), so a new rule needs no table here; the unsafe fixes on top of the safe result give ``fixed.py``
    too, and what ``fixed.py`` still reports is exactly what the markers left without an applicable fix.
(b) With torch (design.md section 9): for every ``case_*`` of ``fixed.py``, when ``jitlint._core.check`` reports
    nothing in the case's code (the lines after the previous factory up to this case's factory: the class or
    function returned, its bases and same-file helpers), the fixed case must script, ``torch.jit.save``, load in the
    NATIVE loader (``jitlint-loader``, a subprocess with no Python) and, with the original's weights, match the
    ORIGINAL eager ``fires.py`` case on its inputs.  When a diagnostic is left there (a case the engine cannot fix),
    the case must still fail ``torch.jit.script`` with the documented text of a remaining rule.
    Details: the fixed case in eager mode must match the original in eager mode (the rewrite keeps Python's
    behaviour, also in eager-only branches); the compiled program is compared with the original run eagerly with
    ``torch.jit.is_scripting()`` returning True when the case uses it (that is the side TorchScript compiles), and
    where that original raises on the example inputs, the compiled fix must raise too.  Rewritten exported methods
    and properties that ``forward`` does not reach are compared in Python (``_extra_calls``).
    One loader process serves all the cases of a ``fixed.py`` (``jitlint-loader --batch``): the first case of a
    file to run scripts and saves every selected case of that file, runs them natively at once, and each case's
    test then checks its own result.  The cases of a file share an ``xdist_group`` (conftest.py turns ``-n``'s
    ``load`` distribution into ``loadgroup``), so one worker, and one loader process, gets them all.

Regenerate the markers and ``fixed.py`` (then read the diff like a reviewer) with::

    python3 scripts/add_rule.py --update-fixtures JT101

``pytest -s`` prints how many cases per rule were fixed and verified in LibTorch.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import jitlint._core as core

import torch_harness as h


def _fixed_dirs() -> List[Path]:
    return [d for d in h.rule_dirs() if (d / "fixed.py").exists()]


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _announced(rule_dir: Path, unsafe: bool) -> Dict[str, int]:
    """What ``fix`` must apply to ``fires.py``, per code, from its markers."""
    return h.fixes_announced(rule_dir / "fires.py", unsafe)


# ------------------------------------------------------------------------------------------------ (a) text


def test_every_rule_the_engine_fixes_has_a_fixed_fixture():
    missing, pointless = [], []
    for rule_dir in h.rule_dirs():
        fires = rule_dir / "fires.py"
        if not fires.exists():
            continue
        changed = core.fix(_read(fires), unsafe=True)["output"] != _read(fires)
        has_fixed = (rule_dir / "fixed.py").exists()
        if changed and not has_fixed:
            missing.append(rule_dir.name)
        if has_fixed and not changed:
            pointless.append(rule_dir.name)
    assert not missing, f"the engine fixes fires.py of {missing} but there is no expected fixed.py (see module doc)"
    assert not pointless, f"{pointless}: fixed.py exists but the engine no longer changes fires.py"
    announced = {d.name for d in h.rule_dirs() if (d / "fires.py").exists() and _announced(d, unsafe=True)}
    assert announced == {d.name for d in _fixed_dirs()}, (
        "a fixed.py must exist exactly where the markers of fires.py announce a safe or unsafe fix"
    )


@pytest.mark.parametrize("rule_dir", _fixed_dirs(), ids=lambda p: p.name)
def test_unsafe_fix_of_fires_is_exactly_fixed(rule_dir):
    result = core.fix(_read(rule_dir / "fires.py"), unsafe=True)
    assert result["error"] is None
    expected = _read(rule_dir / "fixed.py")
    if result["output"] != expected:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                expected.decode().splitlines(True), result["output"].decode().splitlines(True), "fixed.py", "engine"
            )
        )
        pytest.fail(f"{rule_dir.name}: the engine's fix of fires.py differs from fixed.py:\n{diff}", pytrace=False)
    assert dict(result["applied"]) == _announced(rule_dir, unsafe=True)


@pytest.mark.parametrize("unsafe", [True, False], ids=["unsafe", "safe"])
@pytest.mark.parametrize("rule_dir", _fixed_dirs(), ids=lambda p: p.name)
def test_fixing_fixed_again_changes_nothing(rule_dir, unsafe):
    fixed = _read(rule_dir / "fixed.py")
    result = core.fix(fixed, unsafe=unsafe)
    assert result["error"] is None
    assert dict(result["applied"]) == {}
    assert result["output"] == fixed


@pytest.mark.parametrize("rule_dir", _fixed_dirs(), ids=lambda p: p.name)
def test_safe_subset(rule_dir):
    fires = _read(rule_dir / "fires.py")
    unsafe_expected, safe_expected = _announced(rule_dir, unsafe=True), _announced(rule_dir, unsafe=False)
    by_applicability: Dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for d in core.check(fires):
        if d.get("fix"):
            by_applicability[d["fix"]["applicability"]][d["code"]] += 1
    # every fix check offers is applied (one round suffices for these fixtures), display-only ones never
    assert dict(by_applicability["safe"]) == safe_expected
    assert dict(by_applicability["safe"] + by_applicability["unsafe"]) == unsafe_expected

    safe = core.fix(fires, unsafe=False)
    assert safe["error"] is None
    assert dict(safe["applied"]) == safe_expected
    # what is left fixable is exactly the unsafe part, and applying it on top gives fixed.py
    left = collections.Counter(d["code"] for d in core.check(safe["output"]) if d.get("fix") and
                               d["fix"]["applicability"] == "unsafe")
    assert dict(left) == dict(collections.Counter(unsafe_expected) - collections.Counter(safe_expected))
    assert not any(d.get("fix") and d["fix"]["applicability"] == "safe" for d in core.check(safe["output"]))
    on_top = core.fix(safe["output"], unsafe=True)
    assert on_top["output"] == _read(rule_dir / "fixed.py")


@pytest.mark.parametrize("rule_dir", _fixed_dirs(), ids=lambda p: p.name)
def test_fixed_reports_what_the_markers_leave_unfixed(rule_dir):
    """Fixing neither loses nor adds a diagnostic: fixed.py reports exactly the markers with no applicable fix
    (matched by code, applicability and message; positions move with the rewrites)."""
    left = [
        (d["code"], d["fix"]["applicability"] if d.get("fix") else "none", d["message"])
        for d in core.check(_read(rule_dir / "fixed.py"))
    ]
    expected = [m for m in h.markers(rule_dir / "fires.py") if m.applicability not in h.APPLIED_WITH_UNSAFE]
    missing = []
    for m in sorted(expected, key=lambda m: m.substring):  # exact messages first
        for item in left:
            code, applicability, message = item
            if (code, applicability) == (m.code, m.applicability) and (
                m.message in message if m.substring else m.message == message
            ):
                left.remove(item)
                break
        else:
            missing.append(m)
    assert not missing and not left, f"not reported in fixed.py: {missing}; reported with no marker: {left}"


# ----------------------------------------------------------------------------------------------- (b) torch


SUMMARY: Dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


def _extra_calls(torch) -> Dict[Tuple[str, str], List[Tuple[str, Optional[tuple]]]]:
    """Rewritten code that ``forward`` does not reach (``@torch.jit.export`` methods, properties): ``(name,
    args)`` to compare in Python, scripted vs the original eager (``args`` None: a property).  The native loader
    only runs ``forward``."""
    return {
        ("JT101", "case_export_method"): [("special_ids", ([1, 4, 0, 2, 7],))],
        ("JT101", "case_property"): [("active_classes", None)],
        ("JT102", "case_export_method_non_ascii"): [("distinct", (["été", "a", "été"],))],
        ("JT104", "case_generator_export_method"): [("energy", ([1, 2, 3],))],
        ("JT203", "case_list_literal_loop_export"): [("all_heads", (torch.randn(2, 8),))],
    }


def test_extra_calls_name_existing_cases_and_members():
    class _NoTorch:
        @staticmethod
        def randn(*shape):
            return None

    for (code, name), calls in _extra_calls(_NoTorch).items():
        fixed = h.RULES_DIR / code / "fixed.py"
        assert name in h.case_names_in_source(fixed), (code, name)
        text = fixed.read_text(encoding="utf-8")
        for member, _ in calls:
            assert f"def {member}(" in text, (code, name, member)


def _script_property(scripted, name: str):
    # torch 2.13 puts ``property(name, getter, setter)`` on a RecursiveScriptModule (the name as fget), so
    # ``scripted.name`` is a property object: call the compiled getter itself.
    return {p.name: p for p in scripted._c._properties()}[name].getter()


TEST_NAME = "test_fixed_case_verified_in_libtorch_or_still_fails"


def _collect_cases():
    params = []
    for rule_dir in _fixed_dirs():
        for name in h.case_names_in_source(rule_dir / "fixed.py"):
            # one xdist worker per fixed.py, so that one loader process serves all its cases
            params.append(pytest.param(rule_dir.name, name, id=f"{rule_dir.name}/{name}",
                                       marks=pytest.mark.xdist_group(f"fixed-{rule_dir.name}")))
    return params


@pytest.fixture(scope="module")
def torch_mod():
    return pytest.importorskip("torch")


@pytest.fixture(scope="module")
def loader(torch_mod) -> Path:
    from jitlint.verify import build as loader_build

    try:
        return loader_build.resolve_loader().path
    except loader_build.LoaderError as exc:
        pytest.fail(f"no native loader: {exc}")


@pytest.fixture(scope="module", autouse=True)
def print_summary(request):
    yield
    if not SUMMARY:
        return
    lines = ["", "fixed fixtures (tests/rules/*/fixed.py) against torch.jit.script and the native loader:"]
    for code in sorted(SUMMARY):
        c = SUMMARY[code]
        total = sum(c.values())
        verified = c["verified"] + c["verified_raises"]
        raises = ""
        if c["verified_raises"]:
            raises = f" ({c['verified_raises']} raising on its inputs like the compiled original)"
        lines.append(
            f"  {code}: {verified}/{total} cases fixed + verified in LibTorch{raises}, "
            f"{c['unfixed']} not fixable (still fail to script as documented)"
        )
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print("\n".join(lines))
    else:
        print("\n".join(lines))


@dataclass
class _Case:
    """One case of a fixed.py, built once per process (TorchScript must not compile its classes twice)."""

    first: int
    last: int
    left: List[Dict[str, Any]]  # diagnostics core.check still reports in the case's code
    obj: Any
    inputs: Tuple[Any, ...]
    original: Any = None  # the fires.py case, with the weights the fixed one was given
    scripted: Any = None
    script_error: Optional[BaseException] = None


_CASES: Dict[Tuple[str, str], _Case] = {}
# {code: {case name: (ok, loader error, OUTPUTS.pt)}}: the native run of the file's scriptable cases
_NATIVE: Dict[str, Dict[str, Tuple[bool, str, Path]]] = {}


def _case(code: str, name: str) -> _Case:
    if (code, name) not in _CASES:
        rule_dir = h.RULES_DIR / code
        fixed_path = rule_dir / "fixed.py"
        first, last = h.case_regions(fixed_path)[name]
        left = [d for d in core.check(_read(fixed_path)) if first <= d["row"] <= last]
        obj, inputs = h.build_case(h.load_file(fixed_path), name)
        case = _Case(first, last, left, obj, inputs)
        if not left:
            import torch

            case.original, _ = h.build_case(h.load_file(rule_dir / "fires.py"), name)
            if isinstance(obj, torch.nn.Module):
                obj.load_state_dict(case.original.state_dict())
            case.scripted, case.script_error = h.try_script(obj)
        _CASES[code, name] = case
    return _CASES[code, name]


def _native(code: str, name: str, loader: Path, request, tmp_path_factory) -> Tuple[bool, str, Path]:
    """The native loader's run of this case: the first call for a fixed.py scripts and saves every case of it
    that this session selected and runs them all in one loader process."""
    import torch
    from jitlint.verify import native

    if code not in _NATIVE:
        selected = [
            item.callspec.params["name"]
            for item in request.session.items
            if getattr(item, "originalname", None) == TEST_NAME and item.callspec.params.get("code") == code
        ]
        folder = tmp_path_factory.mktemp(f"native-{code}")
        names, triples = [], []
        for case_name in dict.fromkeys(selected + [name]):
            case = _case(code, case_name)
            if case.left or case.scripted is None:
                continue  # still rejected, or a failure its own test reports
            model_pt, inputs_pt, outputs_pt = (folder / f"{case_name}.{kind}.pt" for kind in ("model", "in", "out"))
            with h.quiet_torch():
                torch.jit.save(case.scripted, str(model_pt))
            torch.save(case.inputs, str(inputs_pt))
            names.append(case_name)
            triples.append((model_pt, inputs_pt, outputs_pt))
        results = native.run_loader_batch(loader, triples)
        _NATIVE[code] = {n: (ok, error, t[2]) for n, (ok, error), t in zip(names, results, triples)}
    return _NATIVE[code][name]


@pytest.mark.parametrize("code, name", _collect_cases())
def test_fixed_case_verified_in_libtorch_or_still_fails(
    code, name, torch_mod, loader, request, tmp_path_factory, monkeypatch
):
    from jitlint.verify import native

    rule_dir = h.RULES_DIR / code
    fixed_path = rule_dir / "fixed.py"
    case = _case(code, name)
    obj, inputs, left = case.obj, case.inputs, case.left

    if left:
        # the engine could not fix this case: it must still be rejected, with a remaining rule's text
        _, exc = h.try_script(obj)
        codes = sorted({d["code"] for d in left})
        assert exc is not None, f"{code}/fixed.py::{name} still has {codes} but scripts fine (a false diagnostic)"
        accepted = [s for c in codes for s in h.documented_torch_errors(c)[0]]
        head = h.first_line(exc)
        assert any(s in head for s in accepted), (
            f"{code}/fixed.py::{name}: {codes} left, but torch says:\n    {head!r}\nexpected one of {accepted!r}"
        )
        SUMMARY[code]["unfixed"] += 1
        return

    original = case.original
    # the rewrite keeps Python's behaviour (this also runs code in eager-only branches)
    expected = h.run(original, inputs)
    h.assert_outputs_close(h.run(obj, inputs), expected, "fixed, eager")

    scripted, exc = case.scripted, case.script_error
    if exc is not None:
        pytest.fail(
            f"{code}/fixed.py::{name}: jitlint reports nothing left in the case, but it does not script:\n"
            f"{h.describe(exc)}",
            pytrace=False,
        )
    # what the compiled program computes: the original in eager mode, taking the `torch.jit.is_scripting()` side
    source = "".join(fixed_path.read_text(encoding="utf-8").splitlines(True)[case.first - 1 : case.last])
    scripted_ref, ref_exc = expected, None
    if "is_scripting" in source:
        monkeypatch.setattr(torch_mod.jit, "is_scripting", lambda: True)
        try:
            scripted_ref = h.run(original, inputs)
        except Exception as e:  # noqa: BLE001 - the original itself fails on these inputs when compiled
            ref_exc = e
        monkeypatch.undo()
    ok, error, outputs_pt = _native(code, name, loader, request, tmp_path_factory)
    if ref_exc is not None:
        # the inputs exercise the eager-only branch; compiled, the original raises on them: so must the fix
        with pytest.raises(Exception) as raised:
            h.run(scripted, inputs)
        assert h.first_line(ref_exc) in str(raised.value), (h.describe(ref_exc), h.describe(raised.value))
        assert not ok, f"{code}/fixed.py::{name}: the native loader ran a case the compiled original raises on"
        assert error, "the native loader failed without saying why"
        SUMMARY[code]["verified_raises"] += 1
        return
    h.assert_outputs_close(h.run(scripted, inputs), scripted_ref, "scripted (in Python)")
    for member, args in _extra_calls(torch_mod).get((code, name), []):
        with torch_mod.no_grad():
            want = getattr(original, member) if args is None else getattr(original, member)(*args)
            got = _script_property(scripted, member) if args is None else getattr(scripted, member)(*args)
        h.assert_outputs_close(got, want, f"scripted .{member}")
    assert ok, f"the native loader failed: {error}"
    h.assert_outputs_close(native.load_outputs(outputs_pt), scripted_ref, "native loader")
    SUMMARY[code]["verified"] += 1



@pytest.mark.parametrize(
    "code, case, calls, missing, error",
    [
        # PickedHead(x, idx): every index the ModuleList takes, negative ones too; 3 is past its end
        ("JT201", "case_runtime_index", [(0,), (2,), (-3,)], lambda x: (x, 3), IndexError),
        # HeteroProjection(x_dict): a node type the ModuleDict lacks
        ("JT202", "case_keys_of_an_input_dict", [()], lambda x: ({"venue": x["paper"]},), KeyError),
    ],
)
def test_runtime_pick_matches_and_raises_like_the_lookup(code, case, calls, missing, error, torch_mod):
    # A module picked by a runtime index or key: the fixed loop calls the same module for every index the original
    # accepts and raises the lookup's own error type where the original raised, in eager Python and compiled.
    original_model, (x, *_) = getattr(h.load_file(h.RULES_DIR / code / "fires.py"), case)()
    fixed_model, _ = getattr(h.load_file(h.RULES_DIR / code / "fixed.py"), case)()
    fixed_model.load_state_dict(original_model.state_dict())
    with h.quiet_torch():
        scripted = torch_mod.jit.script(fixed_model)
    with torch_mod.no_grad():
        for extra in calls:
            want = original_model(x, *extra)
            h.assert_outputs_close(fixed_model(x, *extra), want, f"fixed, eager, {extra}")
            h.assert_outputs_close(scripted(x, *extra), want, f"scripted, {extra}")
        for model in (original_model, fixed_model):
            with pytest.raises(error):
                model(*missing(x))
        with pytest.raises(torch_mod.jit.Error, match=f"builtins.{error.__name__}"):
            scripted(*missing(x))
