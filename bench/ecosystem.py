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

How a diagnostic is confirmed (``confirm``, ``ecosystem_confirm.py``): in a fresh process, import the file's module,
build an instance of the class around the diagnostic (directly from a config, or found inside a model built from the
file's config), ``torch.jit.script`` it and check that the error is one of the rule's documented texts
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
import concurrent.futures
import importlib.metadata
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:  # also when loaded by path (tests)
    sys.path.insert(0, str(BENCH_DIR))
from ecosystem_build import _import, first_line  # noqa: E402 - beside this script
from ecosystem_script import (  # noqa: E402 - beside this script
    SITE, quiet_warnings, rel, error_location, torch_error_table, ignore_config_attrs, patch_signatures,
    try_script, analyse_failure, property_at,
)
from ecosystem_confirm import confirm_one  # noqa: E402 - beside this script

STUBS_DIR = BENCH_DIR / "ecosystem" / "stubs"

RULES = ("JT000", "JT101", "JT102", "JT103", "JT104", "JT201", "JT202", "JT203")


def rule_codes() -> Tuple[str, ...]:
    """Every rule code of the jitlint being measured (``RULES`` when its ``_core`` cannot be imported)."""
    try:
        import jitlint._core as core

        return tuple(r["code"] for r in core.rules())
    except Exception:  # noqa: BLE001
        return RULES


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
        # the task on stdin: with a file's diagnostics it may pass the limit of one command-line argument
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_worker", "-"], input=json.dumps(task),
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


# ------------------------------------------------------------------------------------------------------ misses


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
    # each file's diagnostics as the corpus lint found them (the whole tree checked: a helper module's functions are
    # compiled because another file's code calls them, which a check of the file alone does not see)
    by_file: Dict[str, List[List[Any]]] = {}
    for d in lint["diagnostics"]:
        by_file.setdefault(d["path"], []).append([d["code"], d["row"], d["column"] - 1, d["end_row"],
                                                  d.get("end_column", d["column"]) - 1, d.get("message", "")])
    tasks = []
    for code, ds in chosen.items():
        for d in ds:
            if code == "JT000":
                continue
            tasks.append({"kind": "confirm", "code": code, "path": d["path"], "row": d["row"],
                          "end_row": d["end_row"], "column": d["column"], "end_column": d.get("end_column"),
                          "message": d.get("message", ""), "stubs": d["path"].startswith("timm/"),
                          "file_diags": by_file.get(d["path"], [])})
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
        worker_main(json.loads(sys.stdin.read() if argv[1] == "-" else argv[1]))
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
