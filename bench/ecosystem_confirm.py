"""``ecosystem.py confirm``, one diagnostic in one worker process (``confirm_one``): import the file's module, build
an instance of the class around the diagnostic, script it, and classify torch's error against the rule's documented
texts; when something else stops torch first, apply the bypasses one after the other (``Confirmation``, listed in
``ecosystem.py``'s docstring) until the rule's error, or a clean script, shows. Also the bypasses that only
``confirm`` needs: ``annotate-helpers``, ``ignore-helpers``, ``ignore-methods``, ``unused-properties``,
``stub-submodules``, ``constant-flags``, ``modeling-twin``, JT514's stand-in class (``confirm_dataclass``) and
``fix-others``' second pass (``_fixing_others``, ``ecosystem_fix_bypass.py``).

Scripting and the patches ``misses`` shares live in ``ecosystem_script.py``; the edits of the checked file's text in
``ecosystem_neutralize.py``, ``ecosystem_slice.py`` and ``ecosystem_fix_bypass.py``.
"""

from __future__ import annotations

import ast
import functools
import dataclasses
import importlib.util
import inspect
import json
import os
import re
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import ecosystem_fix_bypass as fix_bypass
from ecosystem_build import _import, build_instance, first_line, function_config, resolve_qualname
import ecosystem_slice
from ecosystem_probe import CALLEE_RULES, probe_source, run_probe
from ecosystem_neutralize import MULTI, edit_touches, edit_within, neutralize, remember_source, statement_span
import ecosystem_stand_ins as stand_ins
from ecosystem_stand_ins import (
    BYPASS_DIR, _annotation_text, bypass_file, _plain_type, _returned_bool, _returned_tensor, _returns_nothing,
    _returned_tuple_text, _typed_stand_in, loosen_stand_in, loosen_stubs, indexed_stubs, make_stub_like,
    original_of, unpacked_stubs, widen_stubs,
)
from ecosystem_script import (
    HARNESS_MODULE, SITE, signature_rule, rel, _FILE_LINE, error_location, torch_error_table, match_rule,
    patched_function, _jt512_lent_names, ignore_config_attrs, patch_signatures, _last_scripted, _compile,
    _wrapped_files, try_script, _stand_in, _stood_in_methods, analyse_failure, property_at,
)


# ----------------------------------------------------------------------------------------- source navigation


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
        shadow = type(type(sub).__name__, (type(sub),), {"__module__": HARNESS_MODULE, name: None})
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


# ------------------------------------------------------------------------------------------------- confirm one


# JT306's dotted names made resolvable in classes torch compiles on the way (``resolve_other_classes``)
_class_resolvable: Dict[type, Set[str]] = {}


def resolving_dotted(rcb: Callable[[str], Any], names: Iterable[str], globs: Dict[str, Any]) -> Callable[[str], Any]:
    """A class's resolution callback that also finds the dotted ``names`` (`torch.device`) in ``globs``, as an import
    of the name would make it: JT306's reports taken out."""
    wanted = set(names)

    def lookup(key: str) -> Any:
        found = rcb(key)
        if found is None and key in wanted:
            found = globs.get(key.split(".")[0])
            for part in key.split(".")[1:]:
                found = getattr(found, part, None)
        return found
    return lookup


def resolving_other_classes() -> None:
    """Wraps torch's resolution callback for a class compiled code reaches: the names ``_class_resolvable`` lists for
    that class resolve in its module's globals. Installed once per worker; empty, it changes nothing."""
    import sys

    import torch._jit_internal as jit_internal

    original = jit_internal.createResolutionCallbackForClassMethods
    if getattr(original, "_jl_wrapped", False):
        return

    def for_class(cls: type) -> Callable[[str], Any]:
        rcb = original(cls)
        names = _class_resolvable.get(cls)
        if not names:
            return rcb
        return resolving_dotted(rcb, names, vars(sys.modules.get(cls.__module__, object())))

    for_class._jl_wrapped = True  # type: ignore[attr-defined]
    jit_internal.createResolutionCallbackForClassMethods = for_class


def tolerate_annotation_spelling_crash() -> None:
    """torch gathers a TorchScript class's annotations by spelling them (``get_type_hint_captures``), and crashes on
    one it cannot spell (`Callable[[Tensor], Tensor]`: "TypeError: sequence item 0: expected str instance, NoneType
    found", naming no line), before any line of the class compiles. JT306 reports such an annotation where it is;
    for the other diagnostics of the class (ESMFold's `Rotation`, `Rigid`), the annotation is left uncaptured, as
    torch leaves a `X | Y` it cannot spell."""
    import torch._jit_internal as jit_internal

    original = jit_internal.get_annotation_str
    if getattr(original, "_jl_tolerant", False):
        return

    def get_annotation_str(annotation: Any) -> Optional[str]:
        try:
            return original(annotation)
        except TypeError:
            return None

    get_annotation_str._jl_tolerant = True  # type: ignore[attr-defined]
    jit_internal.get_annotation_str = get_annotation_str


# the corpus lint's diagnostics of the confirmed file, by resolved path (``_reported_diags``)
_corpus_diags: Dict[str, List[Tuple[str, int, int, int, int, str]]] = {}


@functools.lru_cache(maxsize=8)
def _installed_text(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def confirm_one(task: Dict[str, Any]) -> Dict[str, Any]:
    tolerate_annotation_spelling_crash()
    _corpus_diags.clear()
    if task.get("file_diags"):
        _corpus_diags[str((SITE / task["path"]).resolve())] = [tuple(d) for d in task["file_diags"]]
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
    return Confirmation(task, fixed).run()


class Confirmation:
    """One diagnostic being confirmed (``_confirm``): what is known of it up front (the task, its file's source,
    tree and rows, the function holding it), then, as ``run`` goes, the module, the class and the instance built,
    and what the bypasses changed so far (``res``: their names and details, carried into every result)."""

    def __init__(self, task: Dict[str, Any], fixed: Optional[fix_bypass.FixedFile] = None) -> None:
        self.task, self.fixed = task, fixed
        self.table = torch_error_table()
        self.code, self.path = self.task["code"], self.task["path"]
        self.row, self.end_row = self.task["row"], self.task["end_row"]
        self.col0 = self.task.get("column", 1) - 1
        self.src = self.fixed.text if self.fixed is not None else (SITE / self.path).read_text()
        if self.fixed is not None:
            self.row, self.end_row = self.fixed.row, self.fixed.end_row
        self.src_lines = self.src.splitlines()
        self.tree = ast.parse(self.src)
        remember_source(self.tree, self.src)
        self.chain = enclosing_nodes(self.tree, self.row)
        self.span = statement_span(self.tree, self.row)
        self.lo, self.hi = min(self.span[0], self.row), max(self.span[1], self.end_row)
        self.res: Dict[str, Any] = {"bypasses": []}
        funcs = [n for n in self.chain if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        # the innermost function holding the diagnostic (None: not inside a function, ``run`` says so)
        self.fn_node: Any = funcs[-1] if funcs else None
        self.diag_obj: Any = None  # the Python function holding the diagnostic (for the compiled schema)
        self.abs_path = str(self.fixed.path) if self.fixed is not None else str(SITE / self.path)
        self.helper_edits: Dict[str, List[Tuple[int, int, int, str]]] = {}
        # set by ``run`` and ``confirm_method``
        self.param: Optional[str] = None
        self.diag_fn_span: Tuple[int, int] = (0, 0)
        self.method_span: Tuple[str, int, int] = (self.abs_path, 0, 0)
        self.orig_mod: Any = None
        self.mod: Any = None
        self.cls: Any = None
        self.orig_cls: Any = None
        self.inst: Any = None
        self.how = ""
        self.isolated = False  # once set, only the method is scripted (isolate-method), by the bypasses below too
        self.none_path: Optional[re.Match] = None
        self.jt513_callee = ""

    def run(self) -> Dict[str, Any]:
        """The result: the function or method scripted, with the bypasses it needed."""
        if self.fn_node is None:
            return {"status": "unconfirmable", "reason": "not inside a function"}
        self.res["function"] = ".".join(n.name for n in self.chain)
        self.param = diag_parameter(self.fn_node, self.row, self.col0, self.src_lines) if signature_rule(self.code) \
            else None
        if self.param:
            self.res["parameter"] = self.param
        self.diag_fn_span = (self.fn_node.lineno, self.fn_node.end_lineno or self.fn_node.lineno)
        try:
            self.orig_mod = _import(module_name_for(self.path))
        except Exception:  # noqa: BLE001 - a frontend rule is still confirmed from the source alone (frontend_only)
            if self.code not in frontend_rules() or self.fixed is not None:
                raise
            self.orig_mod = None
        self.mod = self.fixed.module if self.fixed is not None else self.orig_mod
        self.resolve_other_classes()
        _wrapped_files[:] = [self.abs_path]
        _jt512_lent_names.clear()
        checked_name = re.match(r"`(\w+)` is not defined in `", self.task.get("message", "")) \
            if self.code == "JT512" else None
        if checked_name:
            for c, *_, message in _reported_diags(self.abs_path, self.src):
                lent = re.match(r"`(\w+)` is not defined in `", message) if c == "JT512" else None
                if lent and lent.group(1) != checked_name.group(1):
                    _jt512_lent_names.add(lent.group(1))
        self.method_span = (self.abs_path, min([self.fn_node.lineno] + [d.lineno for d in self.fn_node.decorator_list]),
                            self.fn_node.end_lineno or self.fn_node.lineno)
        if self.orig_mod is None:
            # the file does not import (a `modular_*.py` naming what its package lacks)
            parsed = self.frontend_only("the file does not import")
            if parsed is not None:
                return parsed
            _import(module_name_for(self.path))  # the import error, as the worker reports it
        method_at = next((i for i in range(1, len(self.chain))
                          if isinstance(self.chain[i], (ast.FunctionDef, ast.AsyncFunctionDef))
                          and isinstance(self.chain[i - 1], ast.ClassDef)), None)
        if method_at is None:
            return self.confirm_function()
        return self.confirm_method(method_at)

    def where(self, loc: Optional[Tuple[str, int]]) -> Optional[str]:
        """``path:line`` in the original file for the file and its copies, else the file as torch names it."""
        if loc is None:
            return None
        if not same_file(loc[0], self.abs_path):
            return f"{rel(loc[0])}:{loc[1]}"
        if self.fixed is None:
            return f"{self.path}:{loc[1]}"
        back = self.fixed.original_line(loc[1])
        return f"{self.path}:{back}" if back else f"{self.path}: line {loc[1]} of the fixed copy (written by a fix)"

    def classify(self, err: Optional[str], how: str) -> Dict[str, Any]:
        """The result of one script (``how``: what was built and scripted) whose error is ``err`` (None: it
        scripted): confirmed, a false positive, or unconfirmable with the reason, and the bypasses so far."""
        out = dict(self.res)
        out["built"] = how
        out["_loc"] = error_location(err) if err else None
        if err is None:
            return self.classify_clean(out)
        rule = match_rule(err, self.table, prefer=self.code)
        loc = error_location(err)
        out["torch_error"] = first_line(err)[:300]
        if os.environ.get("JITLINT_CONFIRM_FULL_ERROR"):  # debugging one diagnostic: torch's whole message
            out["torch_error_full"] = err
        out["torch_location"] = self.where(loc)
        at_line = loc is not None and self.lo <= loc[1] <= self.hi and (same_file(loc[0], self.abs_path)
                                                             or self.src.splitlines()[loc[1] - 1].strip() in err)
        read_at = re.search(r"is read after it \(line (\d+)\)", self.task.get("message", "")) \
            if self.code == "JT604" else None
        if read_at and loc is not None and same_file(loc[0], self.abs_path) and not self.fixed:
            # JT604 points at the `if` that leaves the variable unset and names the read; torch's "undefined value"
            # points at the read
            at_line = at_line or loc[1] == int(read_at.group(1))
        attribute = re.match(r"`self\.(\w+)` starts as an empty (dict|list) in `__init__`",
                             self.task.get("message", "")) \
            if self.code == "JT605" else None
        if attribute and rule == self.code and not at_line and loc is not None and same_file(loc[0], self.abs_path) \
                and re.search(rf"\bself\.{attribute.group(1)}\b", self.src.splitlines()[loc[1] - 1]) \
                and ("Dict[str, Tensor]" if attribute.group(2) == "dict" else "List[Tensor]") in err:
            # JT605 reports a TorchScript class's empty attribute once, at its first bad use in source order; torch
            # compiles the methods by name and stops at another use of the same attribute, typed as the rule says
            out["status"] = "confirmed"
            out["reason"] = f"torch rejects another use of `self.{attribute.group(1)}`, typed as the rule says"
            return out
        named = error_parameter(err) if rule == self.code and signature_rule(self.code) else None
        if named and self.param:
            # signature errors name the parameter and point at the whole `def` (or nowhere): compare the name
            in_fn = loc is None or (self.diag_fn_span[0] <= loc[1] <= self.diag_fn_span[1]
                                    and (same_file(loc[0], self.abs_path) or loc[0].endswith(".bypass.py")))
            if named == self.param and in_fn:
                out["status"] = "confirmed"
                out["reason"] = f"torch names parameter `{self.param}`" + ("" if loc else " (no source location)")
            else:
                out["status"] = "unconfirmable"
                out["reason"] = "the rule's error, at another place"
                out["other_parameter"] = named
            return out
        inferred = re.search(r"Inferred the value for argument '[^']+' to be of type 'Tensor' because it was not "
                             r"annotated", err) if self.code in ("JT303", "JT304") and self.param else None
        if inferred and loc is not None and self.diag_fn_span[0] <= loc[1] <= self.diag_fn_span[1] \
                and (same_file(loc[0], self.abs_path) or loc[0].endswith(".bypass.py")) \
                and re.search(rf"\b{re.escape(self.param)}\b",
                              err.split("The original call is:")[-1].split("is being compiled since")[0]):
            # the unannotated parameter, typed Tensor as the rule says, refused by a call in its own function that
            # passes it (`torch.arange(n, device=device)`): JT305's place, the same cause
            out["status"] = "confirmed"
            out["reason"] = f"torch typed `{self.param}` Tensor and a call in the function refuses it"
            return out
        unknown = re.search(r"Unknown type name '([^']+)'", err) if rule == self.code and self.code == "JT306" \
            and self.param else None
        if unknown and loc is not None and self.diag_fn_span[0] <= loc[1] <= self.diag_fn_span[1]:
            # an annotation error points at the whole `def`: the bypasses leave only the checked parameter's
            # annotation unresolved, so the unknown name must be in it
            ann = next((p.annotation for p in self.fn_node.args.args + self.fn_node.args.kwonlyargs
                        + self.fn_node.args.posonlyargs
                        if p.arg == self.param and p.annotation is not None), None)
            if ann is not None and re.search(rf"\b{re.escape(unknown.group(1))}\b", ast.unparse(ann)):
                out["status"] = "confirmed"
                out["reason"] = (f"torch rejects `{unknown.group(1)}` at the `def`, in parameter `{self.param}`'s "
                                 "annotation")
                return out
        returns = self.fn_node.returns if self.code == "JT306" and rule == self.code and not self.param else None
        if returns is not None and returns.lineno <= self.row <= (returns.end_lineno or returns.lineno) \
                and loc is not None and same_file(loc[0], self.abs_path) \
                and self.fn_node.lineno <= loc[1] < self.fn_node.body[0].lineno:
            # the return annotation (the bypass loosened every other one): torch points at the whole `def`; the form
            # it names must be in that annotation
            text = ast.unparse(returns)
            dots = "type dots" in err and "..." in text
            unknown_ = re.search(r"Unknown type name '([^']+)'", err)
            if dots or (unknown_ and re.search(rf"\b{re.escape(unknown_.group(1))}\b", text)):
                out["status"] = "confirmed"
                out["reason"] = "torch rejects the return annotation at the `def`"
                return out
        stub_err = signature_stub_error(self.diag_obj, self.param) if self.code in ("JT303", "JT304") and self.param \
            and rule != self.code and loc is not None and self.diag_fn_span[0] <= loc[1] <= self.diag_fn_span[1] \
            and same_file(loc[0], self.abs_path) else None
        if stub_err is not None and error_parameter(stub_err) in (self.param, None) \
                and match_rule(stub_err, self.table, prefer=self.code) == self.code:
            # torch compiled the function (it stopped in its body, at an error of its own); the parameter's
            # declaration alone, in a function of one parameter that a compiled caller calls without it, is what
            # the rule says torch rejects (JT304's error names no parameter: the stub has only this one)
            out["status"] = "confirmed"
            out["reason"] = (f"torch compiled `{self.fn_node.name}` and stopped in its body; `{self.param}`'s "
                             f"declaration alone fails: {first_line(stub_err)[:120]}")
            out["masked_by"] = first_line(err)[:200]
            return out
        compiled_for = re.search(r"is being compiled since it was called from '[^']*'\n\s*File \"([^\"]+)\", line (\d+)",
                                 err) if rule == self.code and not at_line and loc is not None \
            and "/torch/" in f"/{loc[0]}" else None
        if compiled_for and same_file(compiled_for.group(1), self.abs_path) \
                and self.lo <= int(compiled_for.group(2)) <= self.hi:
            # torch compiles a class of its own for the checked line (`-> torch.distributions.Distribution`) and
            # stops in that class's code: the error names torch's file, and the call chain this line
            out["status"] = "confirmed"
            out["reason"] = f"torch compiles a class of torch for line {compiled_for.group(2)} and stops in it"
        elif rule == self.code and at_line:
            out["status"] = "confirmed"
        elif rule == self.code:
            out["status"] = "unconfirmable"
            out["reason"] = "the rule's error, at another place"
        else:
            out["status"] = "unconfirmable"
            out["reason"] = "masked: " + first_line(err)[:200]
        return out

    def classify_clean(self, out: Dict[str, Any]) -> Dict[str, Any]:
        """``classify`` when the instance scripts: confirmed for the rules that compile by design (JT304's
        schema, JT508/JT901's save, JT903's dropped decorator), unconfirmable when torch dropped the checked
        statement, else a false positive."""
        schema = compiled_schema(_last_scripted[0], self.diag_obj, self.fn_node.name)
        out["compiled"] = schema is not None
        arg = schema_argument(schema, self.param) if self.code == "JT304" and self.param else None
        if arg is not None and str(arg.type) == "Tensor" and arg.has_default_value() and arg.default_value is None:
            # JT304 compiles on its own; its schema makes every caller that omits the argument fail
            out["status"] = "confirmed"
            out["reason"] = f"compiles; the schema types `{self.param}` Tensor, calls without it fail"
            out["schema"] = str(schema)[:400]
            return out
        saved = try_save(_last_scripted[0])
        if saved is not None and match_rule(saved, self.table, prefer=self.code) == self.code:
            # deployment rules (JT508, JT901): the module compiles and torch.jit.save refuses it
            out["status"] = "confirmed"
            out["reason"] = "scripts; torch.jit.save fails: " + first_line(saved)[:200]
            return out
        dropped = dropped_decorator(_last_scripted[0], self.diag_obj, self.fn_node.name) if self.code == "JT903" \
            else None
        if dropped:
            # JT903 compiles by design: torch compiled the undecorated source (the instance is on meta, so the
            # difference in grad mode or dtype is read from the compiled code, not from a run)
            out["status"] = "confirmed"
            out["reason"] = dropped
            return out
        lines = compiled_lines(_last_scripted[0], self.fn_node.name)
        end = self.fn_node.end_lineno or self.hi
        # the statement leaves nodes when compiled; or nothing from it to the end was compiled, though the code
        # after it would leave nodes (DiffusionGemma's `isinstance` test after `if past_key_values is None: raise`)
        if lines and not any(self.lo <= line <= self.hi for line in lines) and (
                makes_nodes(self.fn_node, self.lo, self.hi)
                or (max(lines) < self.lo and makes_nodes(self.fn_node, self.hi + 1, end))):
            # torch compiled the method but not this statement: it decided a condition from the instance and
            # dropped the code around it (PocketTTS' `if self.encoder is None: raise`, Qwen3.5's
            # `elif self.rope_deltas is not None`), so the instance says nothing about the diagnostic
            out["status"] = "unconfirmable"
            out["reason"] = f"torch compiled `{self.fn_node.name}` but not line {self.row}: dead for this instance"
            return out
        out["status"] = "false-positive"
        out["reason"] = "scripts without error" + ("" if out["compiled"] else
                                                   f" (torch did not compile `{self.fn_node.name}`)")
        if schema is not None and self.code == "JT304":
            out["schema"] = str(schema)[:400]
        return out

    def function_sibling_edit(self, err_: Optional[str], out_: Dict[str, Any], function: ast.AST,
                              done: Sequence[Tuple[int, int, int, str]]) -> Optional[Tuple[int, int, int, str]]:
        """A module-level function: torch stopped in it, at a statement where jitlint reports another diagnostic
        (of this rule, or of the rule whose error torch prints): the edit neutralizing that one, as for methods."""
        loc_ = error_location(err_ or "")
        reason = out_.get("reason", "")
        if out_.get("status") != "unconfirmable" or loc_ is None or not same_file(loc_[0], self.abs_path) \
                or not function.lineno <= loc_[1] <= (function.end_lineno or function.lineno):
            return None
        reported = _reported_diags(str(SITE / self.path), self.src)
        span_ = statement_span(self.tree, loc_[1])
        at = {d[0] for d in reported if span_[0] <= d[1] <= span_[1]}
        if reason == "the rule's error, at another place":
            candidates = [self.code] + sorted(at - {self.code})
        elif reason.startswith("masked"):
            candidates = [c for c in sorted(at) if match_rule(err_ or "", self.table, prefer=c) == c]
            syntactic = match_rule(err_ or "", self.table)
            if syntactic in SYNTACTIC_NEUTRALIZERS and syntactic not in candidates:
                candidates.append(syntactic)
        else:
            return None
        for other_ in candidates:
            edit_ = neutralize(self.tree, other_, loc_[1], done, self.checked_span(), reported)
            if edit_ is not None:
                return edit_
        return None

    def checked_span(self) -> Tuple[int, int, int, int]:
        """The checked diagnostic's span (row, first column, end row, last column): neutralizing never touches it."""
        return (self.row, self.col0, self.end_row, (self.task.get("end_column") or self.task.get("column", 1)) - 1)

    def resolve_other_classes(self) -> None:
        """JT306's reports of dotted names a TorchScript class of this file cannot resolve, in the classes that do not
        hold the checked diagnostic: those names resolve there (as `from torch import device` would make them), so
        that torch compiles past a class it meets on the way (ESMFold's `Rigid` reaches `Rotation`)."""
        _class_resolvable.clear()
        if self.mod is None:
            return
        tree_classes = [n for n in self.tree.body if isinstance(n, ast.ClassDef)]
        checked = next((c for c in tree_classes if c.lineno <= self.row <= (c.end_lineno or c.lineno)), None)
        for code, row, _, end_row, _, message in _reported_diags(str(SITE / self.path), self.src):
            named = re.match(r"`([\w.]+)` cannot be resolved in class `(\w+)`", message)
            if code != "JT306" or not named or (checked is not None and named.group(2) == checked.name):
                continue
            cls = getattr(self.mod, named.group(2), None)
            if isinstance(cls, type):
                _class_resolvable.setdefault(cls, set()).add(named.group(1))
        if _class_resolvable:
            resolving_other_classes()
            self.res.setdefault("neutralized", []).extend(
                f"`{n}` resolvable in {c.__name__} (JT306)" for c, names in _class_resolvable.items() for n in sorted(names))

    def class_sibling_edit(self, err: Optional[str], done: Sequence[Tuple[int, int, int, str]]) \
            -> Optional[Tuple[int, int, int, str]]:
        """A plain class's method: torch stopped first at a statement of this file (this class, or one it compiles on
        the way, whose source torch reads from the copy served for the path) where jitlint reports a diagnostic whose
        rule's error torch printed: the one-line edit taking it out (``script_class_method`` applies only those),
        never touching the checked diagnostic. None otherwise."""
        err = err or ""
        loc = error_location(err)
        if loc is None or not same_file(loc[0], self.abs_path):
            return None
        reported = _reported_diags(str(SITE / self.path), self.src)
        span = statement_span(self.tree, loc[1])
        at = sorted({d[0] for d in reported if span[0] <= d[1] <= span[1]})
        for code in [c for c in at if match_rule(err, self.table, prefer=c) == c]:
            edit = neutralize(self.tree, code, loc[1], done, self.checked_span(), reported)
            if edit is not None and edit[0] > 0 and "\0" not in edit[3] and "\n" not in edit[3]:
                return edit
        return None

    def class_annotation_siblings(self) -> Tuple[List[Tuple[int, int, int, str]], List[str]]:
        """A plain class's method: JT306's other reports of dotted names its resolution callback lacks, taken out.
        For a JT306 diagnostic, the others in the checked `def`'s header become a scalar type (the checked name may be
        spelled as theirs); for another rule, every such name of the class resolves (as `from torch import device`
        would make it), so that torch reaches the body."""
        reported = _reported_diags(str(SITE / self.path), self.src)
        cls_node = self.chain[0]
        header_end = self.fn_node.body[0].lineno if self.fn_node.body else self.fn_node.lineno
        edits: List[Tuple[int, int, int, str]] = []
        names: List[str] = []
        for code, row, col, end_row, end_col, message in reported:
            named = re.match(r"`([\w.]+)` cannot be resolved in class", message)
            if code != "JT306" or not named or row != end_row:
                continue
            if self.code != "JT306" and cls_node.lineno <= row <= (cls_node.end_lineno or row):
                names.append(named.group(1))
            elif self.code == "JT306" and self.fn_node.lineno <= row < header_end and (row, col) != (self.row, self.col0):
                # a scalar type the line does not name (`torch.device | str` -> `int | str`; `str | str` is a Union
                # of one type, which torch asserts against)
                line = self.src.splitlines()[row - 1]
                edits.append((row, col, end_col, next(t for t in ("int", "float", "bool", "str")
                                                      if not re.search(rf"\b{t}\b", line))))
        return edits, sorted(set(names))

    def function_rule_elsewhere(self, done: Sequence[Tuple[int, int, int, str]]) \
            -> Optional[Tuple[int, int, int, str]]:
        """A module-level function whose error names no place: the edit neutralizing the next of the rule's other
        reports in it (``rule_elsewhere`` for methods). None when there is none left."""
        function = self.chain[0]
        reported = _reported_diags(str(SITE / self.path), self.src)
        for d in reported:
            if d[0] != self.code or d[1] == self.row \
                    or not function.lineno <= d[1] <= (function.end_lineno or function.lineno):
                continue
            edit_ = neutralize(self.tree, self.code, d[1], done, self.checked_span(), reported)
            if edit_ is not None and edit_ not in done:
                return edit_
        return None

    def function_removal_check(self, err_: Optional[str], out_: Dict[str, Any],
                               done: List[Tuple[int, int, int, str]],
                               script_with: Callable[[List[Tuple[int, int, int, str]]], Optional[str]]) \
            -> Dict[str, Any]:
        """``removal_check`` for a module-level function: script again with the checked construct neutralized too.
        Confirmed when the error is gone or another one."""
        reported = _reported_diags(str(SITE / self.path), self.src)
        own = neutralize(self.tree, self.code, self.row, done, None, reported)
        if own is None or not edit_touches(own, self.checked_span()):
            return out_
        again = script_with(list(done) + [own])
        if again is not None and first_line(again) == first_line(err_ or ""):
            return out_
        confirmed = dict(out_)
        confirmed["status"] = "confirmed"
        confirmed["reason"] = ("torch's error names no place; it goes when only this construct is taken out (then: "
                               + (first_line(again)[:120] if again else "scripts") + ")")
        self.res["bypasses"].append("remove-checked")
        return confirmed

    def slice_function(self, err_: Optional[str], out_: Dict[str, Any], done: List[Tuple[int, int, int, str]]) -> bool:
        """slice-before for a module-level function: torch stops first at a statement of it before the diagnostic's
        (whisper's `_compute_mask_indices`: a nested `def` JT106 turned into `if True:` leaves its parameter
        undefined): take it out, with what depends on it, as for methods. False when there is nothing to take out."""
        if not out_.get("reason", "").startswith("masked"):
            return False
        frames = [int(n) for f, n in _FILE_LINE.findall(err_ or "") if same_file(f, self.abs_path)]
        line = next((n for n in frames if self.fn_node.lineno <= n <= (self.fn_node.end_lineno or n)
                     and n < self.row), None)
        got = ecosystem_slice.slice_before(self.fn_node, self.src.splitlines(), line, self.row,
                                           binds_matter=self.code.startswith("JT6")) \
            if line is not None else None
        if got is None or all(e in done for e in got[0]):
            return False
        edits_, spans = got
        kept = [e for e in done if not any(a <= e[0] <= b for a, b in spans)]
        done[:] = kept + [e for e in edits_ if e not in kept]
        if "slice-before" not in self.res["bypasses"]:
            self.res["bypasses"].append("slice-before")
        self.res.setdefault("bypass_details", {}).setdefault("slice-before", []).extend(
            f"{self.path}:{a}-{b}" if b > a else f"{self.path}:{a}" for a, b in spans)
        return True

    def neutralize_helper(self, err_: Optional[str], out_: Dict[str, Any]) -> bool:
        """torch stopped in another module-level function of this file that the checked one calls (transformers'
        `stack_freqs` under `apply_rotary_pos_emb`): neutralize the sibling there, in a patched copy of that helper
        put in the module's namespace (the checked function's copy reads its globals from there). False when not."""
        loc_ = error_location(err_ or "")
        if loc_ is None or not same_file(loc_[0], self.abs_path):
            return False
        helper = next((n for n in getattr(self.tree, "body", []) if isinstance(n, ast.FunctionDef)
                       and n is not self.chain[0]
                       and n.lineno <= loc_[1] <= (n.end_lineno or n.lineno)), None)
        if helper is None or not inspect.isfunction(self.mod.__dict__.get(helper.name)):
            return False
        done_ = self.helper_edits.setdefault(helper.name, [])
        edit_ = self.function_sibling_edit(err_, out_, helper, done_)
        if edit_ is None:
            return False
        original = next((o for ns, n, o in _swapped_helpers if ns is self.mod.__dict__ and n == helper.name),
                        self.mod.__dict__[helper.name])
        got = patched_function(original, file_edits=done_ + [edit_], force=True)
        if got is None:
            return False
        done_.append(edit_)
        _swapped_helpers.append((self.mod.__dict__, helper.name, self.mod.__dict__[helper.name]))
        self.mod.__dict__[helper.name] = got[0]
        self.res.setdefault("neutralized", []).append(f"{self.path}:{edit_[0]} (in {helper.name})")
        if "neutralize-siblings" not in self.res["bypasses"]:
            self.res["bypasses"].append("neutralize-siblings")
        return True

    def helper_host(self, name: str) -> Optional[Any]:
        """An instance (configs ignored) of a module class of this file with a method calling ``name(self, ...)``,
        made of a subclass of its own for the helper to be set on; None when none builds."""
        import torch

        for cls_node in (n for n in getattr(self.tree, "body", []) if isinstance(n, ast.ClassDef)):
            calls = [c for c in ast.walk(cls_node) if isinstance(c, ast.Call) and getattr(c.func, "id", "") == name
                     and c.args and getattr(c.args[0], "id", "") == "self"]
            owner = getattr(self.orig_mod, cls_node.name, None)
            if not calls or not (isinstance(owner, type) and issubclass(owner, torch.nn.Module)):
                continue
            try:
                inst_, _how = build_instance(self.orig_mod, owner, self.path)
            except LookupError:
                continue
            ignore_config_attrs(inst_)
            inst_.__class__ = type(type(inst_).__name__, (type(inst_),), {"__module__": HARNESS_MODULE})
            return inst_
        return None

    def frontend_only(self, why: str) -> Optional[Dict[str, Any]]:
        """No instance builds (DDP needs a process group), but a frontend rule's construct stops torch's parser on
        the method's source before any type is known: parse that alone (``torch.jit.frontend.get_jit_def``), as
        compiling any instance would, with the siblings the parser meets first neutralized. The confirmed result,
        or None."""
        import torch

        fn = inspect.unwrap(self.diag_obj) if self.diag_obj is not None \
            else source_function(self.fn_node, self.src, self.path)
        if fn is None:
            return None
        edits_: List[Tuple[int, int, int, str]] = []
        for _round in range(8):
            got = patched_function(fn, file_edits=edits_, force=bool(edits_), diag=(self.row, self.col0),
                                   code=self.code)
            obj = got[0] if got is not None else fn
            err_ = _compile(lambda: torch.jit.frontend.get_jit_def(obj, self.fn_node.name,
                                                                   self_name=self.chain[0].name))
            if err_ is None:
                return None
            out_ = self.classify(err_,
                                 f"torch.jit.frontend.get_jit_def({self.chain[0].name}.{self.fn_node.name}), "
                                 f"the method's source alone ({why[:160]})")
            if out_["status"] != "confirmed" and error_location(err_) is None \
                    and out_.get("reason") == "the rule's error, at another place":
                # the rule's error names no place (JT113's bare `raise` crashes the parser): parse again with only
                # the checked construct taken out; confirmed when that error goes with it
                own = neutralize(self.tree, self.code, self.row, edits_, None,
                                 _reported_diags(str(SITE / self.path), self.src))
                got = patched_function(fn, file_edits=edits_ + [own], force=True, diag=(self.row, self.col0),
                                       code=self.code) \
                    if own is not None and edit_touches(own, (self.row, self.col0, self.row, self.col0)) else None
                again = _compile(lambda: torch.jit.frontend.get_jit_def(got[0], self.fn_node.name,
                                                                        self_name=self.chain[0].name)) if got else err_
                if again is None or first_line(again) != first_line(err_):
                    out_["status"] = "confirmed"
                    out_["reason"] = ("torch's error names no place; it goes when only this construct is taken out "
                                      f"(then: {first_line(again)[:120] if again else 'parses'})")
                    self.res["bypasses"].append("remove-checked")
            if out_["status"] == "confirmed":
                out_["bypasses"] = self.res["bypasses"] + ["frontend-only"] \
                    + (["neutralize-siblings"] if edits_ else [])
                out_["neutralized"] = [f"{self.path}:{e[0]}" for e in edits_]
                return out_
            edit_ = self.function_sibling_edit(err_, out_, self.fn_node, edits_)
            if edit_ is None:
                return None
            edits_.append(edit_)
        return None

    def confirm_function(self) -> Dict[str, Any]:
        """A module-level function (or one nested in it): script that function itself."""
        orig = self.diag_obj = resolve_qualname(self.mod, self.chain[:1])
        edits: List[Tuple[int, int, int, str]] = []
        host: Optional[Any] = None  # an instance of the module class that calls the helper as `f(self, ...)`
        helper_config = function_config(self.orig_mod, self.chain[0])

        def script_with(edits_: List[Tuple[int, int, int, str]]) -> Optional[str]:
            obj = orig
            got = patched_function(orig, helper_config, file_edits=edits_, force=bool(edits_),
                                   diag=(self.row, self.col0), code=self.code)
            if got is not None:
                if "signature" not in self.res["bypasses"]:
                    self.res["bypasses"].append("signature")
                self.res.setdefault("bypass_details", {})["signature"] = [f"{self.chain[0].name}: {', '.join(got[1])}"]
                obj = got[0]
            if host is not None:
                setattr(type(host), self.chain[0].name, obj)
                return try_script_method(host, self.chain[0].name)
            return try_script(obj)

        for _round in range(8):
            err = script_with(edits)
            out = self.classify(err, f"torch.jit.script({self.chain[0].name}) (the function itself)"
                                if host is None else
                                f"`{self.chain[0].name}` compiled as a method of {type(host).__name__}")
            if host is None and out.get("status") == "unconfirmable" and module_parameter_use(err, self.chain[0]):
                # `_apply_relative_position_encoding(module, query, ...)` reads `module.linear_pos`: torch types
                # `module` Tensor. Compiled as a method of a module class that calls it as `f(self, ...)`, the
                # parameter is that module, as in eager
                host = self.helper_host(self.chain[0].name)
                if host is not None:
                    self.res["bypasses"].append("helper-as-method")
                    self.res.setdefault("bypass_details", {})["helper-as-method"] = [type(host).__name__]
                    continue
            edit = annotate_parameter(self.chain[0], out["other_parameter"], edits) \
                if out.get("other_parameter") and self.chain[0] is self.fn_node else None
            if edit is None and out.get("reason") == "the rule's error, at another place" \
                    and error_location(err or "") is None:
                # the rule's error names no place (an `@lru_cache` helper called without its defaulted arguments:
                # an INTERNAL ASSERT): the rule's other places in the function first, then only the checked one
                edit = self.function_rule_elsewhere(edits)
                if edit is None:
                    return self.function_removal_check(err, out, edits, script_with)
            if edit is None:
                edit = self.function_sibling_edit(err, out, self.chain[0], edits)
            if edit is None and self.neutralize_helper(err, out):
                continue
            if edit is None and self.chain[0] is self.fn_node and self.slice_function(err, out, edits):
                continue
            if edit is None:
                return out
            edits.append(edit)
            self.res.setdefault("neutralized", []).append(f"{self.path}:{edit[3]}")
            if "neutralize-siblings" not in self.res["bypasses"]:
                self.res["bypasses"].append("neutralize-siblings")
        return out

    def confirm_method(self, method_at: int) -> Dict[str, Any]:
        """A method of a class (``chain[method_at]``): script an instance of its class (or, for a plain class, the
        class with only that method), then apply the bypasses."""
        import torch

        self.fn_node = self.chain[method_at]
        self.method_span = (self.abs_path, min([self.fn_node.lineno] + [d.lineno for d in self.fn_node.decorator_list]),
                            self.fn_node.end_lineno or self.fn_node.lineno)
        self.cls = resolve_qualname(self.mod, self.chain[:method_at])
        self.orig_cls = resolve_qualname(self.orig_mod, self.chain[:method_at])
        self.diag_obj = inspect.getattr_static(self.cls, self.fn_node.name, None) if isinstance(self.cls, type) \
            else None
        if isinstance(self.diag_obj, (staticmethod, classmethod)):
            self.diag_obj = self.diag_obj.__func__
        if isinstance(self.cls, type) and not issubclass(self.cls, torch.nn.Module) and method_at == 1 \
                and isinstance(self.chain[0], ast.ClassDef):
            # a plain class, compiled as a TorchScript class where compiled code constructs it (ESMFold's `Rotation`)
            if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in self.fn_node.decorator_list):
                # compiled only where compiled code calls it, as a plain function: scripted (or, for a frontend rule,
                # parsed) alone, as that call would (VibeVoice's generation mixin)
                if self.code in frontend_rules():
                    parsed = self.frontend_only("a static method, compiled only where it is called")
                    if parsed is not None:
                        return parsed
                # (a frontend rule's semantic form too: JT306 at a call torch types from the callee's annotations)
                if self.diag_obj is not None:
                    self.res["bypasses"].append("static-method-alone")
                    return self.classify(try_script(self.diag_obj),
                                         f"torch.jit.script({self.chain[0].name}.{self.fn_node.name}) "
                                                             "(the static method alone)")
                return {"status": "unconfirmable", "reason": "a static method (compiled only where it is called)",
                        **self.res}
            self.res["bypasses"].append("isolate-class-method")
            edits, resolvable = self.class_annotation_siblings()
            if edits or resolvable:
                self.res["bypasses"].append("neutralize-siblings")
                self.res.setdefault("neutralized", []).extend(
                    [f"{self.path}:{e[0]} (JT306)" for e in edits] + [f"`{n}` resolvable (JT306)" for n in resolvable])
            how = f"torch.jit.script({self.chain[0].name}) with only `__init__` and `{self.fn_node.name}`"
            err = script_class_method(self.mod, self.chain[0], self.fn_node.name, self.src, self.abs_path, edits,
                                      resolvable)
            out = self.classify(err, how)
            for _round in range(8):
                # another diagnostic jitlint reports where torch stopped first, in this class (the SAM 2 video
                # session's `__init__` before the checked method): taken out, and the class scripted again
                edit = self.class_sibling_edit(err, edits) if out["status"] == "unconfirmable" else None
                if edit is None:
                    break
                edits.append(edit)
                if "neutralize-siblings" not in self.res["bypasses"]:
                    self.res["bypasses"].append("neutralize-siblings")
                self.res.setdefault("neutralized", []).append(f"{self.path}:{edit[0]}")
                err = script_class_method(self.mod, self.chain[0], self.fn_node.name, self.src, self.abs_path, edits,
                                          resolvable)
                out = self.classify(err, how)
            return out
        if not (isinstance(self.cls, type) and issubclass(self.cls, torch.nn.Module)):
            return {"status": "unconfirmable", "reason": f"{self.cls!r} is not an nn.Module", **self.res}
        try:
            self.inst, self.how = build_instance(self.orig_mod, self.orig_cls, self.path)
        except LookupError as exc:
            parsed = self.frontend_only(str(exc)) if self.code in frontend_rules() and self.diag_obj is not None \
                else None
            return parsed or {"status": "unconfirmable", "reason": str(exc)[:400], **self.res}
        if self.fixed is not None:
            moved = self.fixed.swap(self.inst)
            self.how += f"; {len(moved)} class(es) from the fixed copy"
        out = self.first_script()
        again = self.built_with_flag(out)
        if again is not None:
            return again
        if out["status"] != "unconfirmable":
            return out
        self.prepare_bypasses()
        return self.bypass_rounds()

    def first_script(self) -> Dict[str, Any]:
        """The instance scripted as built, and again down another path of ``__init__`` or with JT304's fix when
        that says more (a clean script of a method no entry point reaches: that method alone)."""
        err = try_script(self.inst)
        out = self.classify(err, self.how)
        if out["status"] == "false-positive" and not out.get("compiled", True) and self.fn_node.name != "forward":
            # the instance's entry points never reach the method (a helper another module calls): compile it alone
            self.isolated = True
            self.res["bypasses"].append("isolate-method")
            self.res.setdefault("bypass_details", {})["isolate-method"] = [
                f"{self.fn_node.name} alone (not reached from forward)"]
            err = try_script_method(self.inst, self.fn_node.name)
            out = self.classify(err, self.how + f"; only `{self.fn_node.name}` compiled")
        if out["status"] == "false-positive" and self.code == "JT402" and _other_path(self.inst, self.task, self.res):
            out = self.classify(try_script(self.inst), self.how + "; built down the other path")
        self.none_path = re.match(r"`self\.(\w+)` is None when", self.task.get("message", "")) \
            if self.code == "JT406" else None
        # JT513 at a call of a method of the instance whose parameter the argument does not fit: torch compiles that
        # method before it checks the call, so an error in its body comes first (``ignore-methods`` may stand it in)
        jt513_callee_found = re.search(r"of `self\.(\w+)`", self.task.get("message", "")) if self.code == "JT513" \
            else None
        self.jt513_callee = jt513_callee_found.group(1) if jt513_callee_found else ""
        if out["status"] != "confirmed" and self.none_path \
                and getattr(self.inst, self.none_path.group(1), None) is not None:
            # JT406 on a path: the instance was built down the side that holds a value; give it the None the other
            # side assigns (also when something masks the diagnostic: that mask may live on the side it was built down,
            # as Wav2Vec2-BERT's `module.linear_pos` under `position_embeddings_type == "relative"`)
            setattr(self.inst, self.none_path.group(1), None)
            self.res["bypasses"].append("other-path")
            self.res.setdefault("bypass_details", {})["other-path"] = [
                f"set {self.none_path.group(1)} to None on the instance"]
            out = self.classify(try_script(self.inst), self.how + "; built down the other path")
        # edits of the file's methods, (class, method) -> edits, that patch_signatures applies: revive-branch's
        # first, then the bypass rounds' (neutralize-siblings, slice-before, jt304-annotated ...)
        revived: Dict[Tuple[type, str], List[Tuple[int, int, int, str]]] = {}
        self.sibling_edits: Dict[Tuple[type, str], List[Tuple[int, int, int, str]]] = revived
        if out["status"] == "false-positive" and not signature_rule(self.code):
            # torch types an unannotated `p=None` Tensor and drops what `p is None` guards (ProphetNet's code after
            # `assert (position_ids is None) or ...`, a statically failing assert): the diagnostic lives in the world
            # after JT304's fix, `p: Optional[Tensor] = None`; script that world
            edits = revive_parameters(self.fn_node, _reported_diags(str(SITE / self.path), self.src))
            if edits:
                revived[(self.cls, self.fn_node.name)] = edits
                patch_signatures(self.inst, extra_methods=[self.fn_node.name], edits=revived,
                                 diag=(self.cls, self.fn_node.name, self.row, self.col0, self.code))
                self.res["bypasses"].append("revive-branch")
                self.res.setdefault("bypass_details", {})["revive-branch"] = [e[3] for e in edits]
                again = self.classify(try_script_method(self.inst, self.fn_node.name) if self.isolated
                                      else try_script(self.inst),
                                      self.how + "; JT304's fix applied to the function's parameters")
                if again["status"] != "false-positive":
                    out = again
        return out

    def built_with_flag(self, out: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The result for a timm model built with a ``Final[bool]`` flag on, when this one's off drops the checked
        branch, or None."""
        flag = final_flag_guard(self.tree, self.row, self.cls, self.inst) if out["status"] == "false-positive" else None
        built_by = re.search(r"timm\.create_model\('([\w.]+)'\) on (\w+)", self.how)
        if flag is not None and built_by is not None and type(self.inst) is self.cls:
            # `if self.fork_feat:` on a `Final[bool]` the instance holds False: torch drops the branch for this model
            # and compiles it for one built with the flag on (fastvit's detection backbones): build that one
            import timm

            import torch
            try:
                with torch.device(built_by.group(2)):
                    other = timm.create_model(built_by.group(1), pretrained=False, **{flag[0]: flag[1]}).eval()
            except Exception:  # noqa: BLE001 - the model does not take the flag: nothing to compare
                other = None
            if other is not None and type(other) is self.cls:
                self.res["bypasses"].append("other-path")
                self.res.setdefault("bypass_details", {})["other-path"] = [f"built with {flag[0]}={flag[1]!r}"]
                again = self.classify(try_script(other), self.how + f", built with {flag[0]}={flag[1]!r}")
                if again["status"] != "false-positive":
                    return again
        return None

    def prepare_bypasses(self) -> None:
        """The bypasses applied once, before the rounds (ignore-config, annotate-empty-lists, the unused-properties
        of other files), and what the rounds keep from one to the next."""
        config_read = re.match(r"`self\.(\w+)` is an instance of", self.task.get("message", "")) \
            if self.code == "JT401" else None
        cfg = ignore_config_attrs(self.inst, (self.cls, config_read.group(1))
                                  if config_read and isinstance(self.cls, type) else None)
        if cfg:
            self.res["bypasses"].append("ignore-config")
            self.res.setdefault("bypass_details", {})["ignore-config"] = cfg
        empty = annotate_empty_lists(self.inst)
        if empty:
            self.res["bypasses"].append("annotate-empty-lists")
            self.res.setdefault("bypass_details", {})["annotate-empty-lists"] = empty
        foreign = mark_foreign_properties(self.inst, self.abs_path, self.src)
        if foreign:
            self.res["bypasses"].append("unused-properties")
            self.res.setdefault("bypass_details", {})["unused-properties"] = foreign
        self.flag_constants: Dict[type, List[str]] = {}  # constant-flags: original class -> attributes made constants
        self.end_col = self.task.get("end_column") or self.task.get("column", 1)
        # the checked diagnostic: neutralizing never touches it
        self.avoid = (self.row, self.col0, self.end_row, self.end_col - 1)
        # jitlint's, of this file, when first needed
        self.diags: Optional[List[Tuple[str, int, int, int, int, str]]] = None
        self.incidental: List[Dict[str, Any]] = []
        self.stubbed: List[str] = []
        self.unused: List[str] = []

    def method_at_line(self, line: int) -> Optional[Tuple[type, str]]:
        """(class, method name) of the method of a class of this file holding ``line``."""
        where_ = enclosing_nodes(self.tree, line)
        at = next((i for i in range(1, len(where_)) if isinstance(where_[i], ast.FunctionDef)
                   and isinstance(where_[i - 1], ast.ClassDef)), None)
        owner = resolve_qualname(self.mod, where_[:at]) if at is not None else None
        return (owner, where_[at].name) if isinstance(owner, type) else None

    def past_checked(self, err_: Optional[str]) -> bool:
        """torch compiled the checked statement: it scripts, or stops later in the same method (torch compiles a
        body in the order of its text)."""
        at = error_location(err_ or "")
        return err_ is None \
            or (at is not None and same_file(at[0], self.abs_path) and self.hi < at[1] <= self.method_span[2])

    def script_now(self) -> Optional[str]:
        err_ = try_script_method(self.inst, self.fn_node.name) if self.isolated else try_script(self.inst)
        if self.code == "JT402" and self.past_checked(err_) and _other_path(self.inst, self.task, self.res):
            # the bypasses got torch past what masked the read, on the instance built down the path that assigns
            # the attribute (Flava's `cls_token`, behind a submodule's error; D-FINE's `anchors`, read before the
            # slice's own undefined name): take it away now
            err_ = try_script_method(self.inst, self.fn_node.name) if self.isolated else try_script(self.inst)
        return err_

    def revive(self, out_: Dict[str, Any]) -> bool:
        """The bypasses got torch past what masked the diagnostic, into the world where an unannotated `p=None` is a
        Tensor and `if p is None:` is dead (MT5's `position_bias`): go on in the world after JT304's fix. False when
        it was done already or there is no such parameter."""
        if signature_rule(self.code) or "revive-branch" in self.res["bypasses"]:
            return False
        edits = revive_parameters(self.fn_node, _reported_diags(str(SITE / self.path), self.src))
        if not edits:
            return False
        self.sibling_edits.setdefault((self.cls, self.fn_node.name), []).extend(edits)
        self.res["bypasses"].append("revive-branch")
        self.res.setdefault("bypass_details", {})["revive-branch"] = [e[3] for e in edits]
        return True

    def isolate_or_stop(self, err_: Optional[str], out_: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The result to return, or None to go on with the method as the only entry point (what masks it inside
        the method may be neutralized next round)."""
        if out_.get("status") == "false-positive" and self.none_path and "other-path" not in self.res["bypasses"] \
                and getattr(self.inst, self.none_path.group(1), None) is not None:
            # JT406 once the bypasses got torch there: the instance was built down the side that holds a value;
            # give it the None the other side assigns
            setattr(self.inst, self.none_path.group(1), None)
            self.res["bypasses"].append("other-path")
            self.res.setdefault("bypass_details", {})["other-path"] = [
                f"set {self.none_path.group(1)} to None on the instance"]
            return None
        if out_.get("status") == "false-positive" and self.revive(out_):
            return None
        if self.isolated:
            return out_
        if out_.get("status") == "false-positive" and not out_.get("compiled", True) and self.fn_node.name != "forward":
            # the bypasses got the instance through, and its entry points never reach the method: compile it alone
            self.isolated = True
            if "isolate-method" not in self.res["bypasses"]:
                self.res["bypasses"].append("isolate-method")
            self.res.setdefault("bypass_details", {})["isolate-method"] = [f"{self.fn_node.name} alone (not reached)"]
            return None
        got = isolate_method(self.inst, self.fn_node.name, err_, self.method_span, self.res, self.classify, self.how)
        if got is not None and got["status"] == "false-positive" and self.revive(got):
            self.isolated = True  # the method alone scripts: go on in the world after JT304's fix (DeBERTa-v2's
            return None         # `relative_pos is None`)
        if got is None or got["status"] != "unconfirmable":
            return got if got is not None else out_
        self.isolated = True
        return None

    def slice_mask(self, err_: Optional[str], out_: Dict[str, Any]) -> bool:
        """slice-before: torch stops first at a statement of the checked method before the diagnostic's (or at a
        call there into what fails): take it out, with what depends on it, when the diagnostic's statement reads
        nothing it changes (ecosystem_slice.py); also where torch printed the rule's own error at an earlier statement.
        False when there is nothing (more) to take out."""
        reason_ = out_.get("reason", "")
        if not reason_.startswith("masked") and reason_ != "the rule's error, at another place":
            return False
        frames = [int(n) for f, n in _FILE_LINE.findall(err_ or "") if same_file(f, self.abs_path)]
        line = next((n for n in frames if self.method_span[1] <= n <= self.method_span[2] and n < self.row), None)
        if line is None:
            return False
        got = ecosystem_slice.slice_before(self.fn_node, self.src_lines, line, self.row,
                                           binds_matter=self.code.startswith("JT6"))
        key_ = (self.cls, self.fn_node.name)
        current = self.sibling_edits.get(key_, [])
        if got is None or all(e in current for e in got[0]):
            return False
        edits, spans = got
        kept = [e for e in current if not any(a <= e[0] <= b for a, b in spans)]
        self.sibling_edits[key_] = kept + [e for e in edits if e not in kept]
        if "slice-before" not in self.res["bypasses"]:
            self.res["bypasses"].append("slice-before")
        self.res.setdefault("bypass_details", {}).setdefault("slice-before", []).extend(
            f"{self.path}:{a}-{b}" if b > a else f"{self.path}:{a}" for a, b in spans)
        return True

    def literal_default_sibling(self, loc_: Optional[Tuple[str, int]], named: Optional[str]
                                ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """(owner key, edit) annotating a parameter of the method holding ``loc_`` that its statement reads (or
        torch's error ``named``) and that jitlint reports as JT303 (an unannotated literal default); None when there
        is none."""
        if loc_ is None or not same_file(loc_[0], self.abs_path):
            return None
        owner = self.method_at_line(loc_[1])
        chain_ = enclosing_nodes(self.tree, loc_[1])
        function = next((n for n in reversed(chain_) if isinstance(n, ast.FunctionDef)), None)
        if owner is None or function is None or function.name != owner[1]:
            return None
        first_body = function.body[0].lineno
        reported = self.diags if self.diags is not None else _reported_diags(str(SITE / self.path), self.src)
        defaulted_ = {diag_parameter(function, d[1], d[2], self.src_lines) for d in reported
                      if d[0] == "JT303" and function.lineno <= d[1] < first_body}
        span_ = statement_span(self.tree, loc_[1])
        read = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and span_[0] <= n.lineno <= span_[1]}
        read |= {named} if named else set()
        for name in sorted((defaulted_ - {None}) & read):
            edit_ = annotate_parameter(function, name, self.sibling_edits.get(owner, []))
            if edit_ is not None:
                return owner, edit_
        return None

    def ignored_attribute_read(self, err_: Optional[str], loc_: Optional[Tuple[str, int]]
                               ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped at a read of an attribute `ignore-config` hid (`{"config": self.config}` handed to a mask
        builder, not the read the diagnostic is about): (owner key, the edit reading None there)."""
        hidden = re.search(r"has no attribute '(\w+)' attribute was ignored during compilation", err_ or "")
        if hidden is None or loc_ is None or not same_file(loc_[0], self.abs_path):
            return None
        owner = self.method_at_line(loc_[1])
        if owner is None:
            return None
        # only a read of the whole object (`self.config.x` reads a field of it: None has none)
        inner = {id(n.value) for n in ast.walk(self.tree) if isinstance(n, ast.Attribute)}
        for node in ast.walk(self.tree):
            if id(node) in inner:
                continue
            if isinstance(node, ast.Attribute) and node.attr == hidden.group(1) and node.lineno == loc_[1] \
                    and node.end_lineno == node.lineno and isinstance(node.value, ast.Name) \
                    and node.value.id == "self" and isinstance(node.ctx, ast.Load):
                edit_ = (node.lineno, node.col_offset, node.end_col_offset, "None")
                if not edit_touches(edit_, self.avoid) and edit_ not in self.sibling_edits.get(owner, []):
                    return owner, edit_
        return None

    def none_binding_annotated(self, err_: Optional[str], loc_: Optional[Tuple[str, int]]
                               ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped before the diagnostic at "Variable 'loss' previously had type NoneType but is now being
        assigned to a value of type Tensor" (`loss = None` before a branch that computes it): the binding becomes
        `loss: Optional[Tensor] = None`, as the user's fix writes it. (owner key, edit), or None."""
        found = re.search(r"Variable '(\w+)' previously had type NoneType but is now being assigned to a value of "
                          r"type ([\w\[\], ]+?)\s*:?\n", err_ or "")
        if found is None or loc_ is None or not same_file(loc_[0], self.abs_path):
            return None
        words = set(re.findall(r"\w+", found.group(2)))
        if not words <= {"Tensor", "List", "Tuple", "Dict", "Optional", "int", "float", "bool", "str"}:
            return None
        typed = re.sub(r"\b(Tensor|List|Tuple|Dict|Optional)\b", r"_jl_\1", found.group(2))
        owner = self.method_at_line(loc_[1])
        function = next((n for n in reversed(enclosing_nodes(self.tree, loc_[1])) if isinstance(n, ast.FunctionDef)),
                        None)
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
        if self.lo <= last.lineno <= self.hi or edit_ in self.sibling_edits.get(owner, []):
            return None
        return owner, edit_

    def none_default_callee(self, err_: Optional[str]) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped at a call passing an Optional to an unannotated `None`-default parameter of a method of a
        class of this file, where jitlint reports JT304 (LXMERT's `self.embeddings(input_ids, token_type_ids,
        inputs_embeds)`: "Expected a value of type 'Tensor (inferred)' for argument 'inputs_embeds' but instead found
        type 'Optional[Tensor]'"): that parameter gets JT304's fix. (owner key, edit), or None."""
        found = re.search(r"(\w+)\(__torch__\.[\w.]*?(\w+) self, [^\n]*\)\s*->[^\n]*\n\s*Expected a value of type "
                          r"'Tensor \(inferred\)' for argument '(\w+)' but instead found type 'Optional\[", err_ or "")
        if found is None:
            return None
        method, class_name, parameter = found.groups()
        reported = self.diags if self.diags is not None else _reported_diags(str(SITE / self.path), self.src)
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.ClassDef) or node.name != class_name:
                continue
            function = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == method), None)
            if function is None:
                return None
            first_body = function.body[0].lineno
            if not any(d[0] == "JT304" and function.lineno <= d[1] < first_body
                       and diag_parameter(function, d[1], d[2], self.src_lines) == parameter for d in reported):
                return None
            owner = self.method_at_line(first_body)
            edit_ = (0, 0, 0, f"{parameter}: {jt304_annotation(function, parameter)}")
            if owner is None or edit_ in self.sibling_edits.get(owner, []):
                return None
            return owner, edit_
        return None

    def none_default_used(self, err_: Optional[str], loc_: Optional[Tuple[str, int]]
                          ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped where a method of this file uses its unannotated `None`-default parameter, typed Tensor,
        where jitlint reports JT304 (UMT5's `compute_bias(..., device=None)`: `torch.arange(n, device=device)`,
        "Inferred the value for argument 'device' to be of type 'Tensor'"): that parameter gets JT304's fix there.
        (owner key, edit), or None."""
        found = re.search(r"Inferred the value for argument '(\w+)' to be of type 'Tensor' because it was not "
                          r"annotated", err_ or "")
        if found is None or loc_ is None or not same_file(loc_[0], self.abs_path):
            return None
        owner = self.method_at_line(loc_[1])
        function = next((f for f in ast.walk(self.tree) if isinstance(f, ast.FunctionDef) and owner is not None
                         and f.name == owner[1] and f.lineno <= loc_[1] <= (f.end_lineno or f.lineno)), None)
        if function is None:
            return None
        parameter, first_body = found.group(1), function.body[0].lineno
        reported = self.diags if self.diags is not None else _reported_diags(str(SITE / self.path), self.src)
        if not any(d[0] == "JT304" and function.lineno <= d[1] < first_body
                   and diag_parameter(function, d[1], d[2], self.src_lines) == parameter for d in reported):
            return None
        edit_ = (0, 0, 0, f"{parameter}: {jt304_annotation(function, parameter)}")
        return None if edit_ in self.sibling_edits.get(owner, []) else (owner, edit_)

    def none_tested_parameter(self) -> Optional[Tuple[int, int, int, str]]:
        """The checked statement sits under `if p is None` / `if p is not None` with `p` a parameter of the method
        without an annotation and with a `None` default, where jitlint reports JT304: torch types `p` Tensor, decides
        the test statically and drops the branch (the RoBERTa family's `if position_ids is None:`); or after such an
        `if` that raises (LED's `if input_ids is not None and inputs_embeds is not None: raise`, which torch decides
        true, dropping the rest of the method). JT304's fix makes the code live, as it is once the user applies it:
        that annotation's edit, or None."""
        first_body = self.fn_node.body[0].lineno
        defaults = dict(zip([a.arg for a in self.fn_node.args.args][-len(self.fn_node.args.defaults):]
                            if self.fn_node.args.defaults
                            else [], self.fn_node.args.defaults))
        unannotated_none = {a.arg for a in self.fn_node.args.args if a.annotation is None and a.arg in defaults
                            and isinstance(defaults[a.arg], ast.Constant) and defaults[a.arg].value is None}
        reported = self.diags if self.diags is not None else _reported_diags(str(SITE / self.path), self.src)
        for node in ast.walk(self.fn_node):
            if not isinstance(node, ast.If) or node.lineno >= self.row:
                continue
            for test in ast.walk(node.test):
                if not (isinstance(test, ast.Compare) and len(test.ops) == 1
                        and isinstance(test.ops[0], (ast.Is, ast.IsNot)) and isinstance(test.left, ast.Name)
                        and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None):
                    continue
                parameter = test.left.id
                if parameter not in unannotated_none or not any(
                        d[0] == "JT304" and self.fn_node.lineno <= d[1] < first_body
                        and diag_parameter(self.fn_node, d[1], d[2], self.src_lines) == parameter for d in reported):
                    continue
                edit_ = (0, 0, 0, f"{parameter}: {jt304_annotation(self.fn_node, parameter)}")
                if edit_ not in self.sibling_edits.get((self.cls, self.fn_node.name), []):
                    return edit_
        return None

    def helper_call_as_method(self, err_: Optional[str], loc_: Optional[Tuple[str, int]]
                              ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """torch stopped at `f(self, ...)` of a module-level helper whose first parameter holds a module
        ("_apply_relative_position_encoding(Tensor module, ...) ... Expected a value of type 'Tensor' for argument
        'module'"): the call becomes `self.f(...)` and `f` a method of the class (its first parameter is then the
        module, as in eager). (owner key, the edit), or None."""
        found = re.search(r"(\w+)\(Tensor (\w+), [^\n]*\n\s*Expected a value of type 'Tensor' for argument '(\w+)'",
                          err_ or "")
        if found is None or found.group(2) != found.group(3) or loc_ is None or not same_file(loc_[0], self.abs_path):
            return None
        name = found.group(1)
        if name.startswith("_jl_call_"):  # the `ignore-helpers` stand-in's inner call: the helper itself
            name = name[len("_jl_call_"):]
        # the helper as the module defines it, not a copy or stand-in a bypass put in its place
        helper = next((o for ns, n, o in _swapped_helpers if ns is self.mod.__dict__ and n == name),
                      self.mod.__dict__.get(name))
        owner = self.method_at_line(loc_[1])
        if owner is None or not inspect.isfunction(helper):
            return None
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == name \
                    and owner == self.method_at_line(node.lineno) and node.args \
                    and getattr(node.args[0], "id", "") == "self":
                parts = [(node.lineno, node.func.col_offset, node.func.end_col_offset, f"self.{name}"),
                         (node.args[0].lineno, node.args[0].col_offset, node.args[0].end_col_offset, "\0cut")]
                edit_ = (node.lineno, node.func.col_offset, node.func.end_col_offset, MULTI + json.dumps(parts))
                if edit_touches(edit_, self.avoid) or edit_ in self.sibling_edits.get(owner, []):
                    return None
                setattr(owner[0], name, helper)
                return owner, edit_
        return None

    def literal_getattr(self, loc_: Optional[Tuple[str, int]]
                        ) -> Optional[Tuple[Tuple[Any, str], Tuple[int, int, int, str]]]:
        """JT507 first at a sibling: `getattr(self, f"{layer_type}_inv_freq")` names an attribute the instance has
        (`full_attention_inv_freq`, the first in order): (owner key, the edit writing that name as a literal)."""
        if loc_ is None or not same_file(loc_[0], self.abs_path):
            return None
        owner = self.method_at_line(loc_[1])
        if owner is None:
            return None
        names: Set[str] = set()
        for sub in self.inst.modules():
            if original_of.get(type(sub), type(sub)) is owner[0] or isinstance(sub, owner[0]):
                names |= set(vars(sub)) | set(sub._parameters) | set(sub._buffers) | set(sub._modules)
        for node in ast.walk(self.tree):
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
                if not edit_touches(edit_, self.avoid) and edit_ not in self.sibling_edits.get(owner, []):
                    return owner, edit_
        return None

    def loc_outside(self, err_: Optional[str]) -> bool:
        """torch's error is not in the checked diagnostic's statement (what is changed there cannot be the cause)."""
        at = error_location(err_ or "")
        return at is not None and not (same_file(at[0], self.abs_path) and self.lo <= at[1] <= self.hi)

    def neutralize_reported(self, rule: str, rows: Callable[[int], bool], why: str, first_only: bool = False) -> bool:
        """torch's error names no place: neutralize jitlint's reports of ``rule`` at the rows ``rows`` accepts, each in
        its own method (the first one not yet done with ``first_only``). False when there is none left."""
        reported = self.diags or _reported_diags(str(SITE / self.path), self.src)
        added = []
        for d in reported:
            owner_ = self.method_at_line(d[1]) if d[0] == rule and rows(d[1]) else None
            edit_ = neutralize(self.tree, rule, d[1], self.sibling_edits.get(owner_, []), self.avoid, reported) \
                if owner_ else None
            if edit_ is not None:
                self.sibling_edits[owner_] = [e for e in self.sibling_edits.get(owner_, [])
                                              if not edit_within(e, edit_)] \
                    + [edit_]
                added.append(f"{self.path}:{d[1]} ({rule}, {why})")
                if first_only:
                    break
        self.res.setdefault("neutralized", []).extend(added)
        if added and "neutralize-siblings" not in self.res["bypasses"]:
            self.res["bypasses"].append("neutralize-siblings")
        return bool(added)

    def rule_elsewhere(self) -> bool:
        """torch printed the rule's error without a place (MiniCPM's `{**kwargs}` in `forward` and in the checked
        helper both crash the parser): take out the rule's other places in the file's methods, so that what stays is
        the checked one's. False when there is none left to take out."""
        return self.neutralize_reported(self.code, lambda r: r != self.row, "the rule's error names no place")

    def removal_check(self, err_: Optional[str], out_: Dict[str, Any], key_: Tuple[Any, str]) -> Dict[str, Any]:
        """torch printed the rule's error without a place, the rule's other places taken out (``rule_elsewhere``):
        script again with the checked construct neutralized too (this rule's own neutralizer, at the diagnostic).
        Confirmed when the error is gone or another one."""
        own = neutralize(self.tree, self.code, self.row, self.sibling_edits.get(key_, []), None,
                         self.diags or _reported_diags(str(SITE / self.path), self.src))
        if own is None or not edit_touches(own, self.avoid):
            return out_
        trial = {k: list(v) for k, v in self.sibling_edits.items()}
        trial.setdefault(key_, []).append(own)
        patch_signatures(self.inst, extra_methods=[self.fn_node.name], edits=trial,
                         diag=(self.cls, self.fn_node.name, self.row, self.col0, self.code),
                         constants=self.flag_constants)
        again = self.script_now()
        if again is not None and match_rule(again, self.table, prefer=self.code) == self.code \
                and first_line(again) == first_line(err_ or ""):
            return out_
        done = dict(out_)
        done["status"] = "confirmed"
        done["reason"] = ("torch's error names no place; it goes when only this construct is taken out (then: "
                          + (first_line(again)[:120] if again else "scripts") + ")")
        done.setdefault("bypasses", list(self.res["bypasses"])).append("remove-checked")
        return done

    def bypass_rounds(self) -> Dict[str, Any]:
        """Bypasses, one after the other, until the rule's error (or a clean script) shows: the result."""
        self.getters = False
        # rounds enough for a long method's masks one after the other (LXMERT's forward takes ten before its
        # JT604 shows); each round is one scripting
        for _round in range(32):
            err, out = self.script_patched()
            live = self.none_tested_parameter() if out.get("reason", "").endswith("dead for this instance") else None
            if live is not None:
                # JT304's annotation on the parameter the branch tests: the branch is live, as after the user's fix
                self.sibling_edits.setdefault((self.cls, self.fn_node.name), []).append(live)
                if "jt304-annotated" not in self.res["bypasses"]:
                    self.res["bypasses"].append("jt304-annotated")
                self.res.setdefault("bypass_details", {}).setdefault("jt304-annotated", []).append(live[3])
                continue
            masked = out.get("reason", "").startswith("masked")
            if self.swap_callees(err, out, masked) or self.reshape_stand_ins(err, masked) \
                    or self.make_flags_constant(err, masked) or self.stub_submodules(err, out):
                continue
            final = self.neutralize_mask(err, out, masked)
            if final is not None:
                return final
        return out

    def script_patched(self) -> Tuple[Optional[str], Dict[str, Any]]:
        """The instance scripted with the edits so far (patch_signatures), then again for each property torch
        still fails in (unused-properties) or that compiled code reads (property-values): torch's error and its
        classification."""
        sig = patch_signatures(self.inst, extra_methods=[self.fn_node.name], edits=self.sibling_edits,
                               diag=(self.cls, self.fn_node.name, self.row, self.col0, self.code),
                               constants=self.flag_constants,
                               embedding_getters=self.getters)
        if sig:
            if "signature" not in self.res["bypasses"]:
                self.res["bypasses"].append("signature")
            self.res.setdefault("bypass_details", {})["signature"] = sig
        err = self.script_now()
        out = self.classify(err, self.how + (f"; only `{self.fn_node.name}` compiled" if self.isolated else ""))
        while err and out["status"] == "unconfirmable" and len(self.unused) < 30:
            prop = mark_unused_property(self.inst, err, self.method_span, self.unused)
            if prop is None:
                break
            self.unused.append(prop)
            if "unused-properties" not in self.res["bypasses"]:
                self.res["bypasses"].append("unused-properties")
            self.res.setdefault("bypass_details", {}).setdefault("unused-properties", []).append(
                f"{prop} ({self.where(error_location(err)) or first_line(err)[:80]})")
            err = self.script_now()
            out = self.classify(err, self.how + (f"; only `{self.fn_node.name}` compiled" if self.isolated else ""))
        valued = property_as_value(self.inst, err, self.unused,
                                   "\n".join(self.src.splitlines()[self.lo - 1:self.hi])) \
            if out["status"] == "unconfirmable" else None
        if valued is not None:
            self.res["bypasses"].append("property-values")
            self.res.setdefault("bypass_details", {}).setdefault("property-values", []).append(valued)
            err = self.script_now()
            out = self.classify(err, self.how + (f"; only `{self.fn_node.name}` compiled" if self.isolated else ""))
        return err, out

    def swap_callees(self, err: Optional[str], out: Dict[str, Any], masked: bool) -> bool:
        """What compiled code calls, put in place of what stops torch there: transformers' embedding getters,
        helpers annotated or stood in (annotate-helpers, ignore-helpers), methods stood in (ignore-methods), a
        class of another file constructed as None (stub-constructed-classes). False when none applies."""
        namespaces = [self.mod.__dict__] + ([self.orig_mod.__dict__] if self.orig_mod is not self.mod else [])
        if masked and not self.getters and "NamedExpr aren't supported" in (err or "") \
                and (error_location(err or "") or ("", 0))[0].endswith("transformers/modeling_utils.py"):
            # torch stopped in transformers' `get_input_embeddings` (its `:=`), which a compiled forward calls
            self.getters = True
            self.res["bypasses"].append("embedding-getters")
            return True
        # a module-level helper torch compiles from the method (transformers' `apply_rotary_pos_emb(...,
        # unsqueeze_dim=1)`, often imported from another model's file) has JT303's signature: annotate it there; or
        # it fails in its own body or signature (`module: nn.Module`): call it from Python
        for bypass, apply in (("annotate-helpers", annotate_helper), ("ignore-helpers", ignore_helper),
                              ("ignore-helpers", loosen_stand_in)):
            # one at a time: each swaps what it changes; a stand-in is loosened only for a call outside the checked
            # statement
            searched = namespaces + class_namespaces(self.inst) if apply is annotate_helper else namespaces
            helper = apply(err, searched) if masked and (apply is not loosen_stand_in or self.loc_outside(err)) \
                else None
            if helper is not None:
                if bypass not in self.res["bypasses"]:
                    self.res["bypasses"].append(bypass)
                self.res.setdefault("bypass_details", {}).setdefault(bypass, []).append(helper)
                break
        if helper is not None:
            return True
        stood_in = ignore_method(err, self.inst, self.fn_node.name,
                                 "\n".join(self.src.splitlines()[self.lo - 1:self.hi]), self.jt513_callee) \
            if masked and self.loc_outside(err) else None
        if stood_in is not None:
            if "ignore-methods" not in self.res["bypasses"]:
                self.res["bypasses"].append("ignore-methods")
            self.res.setdefault("bypass_details", {}).setdefault("ignore-methods", []).append(stood_in)
            return True
        constructed = constructed_class_call(err, self.abs_path, self.tree, self.avoid) \
            if out.get("reason", "").startswith("masked") else None
        if constructed is not None:
            # a class of another file that compiled code of this file constructs fails in its own file
            # (transformers' `DynamicCache(config=self.config)`: `**layer_kwargs` in cache_utils.py): build None instead
            owner_key = self.method_at_line(constructed[0])
            key_ = owner_key if owner_key is not None else (self.cls, self.fn_node.name)
            if constructed not in self.sibling_edits.get(key_, []):
                self.sibling_edits.setdefault(key_, []).append(constructed)
                if "stub-constructed-classes" not in self.res["bypasses"]:
                    self.res["bypasses"].append("stub-constructed-classes")
                self.res.setdefault("neutralized", []).append(
                    f"{self.path}:{constructed[0]} (None for {constructed[3]})")
                return True
        return False

    def reshape_stand_ins(self, err: Optional[str], masked: bool) -> bool:
        """stub-submodules' stand-ins reshaped for what their callers do with them: loosened, unpacked or indexed,
        widened. False when none applies."""
        loosened = loosen_stubs(self.inst, err) if masked and self.stubbed and self.loc_outside(err) else None
        if loosened is not None:
            self.res.setdefault("bypass_details", {}).setdefault("stub-submodules", []).append("loosened " + loosened)
            return True
        # the caller unpacks or indexes a stand-in's result past what it returns: a longer tuple (or a list of them).
        # Also at the checked statement (PP-DocLayout's comprehension both unpacks the backbone's features and indexes
        # the ModuleList): the stand-in's type is the harness's, not a construct of the statement
        reshaped = None
        if masked and self.stubbed:
            loc_ = error_location(err or "")
            lines_ = Path(loc_[0]).read_text().splitlines() if loc_ and Path(loc_[0]).is_file() else []
            # torch may name a line past the end of the file it names (a bypass file holding one method): no statement
            statement_ = lines_[loc_[1] - 1] if lines_ and 0 < loc_[1] <= len(lines_) else ""
            above = "\n".join(lines_[max(0, loc_[1] - 41):loc_[1] - 1]) if lines_ else ""
            for what, repair in (("unpacked", unpacked_stubs), ("indexed", indexed_stubs)):
                done_ = repair(self.inst, err, statement_, above)
                if done_ is not None:
                    reshaped = f"{what} {done_}"
                    break
        if reshaped is not None:
            self.res.setdefault("bypass_details", {}).setdefault("stub-submodules", []).append(reshaped)
            return True
        widened = widen_stubs(self.inst, err, lambda m: try_script(m) is None) if masked and self.stubbed else None
        if widened is not None:
            self.res.setdefault("bypass_details", {}).setdefault("stub-submodules", []).append("widened " + widened)
            return True
        return False

    def make_flags_constant(self, err: Optional[str], masked: bool) -> bool:
        """constant-flags: torch stopped at a read of an attribute the module lacks inside ``if self.F:``, with the
        instance's bool ``F`` leaving that branch dead in eager: ``F`` becomes a constant of its class
        (``constant_flags``). False when it does not apply."""
        # (a signature rule's statement is the whole function: its body's reads are other constructs)
        flagged = constant_flags(self.inst, err, self.tree, self.flag_constants) if masked \
            and (self.loc_outside(err) or signature_rule(self.code)) \
            and same_file((error_location(err or "") or ("", 0))[0], self.abs_path) else None
        if flagged is not None:
            if "constant-flags" not in self.res["bypasses"]:
                self.res["bypasses"].append("constant-flags")
            self.res.setdefault("bypass_details", {}).setdefault("constant-flags", []).append(flagged)
            return True
        return False

    def stub_submodules(self, err: Optional[str], out: Dict[str, Any]) -> bool:
        """stub-submodules, once: the submodules that fail to script on their own replaced by stand-ins. False
        when there is none."""
        elsewhere = out.get("reason") == "the rule's error, at another place" \
            and error_location(err or "") is not None \
            and not same_file(error_location(err or "")[0], self.abs_path)  # the same rule's, in another file's class
        if out["status"] == "unconfirmable" and (out.get("reason", "").startswith("masked") or elsewhere) \
                and not self.stubbed:
            stub_failing_children(self.inst, self.method_span, self.stubbed, incidental=self.incidental)
            if self.incidental:
                self.res["incidental"] = self.incidental
            if self.stubbed:
                self.res["bypasses"].append("stub-submodules")
                self.res.setdefault("bypass_details", {})["stub-submodules"] = self.stubbed
                return True
        return False

    def neutralize_mask(self, err: Optional[str], out: Dict[str, Any], masked: bool) -> Optional[Dict[str, Any]]:
        """What masks the diagnostic taken out where torch names it (neutralize-siblings, slice-before, a mask of
        its own kind), or the method made the only entry point (isolate-method): None to go on with another round,
        or the result."""
        loc = error_location(err or "")
        key = (self.cls, self.fn_node.name)
        other = match_rule(err or "", self.table) if out.get("reason", "").startswith("masked") else None
        if loc and same_file(loc[0], self.abs_path) and self.diags is None:
            self.diags = _reported_diags(str(SITE / self.path), self.src)
        # the rules jitlint reports in the statement torch stopped at (its line may be the statement's first)
        mask_span = statement_span(self.tree, loc[1]) if self.diags and loc and same_file(loc[0], self.abs_path) \
            else (0, -1)
        at_mask = {d[0] for d in self.diags or [] if mask_span[0] <= d[1] <= mask_span[1]}
        if other and other not in at_mask:
            # texts overlap (JT404 and JT601 both print "'Optional[Tensor]' object has no attribute"): the rule
            # jitlint reports at that statement
            other = next((c for c in sorted(at_mask) if match_rule(err or "", self.table, prefer=c) == c), other)
        # an error naming no place, of a rule jitlint reports in this method before the diagnostic (a numpy ufunc:
        # "cannot create weak reference to 'numpy.ufunc' object"): neutralize the first of those not yet done
        if loc is None and other and other != self.code and self.neutralize_reported(
                other, lambda r: self.method_span[1] <= r < self.row, "the error names no place", first_only=True):
            return None
        # masks torch names, each removed in its own place: a JT303 parameter read there (OmDet's `device="cpu"`),
        # a read ignore-config hid, a `None` binding retyped later, a JT507 sibling `getattr` with an f-string
        outside = self.loc_outside(err)
        finders = ([lambda: self.literal_default_sibling(loc, error_parameter(err or ""))]
                   if masked and not (other and loc and other in at_mask) else []) \
            + ([lambda: self.ignored_attribute_read(err, loc), lambda: self.none_binding_annotated(err, loc)]
               if masked and outside else []) \
            + ([lambda: self.literal_getattr(loc)] if outside and match_rule(err or "", self.table) == "JT507"
               else []) \
            + ([lambda: self.helper_call_as_method(err, loc), lambda: self.none_default_callee(err)] if masked
               else []) \
            + [lambda: self.none_default_used(err, loc)]
        named_mask = next((found for found in (f() for f in finders) if found is not None), None)
        if named_mask is not None:
            key, edit = named_mask
        elif other and loc and (other in at_mask or (other in SYNTACTIC_NEUTRALIZERS
                                                     and same_file(loc[0], self.abs_path) and self.loc_outside(err))):
            # another rule's construct, reported by jitlint, fires first (in this method, or in another method of a
            # class of this file, e.g. forward before the helper being checked): neutralize it too. A construct the
            # source alone shows (`x.view(*shape)`) is neutralized where torch's text names it, reported or not
            if not self.method_span[1] <= loc[1] <= self.method_span[2]:
                owner_key = self.method_at_line(loc[1])
                if owner_key is None and self.neutralize_helper(err, out):
                    return None  # a module-level function of this file the method calls (ViTDet's relative positions)
                if owner_key is None:
                    return self.isolate_or_stop(err, out)
                key = owner_key
            edit = neutralize(self.tree, other, loc[1], self.sibling_edits.get(key, []), self.avoid, self.diags or [])
            if edit is None and self.slice_mask(err, out):
                return None
            if edit is None:
                return self.isolate_or_stop(err, out)
        elif masked and other and loc is None \
                and self.neutralize_reported(other, lambda r: True, "another rule's error names no place"):
            # another rule's error naming no place (EoMT's loss calls the `@lru_cache` `is_accelerate_available()`:
            # JT901's INTERNAL ASSERT): its reports in this file's methods taken out
            return None
        elif out.get("reason") != "the rule's error, at another place":
            if self.slice_mask(err, out):
                return None
            return self.isolate_or_stop(err, out)
        elif loc is None and not out.get("other_parameter"):
            # the rule's error names no place (JT124's frontend crash on `{"k": v, **kw}`): take out only the checked
            # construct; the diagnostic is confirmed when that error goes with it (the rule's other places first)
            if self.rule_elsewhere():
                return None
            return self.removal_check(err, out, key)
        # the same rule fires first at a sibling diagnostic in this method: neutralize it and go on
        elif out.get("other_parameter"):
            edit = annotate_parameter(self.fn_node, out["other_parameter"], self.sibling_edits.get(key, []))
        else:
            edit = None
            if loc and same_file(loc[0], self.abs_path) and not self.method_span[1] <= loc[1] <= self.method_span[2]:
                # in a method of another class of this file (a submodule's forward): neutralize it there
                owner_key = self.method_at_line(loc[1])
                key = owner_key if owner_key is not None else key
                in_reach = owner_key is not None
            else:
                in_reach = bool(loc) and self.method_span[1] <= loc[1] <= self.method_span[2]
            if in_reach:
                # the same text at a sibling diagnostic: of this rule, or of another one that prints it too
                # (JT130 and JT606 both print "cannot statically infer the expected size of a list")
                for sibling in [self.code] + sorted(c for c in at_mask if c != self.code):
                    edit = neutralize(self.tree, sibling, loc[1], self.sibling_edits.get(key, []), self.avoid,
                                      self.diags or [])
                    if edit is not None:
                        break
        # the same rule's error earlier in the method, at a construct no neutralizer takes out (or one jitlint does
        # not report): slice that statement out when the checked one reads nothing it changes
        if edit is None and out.get("reason") == "the rule's error, at another place" and self.slice_mask(err, out):
            return None
        if edit is None:
            return self.isolate_or_stop(err, out)
        kept = [e for e in self.sibling_edits.get(key, []) if not edit_within(e, edit)]
        self.sibling_edits[key] = kept + [edit]
        self.res.setdefault("neutralized", []).append(f"{self.path}:{edit[0] or edit[3]}")
        if "neutralize-siblings" not in self.res["bypasses"]:
            self.res["bypasses"].append("neutralize-siblings")
        return None


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


def script_class_method(mod: Any, cls_node: ast.ClassDef, method: str, src: str, abs_path: str,
                        edits: Sequence[Tuple[int, int, int, str]] = (), resolvable: Sequence[str] = ()) -> Optional[str]:
    """``torch.jit.script`` of a copy of the plain class ``cls_node`` that holds only ``__init__`` and ``method``,
    defined in the module's namespace: what torch compiles of that method when compiled code constructs the class,
    without the other methods' failures first (torch parses every method of a class before compiling any). The
    other lines are blank, so line numbers (and torch's error locations) are the file's; the copy's source is
    served for the file's path (each task runs in its own interpreter). ``edits``: one-line edits (row, byte
    columns, text) made first; ``resolvable``: dotted names the class's resolution callback also finds."""
    import linecache

    import torch

    lines = src.splitlines()
    for row, col, end_col, text_ in sorted(edits, key=lambda e: (e[0], -e[1])):
        line_b = lines[row - 1].encode()
        lines[row - 1] = (line_b[:col] + text_.encode() + line_b[end_col:]).decode()
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
    # served for the path: the file with only this class's other methods blank (torch reads the source of the
    # other classes it compiles on the way, ESMFold's `Rigid` reaching `Rotation`)
    served = list(lines)
    for node in cls_node.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name not in ("__init__", method):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            for i in range(start - 1, node.end_lineno or node.lineno):
                served[i] = ""
    served_text = "\n".join(served) + "\n"
    linecache.cache[abs_path] = (len(served_text), None, served_text.splitlines(True), abs_path)
    namespace = dict(mod.__dict__)
    exec(compile(text, abs_path, "exec"), namespace)  # noqa: S102 - the file's own class, trimmed
    copy = namespace[cls_node.name]
    copy.__module__ = mod.__name__
    # resolved as torch resolves a class compiled code reaches (not through the caller's frame, as a direct
    # `torch.jit.script(cls)` does): by the original class's methods' globals and whole annotations
    original = getattr(mod, cls_node.name, None)
    rcb = torch._jit_internal.createResolutionCallbackForClassMethods(original) if isinstance(original, type) \
        else None
    if rcb is not None and resolvable:
        rcb = resolving_dotted(rcb, resolvable, namespace)
    return _compile(lambda: torch.jit.script(copy, _rcb=rcb))


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


_checkers: Dict[str, Callable[[bytes], List[Dict[str, Any]]]] = {}


def _reported_diags(path: str, text: str) -> List[Tuple[str, int, int, int, int, str]]:
    """jitlint's diagnostics of ``text`` checked as the file ``path`` in its project (as the corpus lint sees it:
    a class whose module base lives in another file is a module), as (code, row, col, end_row, end_col): rows
    1-based, byte columns 0-based, and the message. The file as installed has the corpus lint's (``_corpus_diags``,
    from the whole tree: ESMFold's `rigid_utils` is compiled because the model's files call it)."""
    corpus = _corpus_diags.get(str(Path(path).resolve()))
    if corpus is not None and text == _installed_text(path):
        return corpus
    if path not in _checkers:
        _checkers[path] = fix_bypass.project_checker(Path(path))
    return [(d["code"], d["row"], d["column"] - 1, d["end_row"], d["end_column"] - 1, d["message"])
            for d in _checkers[path](text.encode())]
