"""Stand-ins of ``ecosystem.py confirm``: scriptable replacements for library code that stops torch before the
diagnostic being checked, typed so that their callers compile as they would against the original.

- ``stub-submodules`` (``make_stub_like``): a module whose ``forward`` takes the original's parameters (``Tensor``
  where torch types the original's a Tensor) and returns a value of the original's return annotation when that is
  a Tensor, a tuple of Tensors or a transformers ``ModelOutput`` (a NamedTuple of its fields); ``loosen_stubs``
  widens a stand-in whose own signature stopped its caller.
- ``ignore-helpers`` (``_typed_stand_in``): a compiled function with a module-level helper's parameters and literal
  defaults, calling the helper through ``torch.jit.ignore``; ``loosen_stand_in`` adds a keyword the helper took
  through ``**kwargs``.

Their sources are written to files under ``BYPASS_DIR`` (``bypass_file``), since TorchScript reads a function's
source through ``inspect``; ``ecosystem_script.py`` writes its patched copies of methods there too.
"""

from __future__ import annotations

import ast
import atexit
import inspect
import itertools
import os
import re
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

# A worker writes into the directory its parent made for it (``run_worker`` removes it when the worker ends); any
# other process (the bench smoke tests, a fix_verify worker) into its own, removed when it exits.
_SCRATCH_GIVEN = os.environ.get("JITLINT_ECOSYSTEM_SCRATCH")
BYPASS_DIR = Path(_SCRATCH_GIVEN or Path(tempfile.gettempdir()) / f"jitlint-ecosystem-{os.getpid()}")
if not _SCRATCH_GIVEN:
    atexit.register(shutil.rmtree, BYPASS_DIR, ignore_errors=True)
_file_numbers = itertools.count(1)

# The library class of each class the ``signature`` bypass made from it (a stand-in reads the original's annotations).
original_of: Dict[type, type] = {}


def bypass_file(stem: str, src: str, suffix: str = ".py") -> Path:
    """Write ``src`` to a new file ``<stem>.<n><suffix>`` under ``BYPASS_DIR`` (one process's directory)."""
    BYPASS_DIR.mkdir(parents=True, exist_ok=True)
    path = BYPASS_DIR / f"{stem}.{next(_file_numbers)}{suffix}"
    path.write_text(src)
    return path


# ----------------------------------------------------------------------------------------------- stub-submodules


def _tensor_annotation(ann: Any, globs: Dict[str, Any]) -> bool:
    """``ann`` (an annotation object, or its text) names a Tensor: ``torch.Tensor``, ``Tensor``, or one of the legacy
    tensor types ``torch.FloatTensor``, ``torch.LongTensor`` ... (TorchScript reads them all as ``Tensor``)."""
    import torch

    if isinstance(ann, str):
        text = ann.strip()
        if not re.fullmatch(r"(torch\.)?\w*Tensor", text):
            return False
        try:
            ann = eval(text, dict(globs), {"torch": torch})  # noqa: S307 - a dotted name, checked above
        except Exception:  # noqa: BLE001 - `Tensor` not imported by that name: the text says it all
            return text in ("Tensor", "torch.Tensor")
    return ann is torch.Tensor or type(ann) is type(torch.FloatTensor)


def _stub_return(ann: Any, globs: Dict[str, Any]) -> Optional[Tuple[str, str]]:
    """What a stand-in's ``forward`` returns so that its result types as the real ``forward``'s return annotation
    ``ann`` says: ``(annotation, expression of self._bypass_weight)``, or None (``Any``, the default) when that
    annotation is not a Tensor or a tuple of Tensors.

    ``torch.Tensor`` (and ``torch.FloatTensor``-style types) -> ``Tensor``; ``tuple[Tensor, Tensor]`` -> that tuple;
    a tuple of Tensors whose length the annotation does not pin (``tuple[Tensor, ...]``, or transformers'
    ``tuple[torch.Tensor] | BaseModelOutput``, where the one-element tuple stands for the ``return_dict=False``
    output of any length) -> ``List[Tensor]``, which indexes, slices and unpacks like it. Members of a union that
    TorchScript cannot type (library classes such as a ``ModelOutput``) are left out, as the ``signature`` bypass
    leaves out such a return annotation; a union with ``None`` or with any other member stays ``Any``."""
    import types
    import typing

    if ann is inspect.Signature.empty or ann is None:
        return None
    if isinstance(ann, str):
        try:
            ann = eval(ann, dict(globs))  # noqa: S307 - an annotation of installed library code
        except Exception:  # noqa: BLE001
            return ("Tensor", "self._bypass_weight") if _tensor_annotation(ann, globs) else None
    members = [ann]
    origin = typing.get_origin(ann)
    union = origin is typing.Union or (origin is not None and origin is getattr(types, "UnionType", None))
    outputs = [m for m in (typing.get_args(ann) if union else [ann]) if _model_output_class(m)]
    if len(outputs) == 1:
        return _stub_named_tuple(outputs[0])
    if union:
        members = [m for m in typing.get_args(ann)
                   if not (isinstance(m, type) and m is not type(None) and m.__module__ != "builtins"
                           and not _tensor_annotation(m, globs))]
    if len(members) != 1:
        return None
    only = members[0]
    if _tensor_annotation(only, globs):
        return "Tensor", "self._bypass_weight"
    if typing.get_origin(only) is tuple:
        args = typing.get_args(only)
        if len(args) == 2 and args[1] is Ellipsis and _tensor_annotation(args[0], globs):
            return "List[Tensor]", "[self._bypass_weight]"
        if not args or not all(_tensor_annotation(a, globs) for a in args):
            return None
        if len(args) == 1 and union and len(typing.get_args(ann)) > 1:
            return "List[Tensor]", "[self._bypass_weight]"
        return f"Tuple[{', '.join(['Tensor'] * len(args))}]", f"({', '.join(['self._bypass_weight'] * len(args))},)"
    return None


def _model_output_class(cls: Any) -> bool:
    """transformers' ``ModelOutput`` dataclasses (``BaseModelOutputWithPooling`` ...), which TorchScript cannot type."""
    import dataclasses
    return isinstance(cls, type) and dataclasses.is_dataclass(cls) \
        and any(b.__name__ == "ModelOutput" for b in cls.__mro__[1:])


_stub_types: Dict[str, Any] = {}  # NamedTuple stand-ins of output dataclasses, by the name the stubs' source uses


def _stub_named_tuple(cls: type) -> Tuple[str, str]:
    """A stand-in's return for a ``ModelOutput`` dataclass: a NamedTuple of its fields, in order, so that the caller
    reads ``outputs.pooler_output`` and ``outputs[0]`` as it reads the dataclass in eager (what the return-dict and
    tuple outputs give): a Tensor field (``Tensor | None``) is a ``Tensor``, a tuple of Tensors a ``List[Tensor]``,
    anything else ``Optional[Tensor]`` (``None``)."""
    import dataclasses
    import typing

    import torch
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001
        hints = {}
    fields: List[Tuple[str, Any]] = []
    values: List[str] = []
    for field in dataclasses.fields(cls):
        text = str(hints.get(field.name, field.type))
        sequence = "tuple" in text.lower() or "list" in text.lower()
        if sequence and "Tensor" in text:
            fields.append((field.name, typing.List[torch.Tensor]))
            values.append("[self._bypass_weight]")
        elif "Tensor" in text and "Cache" not in text:
            fields.append((field.name, torch.Tensor))
            values.append("self._bypass_weight")
        else:
            fields.append((field.name, typing.Optional[torch.Tensor]))
            values.append("None")
    name = f"_BypassOut_{cls.__name__}"
    if name not in _stub_types:
        tuple_type = typing.NamedTuple(name, fields)
        tuple_type.__module__ = __name__
        _stub_types[name] = tuple_type
    return name, f"{name}({', '.join(values)})"


# Parameters a stand-in keeps as `Optional[Tensor] = None` where the original leaves them unannotated with a `None`
# default (torch types them Tensor): the one JT513 names at the checked call (DETR-family decoders'
# `multi_stage_features=None` given a list), so the stand-in still refuses the argument as the original does. Set by
# the confirmation of such a diagnostic, cleared after it.
optional_tensor_params: set = set()


def _stub_signature(fn: Any, library_fn: Any) -> Tuple[List[str], str, str]:
    """The parameters, return type and returned value of a stand-in for method ``fn`` (``library_fn``: the
    library's own, whose annotations a ``signature`` bypass copy may have dropped). Parameters are typed ``Tensor``
    where torch types ``fn``'s a Tensor (annotated ``torch.Tensor``, or unannotated without a default), so that a
    call passing an Optional still fails as it would, ``bool`` with its default where the library's is a ``bool``
    with a bool default, else ``Any``. It returns what the return annotation says when
    that is a Tensor or a tuple of Tensors (``_stub_return``; a value of that type), or, without one, what its
    ``return``s say (``_unannotated_return``), else its first parameter, as ``Any``."""
    import typing

    import torch

    params: List[str] = []
    first = "None"
    returns: Optional[Tuple[str, str]] = None
    try:
        sig = inspect.signature(inspect.unwrap(fn))
        lib = inspect.unwrap(library_fn)
        returns = _stub_return(inspect.signature(lib).return_annotation, getattr(lib, "__globals__", {}))
        if returns is None and inspect.signature(lib).return_annotation is inspect.Signature.empty:
            returns = _unannotated_return(lib)
        elif returns is not None and returns[0] == "Tuple[Tensor]":
            # transformers' `-> tuple[torch.Tensor]` on a forward whose every `return` gives two (BertAttention's
            # `return attention_output, attn_weights`): the annotation means "a tuple"; the returns say how long
            spelled = _unannotated_return(lib)
            if spelled is not None and spelled[0].startswith("Tuple["):
                returns = spelled
        library_params = inspect.signature(lib).parameters
        try:
            hints_of_library = typing.get_type_hints(lib)
        except Exception:  # noqa: BLE001 - an annotation naming what the module does not define
            hints_of_library = {}
        for i, (pname, prm) in enumerate(sig.parameters.items()):
            if i == 0 or prm.kind in (prm.VAR_POSITIONAL, prm.VAR_KEYWORD):
                continue
            if first == "None":
                first = pname
            tensor = prm.default is prm.empty and (prm.annotation is prm.empty or prm.annotation is torch.Tensor
                                                   or prm.annotation in ("torch.Tensor", "Tensor"))
            default = " = None" if prm.default is not prm.empty else ""
            # a `bool` with a bool default keeps both (ViT's embeddings' `interpolate_pos_encoding: bool = False`:
            # a caller passing an `Optional[bool]` still fails as it would)
            own = library_params.get(pname)
            if own is not None and own.annotation in (bool, "bool") and isinstance(own.default, bool):
                params.append(f"{pname}: bool = {own.default!r}")
                continue
            # a required parameter keeps a plain, non-Optional annotation TorchScript reads (Llama-style
            # attention's `position_embeddings: tuple[torch.Tensor, torch.Tensor]`): an Optional passed still fails
            hint = hints_of_library.get(pname) if own is not None and prm.default is prm.empty else None
            if hint is not None and _plain_type(hint) and "Optional" not in _annotation_text(hint) \
                    and _annotation_text(hint) not in ("Any", "None"):
                params.append(f"{pname}: {_annotation_text(hint)}")
                continue
            if pname in optional_tensor_params and prm.default is None and prm.annotation is prm.empty:
                params.append(f"{pname}: Optional[Tensor] = None")
                continue
            params.append(f"{pname}: {'Tensor' if tensor else 'Any'}{default}")
    except (TypeError, ValueError):
        params = ["x: Any"]
        first = "x"
    ret, value = returns or ("Any", first)
    return params, ret, value


# The original module each stand-in replaces (``widen_stubs`` gives a stand-in what its parent reads of it).
_stub_originals: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()


def _stub_for(orig: Any) -> Any:
    """A module whose ``forward`` takes the same parameters as ``orig``'s and returns a value of its type where
    that is known (``_stub_signature``)."""
    import torch
    from torch import nn

    library = original_of.get(type(orig), type(orig))
    params, ret, value = _stub_signature(type(orig).forward, getattr(library, "forward"))
    stub = _stub_class(type(orig).__name__, params, ret, value)()
    # one parameter, so that properties such as transformers' `device` (`next(self.parameters())`), which torch
    # reads while it infers the parent's type, still find one when every child is a stand-in
    stub.register_parameter("_bypass_weight", nn.Parameter(torch.zeros(())))
    _stub_originals[stub] = orig
    return stub


def _unannotated_return(fwd: Any) -> Optional[Tuple[str, str]]:
    """A stand-in's return for a ``forward`` without a return annotation, from its source: a tuple of Tensors as
    long as every ``return``'s tuple (``_returned_tuple_text``); a Tensor when every ``return`` gives one value that
    is no tuple and no ``None`` (``return self.embed(x) * self.scale``: a module whose result is a Tensor); else None
    (``Any``). A ``forward`` that may return None is no Tensor: its stand-in must not hide a caller's Optional."""
    import textwrap

    try:
        src = textwrap.dedent(inspect.getsource(fwd))
        node = ast.parse(src).body[0]
    except (OSError, TypeError, SyntaxError, IndexError):
        return None
    tuple_text = _returned_tuple_text(src)
    if tuple_text is not None:
        n = tuple_text.count("Tensor")
        return tuple_text, f"({', '.join(['self._bypass_weight'] * n)},)"
    returns = _own_returns(node)
    plain = all(r.value is not None and not isinstance(r.value, (ast.Tuple, ast.List, ast.Dict, ast.Constant))
                for r in returns)
    return ("Tensor", "self._bypass_weight") if returns and plain else None


def _stub_class(name: str, params: List[str], ret: str, value: str,
                methods: Optional[Dict[str, str]] = None) -> type:
    """The class of a stand-in for module class ``name``: ``forward(self, <params>) -> ret`` returning ``value``,
    and ``methods`` (name -> source of a ``def``) the parent calls besides. A new class each time (torch caches what
    it compiled per class); ``_jl_stub`` keeps what it was made from."""
    from typing import Any as TAny
    from typing import List as TList
    from typing import Optional as TOptional
    from typing import Tuple as TTuple

    import torch
    from torch import nn

    methods = dict(methods or {})
    src = "\n".join([f"def forward(self, {', '.join(params)}) -> {ret}:\n    return {value}\n", *methods.values()])
    f = bypass_file(f"stub.{name}", src)
    ns: Dict[str, Any] = {"Any": TAny, "Tensor": torch.Tensor, "List": TList, "Tuple": TTuple, "Optional": TOptional,
                          **_stub_types}
    exec(compile(src, str(f), "exec"), ns)  # noqa: S102
    return type(f"_BypassStub_{name}", (nn.Module,),
                {"forward": ns["forward"], **{m: ns[m] for m in methods}, "_jl_stub": (name, params, ret, value, methods)})


_STUB_CALL = re.compile(r"(\w+)\(__torch__\.[\w.]*?_BypassStub_(\w+) self")


def _typed_any(params: List[str], name: str) -> List[str]:
    """A stand-in's parameters with ``name`` typed ``Any``, its default kept (``output_attentions: bool = False``
    keeps ``= False``: a parameter without one after defaulted ones is a SyntaxError, as LED's stand-in met)."""
    return [f"{name}: Any" + (" = " + p.split("=", 1)[1].strip() if "=" in p else "") if p.split(":")[0] == name
            else p for p in params]


def loosen_stubs(root: Any, err: Optional[str]) -> Optional[str]:
    """A stand-in's own signature stopped torch at a call of the caller (a `str` passed where it kept the original's
    `Tensor`, a keyword the original took through `**kwargs`): that parameter becomes `Any`, that keyword a new
    `Any = None` parameter, in every stand-in of that class. A description, or None when the error is not that."""
    named = _STUB_CALL.search(err or "")
    arg = re.search(r"Expected a value of type '[^']+' for argument '(\w+)' but instead found type", err or "")
    keyword = re.search(r"Keyword argument (\w+) unknown", err or "")
    if named is None or (arg is None and keyword is None):
        return None
    changed = ""
    for sub in list(root.modules()):
        made = getattr(type(sub), "_jl_stub", None)
        if made is None or made[0] != named.group(2):
            continue
        name, params, ret, value, methods = made
        if named.group(1) != "forward":  # a method `widen_stubs` gave it: that method's parameters
            method = named.group(1)
            if method not in methods or arg is None:
                return None
            head, rest = methods[method].split(") -> ", 1)
            fparams = [p.strip() for p in head.split("(", 1)[1].split(", ")[1:]]
            new_m = _typed_any(fparams, arg.group(1))
            if new_m == fparams:
                return None
            methods = {**methods, method: f"def {method}(self, {', '.join(new_m)}) -> {rest}"}
            sub.__class__ = _stub_class(name, params, ret, value, methods)
            changed = f"{name}.{method}: `{arg.group(1)}` Any"
            continue
        if arg is not None:
            new = _typed_any(params, arg.group(1))
            changed = f"{name}: `{arg.group(1)}` Any"
        else:
            new = params + [f"{keyword.group(1)}: Any = None"]
            changed = f"{name}: keyword `{keyword.group(1)}`"
        if new == params:
            return None
        sub.__class__ = _stub_class(name, new, ret, value, methods)
    return changed or None


_UNPACKED = re.compile(r"(?:Tensor|Any) cannot be used as a tuple")


# `for level, (source, mask) in enumerate(features):` / `for source, mask in features:`: the names of the tuple each
# element is unpacked into, and the iterated name
_ITERATED = re.compile(r"\s*for\s+(?:\w+\s*,\s*\((?P<inner>[\w\s,]+)\)|(?P<plain>\w+\s*(?:,\s*\w+\s*)+))\s+in\s+"
                       r"(?:enumerate\(\s*(?P<enumerated>\w+)\s*\)|(?P<name>\w+))\s*:")
# the same in a comprehension (PP-DocLayout's `[self.encoder_input_proj[level](source) for level, (source, mask) in
# enumerate(features)]`)
_ITERATED_IN_COMPREHENSION = re.compile(
    r"\bfor\s+(?:\w+\s*,\s*\((?P<inner>[\w\s,]+)\)|(?P<plain>\w+\s*(?:,\s*\w+\s*)+))\s+in\s+"
    r"(?:enumerate\(\s*(?P<enumerated>\w+)\s*\)|(?P<name>\w+))\s*(?:\]|\)|\bif\b)")


def unpacked_stubs(root: Any, err: Optional[str], statement: str, before: str = "") -> Optional[str]:
    """The caller unpacks a stand-in's result into n names (UMT5's `hidden_states, _ = self.layer[0](...)`), and the
    stand-in returns a Tensor or `Any` ("Tensor cannot be used as a tuple": the original's `return outputs` named a
    tuple of a length its source does not give): every stand-in of a module reached by that call returns a tuple of
    n Tensors. Also when a loop unpacks each element of a name bound to the stand-in's result earlier in ``before``
    (the DETR family's `features = self.backbone(pixel_values, pixel_mask)` then `for level, (source, mask) in
    enumerate(features):`): the stand-in returns a list of such tuples. ``statement``: the source line torch points
    at. A description, or None."""
    if _UNPACKED.search(err or "") is None:
        return None
    called = re.match(r"\s*((?:\w+\s*,\s*)+\w+)\s*,?\s*=\s*self\.([\w.\[\]]+?)\(", statement or "")
    listed = False
    if called is not None:
        count = len([t for t in called.group(1).split(",") if t.strip()])
        target = called.group(2)
    else:
        loop = _ITERATED.match(statement or "") or _ITERATED_IN_COMPREHENSION.search(statement or "")
        iterated = loop and (loop.group("enumerated") or loop.group("name"))
        bound = [m for m in re.finditer(rf"^\s*{iterated}\s*=\s*self\.([\w.\[\]]+?)\(", before, re.M)] \
            if iterated else []
        if not bound:
            return None
        names = loop.group("inner") or loop.group("plain")
        count = len([t for t in names.split(",") if t.strip()])
        target = bound[-1].group(1)
        listed = True
    tuple_type = f"Tuple[{', '.join(['Tensor'] * count)}]"
    tuple_value = f"({', '.join(['self._bypass_weight'] * count)},)"
    if listed:
        tuple_type, tuple_value = f"List[{tuple_type}]", f"[{tuple_value}]"
    return _stubs_returning(root, re.sub(r"\[(\d+)\]", r".\1", target), tuple_type, tuple_value, False)


def _stubs_returning(root: Any, path: str, ret_type: str, value: str, elements: bool) -> Optional[str]:
    """Every stand-in at submodule ``path`` of a module under ``root`` (and, with ``elements``, every stand-in among
    its children: the modules of a ModuleList) returns ``value`` of ``ret_type`` from now on. A description, or None
    when none changed."""
    changed = ""
    for owner in list(root.modules()):
        try:
            target = owner.get_submodule(path)
        except (AttributeError, TypeError):
            continue
        for sub in [target, *(target.children() if elements else [])]:
            made = getattr(type(sub), "_jl_stub", None)
            if made is None or made[2] == ret_type:
                continue
            name, params, _, _, methods = made
            sub.__class__ = _stub_class(name, params, ret_type, value, methods)
            changed = f"{name}: returns {ret_type}"
    return changed or None


_SHORT_TUPLE = re.compile(r"Tuple index out of range\. Tuple is length (\d+) and index is (\d+)")


def indexed_stubs(root: Any, err: Optional[str], statement: str, before: str) -> Optional[str]:
    """The caller indexes a stand-in's result past the tuple the stand-in returns ("Tuple index out of range. Tuple is
    length 1 and index is 1": Donut-Swin's `hidden_states_before_downsampling = layer_outputs[1]`, the original's
    `return stage_outputs` a tuple its source grows): the stand-ins reached by the call that bound the name
    (`layer_outputs = layer_module(...)` under `for i, layer_module in enumerate(self.layers)`, or `= self.stage(...)`)
    return a tuple of Tensors long enough. ``before``: the lines above ``statement``. A description, or None."""
    short = _SHORT_TUPLE.search(err or "")
    read = re.match(r"\s*\w+\s*=\s*(\w+)\[(\d+)\]", statement or "")
    if short is None or read is None:
        return None
    name, count = read.group(1), int(short.group(2)) + 1
    bound = list(re.finditer(rf"^\s*{name}\s*=\s*(self\.)?([\w.]+)\(", before, re.M))
    if not bound:
        return None
    path = bound[-1].group(2)
    if bound[-1].group(1) is None:  # a loop variable over a container of submodules
        loop = list(re.finditer(rf"^\s*for\s+(?:\w+\s*,\s*)?{re.escape(path)}\s+in\s+(?:enumerate\()?self\.([\w.]+)",
                                before, re.M))
        if not loop:
            return None
        path = loop[-1].group(1)
    return _stubs_returning(root, path, f"Tuple[{', '.join(['Tensor'] * count)}]",
                            f"({', '.join(['self._bypass_weight'] * count)},)", True)


_STUB_ATTRIBUTE = re.compile(r"Module '_BypassStub_(\w+)' has no attribute '(\w+)'")


def widen_stubs(root: Any, err: Optional[str], scripts: Any) -> Optional[str]:
    """The parent reads what a stand-in lacks (Phi4's `self.img_processor.embeddings.patch_embedding.weight`,
    CLIPSeg's `self.clip.get_image_features(...)`): give every stand-in of that class the original's attribute, a
    submodule (itself a stand-in unless ``scripts(it)``), a method (a stand-in of its signature, as ``forward``'s) or a
    plain value. A description, or None when the error is not that or the original has no such attribute."""
    import torch
    from torch import nn

    named = _STUB_ATTRIBUTE.search(err or "")
    if named is None:
        return None
    changed = ""
    for sub in list(root.modules()):
        made = getattr(type(sub), "_jl_stub", None)
        orig = _stub_originals.get(sub)
        if made is None or made[0] != named.group(1) or orig is None:
            continue
        attr = named.group(2)
        try:
            value = getattr(orig, attr)
        except Exception:  # noqa: BLE001 - a property failing on the original: nothing to give
            continue
        if isinstance(value, nn.Module):
            setattr(sub, attr, value if scripts(value) else make_stub_like(value))
            changed = f"{made[0]}.{attr}: a submodule"
        elif inspect.ismethod(value) and value.__self__ is orig:
            library = original_of.get(type(orig), type(orig))
            params, ret, returned = _stub_signature(value.__func__, getattr(library, attr, value.__func__))
            name, fparams, fret, fvalue, methods = made
            methods = {**methods, attr: f"def {attr}(self, {', '.join(params)}) -> {ret}:\n    return {returned}\n"}
            sub.__class__ = _stub_class(name, fparams, fret, fvalue, methods)
            changed = f"{made[0]}.{attr}: a method"
        elif isinstance(value, (bool, int, float, str, torch.Tensor)) or value is None or (
                isinstance(value, (list, tuple)) and value and len({type(v) for v in value}) == 1
                and isinstance(value[0], (bool, int, float, str))):  # LFM3 rotary's `layer_types`, a list of str
            setattr(sub, attr, value)
            changed = f"{made[0]}.{attr}: a value"
    return changed or None


def make_stub_like(orig: Any) -> Any:
    """A scriptable stand-in for a submodule that fails to script for an unrelated reason."""
    from torch import nn

    if isinstance(orig, nn.Sequential):
        return nn.Sequential(*[_stub_for(m) for m in orig])
    if isinstance(orig, nn.ModuleList):
        return nn.ModuleList([_stub_for(m) for m in orig])
    if isinstance(orig, nn.ModuleDict):
        return nn.ModuleDict({k: _stub_for(m) for k, m in orig.items()})
    return _stub_for(orig)


# ------------------------------------------------------------------------------------------------ ignore-helpers


def _legacy_tensor_type(t: Any) -> bool:
    """``torch.LongTensor``, ``torch.FloatTensor``...: TorchScript reads them as ``Tensor`` (with a warning)."""
    import torch
    return isinstance(t, type) and t.__module__ == "torch" and t.__name__.endswith("Tensor") \
        and getattr(torch, t.__name__, None) is t and t is not torch.Tensor


def _plain_type(t: Any) -> bool:
    """A runtime annotation TorchScript resolves on its own: Tensor, the scalars, None, and Optional, Tuple, List
    and Dict of those."""
    import typing

    import torch
    if t in (torch.Tensor, int, float, bool, str, type(None), None) or _legacy_tensor_type(t):
        return True
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", typing.Union)):
        return all(_plain_type(a) for a in args)
    if origin in (tuple, list, dict):
        return bool(args) and Ellipsis not in args and all(_plain_type(a) for a in args)
    return False


def _stand_in_annotation(param: inspect.Parameter, hints: Dict[str, Any]) -> Any:
    """A parameter's annotation in an ``ignore-helpers`` stand-in: its own where TorchScript reads it, else ``Any``;
    unannotated, the type of a literal default (``add_dim=False``: ``bool``, as JT303's fix writes it),
    ``Optional[Tensor]`` for a ``None`` default (JT304's), else none (``Tensor`` to TorchScript, as in the original)."""
    import typing

    import torch
    if param.name in hints:
        return hints[param.name] if _plain_type(hints[param.name]) else typing.Any
    if param.default is None:
        return typing.Optional[torch.Tensor]
    if type(param.default) in (bool, int, float, str):
        return type(param.default)
    return param.annotation


def _annotation_text(t: Any) -> str:
    """A runtime annotation as TorchScript source (``torch.Tensor | None`` -> ``Optional[Tensor]``); ``Any`` for one
    it cannot read."""
    import typing

    import torch
    if t is inspect.Parameter.empty:
        return "Tensor"
    if t is type(None) or t is None:
        return "None"
    if t is torch.Tensor or _legacy_tensor_type(t):
        return "Tensor"
    if t in (int, float, bool, str):
        return t.__name__
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", typing.Union)):
        members = [a for a in args if a is not type(None)]
        inner = _annotation_text(members[0]) if len(members) == 1 else \
            f"Union[{', '.join(_annotation_text(m) for m in members)}]"
        return f"Optional[{inner}]" if len(members) < len(args) else inner
    if origin in (tuple, list, dict) and args and Ellipsis not in args:
        return f"{dict([(tuple, 'Tuple'), (list, 'List'), (dict, 'Dict')])[origin]}[" \
               f"{', '.join(_annotation_text(a) for a in args)}]"
    return "Any"


def _own_nodes(node: ast.AST) -> List[ast.AST]:
    """The nodes of function ``node``'s body itself (not of a function or class nested in it)."""
    own: List[ast.AST] = []
    todo = list(getattr(node, "body", []))
    while todo:
        sub = todo.pop()
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        own.append(sub)
        todo.extend(ast.iter_child_nodes(sub))
    return own


def _own_returns(node: ast.AST) -> List[ast.Return]:
    """The ``return`` statements of function ``node`` itself (not of a function or class nested in it)."""
    return [sub for sub in _own_nodes(node) if isinstance(sub, ast.Return)]


def _returned_tuple_text(src: str) -> Optional[str]:
    """The return type of a function without a return annotation, guessed from its source: every ``return`` (not
    of a nested function) gives a tuple of the same length -> a tuple of Tensors (``eager_attention_forward``'s
    ``return attn_output, attn_weights``); None otherwise."""
    try:
        node = ast.parse(src).body[0]
    except (SyntaxError, IndexError):
        return None
    returns = _own_returns(node)
    sizes = {len(r.value.elts) if isinstance(r.value, ast.Tuple) else -1 for r in returns}
    if len(sizes) != 1 or min(sizes) < 1:
        return None
    return f"Tuple[{', '.join(['Tensor'] * sizes.pop())}]"


# Tensor methods and functions whose result is one Tensor (a helper returning one of these returns a Tensor)
_TENSOR_METHODS = frozenset({
    "masked_fill", "masked_fill_", "to", "view", "reshape", "expand", "expand_as", "transpose", "permute",
    "contiguous", "float", "half", "double", "long", "int", "bool", "type_as", "unsqueeze", "squeeze", "flatten",
    "softmax", "log_softmax", "matmul", "repeat", "repeat_interleave", "clone", "detach", "sum", "mean", "exp", "log",
    "sqrt", "rsqrt", "pow", "abs", "neg", "clamp", "clamp_min", "clamp_max", "cumsum", "flip", "roll", "narrow",
    "gather", "index_select", "masked_select", "where", "new_zeros", "new_ones", "new_full", "new_empty", "tril",
    "triu", "sigmoid", "tanh", "relu", "mul", "add", "sub", "div", "bmm", "mm", "norm", "view_as", "reshape_as"})
_NOT_ONE_TENSOR = frozenset({
    "finfo", "iinfo", "is_tensor", "numel", "is_floating_point", "chunk", "split", "unbind", "meshgrid",
    "broadcast_tensors", "tensor_split", "max", "min", "sort", "topk", "unique", "is_nonzero", "is_complex",
    "result_type", "promote_types", "can_cast", "equal", "allclose", "get_default_dtype", "is_grad_enabled",
    "device", "dtype", "Size", "no_grad", "autocast"})


def _tensor_expression(expr: Optional[ast.AST], bindings: Dict[str, List[ast.AST]], depth: int = 0) -> bool:
    """Whether ``expr`` certainly evaluates to one Tensor, by its form: a call of a Tensor method or of a
    `torch.*` / `F.*` function that returns one, arithmetic with such a value, an index into one, or a local whose
    every binding in the function is one."""
    if expr is None or depth > 6:
        return False
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        dotted = []
        node: ast.AST = expr.func
        while isinstance(node, ast.Attribute):
            dotted.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            dotted.append(node.id)
        dotted.reverse()
        name = expr.func.attr
        if dotted[0] in ("torch", "F", "nn") and len(dotted) >= 2:
            # `torch.jit.annotate(...)`, `torch.cuda.is_available()`: not the tensor functions
            return name[:1].islower() and not set(dotted[1:-1]) & {"jit", "cuda", "backends", "distributed"} \
                and name not in _NOT_ONE_TENSOR and not (name == "where" and len(expr.args) < 2)
        # a method of that name on a value that is no literal (a parameter's value is the caller's: a Tensor there)
        return name in _TENSOR_METHODS and not isinstance(expr.func.value, (ast.Constant, ast.List, ast.Tuple))
    if isinstance(expr, ast.BinOp):
        return _tensor_expression(expr.left, bindings, depth + 1) or _tensor_expression(expr.right, bindings, depth + 1)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        return _tensor_expression(expr.operand, bindings, depth + 1)
    if isinstance(expr, ast.Subscript):
        return _tensor_expression(expr.value, bindings, depth + 1)
    if isinstance(expr, ast.Name):
        values = bindings.get(expr.id, [])
        return bool(values) and all(_tensor_expression(v, bindings, depth + 1) for v in values)
    return False


def _bool_expression(expr: Optional[ast.expr]) -> bool:
    """A bool by its form: `True` / `False`, a comparison, `not`, `and` / `or` of such, `isinstance(...)` /
    `hasattr(...)` / `callable(...)`."""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, bool)
    if isinstance(expr, ast.Compare):
        return True
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        return True
    if isinstance(expr, ast.BoolOp):
        return all(_bool_expression(v) for v in expr.values)
    return isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and \
        expr.func.id in ("isinstance", "hasattr", "callable")


def _returned_bool(src: str) -> bool:
    """Whether every ``return`` of the function in ``src`` (not of a nested one) gives a bool by its form
    (transformers' `is_jax_jitting`: `return False` / `return isinstance(...)`)."""
    try:
        node = ast.parse(src).body[0]
    except (SyntaxError, IndexError):
        return False
    returns = _own_returns(node)
    return bool(returns) and all(_bool_expression(r.value) for r in returns)


def _returns_nothing(src: str) -> bool:
    """Whether the function in ``src`` gives None wherever it returns: no ``return`` of its own carries a value other
    than None, and it does not yield (transformers' ``warn_if_padding_and_no_attention_mask``)."""
    try:
        node = ast.parse(src).body[0]
    except (SyntaxError, IndexError):
        return False
    own = _own_nodes(node)
    if any(isinstance(sub, (ast.Yield, ast.YieldFrom)) for sub in own):
        return False
    return all(r.value is None or (isinstance(r.value, ast.Constant) and r.value.value is None)
               for r in own if isinstance(r, ast.Return))


def _returned_tensor(src: str) -> bool:
    """Whether every ``return`` of the function in ``src`` (not of a nested one) gives one Tensor by its form
    (``_tensor_expression``): KOSMOS-2's ``_expand_mask``, ``return inverted_mask.masked_fill(...)``."""
    try:
        node = ast.parse(src).body[0]
    except (SyntaxError, IndexError):
        return False
    bindings: Dict[str, List[ast.AST]] = {}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign):
            for target in sub.targets:
                if isinstance(target, ast.Name):
                    bindings.setdefault(target.id, []).append(sub.value)
                else:  # unpacked, or an element: not followed
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            bindings.setdefault(name.id, []).append(ast.Constant(None))
        elif isinstance(sub, (ast.AugAssign, ast.AnnAssign, ast.For, ast.With, ast.NamedExpr)):
            for name in ast.walk(getattr(sub, "target", sub)):
                if isinstance(name, ast.Name) and isinstance(sub, (ast.For, ast.With, ast.NamedExpr, ast.AnnAssign)):
                    bindings.setdefault(name.id, []).append(ast.Constant(None))
    for arg in node.args.args + node.args.kwonlyargs + node.args.posonlyargs:
        bindings.setdefault(arg.arg, []).append(ast.Constant(None))  # a parameter: its type is the caller's
    returns = _own_returns(node)
    return bool(returns) and all(_tensor_expression(r.value, bindings) for r in returns)


def _typed_stand_in(fn: Any, name: str, signature: inspect.Signature, hints: Dict[str, Any],
                    returns: str, keywords: Sequence[str] = (), method: bool = False) -> Optional[Any]:
    """``ignore-helpers``' stand-in for ``fn``: a compiled function of the same parameters and literal defaults
    (TorchScript drops the defaults of an ignored function: "Argument dropout not provided"), returning ``returns``,
    that passes every argument to a ``torch.jit.ignore``d call of ``fn``. A default that is not a literal
    (``error_type=ValueError``) becomes ``Any = None``, and the call from Python leaves that argument out when it is
    None, so ``fn`` takes its own default. ``keywords``: more `Any = None` parameters of the compiled function only,
    for keywords callers pass into the helper's ``**kwargs`` (not passed on: nothing runs the stand-in).
    ``method``: ``fn`` is a method (``ignore-methods``); the stand-in is one too, and the ignored call is the method
    ``_jl_call_<name>`` of its class, which the caller puts there beside it (``_jl_call`` of the stand-in)."""
    import typing

    import torch
    params: List[str] = []
    names: List[str] = []
    own_default: List[str] = []
    for index, p in enumerate(signature.parameters.values()):
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or (method and index == 0):
            continue
        default = ""
        annotation = _annotation_text(_stand_in_annotation(p, hints))
        if returns == "None" and p.name not in hints:
            # nothing flows back from a helper that returns nothing: its unannotated parameters take what callers pass
            # (transformers' `warn_if_padding_and_no_attention_mask(input_ids, attention_mask)`, mask Optional)
            annotation = "Any"
        if p.default is not p.empty:
            if p.default is not None and type(p.default) not in (bool, int, float, str):
                own_default.append(p.name)
                annotation, default = "Any", " = None"
            else:
                default = f" = {p.default!r}"
        params.append(f"{p.name}: {annotation}{default}")
        names.append(p.name)
    given = ", ".join(f"{n}={n}" for n in names)
    own = ["self"] if method else []  # a method's stand-in and its ignored call take the module first
    src = (f"@torch.jit.ignore\n"
           f"def _jl_call_{name}({', '.join(own + [p.split(' = ')[0] for p in params])}) -> {returns}:\n"
           f"    given = dict({given})\n"
           f"    return _jl_original({'self, ' if method else ''}"
           f"**{{k: v for k, v in given.items() if v is not None or k not in {own_default!r}}})"
           f"\n\n\n"
           f"def {name}({', '.join(own + params + [f'{k}: Any = None' for k in keywords])}) -> {returns}:\n"
           f"    return {'self.' if method else ''}_jl_call_{name}({', '.join(names)})\n")
    path = bypass_file(f"helper.{name}", src)
    ns: Dict[str, Any] = {"torch": torch, "Tensor": torch.Tensor, "Any": typing.Any, "Optional": typing.Optional,
                          "Union": typing.Union, "Tuple": typing.Tuple, "List": typing.List, "Dict": typing.Dict,
                          "_jl_original": fn, "__name__": f"jl_helper_{path.stem.replace('.', '_')}"}
    # `dont_inherit`: this file's `from __future__ import annotations` would make the ignored function's annotations
    # strings, which torch reads from the function object, not from the source
    exec(compile(src, str(path), "exec", dont_inherit=True), ns)  # noqa: S102 - from the helper's own signature
    ns[name]._jl_stand_in = (fn, signature, hints, returns, tuple(keywords))
    ns[name]._jl_call = ns[f"_jl_call_{name}"]
    return ns[name]


def loosen_stand_in(err: Optional[str], namespaces: Sequence[Dict[str, Any]]) -> Optional[str]:
    """A stand-in of ``ignore-helpers`` refuses a keyword its helper took through ``**kwargs`` ("Keyword argument
    sliding_window unknown"): the same stand-in, taking that keyword too. A description, or None."""
    refused = re.search(r"(\w+)\([^\n]*\) -> [^\n]*\n\s*Keyword argument (\w+) unknown", err or "")
    if refused is None:
        return None
    name, keyword = refused.group(1), refused.group(2)
    for namespace in namespaces:
        made = getattr(namespace.get(name), "_jl_stand_in", None)
        if not made:
            continue
        fn, signature, hints, returns, keywords = made
        if keyword in keywords:
            return None
        namespace[name] = _typed_stand_in(fn, name, signature, hints, returns, keywords + (keyword,))
        return f"{name}: keyword `{keyword}`"
    return None


# ---------------------------------------------------------------------------------------------- output-constructions


_output_makers: Dict[type, Any] = {}


def output_maker(cls: type) -> Any:
    """A compiled stand-in for constructing the ``ModelOutput`` dataclass ``cls`` (``BaseModelOutput(...)``), which
    TorchScript cannot compile ("Failed to get source for <function BaseModelOutput.__init__>", an error naming no
    line): a function of the dataclass's fields, in order, each ``Any = None``, returning ``Any`` from a
    ``torch.jit.ignore``d call. The arguments are compiled as they were; what reads the result sees ``Any``."""
    import dataclasses
    import typing

    import torch
    if cls in _output_makers:
        return _output_makers[cls]
    fields = [f.name for f in dataclasses.fields(cls)]
    name = f"_jl_out_{cls.__name__}"
    src = (f"@torch.jit.ignore\n"
           f"def _jl_build({', '.join(f'{f}: Any' for f in fields)}) -> Any:\n"
           f"    return _jl_class({', '.join(f'{f}={f}' for f in fields)})\n\n\n"
           f"def {name}({', '.join(f'{f}: Any = None' for f in fields)}) -> Any:\n"
           f"    return _jl_build({', '.join(fields)})\n")
    path = bypass_file(f"output.{cls.__name__}", src)
    ns: Dict[str, Any] = {"torch": torch, "Any": typing.Any, "_jl_class": cls, "__name__": f"jl_{path.stem}"}
    exec(compile(src, str(path), "exec", dont_inherit=True), ns)  # noqa: S102 - from the dataclass's own fields
    _output_makers[cls] = ns[name]
    return ns[name]


# ------------------------------------------------------------------------------------------------- mask-builders


def _mask_builder(value: Any) -> bool:
    """transformers' attention-mask builders (``create_causal_mask``, ``create_bidirectional_mask`` ...): they take the
    config and the cache, which no compiled code can pass."""
    return inspect.isfunction(value) and getattr(value, "__module__", "") == "transformers.masking_utils" \
        and value.__name__.startswith("create_")


def mask_builder_edits(fn_node: ast.FunctionDef, globs: Dict[str, Any], lines: Sequence[bytes],
                       keep: Any) -> List[Tuple[int, int, int, bytes]]:
    """Bypass ``mask-builders``: edits of a function copy (``(line index, col, end col, text)``, the copy's lines
    ``lines``) that take transformers' mask builders out of compiled code. What a builder returns in eager is the
    4-d mask derived from the ``attention_mask`` it is given (or None); the stand-in is that ``attention_mask``
    itself, an ``Optional[Tensor]`` as the result is to the layers it goes to:

    - ``causal_mask = create_causal_mask(config=self.config, ..., attention_mask=attention_mask, ...)`` (over several
      lines) -> ``causal_mask = attention_mask``; through ``**mask_kwargs``, the value of the ``"attention_mask"``
      entry of that dict display; with none, ``None``;
    - ``mask_function = create_causal_mask if ... else create_sliding_window_causal_mask`` -> ``pass``, and a call
      of ``mask_function`` as above;
    - the ``if not isinstance(causal_mask_mapping := attention_mask, dict):`` block that builds a mapping of masks
      per attention type -> one statement binding that mapping to ``{"full_attention": attention_mask, ...}``, with
      the keys the block writes (or, written in a loop over layer types, the keys of its table of builder lambdas,
      ``{"full_attention": lambda: create_causal_mask(**mask_kwargs), ...}``).

    ``keep(node)``: the node holds the checked diagnostic (left alone)."""
    def segment(n: ast.AST) -> Optional[str]:
        if n.lineno != n.end_lineno:
            return None
        return lines[n.lineno - 1][n.col_offset:n.end_col_offset].decode()

    builders = {name for name, value in globs.items() if _mask_builder(value)}
    dicts: Dict[str, ast.Dict] = {}
    for st in ast.walk(fn_node):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            if isinstance(st.value, ast.Dict):
                dicts[st.targets[0].id] = st.value
            names = [st.value] if isinstance(st.value, ast.Name) else \
                [st.value.body, st.value.orelse] if isinstance(st.value, ast.IfExp) else []
            if names and all(isinstance(n, ast.Name) and n.id in builders for n in names):
                builders.add(st.targets[0].id)

    def mask_argument(call: ast.Call) -> str:
        for kw in call.keywords:
            if kw.arg == "attention_mask":
                return segment(kw.value) or "None"
            if kw.arg is None and isinstance(kw.value, ast.Name) and kw.value.id in dicts:
                d = dicts[kw.value.id]
                for k, v in zip(d.keys, d.values):
                    if isinstance(k, ast.Constant) and k.value == "attention_mask":
                        return segment(v) or "None"
        return "None"

    def replace(n: ast.AST, text: str) -> List[Tuple[int, int, int, bytes]]:
        """``n`` (to the end of its last line, which must hold nothing after it) by ``text``."""
        last = lines[n.end_lineno - 1]
        if last[n.end_col_offset:].strip() and not last[n.end_col_offset:].strip().startswith(b"#"):
            return []
        if n.lineno == n.end_lineno:
            return [(n.lineno - 1, n.col_offset, n.end_col_offset, text.encode())]
        out = [(n.lineno - 1, n.col_offset, len(lines[n.lineno - 1].rstrip(b"\r\n")), text.encode())]
        out += [(li, 0, len(lines[li].rstrip(b"\r\n")), b"") for li in range(n.lineno, n.end_lineno)]
        return out

    edits: List[Tuple[int, int, int, bytes]] = []
    taken: List[ast.AST] = []
    for st in ast.walk(fn_node):
        if not isinstance(st, ast.stmt) or st is fn_node or keep(st) \
                or any(t.lineno <= st.lineno <= t.end_lineno for t in taken):
            continue
        if isinstance(st, ast.If) and not st.orelse and isinstance(st.test, ast.UnaryOp) \
                and isinstance(st.test.op, ast.Not) and isinstance(st.test.operand, ast.Call) \
                and getattr(st.test.operand.func, "id", "") == "isinstance" and len(st.test.operand.args) == 2 \
                and isinstance(st.test.operand.args[0], ast.NamedExpr) \
                and getattr(st.test.operand.args[1], "id", "") == "dict":
            walrus = st.test.operand.args[0]
            target, given = walrus.target.id, segment(walrus.value)
            keys: List[str] = []
            for sub in ast.walk(st):
                if isinstance(sub, ast.Assign) and isinstance(sub.value, ast.Dict) \
                        and any(getattr(t, "id", "") == target for t in sub.targets):
                    keys += [k.value for k in sub.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                if isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Store) \
                        and getattr(sub.value, "id", "") == target and isinstance(sub.slice, ast.Constant):
                    keys.append(sub.slice.value)
            if not keys:  # written per layer type in a loop (LFM3): the keys of the block's table of builders
                keys = [k.value for sub in ast.walk(st) if isinstance(sub, ast.Dict) and sub.values
                        and all(isinstance(v, ast.Lambda) for v in sub.values)
                        for k in sub.keys if isinstance(k, ast.Constant)]
            keys = list(dict.fromkeys(k for k in keys if isinstance(k, str)))
            if keys and given:
                mapping = "{" + ", ".join(f"{k!r}: {given}" for k in keys) + "}"
                edits += replace(st, f"{target} = {mapping}")
                taken.append(st)
            continue
        if isinstance(st, (ast.Assign, ast.AnnAssign, ast.Expr)) and st.value is not None:
            value = st.value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in builders:
                edits += replace(value, mask_argument(value))
                taken.append(st)
            elif isinstance(st, ast.Assign) and all(isinstance(n, ast.Name) and n.id in builders for n in (
                    [value] if isinstance(value, ast.Name) else
                    [value.body, value.orelse] if isinstance(value, ast.IfExp) else [None])):
                edits += replace(st, "pass")
                taken.append(st)
    return edits
