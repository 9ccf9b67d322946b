"""Scripting for ``ecosystem.py``: ``torch.jit.script`` with its error placed in the file it names (``try_script``:
a decorator's wrapper frames moved to the wrapped method's file, a JT514 stand-in's error shown as the dataclass's),
and the patches an instance gets before it (``signature``: ``patched_function``'s copies of methods without what
TorchScript rejects in their signatures, put on a patched subclass by ``patch_signatures``; ``ignore-config``:
``ignore_config_attrs``), which both ``confirm`` (``ecosystem_confirm.py``) and ``misses`` use. Also how torch's
error is read: its location (``error_location``) and the rule whose documented text it has (``match_rule``).

The module-level state here (``_wrapped_files``, ``_jt512_lent_names``, ``_last_scripted``, ``_stand_in``,
``_stood_in_methods``) is the one worker process's: ``ecosystem_confirm.py`` sets it for the diagnostic it checks.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import sys
import sysconfig
import textwrap
import traceback
import warnings
import weakref
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from ecosystem_build import _config_reads, _config_value, _settings, first_line
from ecosystem_fix_bypass import FIXED_TAG
from ecosystem_neutralize import expand_edits
from ecosystem_stand_ins import (
    _model_output_class, bypass_file, output_maker, make_stub_like, mask_builder_edits, original_of,
)


# --------------------------------------------------------------------------------------------------- helpers


SITE = Path(sysconfig.get_paths()["purelib"])


def signature_rule(code: str) -> bool:
    """JT3xx rules report the signature itself (parameters, annotations, defaults): the bypass must keep it."""
    return code.startswith("JT3")


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


# ---------------------------------------------------------------------------------- patches before scripting


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
        # `hidden_states: torch.tensor` (the factory function): "Unknown type name 'torch.tensor'" (JT306); so too
        # `shape: torch.Size` (DETR's position embeddings), which ``patched_function`` types `List[int]`
        if isinstance(n, ast.Attribute) and n.attr in ("tensor", "Size"):
            return False
        # `list[int, int, int] | torch.Tensor`: "expected exactly one element type but found 3" (JT306)
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id in ("list", "List") \
                and isinstance(n.slice, ast.Tuple) and len(n.slice.elts) > 1:
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


def _folded_bool_op(node: ast.AST, read: ast.AST, lit: str, read_values: Dict[int, Any], text: Sequence[bytes]
                    ) -> Optional[Tuple[int, int, int, bytes]]:
    """``self.config.cat_hidden_layers or []`` with the value None: the ``or`` folded as Python evaluates it (to
    ``([])``), since torch would stop at ``None or []`` ("Could not cast value of type NoneType to bool") where the
    model it stands for reads a list; ``self.config.eps or 1e-5`` with the value 1e-6 to ``(1e-06)``. The edit
    replacing the one-line ``and`` / ``or`` whose first operand is ``read`` (``lit``), when the operands it keeps
    hold no other replaced read; None otherwise, and for a bool value (torch takes ``False and x`` as it is).
    """
    if id(read) not in read_values or isinstance(read_values[id(read)], bool):
        return None  # a read standing for a string no constant equals (`"<None>"`), or a bool
    for op in ast.walk(node):
        if not isinstance(op, ast.BoolOp) or op.values[0] is not read or op.lineno != op.end_lineno:
            continue
        value = read_values[id(read)]
        rest = op.values[1:]
        line = text[op.lineno - 1]
        if bool(value) == isinstance(op.op, ast.Or):  # the read decides
            return (op.lineno - 1, op.col_offset, op.end_col_offset, f"({lit})".encode())
        if any(id(n) in read_values for v in rest for n in ast.walk(v)):
            return None
        kept = (b" or " if isinstance(op.op, ast.Or) else b" and ").join(line[v.col_offset:v.end_col_offset]
                                                                          for v in rest)
        return (op.lineno - 1, op.col_offset, op.end_col_offset, b"(" + kept + b")")
    return None


def _steered_settings(node: ast.AST, row: int) -> Dict[str, Any]:
    """Config values that make every ``if`` around line ``row`` of ``node`` take the branch holding it: the
    constants that replace ``self.config.X`` reads would otherwise let torch drop that branch unread (``if False:``
    is not compiled), so that a diagnostic under ``if self.config.auxiliary_loss:`` could never be confirmed with a
    default config. Tests that read no config value the way ``_settings`` knows steer nothing. A steered bool is
    read at run time (``patched_function``), as the attribute a deployable model copies it to would be."""
    steered: Dict[str, Any] = {}
    for sub in ast.walk(node):
        if not isinstance(sub, ast.If) or not sub.lineno <= row <= sub.end_lineno:
            continue
        for branch, taken in ((sub.body, True), (sub.orelse, False)):
            if branch and branch[0].lineno <= row <= branch[-1].end_lineno:
                steered.update(_settings(sub.test, taken, {}) or {})
    return steered


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
    read_values: Dict[int, Any] = {}  # id of a config read replaced by a literal -> its value
    if config is not None:
        compared = {id(c.left): c for c in ast.walk(node) if isinstance(c, ast.Compare) and len(c.ops) == 1
                    and isinstance(c.ops[0], (ast.Eq, ast.NotEq)) and isinstance(c.comparators[0], ast.Constant)}
        # a method's `self.config.X`; a module-level helper's `config.X`, of its parameter `config`
        helper = not all_params or all_params[0].arg != "self"
        steered = _steered_settings(node, rel_diag[0]) if rel_diag is not None else {}
        for r, path in _config_reads(node, ("config",) if helper else ("self", "config")):
            if code == "JT401" and holds(r):
                continue  # the config read the diagnostic is about stays
            value = _config_value(config, path)
            lit = _literal(value)
            if len(path) == 1 and path[0] in steered:
                # the branch holding the diagnostic is taken, whatever the default config says
                value = steered[path[0]]
                lit = _literal(value)
                if isinstance(value, bool):
                    # not a literal: torch emits the body of `if True:` in the enclosing block, where rebinding a
                    # name to another type is no error, as it is under the runtime bool a deployable model reads
                    lit = f"bool(torch.{'ones' if value else 'zeros'}(1))"
            test = compared.get(id(r))
            if lit is not None and test is not None and value is None and isinstance(test.comparators[0].value, str):
                # `self.config.problem_type == "regression"` with the value None: torch has no `None == str`; a
                # string no constant equals answers as Python does and, unlike a literal `False`, keeps the branch
                # (torch drops the body of `if False:` without compiling it)
                reads.append((r, repr("<None>")))
            elif lit is not None:
                reads.append((r, lit))
                read_values[id(r)] = value
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
    # other reads of the cut `**kwargs`: what an empty dict gives, as in a call passing no extra keyword
    # (`kwargs.pop("shared_kv_states", None)` -> `None`, `"x" in kwargs` -> `False`); a `kwargs.get(k)` tested for
    # truth gives `False`, which torch takes where it has no `None` to bool (Gemma 4's `kwargs.get(k) or ...`)
    tested = {id(v) for n in ast.walk(node) if isinstance(n, ast.BoolOp) for v in n.values} \
        | {id(n.operand) for n in ast.walk(node) if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not)} \
        | {id(n.test) for n in ast.walk(node) if isinstance(n, (ast.If, ast.IfExp, ast.While))}
    for sub in ast.walk(node):
        if a.kwarg is None or not isinstance(sub, (ast.Call, ast.Compare)) or sub.lineno != sub.end_lineno \
                or holds(sub):
            continue
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in ("get", "pop") \
                and isinstance(sub.func.value, ast.Name) and sub.func.value.id == a.kwarg.arg \
                and 1 <= len(sub.args) <= 2 and not sub.keywords:
            default = ast.get_source_segment(src, sub.args[1]) if len(sub.args) == 2 \
                else ("False" if id(sub) in tested else "None")
            if default is not None and "\n" not in default:
                edits.append((sub.lineno - 1, sub.col_offset, sub.end_col_offset, f"({default})".encode()))
        if isinstance(sub, ast.Compare) and len(sub.ops) == 1 and isinstance(sub.ops[0], (ast.In, ast.NotIn)) \
                and isinstance(sub.comparators[0], ast.Name) and sub.comparators[0].id == a.kwarg.arg:
            edits.append((sub.lineno - 1, sub.col_offset, sub.end_col_offset,
                          b"False" if isinstance(sub.ops[0], ast.In) else b"True"))
    makers = {f.id: output_maker(fn.__globals__[f.id]) for f in outputs}
    for f in outputs:
        edits.append((f.lineno - 1, f.col_offset, f.end_col_offset, makers[f.id].__name__.encode()))
    edits.extend(mask_edits)
    edits.extend((c.lineno - 1, c.col_offset, c.end_col_offset, b"False") for c in none_tests)
    for st in local_annotations:
        # `: Annotation` cut, up to its end (the value may start on a line of its own, after `= (`)
        edits.append((st.target.end_lineno - 1, st.target.end_col_offset, st.annotation.end_col_offset, b""))
    for r, lit in reads:
        fold = _folded_bool_op(node, r, lit, read_values, text)
        if fold is not None:
            edits.append(fold)
            continue
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
            ann = prm.annotation
            parts = ann.slice.elts if isinstance(ann, ast.Subscript) and isinstance(ann.value, ast.Name) \
                and ann.value.id in ("tuple", "Tuple") and isinstance(ann.slice, ast.Tuple) else []
            if len(parts) == 2 and isinstance(parts[1], ast.Constant) and parts[1].value is Ellipsis \
                    and _plain_annotation(parts[0]):
                # `spatial_shapes: tuple[tuple[int, int], ...]` (RT-DETR's anchors): the list JT306's fix writes, so
                # that `for level, (height, width) in enumerate(spatial_shapes)` still unpacks its elements
                element = ast.unparse(parts[0])
                prm.annotation = ast.parse(f"_jl_Optional[_jl_List[{element}]]" if is_none else f"_jl_List[{element}]",
                                           mode="eval").body
                continue
            if ann_text in ("torch.Size", "Size"):
                # a shape: what JT306's fix writes, so that `height, width = shape[-2:]` still unpacks
                prm.annotation = ast.parse("_jl_Optional[_jl_List[int]]" if is_none else "_jl_List[int]",
                                           mode="eval").body
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
    # the module's own stem, also for a copy of a copy (`x.f.3.bypass.py` patched again is `x.f.<n>.bypass.py`); a
    # fix-others copy keeps its tag (`x.jlfixed.f.<n>.bypass.py`), so that torch's errors in it name that copy
    parts = Path(filename or "unknown.py").name.split(".")
    stem = ".".join(parts[:2]) if parts[1:2] == [FIXED_TAG] else parts[0]
    out = bypass_file(f"{stem}.{fn.__qualname__}", new_src, ".bypass.py")
    import typing

    import torch

    ns = dict(fn.__globals__)
    ns["_jl_Optional"] = typing.Optional
    ns["_jl_Tensor"] = torch.Tensor
    ns["_jl_List"] = typing.List
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
# The module the harness's own classes (patched subclasses, property shadows, helper hosts) say they come from:
# torch names a class of `__main__` without its module (`__torch__.BertLayer`), as it named them when ecosystem.py,
# run as a script, made them; another module's name would show in every torch error that names them
HARNESS_MODULE = "__main__"


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
                new_cls = type(cls.__name__, (cls,), {"__module__": HARNESS_MODULE, **members})
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


# ------------------------------------------------------------------------------------------------- scripting


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


# JT514: the dataclass being confirmed and its stand-in, while one is in place (see ``confirm_dataclass``)
_stand_in: Dict[str, Any] = {}
_CALLED_FROM = re.compile(r"^'[^']+' is being compiled since it was called from '[^']+'\n", re.M)


# methods ``ignore_method`` stands in for: (original class, name) -> the stand-in, which ``patch_signatures`` puts in
# the class's patched subclass (with its ignored call) in place of a patched copy
_stood_in_methods: Dict[Tuple[type, str], Any] = {}


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


# ----------------------------------------------------------------------------------- failures jitlint misses


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
