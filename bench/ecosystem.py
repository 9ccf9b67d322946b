#!/usr/bin/env python3
"""Ecosystem check: run jitlint over real model libraries, confirm its diagnostics with torch.jit.script.

Like ruff's ecosystem check, the JSON this writes lists every diagnostic (package, path relative to site-packages,
line, column, code), so two jitlint versions can be compared with ``ecosystem.py diff OLD.json NEW.json``.

Subcommands (all write JSON to ``-o FILE`` or stdout, and a short table to stderr):

    lint      run ``jitlint check --output-format json`` over the corpus; diagnostics per rule per package, timing
    confirm   lint, then script the modules holding the diagnostics with torch.jit.script (all of a rule's
              diagnostics, or ``--sample`` of them picked with ``--seed`` when there are more) and classify each:
              confirmed / false-positive / unconfirmable (with the reason)
    misses    script timm models and the transformers bert/gpt2/vit modules; every failure whose error is one of
              jitlint's rules at a place jitlint did not report is a miss
    all       lint + confirm + misses in one JSON
    diff      compare the diagnostics of two JSON files written by this script (exit 1 when they differ)

The corpus (``--corpus issue``, the default) is timm's ``timm/layers`` and ``timm/models`` and transformers'
``models/bert``, ``models/gpt2`` and ``models/vit``. ``--corpus extended`` adds all of ``transformers/models`` and
the ``torch`` package itself (more diagnostics to confirm).

Install (system Python, never let pip touch torch: always pass the project's constraints file)::

    python3 -m pip install --no-build-isolation -Cbuild-dir=build/py -e .        # jitlint itself
    python3 -m pip install -c constraints.txt --no-deps timm==1.0.31
    python3 -m pip install -c constraints.txt pillow pyyaml huggingface_hub safetensors
    python3 -m pip install -c constraints.txt transformers==5.23.0

``torch==2.13.0`` (CPU) must already be installed. PyPI's torchvision does not load beside that torch, and timm
imports it: ``bench/ecosystem/stubs/torchvision`` is a small stand-in (``ops.misc.FrozenBatchNorm2d`` plus inert
placeholders) that this script puts on ``sys.path`` in the processes that import timm (only there: with it,
transformers would believe torchvision is installed). No weights are downloaded: models are built from configs
(``timm.create_model(name, pretrained=False)``, transformers ``XConfig()`` + ``XModel(config)``), on the ``meta``
device when their ``__init__`` allows it (scripting never runs the model).

How a diagnostic is confirmed (``confirm``): in a fresh process, import the file's module, build an instance of
the class around the diagnostic (directly from a config, or found inside a model built from the file's config),
``torch.jit.script`` it and check that the error is one of the rule's documented texts
(``jitlint._core.rules()[i]["torch_error"]``, newline-separated alternatives) at the diagnostic's line. Scripting
often fails earlier for reasons that have nothing to do with the rule; these *bypasses* are applied and recorded:

- ``ignore-config``: attributes holding a transformers ``PretrainedConfig`` are added to the class's
  ``__jit_ignored_attributes__`` (torch tries to compile the config class and fails before anything else);
- ``signature``: methods with ``*args``/``**kwargs``/keyword-only parameters or decorators (TorchScript rejects
  the signature before the body) are recompiled from a copy of their source that drops those parameters, the
  ``**kwargs``/``*args`` passed on in calls, and the decorators; the copy keeps every line number, so torch's
  error still points at the diagnostic's line. The construct of the diagnostic being checked is kept in its own
  method: the ``**kw``/``*xs`` of that call (JT125, JT130) and, for signature rules (JT3xx), that parameter or
  return annotation (on ``*args``/``**kwargs`` the method is not patched at all);
- ``stub-submodules``: a submodule that fails to script on its own, for a reason that lies outside the method
  being checked, is replaced by a scriptable stand-in (module containers keep their length and kind), because
  TorchScript compiles every submodule before the parent's methods;
- ``unused-properties``: properties of other files that the checked file never reads (transformers'
  ``PreTrainedModel.dtype`` ...), then any ``@property`` torch still fails in other than the method being
  checked, go into ``__jit_unused_properties__`` (torch compiles every property of a module's class); never a name
  the checked file's own class defines (T5's ``dummy_inputs`` overrides ``PreTrainedModel``'s). An instance built
  without parameters gets a one-element stand-in parameter, since scripting reads transformers' ``device`` /
  ``dtype`` properties (``next(self.parameters())``), which raise StopIteration on a module holding none;
- ``property-values``: a property ``unused-properties`` took out that compiled code still reads ("Module
  'SwinBackbone' has no attribute 'out_features'": BackboneMixin's property reads the config) becomes a plain
  instance attribute holding its eager value (a list of stage names), on a subclass shadowing the property; not when
  the checked statement reads it;
- ``fix-others``: when torch still stops first at a line where jitlint reports a fixable diagnostic other than the
  one being checked, the file is fixed by jitlint's own fixes everywhere but around that diagnostic and the module
  is scripted again from the fixed copy (``ecosystem_fix_bypass.py``);
- ``jt304-annotated``: when torch compiled the method but dropped the checked statement because it sits under
  ``if p is None`` (or ``is not None``) with ``p`` a parameter without an annotation and with a ``None`` default,
  where jitlint reports JT304 (torch types ``p`` Tensor and decides the test statically: the RoBERTa family's
  ``if position_ids is None:``), ``p`` gets JT304's annotation, as the user's fix gives it, and the method is
  scripted again;
- ``other-path`` (JT402): when the instance scripts because it was built down the path of ``__init__`` that
  assigns the attribute, the attribute is deleted from the instance, as the other path leaves it, and the instance
  is scripted again;
- ``isolate-method``: when torch still stops first in another method than the one being checked (``forward``
  before the helper, a sibling, a property) at a place no bypass above removes, or when the instance's entry points
  never reach the method (a helper another module calls), the module is scripted with the checked method as its
  only entry point (``create_script_module`` with that method's stub): only that method and what it calls are
  compiled (a static method, which has no ``self`` to bind, is scripted as the free function torch compiles where
  compiled code calls it); the bypasses below then work on that method alone;
- ``neutralize-siblings``: when torch stops first in the statement of another diagnostic jitlint reports there (in
  this method, or in a method of another class of this file), that construct is edited away in the patched copy
  and the module scripted again: a comprehension's ``if`` clause dropped, a lambda or a non-literal ModuleList
  index replaced, ``**kw`` cut, the positional arguments of a call splatting ``*xs`` passed as one list
  (``x.view(*s[:2], b, c)`` -> ``x.view(list(s[:2]) + [b, c])``), a ``*xs`` in a tuple display cut, an f-string
  conversion removed, an Optional local wrapped in ``torch.jit._unwrap_optional``, a comparison with a NoneType
  attribute made ``False``, an attribute target of compiled code dropped, a keyword argument the op does not take
  (JT510) renamed as the schema names it (``axis`` -> ``dim``, ``keepdims`` -> ``keepdim``), or
  ``nonzero(x, as_tuple=True)`` made ``nonzero(x).unbind(1)``, or else dropped, an argument whose type fits no
  schema (JT513) converted to the type its message names (``torch.tensor(seq_len)``, ``float(0)``), a Tensor method
  TorchScript lacks (JT506) spelt as a conversion (``mask.bool()`` -> ``mask.to(torch.bool)``), ``torch.finfo(t).min``
  and its kin made float constants, ``iter(xs)`` (JT502) made ``xs`` and ``callable(f)`` ``True``, an
  ``Optional[bool]`` test (JT602) made ``(v is not None and v)``, a module-level literal list, tuple or dict
  (JT511) written out where it is read, a module reached through a slice (JT203) called through ``.forward``, an
  argument a builtin does not take (JT503: ``default=``, ``ndigits``, ``start``) cut, a local bound to ``None`` or
  to ``[]`` before (JT603, JT605) annotated with the type the message names where it was bound, a missing
  submodule called on one value (JT402) made that value, an unannotated parameter (JT305) annotated with the type
  its use takes, a tuple's growth by concatenation (JT613) made ``pass``. Never an edit
  reaching the checked diagnostic's first character; a walrus (JT122) is hoisted into a binding one statement
  earlier (``ecosystem_neutralize.py``);
- ``ignore-helpers``: when torch stops inside a module-level function the checked method calls (of this file or
  another), whose return annotation TorchScript reads, that function is replaced in the module's namespace by a
  ``torch.jit.ignore``d stand-in with its parameters (annotations TorchScript cannot read become ``Any``) and its
  return annotation (without one: a tuple of Tensors as long as every ``return``'s tuple, or a Tensor when every
  ``return``'s expression is one by its form, KOSMOS-2's ``_expand_mask``): the caller's values keep their types;
- ``ignore-methods``: the same for a method (not a ``forward``) of the instance's class or a submodule's that compiled
  code calls (transformers' Qwen-VL ``get_rope_index``): the stand-in replaces it on its class, unless the checked
  statement itself calls it and it is not JT513's callee (the stand-in keeps the parameters, so torch checks the
  call's arguments against the same types: Swin2SR's ``self.maybe_pad(hidden_states, height, width)``, whose body
  fails first);
- ``slice-before``: when torch still stops first at a statement of the checked method before the diagnostic's (or
  at a call there into what fails), that statement is taken out with every earlier statement that reads what it
  binds, unless the diagnostic's statement or a header around it reads a name so changed (bound, or refined by an
  ``is None`` / ``isinstance`` test): its types stay the original ones (``ecosystem_slice.py``);
- stand-ins of ``stub-submodules`` keep the ``Tensor`` parameters of the original ``forward`` (annotated, or
  unannotated without a default), so a call passing an Optional fails as it would, and return a value of the type
  its return annotation gives when that is a Tensor (``torch.FloatTensor`` ... too) or a tuple of Tensors (one
  whose length the annotation leaves open, ``tuple[Tensor, ...]`` or transformers' ``tuple[torch.Tensor] |
  BaseModelOutput``, as a ``List[Tensor]``), so that ``h + self.sub(x)`` or ``out[:2]`` compile; else their
  result is ``Any`` (an unannotated or Optional return, a library class); ``signature`` types a
  parameter annotated with a Cache class ``None`` (no Cache scripts; typed None, its ``is not None`` tests are
  static and torch skips the cache paths, as a call without a cache does);
- ``unpacked`` stand-ins (``unpacked_stubs``): the caller unpacks a stand-in's result into n names
  (``hidden_states, _ = self.layer[0](...)``) where the stand-in returns a Tensor or ``Any`` (the original's
  ``return outputs`` named a tuple of a length its source does not give): it returns a tuple of n Tensors;
- ``widened`` stand-ins (``widen_stubs``): a parent that reads what a stand-in lacks (``.embeddings`` of it, a
  method ``get_image_features``, a plain value) gets the original's submodule (itself a stand-in unless it scripts),
  a stand-in method of the original's signature, or the value;
- ``constant-flags``: torch stops at a read of an attribute the module lacks inside ``if self.F:``, with the
  instance's bool ``F`` leaving the branch dead in eager: ``F`` goes into the class's ``__constants__`` and torch
  compiles only the branch taken (FastSpeech2's ``concat_linear``, built only ``if concat_after``);
- ``frontend-only``: for a frontend rule (its construct stops torch's parser whatever the types), when no instance
  builds or the file does not import, the method's source alone is parsed by ``torch.jit.frontend.get_jit_def``, the
  siblings the parser meets first neutralized (a ``try`` as ``if True:``/``if False:`` clauses, a ``yield`` made an
  expression statement);
- ``callee-probe``: a diagnostic about what a call calls (JT505's numpy or logging function, JT509's module class,
  JT514's dataclass) still masked by an earlier error in its own function: torch compiles that function (it
  stopped in it, before the statement, which no condition TorchScript may decide guards), and a probe holding only
  ``return <callee>()``, scripted in the file's namespace, fails with the rule's error (TorchScript resolves a callee
  before its arguments) (``ecosystem_probe.py``);
- ``remove-checked``: torch's error names no place (JT113's bare ``raise``, JT124's ``{**d}``): the rule's other
  places in the file are taken out first, then the checked construct; confirmed when the error goes with it.

A base's ``__init_subclass__`` that wraps each subclass's ``forward`` (transformers' ``GradientCheckpointingLayer``)
also wraps the harness's patched copies: they are put back unwrapped (that wrapper is JT512's own finding), except
when JT512 is checked, where the wrapper stays with the harness's own ``_jl`` names added to its globals.

Signature errors name a parameter and point at the whole ``def`` (or nowhere): JT303/JT307/JT308 count when
torch names the diagnostic's parameter. JT304 (``mask=None``) compiles on its own: it counts when the compiled
schema types that argument ``Tensor`` with an undefined-tensor default (every caller that omits it fails). JT903
(a grad-mode or autocast decorator TorchScript drops) compiles by design: it counts when the eager method is a
``functools.wraps`` wrapper and the compiled method's code has no grad-mode or autocast call.

A diagnostic whose module scripts cleanly after the bypasses is a false positive. One whose module cannot be
built or still fails with another error is *unconfirmable*, with that error as the reason.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import dataclasses
import importlib
import importlib.util
import importlib.metadata
import inspect
import json
import os
import random
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
import traceback
import warnings
import weakref
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:  # also when loaded by path (tests)
    sys.path.insert(0, str(BENCH_DIR))
import ecosystem_fix_bypass as fix_bypass  # noqa: E402 - beside this script
from ecosystem_build import (  # noqa: E402 - beside this script
    _config_reads, _config_value, _import, build_instance, first_line, function_config, resolve_qualname,
)
import ecosystem_slice  # noqa: E402 - beside this script
from ecosystem_probe import CALLEE_RULES, probe_source, run_probe  # noqa: E402 - beside this script
from ecosystem_neutralize import (  # noqa: E402 - beside this script
    MULTI, edit_touches, edit_within, expand_edits, neutralize, remember_source, statement_span,
)
import ecosystem_stand_ins as stand_ins  # noqa: E402 - beside this script
from ecosystem_stand_ins import (  # noqa: E402 - beside this script
    BYPASS_DIR, _annotation_text, _model_output_class, bypass_file, output_maker, _plain_type, _returned_bool, _returned_tensor, _returns_nothing, _returned_tuple_text, _typed_stand_in, loosen_stand_in, loosen_stubs,
    indexed_stubs, make_stub_like, mask_builder_edits, original_of, unpacked_stubs, widen_stubs,
)

STUBS_DIR = BENCH_DIR / "ecosystem" / "stubs"
SITE = Path(sysconfig.get_paths()["purelib"])

RULES = ("JT000", "JT101", "JT102", "JT103", "JT104", "JT201", "JT202", "JT203")


def rule_codes() -> Tuple[str, ...]:
    """Every rule code of the jitlint being measured (``RULES`` when its ``_core`` cannot be imported)."""
    try:
        import jitlint._core as core

        return tuple(r["code"] for r in core.rules())
    except Exception:  # noqa: BLE001
        return RULES


def signature_rule(code: str) -> bool:
    """JT3xx rules report the signature itself (parameters, annotations, defaults): the bypass must keep it."""
    return code.startswith("JT3")

# package -> (distribution, expected version, paths under site-packages)
CORPORA: Dict[str, Dict[str, Tuple[str, str, Tuple[str, ...]]]] = {
    "issue": {
        "timm": ("timm", "1.0.31", ("timm/layers", "timm/models")),
        "transformers": (
            "transformers",
            "5.23.0",
            ("transformers/models/bert", "transformers/models/gpt2", "transformers/models/vit"),
        ),
    },
}
CORPORA["extended"] = {
    "timm": CORPORA["issue"]["timm"],
    "transformers": ("transformers", "5.23.0", ("transformers/models",)),
    "torch": ("torch", "2.13.0", ("torch",)),
}

# timm models scripted by `misses` (small variants; built on the meta device when possible).
TIMM_MODELS = (
    "resnet18", "resnet50d", "resnext26ts", "seresnext26d_32x4d", "res2net50_14w_8s", "resnest14d", "skresnet18",
    "cspresnet50", "darknet17", "dla34", "dpn48b", "densenet121", "vgg11", "inception_v3", "xception41",
    "efficientnet_b0", "mobilenetv3_small_100", "mixnet_s", "ghostnet_100", "rexnet_100", "regnetx_002",
    "hrnet_w18_small", "ese_vovnet19b_dw", "nf_resnet26", "convnext_atto", "convnextv2_atto", "vit_tiny_patch16_224",
    "deit_tiny_distilled_patch16_224", "swin_tiny_patch4_window7_224", "swinv2_cr_tiny_224", "levit_128s",
    "pit_ti_224", "crossvit_tiny_240", "coat_lite_tiny", "maxvit_nano_rw_256", "coatnet_nano_rw_224",
    "eva02_tiny_patch14_224", "mvitv2_tiny", "poolformerv2_s12", "edgenext_xx_small", "efficientformer_l1",
    "fastvit_t8", "mobilevit_xxs", "gcvit_xxtiny", "davit_tiny", "xcit_nano_12_p16_224", "volo_d1_224",
    "twins_pcpvt_small", "visformer_tiny", "tnt_s_patch16_224", "hiera_tiny_224", "hgnetv2_b0", "repvit_m1",
    "efficientvit_b0", "tiny_vit_5m_224", "nextvit_small", "focalnet_tiny_srf", "sequencer2d_s", "beit_base_patch16_224",
    "cait_xxs24_224", "convit_tiny", "mixer_s32_224", "resmlp_12_224", "gmlp_ti16_224", "rdnet_tiny",
)

# transformers models swept by `misses`: (module, config class, model classes).
TRANSFORMERS_MODELS = (
    ("transformers.models.bert.modeling_bert", "BertConfig",
     ("BertModel", "BertForMaskedLM", "BertForSequenceClassification", "BertForQuestionAnswering",
      "BertLMHeadModel", "BertForNextSentencePrediction", "BertForPreTraining", "BertForTokenClassification",
      "BertForMultipleChoice")),
    ("transformers.models.gpt2.modeling_gpt2", "GPT2Config",
     ("GPT2Model", "GPT2LMHeadModel", "GPT2DoubleHeadsModel", "GPT2ForSequenceClassification",
      "GPT2ForTokenClassification", "GPT2ForQuestionAnswering")),
    ("transformers.models.vit.modeling_vit", "ViTConfig",
     ("ViTModel", "ViTForImageClassification", "ViTForMaskedImageModeling")),
)


# ------------------------------------------------------------------------------------------------------ helpers


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def dist_version(name: str) -> Optional[str]:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def jitlint_cmd() -> List[str]:
    return [sys.executable, "-m", "jitlint"]


def quiet_warnings() -> None:
    warnings.filterwarnings("ignore", message=r".*torch\.jit.*deprecated")
    warnings.filterwarnings("ignore", message=r".*TorchScript.*deprecated")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning)


def rel(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(SITE))
    except ValueError:
        return path


# TorchScript's frames, not a Python traceback's (`..., line N, in f`: JITLINT_CONFIRM_FULL_ERROR keeps one)
_FILE_LINE = re.compile(r'File "([^"]+)", line (\d+)(?![\d]|, in )')


def error_location(text: str) -> Optional[Tuple[str, int]]:
    """The first ``File "...", line N`` of a TorchScript error: where the error is."""
    m = _FILE_LINE.search(text)
    return (m.group(1), int(m.group(2))) if m else None


def source_function(fn_node: ast.AST, src: str, path: str) -> Any:
    """The function of ``fn_node`` made from the file's source alone, without importing the file: its lines at
    their own numbers and columns in a bypass copy (a method under a `class` line put just above it), decorators
    dropped and annotations left unevaluated. For torch's parser only (``frontend_only``); None for a function
    nested deeper than a method."""
    lines = src.splitlines(keepends=True)
    first, last = fn_node.lineno, fn_node.end_lineno or fn_node.lineno  # type: ignore[attr-defined]
    indent = fn_node.col_offset  # type: ignore[attr-defined]
    if indent not in (0, 4) or first < 3:
        return None
    head = ["from __future__ import annotations\n"] + ["\n"] * (first - 2)
    if indent:
        head[-1] = "class _JitlintSource:\n"
    text = "".join(head + lines[first - 1:last])
    copy = bypass_file(f"{Path(path).stem}.{fn_node.name}", text, ".bypass.py")  # type: ignore[attr-defined]
    namespace: Dict[str, Any] = {}
    try:
        exec(compile(text, str(copy), "exec"), namespace)  # noqa: S102 - a def alone: nothing runs
    except Exception:  # noqa: BLE001
        return None
    holder = namespace.get("_JitlintSource") if indent else None
    return getattr(holder, fn_node.name, None) if indent else namespace.get(fn_node.name)  # type: ignore[attr-defined]


def frontend_rules() -> Set[str]:
    """The rules of the frontend phase: their construct stops torch's parser (``torch.jit.frontend``), whatever the
    types."""
    import jitlint._core as core

    return {r["code"] for r in core.rules() if r["phase"] == "frontend"}


def torch_error_table() -> Dict[str, List[str]]:
    import jitlint._core as core

    return {r["code"]: [s for s in r["torch_error"].split("\n") if s] for r in core.rules()}


def match_rule(text: str, table: Dict[str, List[str]], prefer: Optional[str] = None) -> Optional[str]:
    """The rule whose documented error is in ``text``; ``prefer`` (the diagnostic's rule) first, since some texts
    overlap (JT308's ``Expected a default value of type`` is also in JT303's error)."""
    if prefer and prefer != "JT000" and any(a in text for a in table.get(prefer, [])):
        return prefer
    for code, alts in table.items():
        if code == "JT000":
            continue
        if any(a in text for a in alts):
            return code
    return None


# ------------------------------------------------------------------------------------------------------- lint


def run_lint(corpus: str, jobs: Optional[int]) -> Dict[str, Any]:
    packages: Dict[str, Any] = {}
    diagnostics: List[Dict[str, Any]] = []
    for pkg, (dist, want, paths) in CORPORA[corpus].items():
        have = dist_version(dist)
        abs_paths = [str(SITE / p) for p in paths]
        missing = [p for p in abs_paths if not Path(p).is_dir()]
        if missing:
            raise SystemExit(f"ecosystem: {pkg}: not installed (missing {missing[0]}); see the install hints")
        files = sorted({f for p in abs_paths for f in Path(p).rglob("*.py")})
        size = sum(f.stat().st_size for f in files)
        cmd = jitlint_cmd() + ["check", "--isolated", "--output-format", "json", "--exit-zero", "--no-fix"]
        if jobs:
            cmd += ["-j", str(jobs)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd + abs_paths, capture_output=True, text=True, cwd=str(SITE))
        elapsed = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            raise SystemExit(f"ecosystem: jitlint failed on {pkg} ({proc.returncode}): {proc.stderr.strip()}")
        found = json.loads(proc.stdout or "[]")
        counts = {code: 0 for code in rule_codes()}
        for d in found:
            counts[d["code"]] = counts.get(d["code"], 0) + 1
            diagnostics.append({
                "package": pkg,
                "path": rel(d["filename"]),
                "row": d["location"]["row"],
                "column": d["location"]["column"],
                "end_row": d["end_location"]["row"],
                "end_column": d["end_location"]["column"],
                "code": d["code"],
                "message": d["message"],
                "fix": (d.get("fix") or {}).get("applicability"),
            })
        packages[pkg] = {
            "distribution": dist,
            "version": have,
            "expected_version": want,
            "paths": list(paths),
            "files": len(files),
            "bytes": size,
            "seconds": round(elapsed, 3),
            "stderr": proc.stderr.strip()[-2000:],
            "counts": counts,
        }
        log(f"lint {pkg:13s} {len(files):5d} files {size / 1e6:6.1f} MB  {elapsed:6.2f} s  "
            + " ".join(f"{c}={n}" for c, n in counts.items() if n))
    diagnostics.sort(key=lambda d: (d["package"], d["path"], d["row"], d["column"], d["code"]))
    return {"packages": packages, "diagnostics": diagnostics}


def environment() -> Dict[str, Any]:
    out = subprocess.run(jitlint_cmd() + ["--version"], capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=str(BENCH_DIR)).stdout.strip()
    return {
        "jitlint": out,
        "git": head or None,
        "python": sys.version.split()[0],
        "torch": dist_version("torch"),
        "timm": dist_version("timm"),
        "transformers": dist_version("transformers"),
        "cpus": os.cpu_count(),
    }


# ---------------------------------------------------------------------------------------------------- workers


def run_worker(task: Dict[str, Any], timeout: int = 900) -> Dict[str, Any]:
    """Run one task in a fresh interpreter (torch caches compiled types per process; bypasses patch classes)."""
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    env["TOKENIZERS_PARALLELISM"] = "false"
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_VERBOSITY"] = "error"
    env["OMP_NUM_THREADS"] = "1"
    if task.get("stubs"):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(STUBS_DIR), env.get("PYTHONPATH")]))
    # the worker's patched sources live here while torch reads them; removed however the worker ends
    scratch = tempfile.mkdtemp(prefix="jitlint-ecosystem-")
    env["JITLINT_ECOSYSTEM_SCRATCH"] = scratch
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_worker", json.dumps(task)],
                              capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"status": "unconfirmable", "reason": f"timed out after {timeout} s"}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            try:
                res = json.loads(line)
                res["seconds"] = round(time.perf_counter() - t0, 1)
                return res
            except json.JSONDecodeError:
                break
    return {"status": "unconfirmable", "reason": "worker crashed: " + (proc.stderr.strip()[-800:] or "no output")}


WORKER_MEMORY = 8 << 30  # address space of one worker: a full-size model built on the CPU fails instead of the machine


def worker_main(task: Dict[str, Any]) -> None:
    import resource

    # a model whose meta build fails is built on the CPU from its default (full-size) config: past this limit the
    # allocation raises, the next way of building it is tried, and the kernel's OOM killer is never reached
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    quiet_warnings()
    import logging

    logging.disable(logging.WARNING)
    try:
        if task["kind"] == "confirm":
            res = confirm_one(task)
        elif task["kind"] == "timm-model":
            res = script_timm_model(task)
        elif task["kind"] == "transformers-model":
            res = sweep_transformers_model(task)
        else:
            raise ValueError(task["kind"])
    except Exception as exc:  # noqa: BLE001 - any failure of the harness is a result, not a crash
        res = {"status": "unconfirmable", "reason": f"harness: {type(exc).__name__}: {first_line(str(exc))}",
               "traceback": traceback.format_exc()[-3000:]}
    print(json.dumps(res, default=str), flush=True)


# ----------------------------------------------------------------------------------------- source navigation


def module_name_for(path: str) -> str:
    p = Path(path)
    parts = list(p.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def enclosing_nodes(tree: ast.AST, row: int) -> List[ast.AST]:
    """Classes and functions around ``row``, outermost first."""
    chain: List[ast.AST] = []

    def walk(node: ast.AST) -> None:
        for ch in ast.iter_child_nodes(node):
            if isinstance(ch, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([ch.lineno] + [d.lineno for d in ch.decorator_list])
                if start <= row <= (ch.end_lineno or ch.lineno):
                    chain.append(ch)
                    walk(ch)
                    return
            else:
                walk(ch)

    walk(tree)
    return chain


# -------------------------------------------------------------------------------------------------- bypasses


# Names an annotation may use and still be resolved by TorchScript without compiling a library class.
_PLAIN_ANNOTATION_NAMES = frozenset({
    "torch", "Tensor", "Optional", "Union", "Tuple", "List", "Dict", "Any", "Final", "typing", "int", "float", "bool",
    "str", "None", "tuple", "list", "dict", "complex", "device", "dtype", "nn",
})


def _plain_annotation(ann: Optional[ast.expr]) -> bool:
    if ann is None:
        return True
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        try:
            ann = ast.parse(ann.value, mode="eval").body
        except SyntaxError:
            return False
    # a container without its element types (`dict`, `list[tuple]`) is no type to TorchScript ("Unknown type name")
    subscripted = {id(n.value) for n in ast.walk(ann) if isinstance(n, ast.Subscript)}
    for n in ast.walk(ann):
        # `tuple[Tensor, ...]`: "Expression of type dots cannot be used in a type expression" (JT306)
        if isinstance(n, ast.Constant) and n.value is Ellipsis:
            return False
        # `hidden_states: torch.tensor` (the factory function): "Unknown type name 'torch.tensor'" (JT306)
        if isinstance(n, ast.Attribute) and n.attr == "tensor":
            return False
        if isinstance(n, ast.Name) and (n.id not in _PLAIN_ANNOTATION_NAMES
                                         or (n.id in _BARE_CONTAINERS and id(n) not in subscripted)):
            return False
    return True


# Unannotated parameters of transformers' attention layers that hold a cache object (`past_key_values=None`).
_CACHE_PARAMETERS = frozenset({"past_key_values", "past_key_value", "layer_past", "cache", "kv_cache"})
# An annotation naming a transformers cache class (`Cache | None`, `EncoderDecoderCache`).
_CACHE_ANNOTATION = re.compile(r"\b\w*Cache\b")

_BARE_CONTAINERS = frozenset({"tuple", "list", "dict", "Tuple", "List", "Dict"})


def _literal(value: Any, depth: int = 0) -> Optional[str]:
    """A config value as source TorchScript types by itself: a scalar, None, or a list / tuple of them, nested
    (LLaVA-NeXT's `image_grid_pinpoints`, `[[336, 672], ...]`) when each level's elements are of one kind and no
    nested list is empty (`[]` would be a `List[Tensor]`)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (bool, int, float, str)) for v in value):
        return repr(value)
    if isinstance(value, (list, tuple)) and value and depth < 2 and len({type(v) for v in value}) == 1 \
            and all(isinstance(v, (list, tuple)) and v for v in value):
        inner = [_literal(v, depth + 1) for v in value]
        if all(inner) and len({type(x) for v in value for x in v}) == 1:
            return repr(value)
    return None


def patched_function(fn: Any, config: Any = None, file_edits: Sequence[Tuple[int, int, int, str]] = (),
                     force: bool = False, diag: Optional[Tuple[int, int]] = None,
                     code: Optional[str] = None) -> Optional[Tuple[Any, List[str]]]:
    """A copy of ``fn`` that TorchScript accepts up to the body, with the same line numbers as the original.

    Removes ``*args``/``**kwargs`` (and their use in calls), turns keyword-only parameters into plain ones, drops
    decorators, replaces annotations naming library classes (``Cache``, ``ModelOutput`` ...) by
    ``Optional[Tensor]``/none, and with ``config`` turns literal ``self.config.X`` reads into constants.
    Returns ``(function, what was changed)``, or None when nothing needs changing or the source is unavailable.

    ``diag`` is the checked diagnostic's (row, 0-based column) in the file when it lies in this function: the
    ``**kwargs``/``*args`` passed on in the call it points at is kept (JT125, JT130). With a signature rule
    (``code`` JT3xx) the signature construct it points at is kept too: the parameter keeps its name, annotation
    and default (or the return annotation is kept); when it is ``*args``/``**kwargs`` or a keyword-only parameter
    of JT301, the function is not patched at all (None). ``file_edits`` entries ``(0, 0, 0, "name: type")``
    annotate parameter ``name``, replacing what it had (a neutralized sibling: JT305, JT609, JT612).
    """
    outer = fn
    fn = inspect.unwrap(fn)
    try:
        lines, start = inspect.getsourcelines(fn)
        filename = inspect.getsourcefile(fn)
    except (OSError, TypeError):
        return None
    src = textwrap.dedent("".join(lines))
    try:
        node = ast.parse(src).body[0]
    except SyntaxError:
        return None
    if not isinstance(node, ast.FunctionDef) or not node.body or node.body[0].lineno == node.lineno:
        return None
    a = node.args
    all_params = list(a.posonlyargs) + list(a.args) + list(a.kwonlyargs)
    rel_diag: Optional[Tuple[int, int]] = None  # the diagnostic in the coordinates of the dedented copy
    if diag is not None and 0 <= diag[0] - start < len(lines):
        li = diag[0] - start
        shift = len(lines[li].encode()) - len(src.splitlines(keepends=True)[li].encode())
        rel_diag = (li + 1, diag[1] - shift)

    def holds(n: Optional[ast.AST], end_node: Optional[ast.AST] = None, stars: int = 0) -> bool:
        if n is None or rel_diag is None:
            return False
        last = end_node or n
        return (n.lineno, n.col_offset - stars) <= rel_diag < (last.end_lineno, last.end_col_offset)

    kept_param: Optional[ast.arg] = None
    keep_return = False
    if rel_diag is not None and code is not None and signature_rule(code):
        if holds(a.vararg, stars=1) or holds(a.kwarg, stars=2):
            return None
        kw_defaults = dict(zip((p.arg for p in a.kwonlyargs), a.kw_defaults))
        pos = list(a.posonlyargs) + list(a.args)
        pos_defaults = dict(zip((p.arg for p in pos[len(pos) - len(a.defaults):]), a.defaults))
        for p in all_params:
            dflt = kw_defaults.get(p.arg) or pos_defaults.get(p.arg)
            if holds(p, dflt if dflt is not None else p):
                if code == "JT301" and p in a.kwonlyargs:
                    return None
                kept_param = p
        keep_return = holds(node.returns)
    if rel_diag is not None and code in ("JT615", "JT616"):
        # a Union parameter read where no `isinstance` refines it: the annotation the diagnostic is about stays
        read = next((n for n in ast.walk(node) if isinstance(n, ast.Name) and (n.lineno, n.col_offset) == rel_diag),
                    None)
        kept_param = next((p for p in all_params if read is not None and p.arg == read.id), kept_param)
    param_annotations = {e[3].split(":", 1)[0].strip(): e[3].split(":", 1)[1].strip()
                         for e in file_edits if e[0] == 0}
    file_edits = [e for e in file_edits if e[0] != 0]
    changes: List[str] = []
    if a.vararg or a.kwarg:
        changes.append("varargs")
    if a.kwonlyargs:
        changes.append("keyword-only")
    if node.decorator_list:
        changes.append("decorators")
    bad_params = [p for p in all_params if not _plain_annotation(p.annotation) and p is not kept_param]
    # `past_key_values=None` unannotated: a cache object in eager, a Tensor to torch ("'Tensor (inferred)' object has
    # no attribute or method 'get_seq_length'"); typed None as an annotated Cache is below. Not where the checked
    # diagnostic's line reads it (a JT305 about that very use would vanish with the branch).
    diag_line = src.splitlines()[rel_diag[0] - 1] if rel_diag is not None else ""
    cache_params = {p.arg for p in all_params if p.annotation is None and p.arg in _CACHE_PARAMETERS
                    and p is not kept_param and not re.search(rf"\b{p.arg}\b", diag_line)}
    if cache_params:
        changes.append("cache-parameters")
    # ... and an `isinstance(past_key_values, EncoderDecoderCache)` of a parameter typed None is False (torch would
    # compile the cache class to answer it)
    none_params = cache_params | {p.arg for p in all_params if p is not kept_param and p.annotation is not None
                                  and _CACHE_ANNOTATION.search(ast.unparse(p.annotation))
                                  and "None" in ast.unparse(p.annotation)}
    none_tests = [c for c in ast.walk(node) if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "isinstance"
                  and len(c.args) == 2 and getattr(c.args[0], "id", None) in none_params
                  and c.lineno == c.end_lineno and not holds(c)]
    if bad_params:
        changes.append("annotations")
    if param_annotations:
        changes.append("annotated-siblings")
    bad_return = not _plain_annotation(node.returns) and not keep_return
    if bad_return:
        changes.append("return-annotation")
    # `text_outputs: BaseModelOutputWithPooling = self.text_model(...)`: torch compiles a local's annotation's class
    # (a ModelOutput dataclass has no `__init__` source: "Failed to get source", an error naming no line); the
    # local is typed by its value instead (`cache_layer: CSACache | None = (p.layers[i] if p is not None else None)`
    # too: with `p` typed None it is None). Kept where the value alone would type it differently (`= None`, `= []`).
    local_annotations = [st for st in ast.walk(node) if isinstance(st, ast.AnnAssign) and st.value is not None
                         and st.simple and not _plain_annotation(st.annotation) and not holds(st)
                         and isinstance(st.value, (ast.Call, ast.Attribute, ast.Name, ast.Subscript, ast.IfExp))
                         and st.target.end_lineno == st.annotation.end_lineno]
    if local_annotations:
        changes.append("local-annotations")
    # `return BaseModelOutput(last_hidden_state=h)`: the dataclass's construction calls a compiled stand-in instead
    outputs = [c.func for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
               and _model_output_class(fn.__globals__.get(c.func.id)) and not holds(c.func)]
    if outputs:
        changes.append("output-constructions")
    text = [ln.encode() for ln in src.splitlines(keepends=True)]  # the copy's lines, edited below
    mask_edits = mask_builder_edits(node, fn.__globals__, text, holds)
    if mask_edits:
        changes.append("mask-builders")
    reads = []
    if config is not None:
        compared = {id(c.left): c for c in ast.walk(node) if isinstance(c, ast.Compare) and len(c.ops) == 1
                    and isinstance(c.ops[0], (ast.Eq, ast.NotEq)) and isinstance(c.comparators[0], ast.Constant)}
        # a method's `self.config.X`; a module-level helper's `config.X`, of its parameter `config`
        helper = not all_params or all_params[0].arg != "self"
        for r, path in _config_reads(node, ("config",) if helper else ("self", "config")):
            if code == "JT401" and holds(r):
                continue  # the config read the diagnostic is about stays
            value = _config_value(config, path)
            lit = _literal(value)
            test = compared.get(id(r))
            if lit is not None and test is not None and value is None and isinstance(test.comparators[0].value, str):
                # `self.config.problem_type == "regression"` with the value None: torch has no `None == str`; a
                # string no constant equals answers as Python does and, unlike a literal `False`, keeps the branch
                # (torch drops the body of `if False:` without compiling it)
                reads.append((r, repr("<None>")))
            elif lit is not None:
                reads.append((r, lit))
        if reads:
            changes.append("config-constants")
    orig_lines = [ln.encode() for ln in lines]
    own_edits = []
    dedent = len(orig_lines[0]) - len(text[0])  # the copy's lines lose this many leading spaces
    for fline, fcol, fend, rep in expand_edits(file_edits):
        li = fline - start
        if 0 <= li < len(text):
            shift = len(orig_lines[li]) - len(text[li])
            blank = not orig_lines[li].strip() or orig_lines[li].lstrip().startswith(b"#")
            if fcol == 0 and blank and rep[:dedent].isspace():
                rep = rep[dedent:]  # a statement written on a blank or comment line, indented as the file indents it
            own_edits.append((li, max(fcol - shift, 0), max(fend - shift, 0), rep.encode()))
    if own_edits:
        changes.append("neutralized-siblings")
    if not changes and not force:
        return None
    var_names = {x.arg for x in (a.vararg, a.kwarg) if x is not None}
    edits: List[Tuple[int, int, int, bytes]] = []  # (line index, col, end col, replacement) in UTF-8 bytes
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        for kw in sub.keywords:
            if kw.arg is None and isinstance(kw.value, ast.Name) and kw.value.id in var_names \
                    and kw.lineno == kw.end_lineno and not holds(kw):
                edits.append((kw.lineno - 1, kw.col_offset, kw.end_col_offset, b"\0cut"))
        for arg in sub.args:
            if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name) and arg.value.id in var_names \
                    and arg.lineno == arg.end_lineno and not holds(arg):
                edits.append((arg.lineno - 1, arg.col_offset, arg.end_col_offset, b"\0cut"))
    makers = {f.id: output_maker(fn.__globals__[f.id]) for f in outputs}
    for f in outputs:
        edits.append((f.lineno - 1, f.col_offset, f.end_col_offset, makers[f.id].__name__.encode()))
    edits.extend(mask_edits)
    edits.extend((c.lineno - 1, c.col_offset, c.end_col_offset, b"False") for c in none_tests)
    for st in local_annotations:
        # `: Annotation` cut, up to its end (the value may start on a line of its own, after `= (`)
        edits.append((st.target.end_lineno - 1, st.target.end_col_offset, st.annotation.end_col_offset, b""))
    for r, lit in reads:
        li, rc, rend = r.lineno - 1, r.col_offset, r.end_col_offset
        outer = next((i for i, e in enumerate(own_edits) if e[0] == li and e[1] <= rc and rend <= e[2]), None)
        if outer is not None:
            # a neutralized sibling's edit spans the read: its replacement, when it carries the read's text
            # (`x.view(list(s) + [self.config.n])`), gets the constant; else the read goes with the text it drops
            seg = text[li][rc:rend]
            o_li, o_col, o_end, o_rep = own_edits[outer]
            if seg and seg in o_rep:
                own_edits[outer] = (o_li, o_col, o_end, o_rep.replace(seg, lit.encode()))
            continue
        edits.append((li, rc, rend, lit.encode()))
    edits.extend(own_edits)
    # An edit inside another one's range on its line goes: the covering one replaces that text (a sliced statement's
    # `pass` over the `**kwargs` the signature bypass cuts from it)
    edits = [e for e in edits if not any(o is not e and o[0] == e[0] and o[1] <= e[1] and e[2] <= o[2]
                                         and (o[1], o[2]) != (e[1], e[2]) for o in edits)]
    # Of edits of the same range, the last one made stays: the neutralized or sliced statement's over the
    # mask-builders' stand-in
    edits = [e for i, e in enumerate(edits) if not any(o[:3] == e[:3] for o in edits[i + 1:])]
    for li, col, end, rep in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        line = text[li]
        content = len(line.rstrip(b"\r\n"))
        before, after = line[:col], line[min(end, content):]
        if rep == b"\0cut":
            if before.rstrip().endswith(b","):
                before = before.rstrip()[:-1]
            elif after.lstrip().startswith(b","):
                after = after.lstrip()[1:]
                if not before.strip() or before.rstrip()[-1:] in (b"(", b"["):
                    after = after.lstrip()  # `*_, h, w = s` -> `h, w = s`: the indentation stays as it was
            rep = b""
        joined = before + rep + after
        text[li] = joined if joined.strip() else b"\n"
    positional = list(a.posonlyargs) + list(a.args)
    defaults_full: List[Optional[ast.expr]] = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    defaults_full += list(a.kw_defaults)
    first = next((i for i, d in enumerate(defaults_full) if d is not None), len(defaults_full))
    defaults = [d if d is not None else ast.Constant(None) for d in defaults_full[first:]]
    params = positional + list(a.kwonlyargs)
    if kept_param is not None and kept_param in a.kwonlyargs and i_default_invented(params, defaults_full, first,
                                                                                    kept_param):
        return None  # the kept parameter would get a made-up default
    for i, prm in enumerate(params):
        if prm.arg in param_annotations:  # a neutralized sibling's annotation (none, bare, or the wrong type)
            prm.annotation = ast.parse(param_annotations[prm.arg], mode="eval").body
        if prm is kept_param:
            continue
        d = defaults_full[i] if i < len(defaults_full) else None
        is_none = i >= first and (d is None or (isinstance(d, ast.Constant) and d.value is None))
        if prm.arg in cache_params and is_none:
            prm.annotation = ast.Constant(None)
            continue
        if not _plain_annotation(prm.annotation):
            ann_text = ast.unparse(prm.annotation)
            if _CACHE_ANNOTATION.search(ann_text) and (is_none or re.search(r"\bNone\b|Optional", ann_text)) \
                    and not re.search(rf"\b{prm.arg}\b", diag_line):
                # transformers' `past_key_values: Cache | None = None`: no Cache class scripts, and a Tensor in its
                # place fails at every use. Typed None, its `is not None` tests are static and torch skips the
                # cache paths, as a call without a cache takes them. So too without a default (DeepseekV4's
                # `past_key_values: Cache | None,`): its callers pass their own, typed None the same way. Not where
                # the checked diagnostic's line reads it (GPTBigCode's JT604 under `if layer_past is not None:`
                # would vanish with the branch).
                prm.annotation = ast.Constant(None)
                continue
            prm.annotation = ast.parse("_jl_Optional[_jl_Tensor]", mode="eval").body if is_none else None
    new_args = ast.arguments(posonlyargs=[], args=params, vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                             defaults=defaults)
    extra = {"type_params": []} if sys.version_info >= (3, 12) else {}
    header = ast.FunctionDef(name=node.name, args=new_args, body=[ast.Pass()], decorator_list=[],
                             returns=None if bad_return else node.returns, type_comment=None, **extra)
    header_src = ast.unparse(ast.fix_missing_locations(ast.Module(body=[header], type_ignores=[])))
    header_line = header_src.splitlines()[0]
    first_body = node.body[0].lineno
    deco_start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    for li in range(deco_start - 1, first_body - 1):
        text[li] = b"\n"
    text[node.lineno - 1] = header_line.encode() + b"\n"
    new_src = "\n" * (start - 1) + b"".join(text).decode()
    # the module's own stem, also for a copy of a copy (`x.f.3.bypass.py` patched again is `x.f.<n>.bypass.py`)
    out = bypass_file(f"{Path(filename or 'unknown.py').name.split('.')[0]}.{fn.__qualname__}", new_src, ".bypass.py")
    import typing

    import torch

    ns = dict(fn.__globals__)
    ns["_jl_Optional"] = typing.Optional
    ns["_jl_Tensor"] = torch.Tensor
    ns["_jl_device"], ns["_jl_dtype"] = torch.device, torch.dtype
    ns.update(_jl_List=typing.List, _jl_Tuple=typing.Tuple, _jl_Dict=typing.Dict)
    ns.update({maker.__name__: maker for maker in makers.values()})
    exec(compile(new_src, str(out), "exec"), ns)  # noqa: S102 - our own copy of installed library code
    new_fn = ns[node.name]
    new_fn.__qualname__ = fn.__qualname__
    if code in ("JT512", "JT903") and outer is not fn:
        # both rules are about what the wrapper does (its globals; what torch drops of it): the copy goes back
        # inside the same wrapper
        rewrapped = _rewrapped(outer, fn, new_fn)
        if rewrapped is not None:
            return rewrapped, changes + ["wrapper-kept"]
    return new_fn, changes


def _rewrapped(wrapper: Any, inner: Any, replacement: Any) -> Optional[Any]:
    """A copy of the ``functools.wraps`` wrapper ``wrapper`` (its code and globals: torch's ``decorate_context``,
    a decorator's ``def forward``) that calls ``replacement`` where it called ``inner``; None when ``wrapper`` does
    not hold ``inner`` in a closure cell."""
    import functools
    import types

    if not inspect.isfunction(wrapper) or not wrapper.__closure__:
        return None
    cells = list(wrapper.__closure__)
    found = False
    for i, cell in enumerate(cells):
        try:
            held = cell.cell_contents
        except ValueError:
            continue
        if held is inner or held is getattr(wrapper, "__wrapped__", None):
            cells[i] = types.CellType(replacement)
            found = True
    if not found:
        return None
    copy = types.FunctionType(wrapper.__code__, _with_harness_names(wrapper.__globals__, replacement),
                              wrapper.__name__, wrapper.__defaults__, tuple(cells))
    copy.__kwdefaults__ = wrapper.__kwdefaults__
    functools.update_wrapper(copy, replacement)
    return copy


# JT512 checked: the names the file's other JT512s say the wrapper's module lacks (`nn` is not defined in ...),
# lent to the wrapper's globals from the copy's module, so that torch stops at the checked one (the others are
# their own findings)
_jt512_lent_names: Set[str] = set()


def _with_harness_names(wrapper_globals: Dict[str, Any], copy: Any) -> Dict[str, Any]:
    """The wrapper's globals, where torch looks the wrapped copy's names up (JT512's finding), plus the names the
    harness's own edits of the copy introduced (`_jl_Optional`, `_jl_out_<Output>`): the model file's names stay
    as absent as in the original, but the names of the other JT512s when one is confirmed (``_jt512_lent_names``)."""
    own = getattr(copy, "__globals__", {})
    added = {k: v for k, v in own.items() if k.startswith("_jl")}
    added.update({k: v for k, v in own.items() if k in _jt512_lent_names and k not in wrapper_globals})
    return {**wrapper_globals, **added} if added else wrapper_globals


def _rebuilt_with_harness_names(wrapper: Any, copy: Any) -> Any:
    """A base's `__init_subclass__` wrapped the harness's copy (transformers' `GradientCheckpointingLayer`): the same
    wrapper, its globals given the harness's own names (``_with_harness_names``)."""
    import functools
    import types

    if not inspect.isfunction(wrapper):
        return wrapper
    rebuilt = types.FunctionType(wrapper.__code__, _with_harness_names(wrapper.__globals__, copy), wrapper.__name__,
                                 wrapper.__defaults__, wrapper.__closure__)
    rebuilt.__kwdefaults__ = wrapper.__kwdefaults__
    functools.update_wrapper(rebuilt, copy)
    return rebuilt


def i_default_invented(params: List[ast.arg], defaults_full: List[Optional[ast.expr]], first: int,
                       prm: ast.arg) -> bool:
    i = params.index(prm)
    return i >= first and (i >= len(defaults_full) or defaults_full[i] is None)


def ignore_config_attrs(root: Any, keep: Optional[Tuple[type, str]] = None) -> List[str]:
    """Add attributes holding a transformers config to ``__jit_ignored_attributes__`` of their classes; not ``keep``
    (the class and attribute a JT401 diagnostic being confirmed is about)."""
    try:
        from transformers import PretrainedConfig
    except Exception:  # noqa: BLE001
        return []
    done = []
    for sub in root.modules():
        names = [k for k, v in vars(sub).items() if isinstance(v, PretrainedConfig)
                 and not (keep and isinstance(sub, keep[0]) and k == keep[1])]
        if names:
            cls = type(sub)
            cur = list(getattr(cls, "__jit_ignored_attributes__", []))
            cls.__jit_ignored_attributes__ = sorted(set(cur) | set(names))
            done.append(f"{cls.__name__}.{','.join(names)}")
    return sorted(set(done))


_patched_types: Dict[type, type] = {}


def patch_signatures(root: Any, extra_methods: Sequence[str] = (),
                     edits: Optional[Dict[Tuple[type, str], List[Tuple[int, int, int, str]]]] = None,
                     diag: Optional[Tuple[type, str, int, int, str]] = None,
                     constants: Optional[Dict[type, List[str]]] = None, embedding_getters: bool = False) -> List[str]:
    """Give each module class of the tree whose compiled methods need it a subclass with patched copies of them.

    ``edits`` maps (original class, method name) to extra edits in file coordinates (neutralized siblings).
    ``constants`` maps an original class to attributes its subclass adds to ``__constants__`` (``constant_flags``).
    ``embedding_getters``: transformers' inherited embedding getters get stand-ins (``_embedding_getters``).
    ``diag`` is (original class, method name, row, 0-based column, code) of the diagnostic being checked: that
    method's copy keeps the construct (see ``patched_function``).
    """
    import torch

    edits = edits or {}
    constants = constants or {}
    _patched_types.clear()
    done: List[str] = []
    for sub in list(root.modules()):
        cls = original_of.get(type(sub), type(sub))
        if cls not in _patched_types:
            members: Dict[str, Any] = {}
            names = ["forward"] + [m for m in extra_methods if m != "forward"]
            names += [m for (c, m) in edits if c is cls and m not in names]
            # the class's own helper methods too: torch compiles those forward calls, and a signature problem
            # there masks the checked one; a copy torch never compiles changes nothing. Not static methods: a
            # module's copy of one is a function attribute torch compiles on its own (T5Gemma2's
            # `compute_default_rope_parameters(config: T5Gemma2TextConfig, ...)`)
            helpers = [m for m, v in vars(cls).items() if m not in names and not m.startswith("__")
                       and inspect.isfunction(v)]
            names += helpers
            for name in dir(cls):
                item = getattr(cls, name, None)
                if getattr(item, "_torchscript_modifier", None) is not None and name not in names:
                    names.append(name)
            # a method ``ignore-methods`` stood in on a base of another file (transformers' `PreTrainedModel`)
            names += [m for (c, m) in _stood_in_methods if c in cls.__mro__ and m not in names]
            config = getattr(sub, "config", None)
            for name in names:
                fn = getattr(cls, name, None)
                owner = next((c for c in cls.__mro__ if name in vars(c)), cls)
                if (owner, name) in _stood_in_methods:  # ``ignore-methods``
                    members[name] = _stood_in_methods[(owner, name)]
                    members[f"_jl_call_{name}"] = members[name]._jl_call
                    continue
                if fn is None or not inspect.isfunction(fn) or fn is torch.nn.Module.forward:
                    continue
                fmod = getattr(fn, "__module__", None) or ""
                if not fmod or (fmod.startswith("torch.") and not fmod.startswith("torch.nn.utils.parametrizations")):
                    continue
                mod_ = getattr(fn, "_torchscript_modifier", None)
                if mod_ is not None and mod_ is not torch._jit_internal.FunctionModifiers.EXPORT:
                    continue
                extra = edits.get((cls, name), [])
                here = diag is not None and diag[0] is cls and diag[1] == name
                try:
                    got = patched_function(fn, config, extra, force=bool(extra),
                                           diag=(diag[2], diag[3]) if here else None, code=diag[4] if here else None)
                except Exception:  # noqa: BLE001 - a helper's copy reads a config value that raises (dots3's
                    if name not in helpers:  # per-layer attributes): that helper stays as it is
                        raise
                    continue
                if got is not None:
                    new, changes = got
                    if mod_ is not None:
                        new._torchscript_modifier = mod_
                    if isinstance(inspect.getattr_static(cls, name, None), staticmethod):
                        new = staticmethod(new)  # the copy has lost its `@staticmethod` line
                    members[name] = new
                    done.append(f"{cls.__name__}.{name}: {', '.join(changes)}")
            if constants.get(cls):
                members["__constants__"] = list(getattr(cls, "__constants__", [])) + constants[cls]
            getters_ = _embedding_getters(sub, cls, install=embedding_getters)  # paths noted before any stub
            members.update({k: v for k, v in getters_.items() if k not in members})
            if members:
                new_cls = type(cls.__name__, (cls,), members)
                for name, member in members.items():
                    if name == "__constants__" or new_cls.__dict__.get(name) is member:
                        continue
                    # a base's `__init_subclass__` (transformers' `GradientCheckpointingLayer`) wrapped the copy
                    # again, and torch looks its names up in the wrapper's module: JT512's finding, reported on its
                    # own. For other rules the copy stays as it is; for JT512 the wrapper stays, given the names the
                    # harness's edits introduced
                    kept = diag is not None and diag[4] == "JT512"
                    type.__setattr__(new_cls, name, _rebuilt_with_harness_names(new_cls.__dict__[name], member)
                                     if kept else member)
                original_of[new_cls] = cls
                _patched_types[cls] = new_cls
            else:
                _patched_types[cls] = cls
        sub.__class__ = _patched_types[cls]
    return done


_EMBEDDING_GETTERS = ("get_input_embeddings", "get_output_embeddings")
_embedding_paths: "weakref.WeakKeyDictionary[Any, Dict[str, Any]]" = weakref.WeakKeyDictionary()


def _embedding_getters(sub: Any, cls: type, install: bool = True) -> Dict[str, Any]:
    """transformers' ``PreTrainedModel.get_input_embeddings`` (``modeling_utils``), which compiled ``forward``s call
    (``self.get_input_embeddings()(input_ids)``): its source has a walrus and ``getattr`` by name, so torch stops
    there first ("NamedExpr aren't supported", in another file). A copy that returns the very submodule it returns
    on this instance (``return self.model.embed_tokens``) stands in for it. Where it finds that submodule is noted
    on the first call, before any child is stubbed; the stand-ins are made only with ``install``."""
    import torch

    out: Dict[str, Any] = {}
    known = _embedding_paths.setdefault(sub, {})
    for name in _EMBEDDING_GETTERS:
        fn = getattr(cls, name, None)
        if not inspect.isfunction(fn) or getattr(fn, "__module__", "") != "transformers.modeling_utils":
            continue
        if name not in known:  # the first time, before any child is stubbed: where the original finds it
            try:
                got = fn(sub)
            except Exception:  # noqa: BLE001 - no such embedding on this instance: left as it is
                got = None
            path = next((p for p, m in sub.named_modules() if m is got and p), None) \
                if isinstance(got, torch.nn.Module) else None
            known[name] = (path, got) if path else None
        if known[name] is None or not install:
            continue
        path, module = known[name]
        # a stand-in has since replaced a module on the way (`stub-submodules`): the embedding goes back on it, as
        # a stand-in too (the original may be what failed: Gemma3n's scaled embedding calls `super().forward`)
        owner = sub
        parts = path.split(".")
        stubbed = False
        for part in parts[:-1]:
            owner = getattr(owner, part, None)
            if owner is None:
                break
            stubbed = stubbed or type(owner).__name__.startswith("_BypassStub_")
        if owner is None:
            continue
        if stubbed and getattr(owner, parts[-1], None) is None:
            stand_in = make_stub_like(module)
            known[name] = (path, stand_in)
            setattr(owner, parts[-1], stand_in)
        elif not stubbed and getattr(owner, parts[-1], None) is not module:
            setattr(owner, parts[-1], module)
        reads = "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in path.split("."))
        src = f"def {name}(self):\n    return self{reads}\n"
        ns: Dict[str, Any] = {}
        exec(compile(src, str(bypass_file(f"{cls.__name__}.{name}", src, ".bypass.py")), "exec"), ns)  # noqa: S102
        out[name] = ns[name]
    return out


def annotate_empty_lists(root: Any) -> List[str]:
    """Empty list attributes: TorchScript cannot infer their element type; annotate them ``List[int]``."""
    from typing import List as TList

    done = []
    for sub in root.modules():
        cls = original_of.get(type(sub), type(sub))
        for k, v in vars(sub).items():
            if isinstance(v, list) and not v and not k.startswith("_"):
                ann = dict(getattr(cls, "__annotations__", {}))
                if k not in ann:
                    ann[k] = TList[int]
                    cls.__annotations__ = ann
                    done.append(f"{cls.__name__}.{k}")
    return sorted(set(done))


def _mark_unused(classes: Iterable[type], name: str) -> None:
    for k in classes:
        k.__jit_unused_properties__ = list(dict.fromkeys(list(getattr(k, "__jit_unused_properties__", [])) + [name]))


def _resolves_to_file(cls: type, name: str, own_file: str) -> bool:
    """``cls.name`` is a property the checked file defines (T5's ``dummy_inputs`` overriding ``PreTrainedModel``'s):
    marking the name unused would hide the checked file's own property too."""
    prop = inspect.getattr_static(cls, name, None)
    if not isinstance(prop, property):
        return False
    try:
        return same_file(inspect.getsourcefile(prop.fget) or "", own_file)
    except TypeError:
        return False


def mark_foreign_properties(root: Any, own_file: str, src: str) -> List[str]:
    """Properties of the tree's module classes defined in another file (not torch's) and never read in ``src`` (the
    file being checked, as ``.name``) go into ``__jit_unused_properties__`` up front: transformers'
    ``PreTrainedModel`` and its mixins have some twenty, most of which fail (``next(...)`` generators, imports in
    ``set_use_kernels`` called by the ``use_kernels`` setter, a ``dict`` annotation naming ``OutputRecorder``).
    Returns ``file: names`` entries."""
    found: Dict[str, Dict[str, set]] = {}
    for sub in root.modules():
        cls = original_of.get(type(sub), type(sub))
        for klass in cls.__mro__:
            for pname, prop in list(vars(klass).items()):
                fmod = getattr(prop.fget, "__module__", "") if isinstance(prop, property) else ""
                if not fmod or fmod == "torch" or fmod.startswith("torch.") or re.search(rf"\.{pname}\b", src):
                    continue
                try:
                    where = inspect.getsourcefile(prop.fget) or ""
                except TypeError:
                    continue
                if not same_file(where, own_file) and not _resolves_to_file(cls, pname, own_file):
                    found.setdefault(rel(where), {}).setdefault(pname, set()).update({klass, cls})
    for names in found.values():
        for pname, classes in names.items():
            _mark_unused(classes, pname)
    return [f"{f}: {', '.join(sorted(names))}" for f, names in sorted(found.items())]


def _plain_value(value: Any, depth: int = 0) -> bool:
    """A value TorchScript types on its own as a module attribute: a number, a string, a bool, or a non-empty list
    or tuple of them."""
    if isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)) and value and depth < 2:
        return all(_plain_value(v, depth + 1) for v in value) and len({type(v) for v in value}) == 1
    return False


def property_as_value(root: Any, err: str, unused: Sequence[str], statement: str) -> Optional[str]:
    """Bypass ``property-values``: a property ``unused-properties`` took out (it failed to compile: BackboneMixin's
    ``out_features`` returns ``self.config._out_features``) that compiled code still reads ("Module 'SwinBackbone'
    has no attribute 'out_features'"): each module having it gets its eager value as a plain instance attribute
    (a list of stage names), on a subclass where the property is shadowed. Not when the checked statement reads it
    (as `self.<name>`: ProphetNet's `inputs_embeds.dtype` is a Tensor's),
    nor for a value TorchScript does not type on its own (a dtype and a device it does). The property's name, or
    None."""
    import torch

    missing = re.search(r"Module '\w+' has no attribute '(\w+)'", err or "")
    if missing is None or missing.group(1) not in unused or re.search(rf"\bself\.{missing.group(1)}\b", statement):
        return None
    name = missing.group(1)
    done = False
    for sub in root.modules():
        prop = inspect.getattr_static(type(sub), name, None)
        if not isinstance(prop, property):
            continue
        try:
            value = getattr(sub, name)
        except Exception:  # noqa: BLE001 - the property fails in eager too: left as it is
            continue
        # a dtype or device too (transformers' `PreTrainedModel.dtype`, whose `next(...)` torch cannot compile)
        if not (_plain_value(value) or isinstance(value, (torch.dtype, torch.device))):
            continue
        shadow = type(type(sub).__name__, (type(sub),), {name: None})
        original_of[shadow] = original_of.get(type(sub), type(sub))
        sub.__class__ = shadow
        sub.__dict__[name] = list(value) if isinstance(value, tuple) else value
        done = True
    return name if done else None


_NO_SOURCE_CLASS = re.compile(r"Failed to get source for <function (\w+)\.__init__")


def mark_unused_property(root: Any, err: str, owner_span: Tuple[str, int, int], done: Sequence[str]) -> Optional[str]:
    """When torch fails inside a ``@property`` other than the method being checked (an inherited library property,
    e.g. transformers' ``PreTrainedModel.dtype``), or in a function a property calls, list it in ``__jit_unused_properties__`` of the module classes
    that have it (TorchScript compiles every property of a module's class, inherited ones included). An error
    without a location that names a class whose source torch cannot get (``OutputRecorder``) points at the property
    whose return annotation names that class (``can_record_outputs -> dict[str, OutputRecorder]``). Returns the
    property's name, or None."""
    def checked(fn: Any) -> bool:  # the function holding the diagnostic
        code = getattr(fn, "__code__", None)
        return code is not None and same_file(code.co_filename, owner_span[0]) \
            and owner_span[1] <= code.co_firstlineno <= owner_span[2]

    chain = [(m.group(1), int(m.group(2))) for m in _FILE_LINE.finditer(err)]  # the error, then its callers
    if any(same_file(f, owner_span[0]) and owner_span[1] <= line <= owner_span[2] for f, line in chain):
        return None
    name = next((p for p in map(property_at, chain) if p is not None), None)
    no_source = _NO_SOURCE_CLASS.search(err) if not chain else None
    owners = set()  # the module classes having that property, and the classes defining it
    for sub in root.modules():
        cls = original_of.get(type(sub), type(sub))
        for klass in cls.__mro__:
            for pname, prop in list(vars(klass).items()):
                if not isinstance(prop, property) or pname in done or checked(prop.fget):
                    continue
                if name is None and no_source is not None \
                        and no_source.group(1) in str(getattr(prop.fget, "__annotations__", {}).get("return", "")):
                    name = pname
                if pname == name:
                    owners |= {klass, cls}
    _mark_unused(owners, name or "")
    return name if owners else None


def stub_failing_children(inst: Any, owner_span: Tuple[str, int, int], log_: List[str], depth: int = 0,
                          incidental: Optional[List[Dict[str, Any]]] = None) -> None:
    """Replace children of ``inst`` that do not script on their own (error outside the checked method)."""
    import torch

    for name, child in list(inst.named_children()):
        err = try_script(child)
        if err is None:
            continue
        loc = error_location(err)
        inside = loc is not None and owner_span[1] <= loc[1] <= owner_span[2] and same_file(loc[0], owner_span[0])
        if inside:
            continue
        if isinstance(child, (torch.nn.ModuleList, torch.nn.Sequential, torch.nn.ModuleDict)) and depth < 1:
            # keep the container (its kind matters to the rules); stub its failing elements instead
            stub_failing_children(child, owner_span, log_, depth + 1, incidental)
            if try_script(child) is None:
                continue
        setattr(inst, name, make_stub_like(child))
        where = f" at {rel(loc[0])}:{loc[1]}" if loc else ""
        log_.append(f"{type(inst).__name__}.{name}: {first_line(err)[:120]}{where}")
        if incidental is not None:
            found = analyse_failure(err, torch_error_table())
            if found.get("rule"):
                incidental.append({"submodule": f"{type(inst).__name__}.{name}", **found})


def _copy_key(p: Path) -> Optional[str]:
    """The file a bypass copy stands for: ``x.Cls.forward.3.bypass.py`` -> ``x``; the fixed copy ``x.jlfixed.py``
    (fix-others) and its own bypass copies ``x.jlfixed.Cls.forward.4.bypass.py`` -> ``x.jlfixed``."""
    parts = p.name.split(".")
    fixed = parts[1:2] == [fix_bypass.FIXED_TAG]
    if fixed or p.name.endswith(".bypass.py"):
        return parts[0] + ("." + fix_bypass.FIXED_TAG if fixed else "")
    return None


def same_file(a: str, b: str) -> bool:
    if a == b:
        return True
    pa, pb = Path(a), Path(b)
    ka, kb = _copy_key(pa), _copy_key(pb)
    if ka is not None or kb is not None:
        return (ka or pa.stem) == (kb or pb.stem)
    return pa.resolve() == pb.resolve() if pa.exists() and pb.exists() else False


_last_scripted: List[Any] = [None]


def _compile(make: Callable[[], Any]) -> Optional[str]:
    """Run ``make`` (a scripting call) with torch's caches of compiled types cleared: None when it compiles (the
    result in ``_last_scripted``), else the error."""
    import torch

    store = torch.jit._recursive.concrete_type_store
    store.type_store.clear()
    store.methods_compiled.clear()
    _last_scripted[0] = None
    try:
        with warnings.catch_warnings():
            quiet_warnings()
            _last_scripted[0] = make()
        return None
    except Exception as exc:  # noqa: BLE001
        if not isinstance(exc, RuntimeError) and os.environ.get("JITLINT_CONFIRM_FULL_ERROR"):
            # not torch's own error type: where it was raised (torch's frontend, or the harness's stand-ins)
            return _stand_in_error(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-2500:]}")
        return relocate_wrapper_frames(_stand_in_error(f"{type(exc).__name__}: {exc}"))


# Files whose functions a decorator's wrapper may hold (the checked file and its copies): `_confirm` sets them
_wrapped_files: List[str] = []
_WRAPPER_FILES = ("torch/utils/_contextlib.py",)


def relocate_wrapper_frames(err: str, files: Optional[Sequence[str]] = None) -> str:
    """A method under `@torch.no_grad()` is compiled from its own source, but torch names the frame after the file
    of the wrapper `torch.utils._contextlib` made (`File ".../torch/utils/_contextlib.py", line 992`: the line is the
    method's file's). Such a frame is given the file of ``files`` (default: the checked file and its copies) whose
    line there is the line torch shows above its ``<--- HERE`` marker."""
    candidates = list(files if files is not None else _wrapped_files)
    if not candidates:
        return err
    lines = err.splitlines()
    out = err
    for i, line in enumerate(lines):
        m = _FILE_LINE.search(line)
        if not m or not m.group(1).endswith(_WRAPPER_FILES):
            continue
        marked = next((j for j in range(i + 1, min(len(lines), i + 12)) if "<--- HERE" in lines[j]), None)
        if marked is None or marked - 1 <= i:
            continue
        shown = lines[marked - 1].strip()
        row = int(m.group(2))
        for candidate in candidates:
            try:
                text = Path(candidate).read_text().splitlines()
            except OSError:
                continue
            if 0 < row <= len(text) and text[row - 1].strip() == shown and shown:
                out = out.replace(line, line.replace(m.group(1), candidate), 1)
                break
    return out


def try_script(obj: Any) -> Optional[str]:
    import torch

    return _compile(lambda: torch.jit.script(obj))


def try_script_method(module: Any, name: str) -> Optional[str]:
    """``torch.jit.script`` of a module with ``name`` as its only entry point (what ``@torch.jit.export`` on that
    method alone would compile): its submodules are scripted as usual, its own ``forward`` is not."""
    import torch
    from torch.jit._recursive import create_script_module, infer_methods_to_compile, make_stub_from_method

    if isinstance(inspect.getattr_static(type(module), name, None), staticmethod):
        # no `self` to bind: torch compiles a static method called from compiled code as a free function
        return _compile(lambda: torch.jit.script(getattr(type(module), name)))

    def stubs(m: Any) -> List[Any]:
        # torch asks the same function for every submodule: they keep their usual entry points
        return [make_stub_from_method(m, name)] if m is module else infer_methods_to_compile(m)

    return _compile(lambda: create_script_module(module, stubs))


def dropped_decorator(scripted: Any, eager_fn: Any, name: str) -> Optional[str]:
    """JT903: the eager method is a ``functools.wraps`` wrapper (a grad-mode or autocast decorator) and the compiled
    method's code has no grad-mode or autocast call: torch compiled the undecorated source. A description, or None."""
    if eager_fn is None or not hasattr(eager_fn, "__wrapped__") or scripted is None:
        return None
    try:
        compiled = getattr(scripted, name).code
    except Exception:  # noqa: BLE001 - not compiled, or no code to read
        return None
    if any(word in compiled for word in ("grad_enabled", "no_grad", "inference_mode", "autocast")):
        return None
    return f"scripts; `{name}` is wrapped in eager and its compiled code has no grad-mode or autocast call"


def try_save(scripted: Any) -> Optional[str]:
    """torch.jit.save of a scripted module into memory: None when it saves, else the error."""
    import io

    import torch

    if scripted is None:
        return None
    try:
        torch.jit.save(scripted, io.BytesIO())
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"


# ------------------------------------------------------------------------------------------------- confirm one


_ERR_PARAM = re.compile(r'on parameter "?([A-Za-z_]\w*)')


def signature_stub_error(function: Any, param: str) -> Optional[str]:
    """torch's error scripting a caller that omits the argument of a function whose only parameter is
    ``function``'s ``param``, as declared: no annotation (JT303 / JT304) and its default, the very value ``function``
    holds. None when there is no such parameter or the stub scripts."""
    import torch

    try:
        declared = inspect.signature(inspect.unwrap(function)).parameters[param]
    except (TypeError, ValueError, KeyError):
        return None
    if declared.annotation is not inspect.Parameter.empty or declared.default is inspect.Parameter.empty:
        return None
    # torch reads the stub's source: a module file of its own
    module_name = f"_jt_signature_stub_{param}"
    stub_path = Path(BYPASS_DIR) / f"{module_name}.py"
    stub_path.parent.mkdir(parents=True, exist_ok=True)
    # JT304's `None` default fails where a compiled caller omits the argument: the stub has one that does
    stub_path.write_text(f"def callee({param}=_jt_default):\n    return 0\n\n\ndef stub():\n    return callee()\n")
    spec = importlib.util.spec_from_file_location(module_name, stub_path)
    module = importlib.util.module_from_spec(spec)
    module.__dict__["_jt_default"] = declared.default
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    stub = module.stub
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.jit.script(stub)
    except Exception as exc:  # noqa: BLE001 - torch's error is the answer
        return str(exc)
    return None


def error_parameter(err: str) -> Optional[str]:
    """The parameter torch names in a signature error (``... on parameter "eps"``, ``... on parameter dims``)."""
    m = _ERR_PARAM.search(err)
    return m.group(1) if m else None


def diag_parameter(fn_node: ast.AST, row: int, col0: int, src_lines: Sequence[str]) -> Optional[str]:
    """The parameter of ``fn_node`` whose range (name to default) holds the diagnostic's start; else the
    identifier at the diagnostic's row/column."""
    a = fn_node.args  # type: ignore[attr-defined]
    pos = list(a.posonlyargs) + list(a.args)
    defaults = dict(zip((p.arg for p in pos[len(pos) - len(a.defaults):]), a.defaults))
    defaults.update((p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)
    stars = [(a.vararg, 1), (a.kwarg, 2)]
    for p, k in [(p, 0) for p in pos + list(a.kwonlyargs)] + [s for s in stars if s[0] is not None]:
        last = defaults.get(p.arg) or p
        bcol = len(src_lines[row - 1][:col0].encode()) if row - 1 < len(src_lines) else col0
        if (p.lineno, p.col_offset - k) <= (row, bcol) < (last.end_lineno, last.end_col_offset):
            return p.arg
    m = re.match(r"\**([A-Za-z_]\w*)", src_lines[row - 1][col0:]) if row - 1 < len(src_lines) else None
    names = {p.arg for p in pos + list(a.kwonlyargs)} | {s[0].arg for s in stars if s[0] is not None}
    return m.group(1) if m and m.group(1) in names else None


def compiled_schema(scripted: Any, obj: Any, name: str) -> Optional[Any]:
    """The schema torch compiled for method ``name`` of the scripted module (or for the function ``obj``)."""
    import torch

    if scripted is None:
        return None
    try:
        if isinstance(scripted, torch.jit.ScriptModule):
            if name in scripted._c._method_names():
                return scripted._c._get_method(name).schema
        elif hasattr(scripted, "schema"):
            return scripted.schema
    except Exception:  # noqa: BLE001
        pass
    try:  # a staticmethod or a free function reached from compiled code lives in the global compilation unit
        qual = torch._jit_internal._qualified_name(inspect.unwrap(obj))
        fn = torch.jit._state._python_cu.find_function(qual)
        return fn.schema if fn is not None else None
    except Exception:  # noqa: BLE001
        return None


def compiled_lines(scripted: Any, name: str) -> Optional[Set[int]]:
    """The source lines of the nodes torch compiled for method ``name`` of the scripted module (a statement in code
    torch decides is dead for the instance, after `if self.encoder is None: raise`, has none); None when the method's
    graph is not at hand."""
    import torch

    try:
        if not isinstance(scripted, torch.jit.ScriptModule) or name not in scripted._c._method_names():
            return None
        graph = scripted._c._get_method(name).graph
    except Exception:  # noqa: BLE001
        return None
    lines: Set[int] = set()

    def visit(block: Any) -> None:
        for node in block.nodes():
            found = re.search(r"line (\d+)", node.sourceRange())
            if found:
                lines.add(int(found.group(1)))
            for inner in node.blocks():
                visit(inner)

    visit(graph)
    return lines


# builtins torch resolves while compiling: a statement of nothing else may leave no node in the graph
_FOLDED_CALLS = frozenset({"isinstance", "hasattr", "getattr", "type", "len"})


def makes_nodes(fn_node: ast.AST, lo: int, hi: int) -> bool:
    """Whether the statement at lines ``lo``..``hi`` of the function certainly leaves nodes in torch's graph when it
    is compiled: it calls something torch does not fold, indexes, or computes (`x.sum()`, `a[0]`, `a + b`)."""
    for node in ast.walk(fn_node):
        if not lo <= getattr(node, "lineno", 0) <= hi:
            continue
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FOLDED_CALLS):
            return True
        if isinstance(node, (ast.Subscript, ast.BinOp)):
            return True
    return False


def schema_argument(schema: Any, param: str) -> Optional[Any]:
    return next((x for x in schema.arguments if x.name == param), None) if schema is not None else None



# JT514: the dataclass being confirmed and its stand-in, while one is in place (see ``confirm_dataclass``)
_stand_in: Dict[str, Any] = {}
_CALLED_FROM = re.compile(r"^'[^']+' is being compiled since it was called from '[^']+'\n", re.M)


def confirm_one(task: Dict[str, Any]) -> Dict[str, Any]:
    try:
        confirm = confirm_dataclass if task["code"] == "JT514" else _confirm_one
        failure = import_failure(task["path"]) if "/modular_" in task["path"] else None
        twin = modeling_twin_task(task) if failure else None
        if twin is None:
            return confirm(task)
        out = confirm(twin)  # a modular file that does not import: its modeling twin
        out["modeling-twin"] = f"{twin['path']}:{twin['row']} (importing the modular file: {failure[:120]})"
        out["bypasses"] = out.get("bypasses", []) + ["modeling-twin"]
        return out
    finally:
        while _swapped_helpers:  # a worker confirms many diagnostics: put the modules back as they were
            namespace, name, original = _swapped_helpers.pop()
            namespace[name] = original
        _stood_in_methods.clear()


def import_failure(path: str) -> Optional[str]:
    """Why the module of ``path`` does not import (``Type: message``), or None when it does."""
    try:
        _import(module_name_for(path))
    except Exception as exc:  # noqa: BLE001 - any failure to import is the answer
        return f"{type(exc).__name__}: {first_line(str(exc))}"
    return None


def modeling_twin_task(task: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """Bypass ``modeling-twin``: transformers generates ``modeling_x.py`` from ``modular_x.py``, and some modular
    files do not import (a processor class's ``@auto_docstring`` raises at class definition: "Unrolling kwargs is not
    supported for preprocess of None class"). The diagnostic is confirmed at its copy in the modeling file: the same
    class and function, the one statement there with the diagnostic line's text, where jitlint reports the same code
    at the same column. The task for that place, or None."""
    path = task["path"]
    if "/modular_" not in path:
        return None
    twin_path = path.replace("/modular_", "/modeling_")
    if not (SITE / twin_path).is_file():
        return None
    src, twin_src = (SITE / path).read_text(), (SITE / twin_path).read_text()
    chain = [n.name for n in enclosing_nodes(ast.parse(src), task["row"])
             if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    line = src.splitlines()[task["row"] - 1]
    if not chain or not line.strip():
        return None
    twin_tree = ast.parse(twin_src)
    scope: Any = twin_tree
    for name in chain:
        scope = next((n for n in ast.iter_child_nodes(scope) if getattr(n, "name", None) == name), None)
        if scope is None:
            return None
    twin_lines = twin_src.splitlines()
    rows = [r for r in range(scope.lineno, (scope.end_lineno or scope.lineno) + 1)
            if twin_lines[r - 1].strip() == line.strip()]
    if len(rows) != 1:
        return None
    shift = len(twin_lines[rows[0] - 1]) - len(twin_lines[rows[0] - 1].lstrip()) - (len(line) - len(line.lstrip()))
    twin = dict(task, path=twin_path, row=rows[0], end_row=rows[0] + task["end_row"] - task["row"],
                column=task.get("column", 1) + shift)
    reported = _reported_diags(str(SITE / twin_path), twin_src)
    if not any(c == task["code"] and r == twin["row"] and col == twin["column"] - 1 for c, r, col, _, _, _ in reported):
        return None
    return twin


# module-level helpers ``annotate_helper`` replaced: (module namespace, name, original function)
_swapped_helpers: List[Tuple[Dict[str, Any], str, Any]] = []
# methods ``ignore_method`` stands in for: (original class, name) -> the stand-in, which ``patch_signatures`` puts in
# the class's patched subclass (with its ignored call) in place of a patched copy
_stood_in_methods: Dict[Tuple[type, str], Any] = {}
_JT303_ERROR = re.compile(r'Expected a default value of type Tensor \(inferred\) on parameter "(\w+)"')


def annotate_helper(err: Optional[str], namespaces: Sequence[Dict[str, Any]]) -> Optional[str]:
    """Bypass ``annotate-helpers``: torch stopped at JT303's error (or JT301's, `**kwargs` in the signature) in a
    module-level function (of this file or another) that the module's namespace holds, or in a method of the
    instance's classes (``class_namespaces``); replace it there by a copy
    with that parameter annotated with its default's type (or without `*args` / `**kwargs`). A description, or None
    when it does not apply."""
    found = _JT303_ERROR.search(err or "")
    # or JT301's: `**kwargs` in the helper's signature (transformers' `eager_attention_forward`): a copy without it
    variadic = "Compiled functions can't take variable number of arguments" in (err or "")
    loc = error_location(err or "")
    if (found is None and not variadic) or loc is None:
        return None
    for namespace in namespaces:
        for name, value in list(namespace.items()):
            fn = inspect.unwrap(value) if inspect.isfunction(value) else None
            if fn is None or not same_file(fn.__code__.co_filename, loc[0]):
                continue
            try:
                lines, first = inspect.getsourcelines(fn)
                node = ast.parse(textwrap.dedent("".join(lines))).body[0]
            except (OSError, TypeError, SyntaxError):
                continue
            if not first <= loc[1] < first + len(lines):
                continue
            edit = annotate_parameter(node, found.group(1)) if found is not None else None
            if found is not None and edit is None:
                return None
            got = patched_function(fn, file_edits=[edit] if edit else [], force=True)
            if got is None:
                return None
            _swapped_helpers.append((namespace, name, value))
            namespace[name] = got[0]
            return f"{name}: {edit[3] if edit else ', '.join(got[1])} ({rel(loc[0])}:{loc[1]})"
    return None


class _ClassNamespace:
    """A class's methods as ``annotate_helper`` reads and swaps a module's functions: a static method is its function
    (set back as a static method), and a swap is a ``setattr`` on the class (the RoBERTa family's
    ``create_position_ids_from_input_ids(input_ids, padding_idx, past_key_values_length=0)``)."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.static = {n for n, v in vars(cls).items() if isinstance(v, staticmethod)}

    def items(self) -> List[Tuple[str, Any]]:
        return [(n, v.__func__ if isinstance(v, staticmethod) else v) for n, v in vars(self.cls).items()
                if inspect.isfunction(v) or isinstance(v, staticmethod)]

    def __setitem__(self, name: str, value: Any) -> None:
        setattr(self.cls, name, staticmethod(value) if name in self.static else value)


def class_namespaces(inst: Any) -> List[_ClassNamespace]:
    """The classes of ``inst`` and of its submodules (not torch's own), as namespaces ``annotate_helper`` swaps in."""
    import torch

    if not isinstance(inst, torch.nn.Module):
        return []
    seen: set = set()
    out: List[_ClassNamespace] = []
    for sub in inst.modules():
        for owner in type(sub).__mro__:
            if owner in seen or owner.__module__.split(".")[0] in ("torch", "builtins"):
                continue
            seen.add(owner)
            out.append(_ClassNamespace(owner))
    return out


def _hints_one_by_one(fn: Any) -> Optional[Dict[str, Any]]:
    """``fn``'s annotations evaluated one by one where ``typing.get_type_hints`` fails on one of them (a name imported
    only under ``TYPE_CHECKING``: transformers' ``get_max_seqlen(cu_seqlens: torch.Tensor, config: PreTrainedConfig``
    in a file that imports torch only for the type checker): a parameter's that cannot be read is ``Any`` (the
    stand-in takes anything there); None when the return annotation cannot be read."""
    import typing

    import torch

    globs = {"torch": torch, **getattr(fn, "__globals__", {})}
    hints: Dict[str, Any] = {}
    for name, ann in getattr(fn, "__annotations__", {}).items():
        try:
            hints[name] = eval(ann, globs) if isinstance(ann, str) else ann  # noqa: S307 - an annotation's text
        except Exception:  # noqa: BLE001
            if name == "return":
                return None
            hints[name] = typing.Any
    return hints


def _stand_in_parts(fn: Any) -> Optional[Tuple[int, int, Dict[str, Any], inspect.Signature, Optional[str]]]:
    """What a stand-in of ``fn`` needs: its first line and the line after its last, its type hints, its signature,
    and its return type as TorchScript source (its annotation where TorchScript reads it; without one, a tuple of
    Tensors or a Tensor guessed from its `return`s; else None). None when its source or hints cannot be read."""
    import typing

    try:
        lines, first = inspect.getsourcelines(fn)
        signature = inspect.signature(fn)
    except (OSError, TypeError, ValueError):
        return None
    try:
        hints = typing.get_type_hints(fn)
    except (TypeError, NameError):
        hints = _hints_one_by_one(fn)
        if hints is None:
            return None
    if "return" in hints and _plain_type(hints["return"]):
        returns: Optional[str] = _annotation_text(hints["return"])
    elif "return" not in hints:
        # a guess from its `return`s: a tuple of Tensors, or one Tensor by the returned expressions' form
        src = textwrap.dedent("".join(lines))
        returns = _returned_tuple_text(src) or ("Tensor" if _returned_tensor(src) else
                                                ("bool" if _returned_bool(src) else
                                                 ("None" if _returns_nothing(src) else None)))
    else:
        returns = None
    return first, first + len(lines), hints, signature, returns


def ignore_helper(err: Optional[str], namespaces: Sequence[Dict[str, Any]]) -> Optional[str]:
    """Bypass ``ignore-helpers``: torch stopped inside a module-level function (of this file or another) that the
    module's namespace holds and compiled code of the checked method calls (transformers' `eager_attention_forward`,
    whose `module: nn.Module` torch cannot type). Replace it there by a stand-in (``_typed_stand_in``) that keeps its
    parameters and literal defaults (annotations TorchScript cannot read become `Any`; `*args` / `**kwargs` go) and
    its return annotation, which must be one TorchScript reads (or, without one, a tuple of Tensors as long as every
    `return`'s tuple, or a Tensor when every `return`'s expression is one by its form), and calls it from Python: what the caller gets keeps the type it would have had. A
    description, or None when it does not apply. The modules of the files torch's call chain passes through count
    too (transformers' `is_torchdynamo_compiling`, whose `try` stops torch, reached from `modeling_utils`' methods:
    replaced where that module bound the name, since torch resolves a global in the caller's module)."""
    loc = error_location(err or "")
    if loc is None:
        return None
    frame_files = {f for f, _ in _FILE_LINE.findall(err or "")}
    callers = [m.__dict__ for m in list(sys.modules.values())
               if isinstance(getattr(m, "__file__", None), str) and any(same_file(m.__file__, f) for f in frame_files)]
    known = {id(n) for n in namespaces}
    namespaces = list(namespaces) + [n for n in callers if id(n) not in known]
    for namespace in namespaces:
        for name, value in list(namespace.items()):
            if not inspect.isfunction(value):
                continue
            # the function itself, or the original of a copy `annotate-helpers` put there (the copy keeps its lines)
            originals = [o for ns, n, o in _swapped_helpers if ns is namespace and n == name]
            fn = inspect.unwrap(originals[0]) if originals else inspect.unwrap(value)
            files = {inspect.unwrap(value).__code__.co_filename, fn.__code__.co_filename}
            if not any(same_file(f, loc[0]) for f in files) or "." in fn.__qualname__:
                continue
            parts = _stand_in_parts(fn)
            if parts is None or not parts[0] <= loc[1] < parts[1]:
                continue
            _, _, hints, signature, returns = parts
            if getattr(value, "_jl_stand_in", False):
                return None  # already stood in, and torch still stops there (it reaches the original another way)
            stand_in = _typed_stand_in(fn, name, signature, hints, returns) if returns else None
            if stand_in is None:
                return None
            _swapped_helpers.append((namespace, name, value))
            namespace[name] = stand_in
            return f"{name} ({rel(loc[0])}:{loc[1]})"
    return None


def ignore_method(err: Optional[str], inst: Any, checked: str, statement: str, callee: str = "") -> Optional[str]:
    """Bypass ``ignore-methods``: torch stopped inside another method (not a ``forward``) of the instance's class or of
    a submodule's, which compiled code calls (transformers' Qwen-VL ``get_rope_index``, whose `itertools.groupby`
    masks what ``forward`` does with its result). Replace it on its class by ``ignore-helpers``' stand-in
    (``_typed_stand_in``): its parameters and return annotation, a call from Python. Not when the checked statement
    calls it (the arguments it passes may be the checked construct), unless it is ``callee``: JT513's method whose
    parameter the call's argument does not fit, which the stand-in keeps as it is (an unannotated parameter stays a
    Tensor), so torch checks the call against the same signature; nor without a return type TorchScript reads. A
    description, or None."""
    import torch

    loc = error_location(err or "")
    if loc is None or not isinstance(inst, torch.nn.Module):
        return None
    seen: set = set()
    for sub in inst.modules():
        for owner in type(sub).__mro__:
            if owner in seen or owner.__module__.split(".")[0] == "torch":
                continue
            seen.add(owner)
            for name, value in list(vars(owner).items()):
                if not inspect.isfunction(value) or name in (checked, "forward") or name.startswith("__") \
                        or (original_of.get(owner, owner), name) in _stood_in_methods:
                    continue
                fn = inspect.unwrap(value)
                parts = _stand_in_parts(fn) if same_file(fn.__code__.co_filename, loc[0]) else None
                if parts is None or not parts[0] <= loc[1] < parts[1]:
                    continue
                if name != callee and re.search(rf"\.{re.escape(name)}\s*\(", statement):
                    return None
                _, _, hints, signature, returns = parts
                stand_in = _typed_stand_in(fn, name, signature, hints, returns, method=True) if returns else None
                if stand_in is None:
                    return None
                _stood_in_methods[(original_of.get(owner, owner), name)] = stand_in
                return f"{owner.__name__}.{name} ({rel(loc[0])}:{loc[1]})"
    return None


def confirm_dataclass(task: Dict[str, Any]) -> Dict[str, Any]:
    """JT514. torch's error for a dataclass names no line (``OSError: Failed to get source for <function
    Out.__init__>``), so it is confirmed in two steps: torch's own class compilation fails on the real class with that
    error; and, with the module's global swapped for a stand-in class of the same name whose source torch can read
    (and whose ``__init__`` it rejects), torch's error shows the call that made it compile the class. The
    diagnostic is confirmed when that call is the diagnostic's."""
    import torch

    path, row, col0 = task["path"], task["row"], task.get("column", 1) - 1
    line = (SITE / path).read_text().splitlines()[row - 1].encode()
    named = re.match(rb"[\w.]+", line[col0:])
    name = named.group(0).decode().rsplit(".", 1)[-1] if named else ""
    try:
        mod = _import(module_name_for(path))
    except Exception as exc:  # noqa: BLE001
        return {"status": "unconfirmable", "reason": f"harness: {type(exc).__name__}: {first_line(str(exc))[:200]}"}
    real = mod.__dict__.get(name)
    if not (isinstance(real, type) and dataclasses.is_dataclass(real)):
        return {"status": "unconfirmable", "reason": f"harness: `{name}` is not a dataclass global of the module"}
    try:
        torch._jit_internal.createResolutionCallbackForClassMethods(real)
        return {"status": "false-positive", "reason": f"torch reads the source of every method of `{name}`"}
    except OSError as exc:
        if "Failed to get source for" not in str(exc):
            return {"status": "unconfirmable", "reason": f"harness: OSError: {first_line(str(exc))[:200]}"}
    BYPASS_DIR.mkdir(parents=True, exist_ok=True)
    stand_path = BYPASS_DIR / f"_jl_stand_in_{name}.py"
    stand_path.write_text(f"class {name}:\n    def __init__(self, *args, **kwargs):\n        pass\n")
    spec = importlib.util.spec_from_file_location(f"_jl_stand_in_{name}", stand_path)
    stand_mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = stand_mod
    spec.loader.exec_module(stand_mod)
    stand = getattr(stand_mod, name)
    mod.__dict__[name] = stand
    _stand_in.update(name=name, real=real, stand=stand, path=str(stand_path))
    try:
        out = _confirm_one(task)
    finally:
        mod.__dict__[name] = real
        _stand_in.clear()
    if out["status"] == "confirmed":
        out["reason"] = (f"torch cannot read `{name}`'s generated methods (Failed to get source); with a stand-in "
                         "class in its place, torch compiles the class from this call")
    elif out["status"] == "false-positive":
        out["status"] = "unconfirmable"
        out["reason"] = "harness: the stand-in class was never compiled (scripts without error)"
    return out


def _stand_in_error(text: str) -> str:
    """A compile error of the stand-in class (JT514) as the dataclass's own error at the call that compiled it: the
    class's error line, then the call site torch's call stack shows."""
    if not _stand_in or _stand_in["path"] not in text:
        return text
    found = _CALLED_FROM.search(text)
    if found is None:
        return text
    return (f"OSError: Failed to get source for <function {_stand_in['name']}.__init__> (through a stand-in class, "
            f"compiled from the call below)\n" + text[found.end():])


def _confirm_one(task: Dict[str, Any]) -> Dict[str, Any]:
    """Confirm one diagnostic; when torch stops first at another diagnostic jitlint can fix, confirm it again in
    the file fixed by jitlint everywhere else (bypass ``fix-others``, ``ecosystem_fix_bypass``)."""
    # JT513's parameter of a submodule's forward, unannotated with a `None` default: a stand-in for that submodule
    # types it `Optional[Tensor]`, which refuses the argument as the original's Tensor does
    named = re.search(r"but parameter `(\w+)` of `self\.\w+` has no annotation", task.get("message", "")) \
        if task.get("code") == "JT513" else None
    stand_ins.optional_tensor_params.clear()
    if named:
        stand_ins.optional_tensor_params.add(named.group(1))
    try:
        out = _confirm(task)
        loc = out.pop("_loc", None)
        final = _fixing_others(task, out, loc)
    finally:
        stand_ins.optional_tensor_params.clear()
    probed = _callee_probe(task, loc) if final["status"] == "unconfirmable" else None
    if probed is not None:
        final.update(status="confirmed", reason=probed, probed_after=final.get("reason"))
        final["bypasses"] = final.get("bypasses", []) + ["callee-probe"]
    return final


def _callee_probe(task: Dict[str, Any], loc: Optional[Tuple[str, int]]) -> Optional[str]:
    """The ``callee-probe`` (``ecosystem_probe.py``): the reason a masked diagnostic of a callee rule is confirmed,
    or None."""
    code, path, row = task["code"], task["path"], task["row"]
    if code not in CALLEE_RULES or loc is None or not same_file(loc[0], str(SITE / path)):
        return None
    src = (SITE / path).read_text()
    text = probe_source(ast.parse(src), src, row, task.get("column", 1) - 1, loc[1])
    if text is None:
        return None
    try:
        err = run_probe(text, _import(module_name_for(path)).__dict__, Path(path).stem, bypass_file, try_script)
    except Exception:  # noqa: BLE001 - a probe that cannot be made confirms nothing
        return None
    at = error_location(err or "")
    # the probe holds one statement: an error naming no place (numpy's "cannot create weak reference") is its
    if err is None or (at is not None and (at[1] != row or "callee_probe" not in at[0])) \
            or match_rule(err, torch_error_table(), prefer=code) != code:
        return None
    return (f"torch compiles this function (it stops at line {loc[1]}, before) and rejects the callee alone: "
            + first_line(err)[:200])


def _fixing_others(task: Dict[str, Any], out: Dict[str, Any], loc: Optional[Tuple[str, int]]) -> Dict[str, Any]:
    """``out`` again, confirmed in the file fixed by jitlint everywhere else when torch stopped first at another
    diagnostic jitlint can fix (``fix-others``)."""
    if out["status"] != "unconfirmable" or loc is None or not same_file(loc[0], str(SITE / task["path"])):
        return out
    code, path, row, end_row = task["code"], task["path"], task["row"], task["end_row"]
    target = (code, row, task.get("column", 1))
    src = (SITE / path).read_text()
    check = fix_bypass.project_checker(SITE / path)
    fixable = fix_bypass.fixable_at(check(src.encode()), loc[1], target)
    if not fixable:
        return out
    trigger = f"torch stopped at line {loc[1]}, where jitlint fixes {', '.join(fixable)}"
    first = {k: out[k] for k in ("reason", "torch_location") if k in out}
    try:
        fixed, note = fix_bypass.prepare(check, SITE / path, src, target, (row, end_row),
                                         statement_span(ast.parse(src), row), loc[1], BYPASS_DIR)
        if fixed is not None:
            fix_bypass.load_fixed_module(_import(module_name_for(path)), fixed)
            if _stand_in and fixed.module.__dict__.get(_stand_in["name"]) is _stand_in["real"]:
                fixed.module.__dict__[_stand_in["name"]] = _stand_in["stand"]
    except Exception as exc:  # noqa: BLE001 - a copy that cannot be made or run leaves the first result
        fixed, note = None, f"{type(exc).__name__}: {first_line(str(exc))[:200]}"
    if fixed is None:
        out["fix_others"] = f"{trigger}; not applied: {note}"
        return out
    again = _confirm(task, fixed)
    again.pop("_loc", None)
    again["bypasses"] = ["fix-others"] + [b for b in again.get("bypasses", []) if b != "fix-others"]
    again.setdefault("bypass_details", {})["fix-others"] = [trigger] + fixed.details() + ([note] if note else [])
    again["before_fix_others"] = first
    return again


def _confirm(task: Dict[str, Any], fixed: Optional[fix_bypass.FixedFile] = None) -> Dict[str, Any]:
    """``confirm_one`` on the file as it is, or on its ``fixed`` copy (fix-others: the diagnostic's rows, the
    source, the module and the compiled classes are the copy's; instances are built from the original module and
    moved to the copy's classes). Results carry the raw location of torch's error as ``_loc``."""
    import torch

    table = torch_error_table()
    code, path, row, end_row = task["code"], task["path"], task["row"], task["end_row"]
    col0 = task.get("column", 1) - 1
    src = fixed.text if fixed is not None else (SITE / path).read_text()
    if fixed is not None:
        row, end_row = fixed.row, fixed.end_row
    src_lines = src.splitlines()
    tree = ast.parse(src)
    remember_source(tree, src)
    chain = enclosing_nodes(tree, row)
    span = statement_span(tree, row)
    lo, hi = min(span[0], row), max(span[1], end_row)
    res: Dict[str, Any] = {"bypasses": []}
    funcs = [n for n in chain if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not funcs:
        return {"status": "unconfirmable", "reason": "not inside a function"}
    fn_node = funcs[-1]
    res["function"] = ".".join(n.name for n in chain)
    param = diag_parameter(fn_node, row, col0, src_lines) if signature_rule(code) else None
    if param:
        res["parameter"] = param
    diag_fn_span = (fn_node.lineno, fn_node.end_lineno or fn_node.lineno)
    diag_obj: List[Any] = [None]  # the Python function holding the diagnostic (for the compiled schema)
    try:
        orig_mod = _import(module_name_for(path))
    except Exception:  # noqa: BLE001 - a frontend rule is still confirmed from the source alone (frontend_only)
        if code not in frontend_rules() or fixed is not None:
            raise
        orig_mod = None
    mod = fixed.module if fixed is not None else orig_mod
    abs_path = str(fixed.path) if fixed is not None else str(SITE / path)
    _wrapped_files[:] = [abs_path]
    _jt512_lent_names.clear()
    checked_name = re.match(r"`(\w+)` is not defined in `", task.get("message", "")) if code == "JT512" else None
    if checked_name:
        for c, *_, message in _reported_diags(abs_path, src):
            lent = re.match(r"`(\w+)` is not defined in `", message) if c == "JT512" else None
            if lent and lent.group(1) != checked_name.group(1):
                _jt512_lent_names.add(lent.group(1))

    def where(loc: Optional[Tuple[str, int]]) -> Optional[str]:
        """``path:line`` in the original file for the file and its copies, else the file as torch names it."""
        if loc is None:
            return None
        if not same_file(loc[0], abs_path):
            return f"{rel(loc[0])}:{loc[1]}"
        if fixed is None:
            return f"{path}:{loc[1]}"
        back = fixed.original_line(loc[1])
        return f"{path}:{back}" if back else f"{path}: line {loc[1]} of the fixed copy (written by a fix)"
    method_span = (abs_path, min([fn_node.lineno] + [d.lineno for d in fn_node.decorator_list]),
                   fn_node.end_lineno or fn_node.lineno)

    def classify(err: Optional[str], how: str) -> Dict[str, Any]:
        out = dict(res)
        out["built"] = how
        out["_loc"] = error_location(err) if err else None
        if err is None:
            schema = compiled_schema(_last_scripted[0], diag_obj[0], fn_node.name)
            out["compiled"] = schema is not None
            arg = schema_argument(schema, param) if code == "JT304" and param else None
            if arg is not None and str(arg.type) == "Tensor" and arg.has_default_value() and arg.default_value is None:
                # JT304 compiles on its own; its schema makes every caller that omits the argument fail
                out["status"] = "confirmed"
                out["reason"] = f"compiles; the schema types `{param}` Tensor, calls without it fail"
                out["schema"] = str(schema)[:400]
                return out
            saved = try_save(_last_scripted[0])
            if saved is not None and match_rule(saved, table, prefer=code) == code:
                # deployment rules (JT508, JT901): the module compiles and torch.jit.save refuses it
                out["status"] = "confirmed"
                out["reason"] = "scripts; torch.jit.save fails: " + first_line(saved)[:200]
                return out
            dropped = dropped_decorator(_last_scripted[0], diag_obj[0], fn_node.name) if code == "JT903" else None
            if dropped:
                # JT903 compiles by design: torch compiled the undecorated source (the instance is on meta, so the
                # difference in grad mode or dtype is read from the compiled code, not from a run)
                out["status"] = "confirmed"
                out["reason"] = dropped
                return out
            lines = compiled_lines(_last_scripted[0], fn_node.name)
            end = fn_node.end_lineno or hi
            # the statement leaves nodes when compiled; or nothing from it to the end was compiled, though the code
            # after it would leave nodes (DiffusionGemma's `isinstance` test after `if past_key_values is None: raise`)
            if lines and not any(lo <= line <= hi for line in lines) and (
                    makes_nodes(fn_node, lo, hi) or (max(lines) < lo and makes_nodes(fn_node, hi + 1, end))):
                # torch compiled the method but not this statement: it decided a condition from the instance and
                # dropped the code around it (PocketTTS' `if self.encoder is None: raise`, Qwen3.5's
                # `elif self.rope_deltas is not None`), so the instance says nothing about the diagnostic
                out["status"] = "unconfirmable"
                out["reason"] = f"torch compiled `{fn_node.name}` but not line {row}: dead for this instance"
                return out
            out["status"] = "false-positive"
            out["reason"] = "scripts without error" + ("" if out["compiled"] else
                                                       f" (torch did not compile `{fn_node.name}`)")
            if schema is not None and code == "JT304":
                out["schema"] = str(schema)[:400]
            return out
        rule = match_rule(err, table, prefer=code)
        loc = error_location(err)
        out["torch_error"] = first_line(err)[:300]
        if os.environ.get("JITLINT_CONFIRM_FULL_ERROR"):  # debugging one diagnostic: torch's whole message
            out["torch_error_full"] = err
        out["torch_location"] = where(loc)
        at_line = loc is not None and lo <= loc[1] <= hi and (same_file(loc[0], abs_path)
                                                             or src.splitlines()[loc[1] - 1].strip() in err)
        read_at = re.search(r"is read after it \(line (\d+)\)", task.get("message", "")) if code == "JT604" else None
        if read_at and loc is not None and same_file(loc[0], abs_path) and not fixed:
            # JT604 points at the `if` that leaves the variable unset and names the read; torch's "undefined value"
            # points at the read
            at_line = at_line or loc[1] == int(read_at.group(1))
        attribute = re.match(r"`self\.(\w+)` starts as an empty (dict|list) in `__init__`", task.get("message", "")) \
            if code == "JT605" else None
        if attribute and rule == code and not at_line and loc is not None and same_file(loc[0], abs_path) \
                and re.search(rf"\bself\.{attribute.group(1)}\b", src.splitlines()[loc[1] - 1]) \
                and ("Dict[str, Tensor]" if attribute.group(2) == "dict" else "List[Tensor]") in err:
            # JT605 reports a TorchScript class's empty attribute once, at its first bad use in source order; torch
            # compiles the methods by name and stops at another use of the same attribute, typed as the rule says
            out["status"] = "confirmed"
            out["reason"] = f"torch rejects another use of `self.{attribute.group(1)}`, typed as the rule says"
            return out
        named = error_parameter(err) if rule == code and signature_rule(code) else None
        if named and param:
            # signature errors name the parameter and point at the whole `def` (or nowhere): compare the name
            in_fn = loc is None or (diag_fn_span[0] <= loc[1] <= diag_fn_span[1]
                                    and (same_file(loc[0], abs_path) or loc[0].endswith(".bypass.py")))
            if named == param and in_fn:
                out["status"] = "confirmed"
                out["reason"] = f"torch names parameter `{param}`" + ("" if loc else " (no source location)")
            else:
                out["status"] = "unconfirmable"
                out["reason"] = "the rule's error, at another place"
                out["other_parameter"] = named
            return out
        inferred = re.search(r"Inferred the value for argument '[^']+' to be of type 'Tensor' because it was not "
                             r"annotated", err) if code in ("JT303", "JT304") and param else None
        if inferred and loc is not None and diag_fn_span[0] <= loc[1] <= diag_fn_span[1] \
                and (same_file(loc[0], abs_path) or loc[0].endswith(".bypass.py")) \
                and re.search(rf"\b{re.escape(param)}\b", err.split("The original call is:")[-1].split("is being compiled since")[0]):
            # the unannotated parameter, typed Tensor as the rule says, refused by a call in its own function that
            # passes it (`torch.arange(n, device=device)`): JT305's place, the same cause
            out["status"] = "confirmed"
            out["reason"] = f"torch typed `{param}` Tensor and a call in the function refuses it"
            return out
        unknown = re.search(r"Unknown type name '([^']+)'", err) if rule == code and code == "JT306" and param else None
        if unknown and loc is not None and diag_fn_span[0] <= loc[1] <= diag_fn_span[1]:
            # an annotation error points at the whole `def`: the bypasses leave only the checked parameter's
            # annotation unresolved, so the unknown name must be in it
            ann = next((p.annotation for p in fn_node.args.args + fn_node.args.kwonlyargs + fn_node.args.posonlyargs
                        if p.arg == param and p.annotation is not None), None)
            if ann is not None and re.search(rf"\b{re.escape(unknown.group(1))}\b", ast.unparse(ann)):
                out["status"] = "confirmed"
                out["reason"] = f"torch rejects `{unknown.group(1)}` at the `def`, in parameter `{param}`'s annotation"
                return out
        returns = fn_node.returns if code == "JT306" and rule == code and not param else None
        if returns is not None and returns.lineno <= row <= (returns.end_lineno or returns.lineno) \
                and loc is not None and same_file(loc[0], abs_path) and fn_node.lineno <= loc[1] < fn_node.body[0].lineno:
            # the return annotation (the bypass loosened every other one): torch points at the whole `def`; the form
            # it names must be in that annotation
            text = ast.unparse(returns)
            dots = "type dots" in err and "..." in text
            unknown_ = re.search(r"Unknown type name '([^']+)'", err)
            if dots or (unknown_ and re.search(rf"\b{re.escape(unknown_.group(1))}\b", text)):
                out["status"] = "confirmed"
                out["reason"] = "torch rejects the return annotation at the `def`"
                return out
        stub_err = signature_stub_error(diag_obj[0], param) if code in ("JT303", "JT304") and param \
            and rule != code and loc is not None and diag_fn_span[0] <= loc[1] <= diag_fn_span[1] \
            and same_file(loc[0], abs_path) else None
        if stub_err is not None and error_parameter(stub_err) in (param, None) \
                and match_rule(stub_err, table, prefer=code) == code:
            # torch compiled the function (it stopped in its body, at an error of its own); the parameter's
            # declaration alone, in a function of one parameter that a compiled caller calls without it, is what
            # the rule says torch rejects (JT304's error names no parameter: the stub has only this one)
            out["status"] = "confirmed"
            out["reason"] = (f"torch compiled `{fn_node.name}` and stopped in its body; `{param}`'s declaration alone "
                             f"fails: {first_line(stub_err)[:120]}")
            out["masked_by"] = first_line(err)[:200]
            return out
        if rule == code and at_line:
            out["status"] = "confirmed"
        elif rule == code:
            out["status"] = "unconfirmable"
            out["reason"] = "the rule's error, at another place"
        else:
            out["status"] = "unconfirmable"
            out["reason"] = "masked: " + first_line(err)[:200]
        return out

    def function_sibling_edit(err_: Optional[str], out_: Dict[str, Any], function: ast.AST,
                              done: Sequence[Tuple[int, int, int, str]]) -> Optional[Tuple[int, int, int, str]]:
        """A module-level function: torch stopped in it, at a statement where jitlint reports another diagnostic
        (of this rule, or of the rule whose error torch prints): the edit neutralizing that one, as for methods."""
        loc_ = error_location(err_ or "")
        reason = out_.get("reason", "")
        if out_.get("status") != "unconfirmable" or loc_ is None or not same_file(loc_[0], abs_path) \
                or not function.lineno <= loc_[1] <= (function.end_lineno or function.lineno):
            return None
        reported = _reported_diags(str(SITE / path), src)
        span_ = statement_span(tree, loc_[1])
        at = {d[0] for d in reported if span_[0] <= d[1] <= span_[1]}
        if reason == "the rule's error, at another place":
            candidates = [code] + sorted(at - {code})
        elif reason.startswith("masked"):
            candidates = [c for c in sorted(at) if match_rule(err_ or "", table, prefer=c) == c]
            syntactic = match_rule(err_ or "", table)
            if syntactic in SYNTACTIC_NEUTRALIZERS and syntactic not in candidates:
                candidates.append(syntactic)
        else:
            return None
        end_col_ = task.get("end_column") or task.get("column", 1)
        for other_ in candidates:
            edit_ = neutralize(tree, other_, loc_[1], done, (row, col0, end_row, end_col_ - 1), reported)
            if edit_ is not None:
                return edit_
        return None

    def slice_function(err_: Optional[str], out_: Dict[str, Any], done: List[Tuple[int, int, int, str]]) -> bool:
        """slice-before for a module-level function: torch stops first at a statement of it before the diagnostic's
        (whisper's `_compute_mask_indices`: a nested `def` JT106 turned into `if True:` leaves its parameter
        undefined): take it out, with what depends on it, as for methods. False when there is nothing to take out."""
        if not out_.get("reason", "").startswith("masked"):
            return False
        frames = [int(n) for f, n in _FILE_LINE.findall(err_ or "") if same_file(f, abs_path)]
        line = next((n for n in frames if fn_node.lineno <= n <= (fn_node.end_lineno or n) and n < row), None)
        got = ecosystem_slice.slice_before(fn_node, src.splitlines(), line, row, binds_matter=code.startswith("JT6")) \
            if line is not None else None
        if got is None or all(e in done for e in got[0]):
            return False
        edits_, spans = got
        kept = [e for e in done if not any(a <= e[0] <= b for a, b in spans)]
        done[:] = kept + [e for e in edits_ if e not in kept]
        if "slice-before" not in res["bypasses"]:
            res["bypasses"].append("slice-before")
        res.setdefault("bypass_details", {}).setdefault("slice-before", []).extend(
            f"{path}:{a}-{b}" if b > a else f"{path}:{a}" for a, b in spans)
        return True

    helper_edits: Dict[str, List[Tuple[int, int, int, str]]] = {}

    def neutralize_helper(err_: Optional[str], out_: Dict[str, Any]) -> bool:
        """torch stopped in another module-level function of this file that the checked one calls (transformers'
        `stack_freqs` under `apply_rotary_pos_emb`): neutralize the sibling there, in a patched copy of that helper
        put in the module's namespace (the checked function's copy reads its globals from there). False when not."""
        loc_ = error_location(err_ or "")
        if loc_ is None or not same_file(loc_[0], abs_path):
            return False
        helper = next((n for n in getattr(tree, "body", []) if isinstance(n, ast.FunctionDef) and n is not chain[0]
                       and n.lineno <= loc_[1] <= (n.end_lineno or n.lineno)), None)
        if helper is None or not inspect.isfunction(mod.__dict__.get(helper.name)):
            return False
        done_ = helper_edits.setdefault(helper.name, [])
        edit_ = function_sibling_edit(err_, out_, helper, done_)
        if edit_ is None:
            return False
        original = next((o for ns, n, o in _swapped_helpers if ns is mod.__dict__ and n == helper.name),
                        mod.__dict__[helper.name])
        got = patched_function(original, file_edits=done_ + [edit_], force=True)
        if got is None:
            return False
        done_.append(edit_)
        _swapped_helpers.append((mod.__dict__, helper.name, mod.__dict__[helper.name]))
        mod.__dict__[helper.name] = got[0]
        res.setdefault("neutralized", []).append(f"{path}:{edit_[0]} (in {helper.name})")
        if "neutralize-siblings" not in res["bypasses"]:
            res["bypasses"].append("neutralize-siblings")
        return True

    def helper_host(name: str) -> Optional[Any]:
        """An instance (configs ignored) of a module class of this file with a method calling ``name(self, ...)``,
        made of a subclass of its own for the helper to be set on; None when none builds."""
        for cls_node in (n for n in getattr(tree, "body", []) if isinstance(n, ast.ClassDef)):
            calls = [c for c in ast.walk(cls_node) if isinstance(c, ast.Call) and getattr(c.func, "id", "") == name
                     and c.args and getattr(c.args[0], "id", "") == "self"]
            owner = getattr(orig_mod, cls_node.name, None)
            if not calls or not (isinstance(owner, type) and issubclass(owner, torch.nn.Module)):
                continue
            try:
                inst_, _how = build_instance(orig_mod, owner, path)
            except LookupError:
                continue
            ignore_config_attrs(inst_)
            inst_.__class__ = type(type(inst_).__name__, (type(inst_),), {})
            return inst_
        return None

    def frontend_only(why: str) -> Optional[Dict[str, Any]]:
        """No instance builds (DDP needs a process group), but a frontend rule's construct stops torch's parser on
        the method's source before any type is known: parse that alone (``torch.jit.frontend.get_jit_def``), as
        compiling any instance would, with the siblings the parser meets first neutralized. The confirmed result,
        or None."""
        import torch

        fn = inspect.unwrap(diag_obj[0]) if diag_obj[0] is not None else source_function(fn_node, src, path)
        if fn is None:
            return None
        edits_: List[Tuple[int, int, int, str]] = []
        for _round in range(8):
            got = patched_function(fn, file_edits=edits_, force=bool(edits_), diag=(row, col0), code=code)
            obj = got[0] if got is not None else fn
            err_ = _compile(lambda: torch.jit.frontend.get_jit_def(obj, fn_node.name, self_name=chain[0].name))
            if err_ is None:
                return None
            out_ = classify(err_, f"torch.jit.frontend.get_jit_def({chain[0].name}.{fn_node.name}), the method's "
                                  f"source alone ({why[:160]})")
            if out_["status"] != "confirmed" and error_location(err_) is None \
                    and out_.get("reason") == "the rule's error, at another place":
                # the rule's error names no place (JT113's bare `raise` crashes the parser): parse again with only
                # the checked construct taken out; confirmed when that error goes with it
                own = neutralize(tree, code, row, edits_, None, _reported_diags(str(SITE / path), src))
                got = patched_function(fn, file_edits=edits_ + [own], force=True, diag=(row, col0), code=code) \
                    if own is not None and edit_touches(own, (row, col0, row, col0)) else None
                again = _compile(lambda: torch.jit.frontend.get_jit_def(got[0], fn_node.name,
                                                                        self_name=chain[0].name)) if got else err_
                if again is None or first_line(again) != first_line(err_):
                    out_["status"] = "confirmed"
                    out_["reason"] = ("torch's error names no place; it goes when only this construct is taken out "
                                      f"(then: {first_line(again)[:120] if again else 'parses'})")
                    res["bypasses"].append("remove-checked")
            if out_["status"] == "confirmed":
                out_["bypasses"] = res["bypasses"] + ["frontend-only"] + (["neutralize-siblings"] if edits_ else [])
                out_["neutralized"] = [f"{path}:{e[0]}" for e in edits_]
                return out_
            edit_ = function_sibling_edit(err_, out_, fn_node, edits_)
            if edit_ is None:
                return None
            edits_.append(edit_)
        return None

    if orig_mod is None:
        # the file does not import (a `modular_*.py` naming what its package lacks)
        parsed = frontend_only("the file does not import")
        if parsed is not None:
            return parsed
        _import(module_name_for(path))  # the import error, as the worker reports it
    method_at = next((i for i in range(1, len(chain)) if isinstance(chain[i], (ast.FunctionDef, ast.AsyncFunctionDef))
                      and isinstance(chain[i - 1], ast.ClassDef)), None)
    if method_at is None:
        # a module-level function (or one nested in it): script that function itself
        orig = diag_obj[0] = resolve_qualname(mod, chain[:1])
        edits: List[Tuple[int, int, int, str]] = []
        host: Optional[Any] = None  # an instance of the module class that calls the helper as `f(self, ...)`
        helper_config = function_config(orig_mod, chain[0])
        for _round in range(8):
            obj = orig
            got = patched_function(orig, helper_config, file_edits=edits, force=bool(edits), diag=(row, col0),
                                   code=code)
            if got is not None:
                if "signature" not in res["bypasses"]:
                    res["bypasses"].append("signature")
                res.setdefault("bypass_details", {})["signature"] = [f"{chain[0].name}: {', '.join(got[1])}"]
                obj = got[0]
            if host is not None:
                setattr(type(host), chain[0].name, obj)
                err = try_script_method(host, chain[0].name)
            else:
                err = try_script(obj)
            out = classify(err, f"torch.jit.script({chain[0].name}) (the function itself)" if host is None else
                           f"`{chain[0].name}` compiled as a method of {type(host).__name__}")
            if host is None and out.get("status") == "unconfirmable" and module_parameter_use(err, chain[0]):
                # `_apply_relative_position_encoding(module, query, ...)` reads `module.linear_pos`: torch types
                # `module` Tensor. Compiled as a method of a module class that calls it as `f(self, ...)`, the
                # parameter is that module, as in eager
                host = helper_host(chain[0].name)
                if host is not None:
                    res["bypasses"].append("helper-as-method")
                    res.setdefault("bypass_details", {})["helper-as-method"] = [type(host).__name__]
                    continue
            edit = annotate_parameter(chain[0], out["other_parameter"], edits) \
                if out.get("other_parameter") and chain[0] is fn_node else None
            if edit is None:
                edit = function_sibling_edit(err, out, chain[0], edits)
            if edit is None and neutralize_helper(err, out):
                continue
            if edit is None and chain[0] is fn_node and slice_function(err, out, edits):
                continue
            if edit is None:
                return out
            edits.append(edit)
            res.setdefault("neutralized", []).append(f"{path}:{edit[3]}")
            if "neutralize-siblings" not in res["bypasses"]:
                res["bypasses"].append("neutralize-siblings")
        return out
    fn_node = chain[method_at]
    method_span = (abs_path, min([fn_node.lineno] + [d.lineno for d in fn_node.decorator_list]),
                   fn_node.end_lineno or fn_node.lineno)
    cls = resolve_qualname(mod, chain[:method_at])
    orig_cls = resolve_qualname(orig_mod, chain[:method_at])
    diag_obj[0] = inspect.getattr_static(cls, fn_node.name, None) if isinstance(cls, type) else None
    if isinstance(diag_obj[0], (staticmethod, classmethod)):
        diag_obj[0] = diag_obj[0].__func__
    if isinstance(cls, type) and not issubclass(cls, torch.nn.Module) and method_at == 1 \
            and isinstance(chain[0], ast.ClassDef):
        # a plain class, compiled as a TorchScript class where compiled code constructs it (ESMFold's `Rotation`)
        if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn_node.decorator_list):
            # compiled only where compiled code calls it, as a plain function: scripted (or, for a frontend rule,
            # parsed) alone, as that call would (VibeVoice's generation mixin)
            if code in frontend_rules():
                parsed = frontend_only("a static method, compiled only where it is called")
                if parsed is not None:
                    return parsed
            elif diag_obj[0] is not None:
                res["bypasses"].append("static-method-alone")
                return classify(try_script(diag_obj[0]), f"torch.jit.script({chain[0].name}.{fn_node.name}) "
                                                         "(the static method alone)")
            return {"status": "unconfirmable", "reason": "a static method (compiled only where it is called)", **res}
        res["bypasses"].append("isolate-class-method")
        err = script_class_method(mod, chain[0], fn_node.name, src, abs_path)
        return classify(err, f"torch.jit.script({chain[0].name}) with only `__init__` and `{fn_node.name}`")
    if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
        return {"status": "unconfirmable", "reason": f"{cls!r} is not an nn.Module", **res}
    try:
        inst, how = build_instance(orig_mod, orig_cls, path)
    except LookupError as exc:
        parsed = frontend_only(str(exc)) if code in frontend_rules() and diag_obj[0] is not None else None
        return parsed or {"status": "unconfirmable", "reason": str(exc)[:400], **res}
    if fixed is not None:
        moved = fixed.swap(inst)
        how += f"; {len(moved)} class(es) from the fixed copy"
    err = try_script(inst)
    out = classify(err, how)
    isolated = [False]  # once set, only the method is scripted (isolate-method), by the bypasses below too
    if out["status"] == "false-positive" and not out.get("compiled", True) and fn_node.name != "forward":
        # the instance's entry points never reach the method (a helper another module calls): compile it alone
        isolated[0] = True
        res["bypasses"].append("isolate-method")
        res.setdefault("bypass_details", {})["isolate-method"] = [f"{fn_node.name} alone (not reached from forward)"]
        err = try_script_method(inst, fn_node.name)
        out = classify(err, how + f"; only `{fn_node.name}` compiled")
    if out["status"] == "false-positive" and code == "JT402" and _other_path(inst, task, res):
        out = classify(try_script(inst), how + "; built down the other path")
    none_path = re.match(r"`self\.(\w+)` is None when", task.get("message", "")) if code == "JT406" else None
    # JT513 at a call of a method of the instance whose parameter the argument does not fit: torch compiles that
    # method before it checks the call, so an error in its body comes first (``ignore-methods`` may stand it in)
    jt513_callee_found = re.search(r"of `self\.(\w+)`", task.get("message", "")) if code == "JT513" else None
    jt513_callee = jt513_callee_found.group(1) if jt513_callee_found else ""
    if out["status"] != "confirmed" and none_path and getattr(inst, none_path.group(1), None) is not None:
        # JT406 on a path: the instance was built down the side that holds a value; give it the None the other
        # side assigns (also when something masks the diagnostic: that mask may live on the side it was built down,
        # as Wav2Vec2-BERT's `module.linear_pos` under `position_embeddings_type == "relative"`)
        setattr(inst, none_path.group(1), None)
        res["bypasses"].append("other-path")
        res.setdefault("bypass_details", {})["other-path"] = [f"set {none_path.group(1)} to None on the instance"]
        out = classify(try_script(inst), how + "; built down the other path")
    revived: Dict[Tuple[type, str], List[Tuple[int, int, int, str]]] = {}
    if out["status"] == "false-positive" and not signature_rule(code):
        # torch types an unannotated `p=None` Tensor and drops what `p is None` guards (ProphetNet's code after
        # `assert (position_ids is None) or ...`, a statically failing assert): the diagnostic lives in the world
        # after JT304's fix, `p: Optional[Tensor] = None`; script that world
        edits = revive_parameters(fn_node, _reported_diags(str(SITE / path), src))
        if edits:
            revived[(cls, fn_node.name)] = edits
            patch_signatures(inst, extra_methods=[fn_node.name], edits=revived,
                             diag=(cls, fn_node.name, row, col0, code))
            res["bypasses"].append("revive-branch")
            res.setdefault("bypass_details", {})["revive-branch"] = [e[3] for e in edits]
            again = classify(try_script_method(inst, fn_node.name) if isolated[0] else try_script(inst),
                             how + "; JT304's fix applied to the function's parameters")
            if again["status"] != "false-positive":
                out = again
    flag = final_flag_guard(tree, row, cls, inst) if out["status"] == "false-positive" else None
    built_by = re.search(r"timm\.create_model\('([\w.]+)'\) on (\w+)", how)
    if flag is not None and built_by is not None and type(inst) is cls:
        # `if self.fork_feat:` on a `Final[bool]` the instance holds False: torch drops the branch for this model
        # and compiles it for one built with the flag on (fastvit's detection backbones): build that one
        import timm

        import torch
        try:
            with torch.device(built_by.group(2)):
                other = timm.create_model(built_by.group(1), pretrained=False, **{flag[0]: flag[1]}).eval()
        except Exception:  # noqa: BLE001 - the model does not take the flag: nothing to compare
            other = None
        if other is not None and type(other) is cls:
            res["bypasses"].append("other-path")
            res.setdefault("bypass_details", {})["other-path"] = [f"built with {flag[0]}={flag[1]!r}"]
            again = classify(try_script(other), how + f", built with {flag[0]}={flag[1]!r}")
            if again["status"] != "false-positive":
                return again
    if out["status"] != "unconfirmable":
        return out
    # bypasses, one after the other, until the rule's error (or a clean script) shows
    config_read = re.match(r"`self\.(\w+)` is an instance of", task.get("message", "")) if code == "JT401" else None
    cfg = ignore_config_attrs(inst, (cls, config_read.group(1)) if config_read and isinstance(cls, type) else None)
    if cfg:
        res["bypasses"].append("ignore-config")
        res.setdefault("bypass_details", {})["ignore-config"] = cfg
    empty = annotate_empty_lists(inst)
    if empty:
        res["bypasses"].append("annotate-empty-lists")
        res.setdefault("bypass_details", {})["annotate-empty-lists"] = empty
    foreign = mark_foreign_properties(inst, abs_path, src)
    if foreign:
        res["bypasses"].append("unused-properties")
        res.setdefault("bypass_details", {})["unused-properties"] = foreign
    sibling_edits: Dict[Tuple[type, str], List[Tuple[int, int, int, str]]] = revived
    flag_constants: Dict[type, List[str]] = {}  # constant-flags: original class -> attributes made constants
    end_col = task.get("end_column") or task.get("column", 1)
    avoid = (row, col0, end_row, end_col - 1)  # the checked diagnostic: neutralizing never touches it
    diags: Optional[List[Tuple[str, int, int, int, int, str]]] = None  # jitlint's, of this file, when first needed
    incidental: List[Dict[str, Any]] = []
    stubbed: List[str] = []
    unused: List[str] = []
    def method_at_line(line: int) -> Optional[Tuple[type, str]]:
        """(class, method name) of the method of a class of this file holding ``line``."""
        where_ = enclosing_nodes(tree, line)
        at = next((i for i in range(1, len(where_)) if isinstance(where_[i], ast.FunctionDef)
                   and isinstance(where_[i - 1], ast.ClassDef)), None)
        owner = resolve_qualname(mod, where_[:at]) if at is not None else None
        return (owner, where_[at].name) if isinstance(owner, type) else None

    def past_checked(err_: Optional[str]) -> bool:
        """torch compiled the checked statement: it scripts, or stops later in the same method (torch compiles a
        body in the order of its text)."""
        at = error_location(err_ or "")
        return err_ is None or (at is not None and same_file(at[0], abs_path) and hi < at[1] <= method_span[2])

    def script_now() -> Optional[str]:
        err_ = try_script_method(inst, fn_node.name) if isolated[0] else try_script(inst)
        if code == "JT402" and past_checked(err_) and _other_path(inst, task, res):
            # the bypasses got torch past what masked the read, on the instance built down the path that assigns
            # the attribute (Flava's `cls_token`, behind a submodule's error; D-FINE's `anchors`, read before the
            # slice's own undefined name): take it away now
            err_ = try_script_method(inst, fn_node.name) if isolated[0] else try_script(inst)
        return err_

    def revive(out_: Dict[str, Any]) -> bool:
        """The bypasses got torch past what masked the diagnostic, into the world where an unannotated `p=None` is a
        Tensor and `if p is None:` is dead (MT5's `position_bias`): go on in the world after JT304's fix. False when
        it was done already or there is no such parameter."""
        if signature_rule(code) or "revive-branch" in res["bypasses"]:
            return False
        edits = revive_parameters(fn_node, _reported_diags(str(SITE / path), src))
        if not edits:
            return False
        sibling_edits.setdefault((cls, fn_node.name), []).extend(edits)
        res["bypasses"].append("revive-branch")
        res.setdefault("bypass_details", {})["revive-branch"] = [e[3] for e in edits]
        return True

    def isolate_or_stop(err_: Optional[str], out_: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The result to return, or None to go on with the method as the only entry point (what masks it inside
        the method may be neutralized next round)."""
        if out_.get("status") == "false-positive" and none_path and "other-path" not in res["bypasses"] \
                and getattr(inst, none_path.group(1), None) is not None:
            # JT406 once the bypasses got torch there: the instance was built down the side that holds a value;
            # give it the None the other side assigns
            setattr(inst, none_path.group(1), None)
            res["bypasses"].append("other-path")
            res.setdefault("bypass_details", {})["other-path"] = [f"set {none_path.group(1)} to None on the instance"]
            return None
        if out_.get("status") == "false-positive" and revive(out_):
            return None
        if isolated[0]:
            return out_
        if out_.get("status") == "false-positive" and not out_.get("compiled", True) and fn_node.name != "forward":
            # the bypasses got the instance through, and its entry points never reach the method: compile it alone
            isolated[0] = True
            if "isolate-method" not in res["bypasses"]:
                res["bypasses"].append("isolate-method")
            res.setdefault("bypass_details", {})["isolate-method"] = [f"{fn_node.name} alone (not reached)"]
            return None
        got = isolate_method(inst, fn_node.name, err_, method_span, res, classify, how)
        if got is not None and got["status"] == "false-positive" and revive(got):
            isolated[0] = True  # the method alone scripts: go on in the world after JT304's fix (DeBERTa-v2's
            return None         # `relative_pos is None`)
        if got is None or got["status"] != "unconfirmable":
            return got if got is not None else out_
        isolated[0] = True
        return None

    src_lines = src.splitlines()

    def slice_mask(err_: Optional[str], out_: Dict[str, Any]) -> bool:
        """slice-before: torch stops first at a statement of the checked method before the diagnostic's (or at a
        call there into what fails): take it out, with what depends on it, when the diagnostic's statement reads
        nothing it changes (ecosystem_slice.py); also where torch printed the rule's own error at an earlier statement.
        False when there is nothing (more) to take out."""
        reason_ = out_.get("reason", "")
        if not reason_.startswith("masked") and reason_ != "the rule's error, at another place":
            return False
        frames = [int(n) for f, n in _FILE_LINE.findall(err_ or "") if same_file(f, abs_path)]
        line = next((n for n in frames if method_span[1] <= n <= method_span[2] and n < row), None)
        if line is None:
            return False
        got = ecosystem_slice.slice_before(fn_node, src_lines, line, row, binds_matter=code.startswith("JT6"))
        key_ = (cls, fn_node.name)
        current = sibling_edits.get(key_, [])
        if got is None or all(e in current for e in got[0]):
            return False
        edits, spans = got
        kept = [e for e in current if not any(a <= e[0] <= b for a, b in spans)]
        sibling_edits[key_] = kept + [e for e in edits if e not in kept]
        if "slice-before" not in res["bypasses"]:
            res["bypasses"].append("slice-before")
        res.setdefault("bypass_details", {}).setdefault("slice-before", []).extend(
            f"{path}:{a}-{b}" if b > a else f"{path}:{a}" for a, b in spans)
        return True

    def literal_default_sibling(loc_: Optional[Tuple[str, int]], named: Optional[str]
                                ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """(owner key, edit) annotating a parameter of the method holding ``loc_`` that its statement reads (or
        torch's error ``named``) and that jitlint reports as JT303 (an unannotated literal default); None when there
        is none."""
        if loc_ is None or not same_file(loc_[0], abs_path):
            return None
        owner = method_at_line(loc_[1])
        chain_ = enclosing_nodes(tree, loc_[1])
        function = next((n for n in reversed(chain_) if isinstance(n, ast.FunctionDef)), None)
        if owner is None or function is None or function.name != owner[1]:
            return None
        first_body = function.body[0].lineno
        reported = diags if diags is not None else _reported_diags(str(SITE / path), src)
        defaulted_ = {diag_parameter(function, d[1], d[2], src_lines) for d in reported
                      if d[0] == "JT303" and function.lineno <= d[1] < first_body}
        span_ = statement_span(tree, loc_[1])
        read = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and span_[0] <= n.lineno <= span_[1]}
        read |= {named} if named else set()
        for name in sorted((defaulted_ - {None}) & read):
            edit_ = annotate_parameter(function, name, sibling_edits.get(owner, []))
            if edit_ is not None:
                return owner, edit_
        return None

    def ignored_attribute_read(err_: Optional[str], loc_: Optional[Tuple[str, int]]
                               ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped at a read of an attribute `ignore-config` hid (`{"config": self.config}` handed to a mask
        builder, not the read the diagnostic is about): (owner key, the edit reading None there)."""
        hidden = re.search(r"has no attribute '(\w+)' attribute was ignored during compilation", err_ or "")
        if hidden is None or loc_ is None or not same_file(loc_[0], abs_path):
            return None
        owner = method_at_line(loc_[1])
        if owner is None:
            return None
        # only a read of the whole object (`self.config.x` reads a field of it: None has none)
        inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        for node in ast.walk(tree):
            if id(node) in inner:
                continue
            if isinstance(node, ast.Attribute) and node.attr == hidden.group(1) and node.lineno == loc_[1] \
                    and node.end_lineno == node.lineno and isinstance(node.value, ast.Name) \
                    and node.value.id == "self" and isinstance(node.ctx, ast.Load):
                edit_ = (node.lineno, node.col_offset, node.end_col_offset, "None")
                if not edit_touches(edit_, avoid) and edit_ not in sibling_edits.get(owner, []):
                    return owner, edit_
        return None

    def none_binding_annotated(err_: Optional[str], loc_: Optional[Tuple[str, int]]
                               ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped before the diagnostic at "Variable 'loss' previously had type NoneType but is now being
        assigned to a value of type Tensor" (`loss = None` before a branch that computes it): the binding becomes
        `loss: Optional[Tensor] = None`, as the user's fix writes it. (owner key, edit), or None."""
        found = re.search(r"Variable '(\w+)' previously had type NoneType but is now being assigned to a value of "
                          r"type ([\w\[\], ]+?)\s*:?\n", err_ or "")
        if found is None or loc_ is None or not same_file(loc_[0], abs_path):
            return None
        words = set(re.findall(r"\w+", found.group(2)))
        if not words <= {"Tensor", "List", "Tuple", "Dict", "Optional", "int", "float", "bool", "str"}:
            return None
        typed = re.sub(r"\b(Tensor|List|Tuple|Dict|Optional)\b", r"_jl_\1", found.group(2))
        owner = method_at_line(loc_[1])
        function = next((n for n in reversed(enclosing_nodes(tree, loc_[1])) if isinstance(n, ast.FunctionDef)), None)
        if owner is None or function is None:
            return None
        bindings = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and len(n.targets) == 1
                    and isinstance(n.targets[0], ast.Name) and n.targets[0].id == found.group(1)
                    and isinstance(n.value, ast.Constant) and n.value.value is None
                    and n.lineno == n.end_lineno < loc_[1]]
        if not bindings:
            return None
        last = max(bindings, key=lambda n: n.lineno)
        edit_ = (last.lineno, last.col_offset, last.end_col_offset, f"{found.group(1)}: _jl_Optional[{typed}] = None")
        if lo <= last.lineno <= hi or edit_ in sibling_edits.get(owner, []):
            return None
        return owner, edit_

    def none_default_callee(err_: Optional[str]) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped at a call passing an Optional to an unannotated `None`-default parameter of a method of a
        class of this file, where jitlint reports JT304 (LXMERT's `self.embeddings(input_ids, token_type_ids,
        inputs_embeds)`: "Expected a value of type 'Tensor (inferred)' for argument 'inputs_embeds' but instead found
        type 'Optional[Tensor]'"): that parameter gets JT304's fix. (owner key, edit), or None."""
        found = re.search(r"(\w+)\(__torch__\.[\w.]*?(\w+) self, [^\n]*\)\s*->[^\n]*\n\s*Expected a value of type "
                          r"'Tensor \(inferred\)' for argument '(\w+)' but instead found type 'Optional\[", err_ or "")
        if found is None:
            return None
        method, class_name, parameter = found.groups()
        reported = diags if diags is not None else _reported_diags(str(SITE / path), src)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or node.name != class_name:
                continue
            function = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == method), None)
            if function is None:
                return None
            first_body = function.body[0].lineno
            if not any(d[0] == "JT304" and function.lineno <= d[1] < first_body
                       and diag_parameter(function, d[1], d[2], src_lines) == parameter for d in reported):
                return None
            owner = method_at_line(first_body)
            edit_ = (0, 0, 0, f"{parameter}: {jt304_annotation(function, parameter)}")
            if owner is None or edit_ in sibling_edits.get(owner, []):
                return None
            return owner, edit_
        return None

    def none_default_used(err_: Optional[str], loc_: Optional[Tuple[str, int]]
                          ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped where a method of this file uses its unannotated `None`-default parameter, typed Tensor,
        where jitlint reports JT304 (UMT5's `compute_bias(..., device=None)`: `torch.arange(n, device=device)`,
        "Inferred the value for argument 'device' to be of type 'Tensor'"): that parameter gets JT304's fix there.
        (owner key, edit), or None."""
        found = re.search(r"Inferred the value for argument '(\w+)' to be of type 'Tensor' because it was not "
                          r"annotated", err_ or "")
        if found is None or loc_ is None or not same_file(loc_[0], abs_path):
            return None
        owner = method_at_line(loc_[1])
        function = next((f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and owner is not None
                         and f.name == owner[1] and f.lineno <= loc_[1] <= (f.end_lineno or f.lineno)), None)
        if function is None:
            return None
        parameter, first_body = found.group(1), function.body[0].lineno
        reported = diags if diags is not None else _reported_diags(str(SITE / path), src)
        if not any(d[0] == "JT304" and function.lineno <= d[1] < first_body
                   and diag_parameter(function, d[1], d[2], src_lines) == parameter for d in reported):
            return None
        edit_ = (0, 0, 0, f"{parameter}: {jt304_annotation(function, parameter)}")
        return None if edit_ in sibling_edits.get(owner, []) else (owner, edit_)

    def none_tested_parameter() -> Optional[Tuple[int, int, int, str]]:
        """The checked statement sits under `if p is None` / `if p is not None` with `p` a parameter of the method
        without an annotation and with a `None` default, where jitlint reports JT304: torch types `p` Tensor, decides
        the test statically and drops the branch (the RoBERTa family's `if position_ids is None:`). JT304's fix
        makes the branch live, as it is once the user applies it: that annotation's edit, or None."""
        first_body = fn_node.body[0].lineno
        defaults = dict(zip([a.arg for a in fn_node.args.args][-len(fn_node.args.defaults):] if fn_node.args.defaults
                            else [], fn_node.args.defaults))
        unannotated_none = {a.arg for a in fn_node.args.args if a.annotation is None and a.arg in defaults
                            and isinstance(defaults[a.arg], ast.Constant) and defaults[a.arg].value is None}
        reported = diags if diags is not None else _reported_diags(str(SITE / path), src)
        for node in ast.walk(fn_node):
            if not isinstance(node, ast.If) or not node.lineno < row <= (node.end_lineno or node.lineno):
                continue
            for test in ast.walk(node.test):
                if not (isinstance(test, ast.Compare) and len(test.ops) == 1
                        and isinstance(test.ops[0], (ast.Is, ast.IsNot)) and isinstance(test.left, ast.Name)
                        and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None):
                    continue
                parameter = test.left.id
                if parameter not in unannotated_none or not any(
                        d[0] == "JT304" and fn_node.lineno <= d[1] < first_body
                        and diag_parameter(fn_node, d[1], d[2], src_lines) == parameter for d in reported):
                    continue
                edit_ = (0, 0, 0, f"{parameter}: {jt304_annotation(fn_node, parameter)}")
                if edit_ not in sibling_edits.get((cls, fn_node.name), []):
                    return edit_
        return None

    def helper_call_as_method(err_: Optional[str], loc_: Optional[Tuple[str, int]]
                              ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped at `f(self, ...)` of a module-level helper whose first parameter holds a module
        ("_apply_relative_position_encoding(Tensor module, ...) ... Expected a value of type 'Tensor' for argument
        'module'"): the call becomes `self.f(...)` and `f` a method of the class (its first parameter is then the
        module, as in eager). (owner key, the edit), or None."""
        found = re.search(r"(\w+)\(Tensor (\w+), [^\n]*\n\s*Expected a value of type 'Tensor' for argument '(\w+)'",
                          err_ or "")
        if found is None or found.group(2) != found.group(3) or loc_ is None or not same_file(loc_[0], abs_path):
            return None
        name = found.group(1)
        if name.startswith("_jl_call_"):  # the `ignore-helpers` stand-in's inner call: the helper itself
            name = name[len("_jl_call_"):]
        # the helper as the module defines it, not a copy or stand-in a bypass put in its place
        helper = next((o for ns, n, o in _swapped_helpers if ns is mod.__dict__ and n == name), mod.__dict__.get(name))
        owner = method_at_line(loc_[1])
        if owner is None or not inspect.isfunction(helper):
            return None
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == name \
                    and owner == method_at_line(node.lineno) and node.args \
                    and getattr(node.args[0], "id", "") == "self":
                parts = [(node.lineno, node.func.col_offset, node.func.end_col_offset, f"self.{name}"),
                         (node.args[0].lineno, node.args[0].col_offset, node.args[0].end_col_offset, "\0cut")]
                edit_ = (node.lineno, node.func.col_offset, node.func.end_col_offset, MULTI + json.dumps(parts))
                if edit_touches(edit_, avoid) or edit_ in sibling_edits.get(owner, []):
                    return None
                setattr(owner[0], name, helper)
                return owner, edit_
        return None

    def literal_getattr(loc_: Optional[Tuple[str, int]]) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """JT507 first at a sibling: `getattr(self, f"{layer_type}_inv_freq")` names an attribute the instance has
        (`full_attention_inv_freq`, the first in order): (owner key, the edit writing that name as a literal)."""
        if loc_ is None or not same_file(loc_[0], abs_path):
            return None
        owner = method_at_line(loc_[1])
        if owner is None:
            return None
        names: Set[str] = set()
        for sub in inst.modules():
            if original_of.get(type(sub), type(sub)) is owner[0] or isinstance(sub, owner[0]):
                names |= set(vars(sub)) | set(sub._parameters) | set(sub._buffers) | set(sub._modules)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                    and node.lineno == loc_[1] and len(node.args) >= 2 and isinstance(node.args[1], ast.JoinedStr)
                    and node.args[1].lineno == node.args[1].end_lineno):
                continue
            pattern = "".join(re.escape(str(v.value)) if isinstance(v, ast.Constant) else r"\w+"
                              for v in node.args[1].values)
            found = sorted(n for n in names if re.fullmatch(pattern, n))
            if found:
                arg = node.args[1]
                edit_ = (arg.lineno, arg.col_offset, arg.end_col_offset, repr(found[0]))
                if not edit_touches(edit_, avoid) and edit_ not in sibling_edits.get(owner, []):
                    return owner, edit_
        return None

    def loc_outside(err_: Optional[str]) -> bool:
        """torch's error is not in the checked diagnostic's statement (what is changed there cannot be the cause)."""
        at = error_location(err_ or "")
        return at is not None and not (same_file(at[0], abs_path) and lo <= at[1] <= hi)

    def neutralize_reported(rule: str, rows: Callable[[int], bool], why: str, first_only: bool = False) -> bool:
        """torch's error names no place: neutralize jitlint's reports of ``rule`` at the rows ``rows`` accepts, each in
        its own method (the first one not yet done with ``first_only``). False when there is none left."""
        reported = diags or _reported_diags(str(SITE / path), src)
        added = []
        for d in reported:
            owner_ = method_at_line(d[1]) if d[0] == rule and rows(d[1]) else None
            edit_ = neutralize(tree, rule, d[1], sibling_edits.get(owner_, []), avoid, reported) if owner_ else None
            if edit_ is not None:
                sibling_edits[owner_] = [e for e in sibling_edits.get(owner_, []) if not edit_within(e, edit_)] \
                    + [edit_]
                added.append(f"{path}:{d[1]} ({rule}, {why})")
                if first_only:
                    break
        res.setdefault("neutralized", []).extend(added)
        if added and "neutralize-siblings" not in res["bypasses"]:
            res["bypasses"].append("neutralize-siblings")
        return bool(added)

    def rule_elsewhere() -> bool:
        """torch printed the rule's error without a place (MiniCPM's `{**kwargs}` in `forward` and in the checked
        helper both crash the parser): take out the rule's other places in the file's methods, so that what stays is
        the checked one's. False when there is none left to take out."""
        return neutralize_reported(code, lambda r: r != row, "the rule's error names no place")

    def removal_check(err_: Optional[str], out_: Dict[str, Any], key_: Tuple[Any, str]) -> Dict[str, Any]:
        """torch printed the rule's error without a place, the rule's other places taken out (``rule_elsewhere``):
        script again with the checked construct neutralized too (this rule's own neutralizer, at the diagnostic).
        Confirmed when the error is gone or another one."""
        own = neutralize(tree, code, row, sibling_edits.get(key_, []), None, diags or _reported_diags(str(SITE / path), src))
        if own is None or not edit_touches(own, avoid):
            return out_
        trial = {k: list(v) for k, v in sibling_edits.items()}
        trial.setdefault(key_, []).append(own)
        patch_signatures(inst, extra_methods=[fn_node.name], edits=trial, diag=(cls, fn_node.name, row, col0, code),
                         constants=flag_constants)
        again = script_now()
        if again is not None and match_rule(again, table, prefer=code) == code and first_line(again) == first_line(err_ or ""):
            return out_
        done = dict(out_)
        done["status"] = "confirmed"
        done["reason"] = ("torch's error names no place; it goes when only this construct is taken out (then: "
                          + (first_line(again)[:120] if again else "scripts") + ")")
        done.setdefault("bypasses", list(res["bypasses"])).append("remove-checked")
        return done

    getters = False
    for _round in range(16):
        sig = patch_signatures(inst, extra_methods=[fn_node.name], edits=sibling_edits,
                               diag=(cls, fn_node.name, row, col0, code), constants=flag_constants,
                               embedding_getters=getters)
        if sig:
            if "signature" not in res["bypasses"]:
                res["bypasses"].append("signature")
            res.setdefault("bypass_details", {})["signature"] = sig
        err = script_now()
        out = classify(err, how + (f"; only `{fn_node.name}` compiled" if isolated[0] else ""))
        while err and out["status"] == "unconfirmable" and len(unused) < 30:
            prop = mark_unused_property(inst, err, method_span, unused)
            if prop is None:
                break
            unused.append(prop)
            if "unused-properties" not in res["bypasses"]:
                res["bypasses"].append("unused-properties")
            res.setdefault("bypass_details", {}).setdefault("unused-properties", []).append(
                f"{prop} ({where(error_location(err)) or first_line(err)[:80]})")
            err = script_now()
            out = classify(err, how + (f"; only `{fn_node.name}` compiled" if isolated[0] else ""))
        valued = property_as_value(inst, err, unused, "\n".join(src.splitlines()[lo - 1:hi])) if out["status"] == "unconfirmable" else None
        if valued is not None:
            res["bypasses"].append("property-values")
            res.setdefault("bypass_details", {}).setdefault("property-values", []).append(valued)
            err = script_now()
            out = classify(err, how + (f"; only `{fn_node.name}` compiled" if isolated[0] else ""))
        live = none_tested_parameter() if out.get("reason", "").endswith("dead for this instance") else None
        if live is not None:
            # JT304's annotation on the parameter the branch tests: the branch is live, as after the user's fix
            sibling_edits.setdefault((cls, fn_node.name), []).append(live)
            if "jt304-annotated" not in res["bypasses"]:
                res["bypasses"].append("jt304-annotated")
            res.setdefault("bypass_details", {}).setdefault("jt304-annotated", []).append(live[3])
            continue
        namespaces = [mod.__dict__] + ([orig_mod.__dict__] if orig_mod is not mod else [])
        masked = out.get("reason", "").startswith("masked")
        if masked and not getters and "NamedExpr aren't supported" in (err or "") \
                and (error_location(err or "") or ("", 0))[0].endswith("transformers/modeling_utils.py"):
            # torch stopped in transformers' `get_input_embeddings` (its `:=`), which a compiled forward calls
            getters = True
            res["bypasses"].append("embedding-getters")
            continue
        # a module-level helper torch compiles from the method (transformers' `apply_rotary_pos_emb(...,
        # unsqueeze_dim=1)`, often imported from another model's file) has JT303's signature: annotate it there; or
        # it fails in its own body or signature (`module: nn.Module`): call it from Python
        for bypass, apply in (("annotate-helpers", annotate_helper), ("ignore-helpers", ignore_helper),
                              ("ignore-helpers", loosen_stand_in)):
            # one at a time: each swaps what it changes; a stand-in is loosened only for a call outside the checked
            # statement
            searched = namespaces + class_namespaces(inst) if apply is annotate_helper else namespaces
            helper = apply(err, searched) if masked and (apply is not loosen_stand_in or loc_outside(err)) else None
            if helper is not None:
                if bypass not in res["bypasses"]:
                    res["bypasses"].append(bypass)
                res.setdefault("bypass_details", {}).setdefault(bypass, []).append(helper)
                break
        if helper is not None:
            continue
        stood_in = ignore_method(err, inst, fn_node.name, "\n".join(src.splitlines()[lo - 1:hi]), jt513_callee) \
            if masked and loc_outside(err) else None
        if stood_in is not None:
            if "ignore-methods" not in res["bypasses"]:
                res["bypasses"].append("ignore-methods")
            res.setdefault("bypass_details", {}).setdefault("ignore-methods", []).append(stood_in)
            continue
        constructed = constructed_class_call(err, abs_path, tree, avoid) \
            if out.get("reason", "").startswith("masked") else None
        if constructed is not None:
            # a class of another file that compiled code of this file constructs fails in its own file
            # (transformers' `DynamicCache(config=self.config)`: `**layer_kwargs` in cache_utils.py): build None instead
            owner_key = method_at_line(constructed[0])
            key_ = owner_key if owner_key is not None else (cls, fn_node.name)
            if constructed not in sibling_edits.get(key_, []):
                sibling_edits.setdefault(key_, []).append(constructed)
                if "stub-constructed-classes" not in res["bypasses"]:
                    res["bypasses"].append("stub-constructed-classes")
                res.setdefault("neutralized", []).append(f"{path}:{constructed[0]} (None for {constructed[3]})")
                continue
        loosened = loosen_stubs(inst, err) if masked and stubbed and loc_outside(err) else None
        if loosened is not None:
            res.setdefault("bypass_details", {}).setdefault("stub-submodules", []).append("loosened " + loosened)
            continue
        # the caller unpacks or indexes a stand-in's result past what it returns: a longer tuple (or a list of them).
        # Also at the checked statement (PP-DocLayout's comprehension both unpacks the backbone's features and indexes
        # the ModuleList): the stand-in's type is the harness's, not a construct of the statement
        reshaped = None
        if masked and stubbed:
            loc_ = error_location(err or "")
            lines_ = Path(loc_[0]).read_text().splitlines() if loc_ and Path(loc_[0]).is_file() else []
            statement_ = lines_[loc_[1] - 1] if lines_ else ""
            above = "\n".join(lines_[max(0, loc_[1] - 41):loc_[1] - 1]) if lines_ else ""
            for what, repair in (("unpacked", unpacked_stubs), ("indexed", indexed_stubs)):
                done_ = repair(inst, err, statement_, above)
                if done_ is not None:
                    reshaped = f"{what} {done_}"
                    break
        if reshaped is not None:
            res.setdefault("bypass_details", {}).setdefault("stub-submodules", []).append(reshaped)
            continue
        widened = widen_stubs(inst, err, lambda m: try_script(m) is None) if masked and stubbed else None
        if widened is not None:
            res.setdefault("bypass_details", {}).setdefault("stub-submodules", []).append("widened " + widened)
            continue
        # (a signature rule's statement is the whole function: its body's reads are other constructs)
        flagged = constant_flags(inst, err, tree, flag_constants) if masked and (loc_outside(err) or signature_rule(code)) \
            and same_file((error_location(err or "") or ("", 0))[0], abs_path) else None
        if flagged is not None:
            if "constant-flags" not in res["bypasses"]:
                res["bypasses"].append("constant-flags")
            res.setdefault("bypass_details", {}).setdefault("constant-flags", []).append(flagged)
            continue
        elsewhere = out.get("reason") == "the rule's error, at another place" and error_location(err or "") is not None \
            and not same_file(error_location(err or "")[0], abs_path)  # the same rule's, in another file's class
        if out["status"] == "unconfirmable" and (out.get("reason", "").startswith("masked") or elsewhere) \
                and not stubbed:
            stub_failing_children(inst, method_span, stubbed, incidental=incidental)
            if incidental:
                res["incidental"] = incidental
            if stubbed:
                res["bypasses"].append("stub-submodules")
                res.setdefault("bypass_details", {})["stub-submodules"] = stubbed
                continue
        loc = error_location(err or "")
        key = (cls, fn_node.name)
        other = match_rule(err or "", table) if out.get("reason", "").startswith("masked") else None
        if loc and same_file(loc[0], abs_path) and diags is None:
            diags = _reported_diags(str(SITE / path), src)
        # the rules jitlint reports in the statement torch stopped at (its line may be the statement's first)
        mask_span = statement_span(tree, loc[1]) if diags and loc and same_file(loc[0], abs_path) else (0, -1)
        at_mask = {d[0] for d in diags or [] if mask_span[0] <= d[1] <= mask_span[1]}
        if other and other not in at_mask:
            # texts overlap (JT404 and JT601 both print "'Optional[Tensor]' object has no attribute"): the rule
            # jitlint reports at that statement
            other = next((c for c in sorted(at_mask) if match_rule(err or "", table, prefer=c) == c), other)
        # an error naming no place, of a rule jitlint reports in this method before the diagnostic (a numpy ufunc:
        # "cannot create weak reference to 'numpy.ufunc' object"): neutralize the first of those not yet done
        if loc is None and other and other != code and neutralize_reported(
                other, lambda r: method_span[1] <= r < row, "the error names no place", first_only=True):
            continue
        # masks torch names, each removed in its own place: a JT303 parameter read there (OmDet's `device="cpu"`),
        # a read ignore-config hid, a `None` binding retyped later, a JT507 sibling `getattr` with an f-string
        outside = loc_outside(err)
        finders = ([lambda: literal_default_sibling(loc, error_parameter(err or ""))]
                   if masked and not (other and loc and other in at_mask) else []) \
            + ([lambda: ignored_attribute_read(err, loc), lambda: none_binding_annotated(err, loc)]
               if masked and outside else []) \
            + ([lambda: literal_getattr(loc)] if outside and match_rule(err or "", table) == "JT507" else []) \
            + ([lambda: helper_call_as_method(err, loc), lambda: none_default_callee(err)] if masked else []) \
            + [lambda: none_default_used(err, loc)]
        named_mask = next((found for found in (f() for f in finders) if found is not None), None)
        if named_mask is not None:
            key, edit = named_mask
        elif other and loc and (other in at_mask or (other in SYNTACTIC_NEUTRALIZERS and same_file(loc[0], abs_path)
                                                     and loc_outside(err))):
            # another rule's construct, reported by jitlint, fires first (in this method, or in another method of a
            # class of this file, e.g. forward before the helper being checked): neutralize it too. A construct the
            # source alone shows (`x.view(*shape)`) is neutralized where torch's text names it, reported or not
            if not method_span[1] <= loc[1] <= method_span[2]:
                owner_key = method_at_line(loc[1])
                if owner_key is None and neutralize_helper(err, out):
                    continue  # a module-level function of this file the method calls (ViTDet's relative positions)
                if owner_key is None:
                    final = isolate_or_stop(err, out)
                    if final is not None:
                        return final
                    continue
                key = owner_key
            edit = neutralize(tree, other, loc[1], sibling_edits.get(key, []), avoid, diags or [])
            if edit is None and slice_mask(err, out):
                continue
            if edit is None:
                final = isolate_or_stop(err, out)
                if final is not None:
                    return final
                continue
        elif out.get("reason") != "the rule's error, at another place":
            if slice_mask(err, out):
                continue
            final = isolate_or_stop(err, out)
            if final is not None:
                return final
            continue
        elif loc is None and not out.get("other_parameter"):
            # the rule's error names no place (JT124's frontend crash on `{"k": v, **kw}`): take out only the checked
            # construct; the diagnostic is confirmed when that error goes with it (the rule's other places first)
            if rule_elsewhere():
                continue
            return removal_check(err, out, key)
        # the same rule fires first at a sibling diagnostic in this method: neutralize it and go on
        elif out.get("other_parameter"):
            edit = annotate_parameter(fn_node, out["other_parameter"], sibling_edits.get(key, []))
        else:
            edit = None
            if loc and same_file(loc[0], abs_path) and not method_span[1] <= loc[1] <= method_span[2]:
                # in a method of another class of this file (a submodule's forward): neutralize it there
                owner_key = method_at_line(loc[1])
                key = owner_key if owner_key is not None else key
                in_reach = owner_key is not None
            else:
                in_reach = bool(loc) and method_span[1] <= loc[1] <= method_span[2]
            if in_reach:
                # the same text at a sibling diagnostic: of this rule, or of another one that prints it too
                # (JT130 and JT606 both print "cannot statically infer the expected size of a list")
                for sibling in [code] + sorted(c for c in at_mask if c != code):
                    edit = neutralize(tree, sibling, loc[1], sibling_edits.get(key, []), avoid, diags or [])
                    if edit is not None:
                        break
        # the same rule's error earlier in the method, at a construct no neutralizer takes out (or one jitlint does
        # not report): slice that statement out when the checked one reads nothing it changes
        if edit is None and out.get("reason") == "the rule's error, at another place" and slice_mask(err, out):
            continue
        if edit is None:
            final = isolate_or_stop(err, out)
            if final is not None:
                return final
            continue
        kept = [e for e in sibling_edits.get(key, []) if not edit_within(e, edit)]
        sibling_edits[key] = kept + [edit]
        res.setdefault("neutralized", []).append(f"{path}:{edit[0] or edit[3]}")
        if "neutralize-siblings" not in res["bypasses"]:
            res["bypasses"].append("neutralize-siblings")
    return out


# rules whose neutralizer finds its construct in the source alone (no diagnostic needed to place it)
SYNTACTIC_NEUTRALIZERS = frozenset({"JT101", "JT106", "JT110", "JT120", "JT122", "JT123", "JT124", "JT125", "JT130",
                                    "JT606"})


def constructed_class_call(err: Optional[str], abs_path: str, tree: ast.AST,
                           avoid: Tuple[int, int, int, int]) -> Optional[Tuple[int, int, int, str]]:
    """torch failed inside a class of another file that it compiles because code of this file constructs it
    ("'__torch__.pkg.cache_utils.DynamicCache' is being compiled since it was called from ..."): an edit replacing
    that one-line construction, at the line of this file torch's call stack names, with ``None``. None otherwise (the
    failure is in this file, the call spans lines, or it holds the checked diagnostic)."""
    text = err or ""
    found = re.search(r"'__torch__\.([\w.]+)' is being compiled since it was called from[^\n]*\n\s*File \"([^\"]+)\", "
                      r"line (\d+)", text)
    loc = error_location(text)
    if found is None or loc is None or same_file(loc[0], abs_path) or not same_file(found.group(2), abs_path):
        return None
    name, line = found.group(1).rsplit(".", 1)[-1], int(found.group(3))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno == line == node.end_lineno and (
                (isinstance(node.func, ast.Name) and node.func.id == name)
                or (isinstance(node.func, ast.Attribute) and node.func.attr == name)):
            edit = (line, node.col_offset, node.end_col_offset, "None")
            return None if edit_touches(edit, avoid) else edit
    return None


def script_class_method(mod: Any, cls_node: ast.ClassDef, method: str, src: str, abs_path: str) -> Optional[str]:
    """``torch.jit.script`` of a copy of the plain class ``cls_node`` that holds only ``__init__`` and ``method``,
    defined in the module's namespace: what torch compiles of that method when compiled code constructs the class,
    without the other methods' failures first (torch parses every method of a class before compiling any). The
    other lines are blank, so line numbers (and torch's error locations) are the file's; the copy's source is
    served for the file's path (each task runs in its own interpreter)."""
    import linecache

    lines = src.splitlines()
    kept = [""] * len(lines)
    first = min([cls_node.lineno] + [d.lineno for d in cls_node.decorator_list])
    body_start = cls_node.body[0].lineno if cls_node.body else cls_node.lineno + 1
    for i in range(first - 1, body_start - 1):
        kept[i] = lines[i]
    for node in cls_node.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ("__init__", method):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            for i in range(start - 1, node.end_lineno or node.lineno):
                kept[i] = lines[i]
    text = "\n".join(kept) + "\n"
    linecache.cache[abs_path] = (len(text), None, text.splitlines(True), abs_path)
    namespace = dict(mod.__dict__)
    exec(compile(text, abs_path, "exec"), namespace)  # noqa: S102 - the file's own class, trimmed
    copy = namespace[cls_node.name]
    copy.__module__ = mod.__name__
    return try_script(copy)


def _other_path(inst: Any, task: Dict[str, Any], res: Dict[str, Any]) -> bool:
    """JT402's ``other-path``: the attributes the message names, taken from the instance built down the path of
    ``__init__`` that assigns them, as the other path leaves it. False when none was there to take."""
    names = re.findall(r"`self\.(\w+)`", task.get("message", ""))
    removed = [n for n in names if hasattr(inst, n) and _delete_attribute(inst, n)]
    if removed:
        res["bypasses"].append("other-path")
        res.setdefault("bypass_details", {})["other-path"] = [f"removed {', '.join(removed)} from the instance"]
    return bool(removed)


def _delete_attribute(module: Any, name: str) -> bool:
    """Remove attribute ``name`` from an ``nn.Module`` instance (a parameter, buffer, submodule or plain value)."""
    try:
        delattr(module, name)
        return True
    except AttributeError:
        return False


def isolate_method(inst: Any, name: str, err: Optional[str], method_span: Tuple[str, int, int],
                   res: Dict[str, Any], classify: Any, how: str) -> Optional[Dict[str, Any]]:
    """Bypass ``isolate-method``: torch stopped in another method (``forward`` before the helper being checked, a
    property, a sibling); script the module with the checked method as its only entry point, so that only that
    method and what it calls are compiled. None when it does not apply or changes nothing."""
    loc = error_location(err or "")
    if name == "forward" or loc is None or (same_file(loc[0], method_span[0])
                                            and method_span[1] <= loc[1] <= method_span[2]):
        return None
    if "isolate-method" in res["bypasses"]:
        return None
    res["bypasses"].append("isolate-method")
    res.setdefault("bypass_details", {})["isolate-method"] = [
        f"{name} alone (torch stopped first at {rel(loc[0])}:{loc[1]}: {first_line(err or '')[:120]})"]
    out = classify(try_script_method(inst, name), how + f"; only `{name}` compiled")
    if out["status"] == "false-positive" and not out.get("compiled", True):
        return None
    return out


def module_parameter_use(err: Optional[str], fn_node: ast.AST) -> bool:
    """torch stopped at "'Tensor (inferred)' object has no attribute or method 'X'" in ``fn_node``, a module-level
    function whose first parameter reads ``X`` (``module.linear_pos``): the parameter holds a module in eager."""
    found = re.search(r"'Tensor \(inferred\)' object has no attribute or method '(\w+)'", err or "")
    args = getattr(fn_node, "args", None)
    if found is None or args is None or not (args.posonlyargs + args.args):
        return False
    first = (args.posonlyargs + args.args)[0].arg
    return any(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == first
               and n.attr == found.group(1) for n in ast.walk(fn_node))


_TORCH_DTYPES = frozenset({"float32", "float", "float64", "double", "float16", "half", "bfloat16", "int64", "long",
                           "int32", "int", "int16", "int8", "uint8", "bool", "complex64", "complex128"})


def annotate_parameter(fn_node: ast.AST, name: str,
                       done: Sequence[Tuple[int, int, int, str]] = ()) -> Optional[Tuple[int, int, int, str]]:
    """JT303 at a sibling parameter of the same signature (``eps=1e-6`` before the checked one): annotate it with
    its default's type (an edit ``(0, 0, 0, "eps: float")`` for ``patched_function``)."""
    a = fn_node.args  # type: ignore[attr-defined]
    pos = list(a.posonlyargs) + list(a.args)
    defaults = dict(zip((p.arg for p in pos[len(pos) - len(a.defaults):]), a.defaults))
    defaults.update((p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)
    d = defaults.get(name)
    if isinstance(d, ast.Attribute) and isinstance(d.value, ast.Name) and d.value.id == "torch" \
            and d.attr in _TORCH_DTYPES:
        edit = (0, 0, 0, f"{name}: torch.dtype")  # `dtype=torch.float32` (JT303's dtype default)
        return None if edit in done else edit
    if not isinstance(d, ast.Constant) or type(d.value) not in (bool, int, float, str):
        return None
    edit = (0, 0, 0, f"{name}: {type(d.value).__name__}")
    return None if edit in done else edit


def flag_guards(tree: ast.AST, row: int) -> Iterable[Tuple[str, bool]]:
    """The `if self.X:` / `if not self.X:` whose body holds ``row``, innermost first: (X, the value that makes the
    body live)."""
    for node in reversed([n for n in ast.walk(tree) if isinstance(n, ast.If) and n.body
                          and n.body[0].lineno <= row <= (n.body[-1].end_lineno or n.body[-1].lineno)]):
        test, wanted = node.test, True
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test, wanted = test.operand, False
        if isinstance(test, ast.Attribute) and isinstance(test.value, ast.Name) and test.value.id == "self":
            yield test.attr, wanted


def final_flag_guard(tree: ast.AST, row: int, cls: Any, inst: Any) -> Optional[Tuple[str, bool]]:
    """The innermost `if self.X:` / `if not self.X:` around ``row`` whose ``X`` is a ``Final[bool]`` of ``cls``
    (a constant to TorchScript, which compiles only the branch it selects) and that the instance's value leaves
    dead: (X, the value that makes it live); None otherwise."""
    for attr, wanted in flag_guards(tree, row):
        hint = "".join(str(getattr(k, "__annotations__", {}).get(attr, "")) for k in getattr(cls, "__mro__", []))
        if "Final" in hint and getattr(inst, attr, None) is (not wanted):
            return attr, wanted
    return None


def constant_flags(root: Any, err: Optional[str], tree: ast.AST, constants: Dict[type, List[str]]) -> Optional[str]:
    """torch stopped at a read of an attribute a module lacks (FastSpeech2's `self.concat_linear`, assigned in
    `__init__` only when `self.concat_after`), inside `if self.F:` whose bool ``F`` the instance holds so that eager
    never runs the branch: ``F`` becomes a constant of those instances (`__constants__`, as `Final` makes it), and
    TorchScript compiles only the branch taken, as eager runs it. Recorded in ``constants`` (original class ->
    attributes) for ``patch_signatures``. A description, or None when the error is not that (``tree``: the file torch's
    error names)."""
    named = re.search(r"Module '(\w+)' has no attribute '(\w+)'", err or "")
    loc = error_location(err or "")
    if named is None or loc is None or named.group(1).startswith("_BypassStub_"):
        return None
    done = []
    for sub in root.modules():
        if type(sub).__name__ != named.group(1):
            continue
        for attr, wanted in flag_guards(tree, loc[1]):
            value = getattr(sub, attr, None)
            cls = original_of.get(type(sub), type(sub))
            if isinstance(value, bool) and value is not wanted and attr not in constants.get(cls, []) \
                    and attr not in getattr(cls, "__constants__", []):
                constants.setdefault(cls, []).append(attr)
                done.append(f"{cls.__name__}.{attr}")
                break
    return ", ".join(sorted(set(done))) or None


def revive_parameters(fn_node: ast.AST, reported: Sequence[Tuple[str, int, int, int, int, str]]
                      ) -> List[Tuple[int, int, int, str]]:
    """JT304's fix for every unannotated ``None``-default parameter of ``fn_node``, as ``patched_function``'s
    annotation entries: ``Optional[Tensor]`` (``Optional[torch.device]`` / ``dtype`` for one passed as ``device=`` /
    ``dtype=``), or ``None`` for one JT305 says is used as an object (a cache: no type
    TorchScript has fits it, and typed None its `is not None` paths go, as a call without a cache takes them)."""
    a = fn_node.args  # type: ignore[attr-defined]
    pos = list(a.posonlyargs) + list(a.args)
    defaults = list(zip(pos[len(pos) - len(a.defaults):], a.defaults)) + \
        [(p, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
    span = (fn_node.lineno, fn_node.end_lineno or fn_node.lineno)  # type: ignore[attr-defined]
    objects = {m.group(1) for c, r, _, _, _, message in reported if c == "JT305" and span[0] <= r <= span[1]
               for m in [re.match(r"Parameter `(\w+)` .* used as an object", message)] if m}
    return [(0, 0, 0, f"{p.arg}: {'None' if p.arg in objects else jt304_annotation(fn_node, p.arg)}")
            for p, d in defaults if p.annotation is None and isinstance(d, ast.Constant) and d.value is None]


def jt304_annotation(fn_node: ast.AST, name: str) -> str:
    """The annotation JT304's fix gives the ``None``-default parameter ``name``: ``Optional[Tensor]``, or
    ``Optional[torch.device]`` / ``dtype`` when the body passes it as ``device=`` / ``dtype=`` (UMT5's
    ``compute_bias(..., device=None)``), in the harness's own names."""
    kinds = {kw.value.id: kw.arg for call in ast.walk(fn_node) if isinstance(call, ast.Call) for kw in call.keywords
             if kw.arg in ("device", "dtype") and isinstance(kw.value, ast.Name)}
    return f"_jl_Optional[_jl_{kinds.get(name, 'Tensor')}]"


def _diag_index(paths: Iterable[str]) -> Dict[Tuple[str, int], List[str]]:
    import jitlint._core as core

    idx: Dict[Tuple[str, int], List[str]] = {}
    for p in set(paths):
        f = Path(p)
        if not f.is_file():
            continue
        for d in core.check(f.read_bytes()):
            for r in range(d["row"], d["end_row"] + 1):
                idx.setdefault((str(f.resolve()), r), []).append(d["code"])
    return idx


_checkers: Dict[str, Callable[[bytes], List[Dict[str, Any]]]] = {}


def _reported_diags(path: str, text: str) -> List[Tuple[str, int, int, int, int, str]]:
    """jitlint's diagnostics of ``text`` checked as the file ``path`` in its project (as the corpus lint sees it:
    a class whose module base lives in another file is a module), as (code, row, col, end_row, end_col): rows
    1-based, byte columns 0-based, and the message."""
    if path not in _checkers:
        _checkers[path] = fix_bypass.project_checker(Path(path))
    return [(d["code"], d["row"], d["column"] - 1, d["end_row"], d["end_column"] - 1, d["message"])
            for d in _checkers[path](text.encode())]


def analyse_failure(err: str, table: Dict[str, List[str]]) -> Dict[str, Any]:
    rule = match_rule(err, table)
    loc = error_location(err)
    out: Dict[str, Any] = {"torch_error": first_line(err)[:300], "rule": rule,
                           "location": f"{rel(loc[0])}:{loc[1]}" if loc else None}
    if rule and loc:
        idx = _diag_index([loc[0]])
        codes = idx.get((str(Path(loc[0]).resolve()), loc[1]), [])
        out["reported"] = rule in codes
        if not out["reported"]:
            out["miss"] = True
    return out


def script_timm_model(task: Dict[str, Any]) -> Dict[str, Any]:
    import timm
    import torch

    table = torch_error_table()
    name = task["model"]
    top = None
    built = ""
    for device in ("meta", "cpu"):
        try:
            with torch.device(device):
                top = timm.create_model(name, pretrained=False).eval()
            built = device
            break
        except Exception as exc:  # noqa: BLE001
            err = f"{type(exc).__name__}: {exc}"
    if top is None:
        return {"model": name, "status": "not-built", "reason": first_line(err)[:200]}
    err = try_script(top)
    res: Dict[str, Any] = {"model": name, "device": built}
    if err is None:
        res["status"] = "scripts"
        return res
    res["status"] = "fails"
    res.update(analyse_failure(err, table))
    return res


def property_at(loc: Tuple[str, int]) -> Optional[str]:
    """The name of the ``@property`` whose definition (or ``@x.setter``) holds ``loc``, if any."""
    try:
        tree = ast.parse(Path(loc[0]).read_text())
    except (OSError, SyntaxError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any((isinstance(d, ast.Name) and d.id == "property")
                                                     or (isinstance(d, ast.Attribute) and d.attr == "setter")
                                                     for d in node.decorator_list):
            start = min(d.lineno for d in node.decorator_list)
            if start <= loc[1] <= (node.end_lineno or node.lineno):
                return node.name
    return None


def sweep_transformers_model(task: Dict[str, Any]) -> Dict[str, Any]:
    """Script the model and each distinct submodule class, raw and with the bypasses; collect rule-shaped errors."""
    import torch

    table = torch_error_table()
    mod = _import(task["module"])
    cfg = getattr(mod, task["config"], None) or getattr(_import("transformers"), task["config"])()
    if isinstance(cfg, type):
        cfg = cfg()
    findings: List[Dict[str, Any]] = []
    classes_done = set()
    for mname in task["models"]:
        with torch.device("meta"):
            top = getattr(mod, mname)(cfg).eval()
        for sub in top.modules():
            cls = type(sub)
            if cls in classes_done or cls.__module__.startswith("torch."):
                continue
            classes_done.add(cls)
            for mode in ("raw", "bypassed", "bypassed+unused-properties"):
                if mode == "bypassed":
                    ignore_config_attrs(sub)
                    patch_signatures(sub)
                err = try_script(sub)
                entry: Dict[str, Any] = {"class": f"{cls.__module__}.{cls.__name__}", "mode": mode}
                if mode == "bypassed+unused-properties":
                    # a property that fails (inherited from a mixin) masks the rest: mark it unused and go on
                    unused: List[str] = []
                    while err is not None and len(unused) < 8:
                        loc = error_location(err)
                        prop = property_at(loc) if loc else None
                        if prop is None or prop in unused:
                            break
                        unused.append(prop)
                        type(sub).__jit_unused_properties__ = list(getattr(type(sub), "__jit_unused_properties__",
                                                                           [])) + [prop]
                        err = try_script(sub)
                    if not unused:
                        break
                    entry["unused_properties"] = unused
                if err is None:
                    entry["status"] = "scripts"
                else:
                    entry["status"] = "fails"
                    entry.update(analyse_failure(err, table))
                findings.append(entry)
                if err is None:
                    break
    return {"module": task["module"], "classes": findings}


# ------------------------------------------------------------------------------------------------ orchestration


def pick(diags: List[Dict[str, Any]], sample: int, seed: int,
         codes: Sequence[str]) -> Dict[str, List[Dict[str, Any]]]:
    out: Dict[str, List[Dict[str, Any]]] = {}
    for code in codes:
        ds = [d for d in diags if d["code"] == code]
        if len(ds) > sample:
            ds = random.Random(f"{seed}:{code}").sample(ds, sample)
            ds.sort(key=lambda d: (d["path"], d["row"], d["column"]))
        out[code] = ds
    return out


def select_codes(spec: Optional[str]) -> Tuple[str, ...]:
    """``--codes``: comma-separated codes or prefixes (``JT105,JT3`` = JT105 and every JT3xx); default all."""
    codes = rule_codes()
    if not spec:
        return codes
    parts = [p.strip().upper() for p in spec.split(",") if p.strip()]
    return tuple(c for c in codes if any(c == p or (len(p) < 5 and c.startswith(p)) for p in parts))


def run_confirm(lint: Dict[str, Any], sample: int, seed: int, jobs: int,
                codes: Optional[Sequence[str]] = None, only: Optional[str] = None) -> Dict[str, Any]:
    codes = tuple(codes or rule_codes())
    diags = lint["diagnostics"]
    if only:  # places named on the command line, all of them whatever --sample says
        places = {tuple(p.strip().rsplit(":", 1)) for p in only.split(",") if p.strip()}
        diags = [d for d in diags if (d["path"], str(d["row"])) in places]
        sample = len(diags)
    chosen = pick(diags, sample, seed, codes)
    tasks = []
    for code, ds in chosen.items():
        for d in ds:
            if code == "JT000":
                continue
            tasks.append({"kind": "confirm", "code": code, "path": d["path"], "row": d["row"],
                          "end_row": d["end_row"], "column": d["column"], "end_column": d.get("end_column"),
                          "message": d.get("message", ""), "stubs": d["path"].startswith("timm/")})
    results: List[Dict[str, Any]] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {pool.submit(run_worker, t): t for t in tasks}
        for fut in concurrent.futures.as_completed(futs):
            t = futs[fut]
            r = fut.result()
            r.update({"code": t["code"], "path": t["path"], "row": t["row"], "column": t["column"]})
            results.append(r)
            log(f"confirm {t['code']} {t['path']}:{t['row']}  {r['status']}"
                + (f"  ({r.get('reason', '')[:110]})" if r.get("reason") else ""))
    results.sort(key=lambda r: (r["code"], r["path"], r["row"], r["column"]))
    per_rule: Dict[str, Dict[str, int]] = {}
    for code in codes:
        reported = sum(1 for d in lint["diagnostics"] if d["code"] == code)
        rs = [r for r in results if r["code"] == code]
        per_rule[code] = {
            "reported": reported,
            "checked": len(rs),
            "confirmed": sum(r["status"] == "confirmed" for r in rs),
            "false_positives": sum(r["status"] == "false-positive" for r in rs),
            "unconfirmable": sum(r["status"] == "unconfirmable" for r in rs),
        }
    incidental: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for r in results:
        for f in r.get("incidental", []):
            if f.get("miss"):
                incidental.setdefault((f["rule"], f["location"]), {**f, "seen_while_confirming": []})[
                    "seen_while_confirming"].append(f"{r['path']}:{r['row']}")
    return {"seed": seed, "sample": sample, "codes": list(codes), "per_rule": per_rule, "results": results,
            "incidental_misses": sorted(incidental.values(), key=lambda m: (m["rule"], m["location"]))}


def run_misses(jobs: int, timm_models: Sequence[str]) -> Dict[str, Any]:
    tasks = [{"kind": "timm-model", "model": m, "stubs": True} for m in timm_models]
    tasks += [{"kind": "transformers-model", "module": m, "config": c, "models": list(ms)}
              for m, c, ms in TRANSFORMERS_MODELS]
    out: Dict[str, Any] = {"timm": [], "transformers": [], "misses": []}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {pool.submit(run_worker, t): t for t in tasks}
        for fut in concurrent.futures.as_completed(futs):
            t = futs[fut]
            r = fut.result()
            if t["kind"] == "timm-model":
                r.setdefault("model", t["model"])
                out["timm"].append(r)
                log(f"misses timm {t['model']:34s} {r['status']}"
                    + (f"  {r.get('torch_error', r.get('reason', ''))[:90]}" if r["status"] != "scripts" else ""))
                if r.get("miss"):
                    out["misses"].append({"where": f"timm:{t['model']}", **r})
            else:
                r.setdefault("module", t["module"])
                out["transformers"].append(r)
                for c in r.get("classes", []):
                    if c.get("miss"):
                        out["misses"].append({"where": c["class"], **c})
                n_fail = sum(1 for c in r.get("classes", []) if c["status"] == "fails" and c["mode"] == "bypassed")
                log(f"misses {t['module']}: {len(r.get('classes', []))} scripting attempts, "
                    f"{n_fail} still failing after bypasses" + (f" ({r.get('reason')})" if r.get("reason") else ""))
    unique: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for m in out["misses"]:
        k = (m.get("rule"), m.get("location"))
        if k in unique:
            unique[k].setdefault("also_in", []).append(m["where"])
        else:
            unique[k] = dict(m)
    out["misses"] = sorted(unique.values(), key=lambda m: (m.get("rule") or "", m.get("location") or ""))
    out["timm"].sort(key=lambda r: r["model"])
    out["transformers"].sort(key=lambda r: r["module"])
    out["timm_summary"] = {
        "tried": len(out["timm"]),
        "scripts": sum(r["status"] == "scripts" for r in out["timm"]),
        "fails": sum(r["status"] == "fails" for r in out["timm"]),
        "not_built": sum(r["status"] not in ("scripts", "fails") for r in out["timm"]),
    }
    return out


def print_table(per_rule: Dict[str, Dict[str, int]]) -> None:
    cols = ("reported", "checked", "confirmed", "false_positives", "unconfirmable")
    log("rule   " + " ".join(f"{c:>15s}" for c in cols))
    for code, row in per_rule.items():
        log(f"{code}  " + " ".join(f"{row[c]:>15d}" for c in cols))


def diff(old: Dict[str, Any], new: Dict[str, Any]) -> int:
    def key(d: Dict[str, Any]) -> Tuple:
        return (d["package"], d["path"], d["row"], d["column"], d["code"])

    a = {key(d): d for d in old.get("diagnostics", [])}
    b = {key(d): d for d in new.get("diagnostics", [])}
    gone = sorted(set(a) - set(b))
    added = sorted(set(b) - set(a))
    for k in gone:
        print(f"- {k[1]}:{k[2]}:{k[3]}: {k[4]} {a[k]['message']}")
    for k in added:
        print(f"+ {k[1]}:{k[2]}:{k[3]}: {k[4]} {b[k]['message']}")
    print(f"{len(added)} added, {len(gone)} removed "
          f"({old.get('environment', {}).get('jitlint')} -> {new.get('environment', {}).get('jitlint')})")
    return 1 if gone or added else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_worker"]:
        worker_main(json.loads(argv[1]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", nargs="?", default="lint", choices=("lint", "confirm", "misses", "all", "diff"))
    ap.add_argument("files", nargs="*", help="for diff: OLD.json NEW.json")
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="issue")
    ap.add_argument("--sample", type=int, default=10, help="diagnostics checked per rule when there are more")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--codes", default=None,
                    help="confirm only these rules: comma-separated codes or prefixes (JT105,JT3); default all")
    ap.add_argument("--only", default=None,
                    help="confirm: only the diagnostics at these places (comma-separated PATH:ROW, PATH as in the JSON)")
    ap.add_argument("--lint-json", default=None,
                    help="confirm the diagnostics of this earlier `lint` JSON instead of linting again")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="scripting processes in parallel")
    ap.add_argument("--lint-jobs", type=int, default=None, help="jitlint -j for the lint step (default: its own)")
    ap.add_argument("--timm-models", default=None, help="comma-separated timm models for `misses`")
    ap.add_argument("-o", "--output", default=None, help="write the JSON here (default: stdout)")
    args = ap.parse_args(argv)
    if args.command == "diff":
        if len(args.files) != 2:
            ap.error("diff needs OLD.json NEW.json")
        return diff(json.loads(Path(args.files[0]).read_text()), json.loads(Path(args.files[1]).read_text()))
    report: Dict[str, Any] = {"environment": environment(), "corpus": args.corpus}
    for pkg, ver in (("torch", "2.13.0"), ("timm", "1.0.31"), ("transformers", "5.23.0")):
        have = report["environment"].get(pkg)
        if have is None or not have.startswith(ver):
            log(f"ecosystem: warning: {pkg} {have} installed, the recorded numbers are for {ver}")
    t0 = time.perf_counter()
    if args.lint_json:
        old = json.loads(Path(args.lint_json).read_text())
        lint = {"packages": old["packages"], "diagnostics": old["diagnostics"]}
        report["corpus"] = old.get("corpus", args.corpus)
        report["lint_from"] = {"file": args.lint_json, "environment": old.get("environment")}
    else:
        lint = run_lint(args.corpus, args.lint_jobs)
    report.update(lint)
    if args.command in ("confirm", "all"):
        report["confirm"] = run_confirm(lint, args.sample, args.seed, args.jobs, select_codes(args.codes), args.only)
        print_table(report["confirm"]["per_rule"])
    if args.command in ("misses", "all"):
        models = args.timm_models.split(",") if args.timm_models else TIMM_MODELS
        report["misses"] = run_misses(args.jobs, models)
        log(f"misses: {len(report['misses']['misses'])} rule-shaped failures jitlint did not report; timm "
            + json.dumps(report["misses"]["timm_summary"]))
    report["seconds"] = round(time.perf_counter() - t0, 1)
    text = dumps_report(report)
    if args.output:
        Path(args.output).write_text(text + "\n")
    else:
        print(text)
    return 0


def dumps_report(report: Dict[str, Any]) -> str:
    """The report as JSON with one diagnostic per line, so that a saved baseline changes by a readable diff."""
    diagnostics = report.get("diagnostics")
    if not isinstance(diagnostics, list):
        return json.dumps(report, indent=1, default=str)
    rest = json.dumps({**report, "diagnostics": "@DIAGNOSTICS@"}, indent=1, default=str)
    lines = ",\n".join("  " + json.dumps(d, ensure_ascii=False, default=str) for d in diagnostics)
    return rest.replace('"@DIAGNOSTICS@"', "[\n" + lines + "\n ]" if diagnostics else "[]", 1)


if __name__ == "__main__":
    sys.exit(main())
