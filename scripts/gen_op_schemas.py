#!/usr/bin/env python3
"""Generate core/op_schemas.inc: which keyword arguments TorchScript accepts for the common torch calls.

    python3 scripts/gen_op_schemas.py            # rewrite core/op_schemas.inc from the installed torch
    python3 scripts/gen_op_schemas.py --check    # exit 1 when the committed file differs (tests/python does this)

Rule JT510 (unknown-keyword-argument) reads the table; the engine needs no torch at run time. The data:

- ``JITLINT_OP(name, method, "kw kw ...")``: an ``aten::`` operator; whether it is a Tensor method (an overload
  takes ``Tensor self`` first and ``torch.Tensor`` has the method: 2 when eager implements it in C, whose argument
  parser also takes numpy's ``axis``/``keepdims``/``x`` for ``dim``/``keepdim``/``input``; 1 when in Python; 0
  when it is no method); and the union over its overloads
  (``torch._C._jit_get_all_schemas()``) of the argument names a call may pass by keyword. TorchScript's schema
  matching takes any argument by its name, and ``input`` for an aten operator's ``self``; so ``input`` is added
  where ``self`` is there.
- ``JITLINT_FUNCTION("torch.sum", "sum", c)``: a public function of ``torch``, ``torch.nn.functional``,
  ``torch.linalg``, ``torch.special`` or ``torch.fft`` that TorchScript resolves to that builtin operator
  (``torch.jit._builtins._find_builtin``); ``c`` is true when eager implements it in C (numpy aliases, as above).
- ``JITLINT_PYFUNCTION("torch.nn.functional.softmax", "kw kw ...")``: a function TorchScript compiles from its
  Python source (``F.softmax``, ``torch.norm``): the parameter names of its signature (and of its
  ``@torch.jit._overload`` variants). Functions taking ``*args`` / ``**kwargs`` and ``boolean_dispatch`` ones are
  left out (their call is checked differently).

Only names without a leading underscore, so the file stays small; a call the table does not know is never
reported.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import sys
import warnings
from pathlib import Path
from typing import Dict, List, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "core" / "op_schemas.inc"
MODULES = ("torch", "torch.nn.functional", "torch.linalg", "torch.special", "torch.fft")


def type_code(type_text: str, size: object = None) -> str:
    """A schema argument's type as the table spells it: what JT513 needs to tell which values an argument takes."""
    if type_text.startswith("Optional[") and type_text.endswith("]"):
        return type_code(type_text[len("Optional["):-1], size) + "?"
    if type_text.startswith("List[") and type_text.endswith("]"):
        element = type_code(type_text[len("List["):-1])
        return "[" + (element if len(element) == 1 else "X") + "]" + (str(size) if size else "")
    return {"Tensor": "T", "int": "I", "SymInt": "I", "float": "F", "number": "N", "bool": "B", "str": "S",
            "Device": "D"}.get(
        type_text, "X")


def encode_arguments(arguments, vararg: bool = False) -> str:
    """``self:T other:N= *alpha:N=``: each argument's name and type code, ``*`` before keyword-only ones, ``=`` after
    one with a default; a final ``...`` when the schema takes any further positional values
    (``einsum.sublist(Tensor a, ...)``)."""
    encoded = [("*" if a.kwarg_only else "") + f"{a.name}:{type_code(str(a.type), a.N)}"
               + ("=" if a.has_default_value() else "") for a in arguments]
    return " ".join(encoded + (["..."] if vararg else []))


def encode_declaration(fn) -> str:
    """An ``@_overload`` declaration's arguments as ``encode_arguments`` spells a schema's: TorchScript compiles the
    implementation once per declaration, with the declaration's parameter types. Empty when a type has no
    TorchScript spelling."""
    import typing

    from torch.jit.annotations import ann_to_type
    from torch._sources import fake_range

    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001 - an unresolvable annotation: no schema
        return ""
    encoded = []
    for param in inspect.signature(fn).parameters.values():
        if param.name not in hints:
            return ""
        try:
            type_text = str(ann_to_type(hints[param.name], fake_range()))
        except Exception:  # noqa: BLE001
            return ""
        encoded.append(("*" if param.kind == param.KEYWORD_ONLY else "") + f"{param.name}:{type_code(type_text)}"
                       + ("=" if param.default is not param.empty else ""))
    return " ".join(encoded)


@dataclasses.dataclass
class Tables:
    ops: Dict[str, Tuple[int, Set[str]]]  # aten op -> (Tensor method kind, keyword names)
    functions: Dict[str, Tuple[str, bool]]  # python name -> (aten op, implemented in C)
    pyfunctions: Dict[str, Set[str]]  # python name -> parameter names (compiled from source)
    signatures: Dict[str, List[str]]  # aten op -> its overloads' encoded arguments
    pyschemas: Dict[str, List[str]]  # python name -> its compiled schema's (or its overloads') encoded arguments
    tensor_attributes: List[str]  # names `x.<name>` may read on a Tensor, beyond the ops with a method
    version: str


def collect() -> Tables:
    warnings.filterwarnings("ignore")
    import importlib

    import torch
    from torch import _jit_internal
    from torch.jit._builtins import _find_builtin

    schemas: Dict[str, List] = {}
    for schema in torch._C._jit_get_all_schemas():
        namespace, _, name = schema.name.partition("::")
        if namespace == "aten" and not name.startswith("_"):
            schemas.setdefault(name, []).append(schema)

    functions: Dict[str, Tuple[str, bool]] = {}
    pyfunctions: Dict[str, Set[str]] = {}
    pyschemas: Dict[str, str] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for attr in sorted(dir(module)):
            if attr.startswith("_"):
                continue
            value = getattr(module, attr, None)
            if not callable(value) or inspect.isclass(value) or inspect.ismodule(value):
                continue
            qualified = f"{module_name}.{attr}"
            builtin = _find_builtin(value)
            if builtin is not None:
                namespace, _, op = str(builtin).partition("::")
                if namespace == "aten" and op in schemas:
                    functions[qualified] = (op, inspect.isbuiltin(value))
                continue
            if not inspect.isfunction(value):
                continue
            if _jit_internal._try_get_dispatched_fn(value) is not None:
                continue  # boolean_dispatch: max_pool2d(..., return_indices=...)
            # Only the functions defined there (torch.functional's are bound to torch), not helpers imported
            # into the module (F.boolean_dispatch) or torch.compile and friends, which nothing scripts.
            home = "torch.functional" if module_name == "torch" else module_name
            if getattr(value, "__module__", "") != home:
                continue
            overloads = _jit_internal._get_fn_overloads(_jit_internal._qualified_name(value)) or []
            variants = [value, *overloads]
            names: Set[str] = set()
            plain = True
            for variant in variants:
                try:
                    signature = inspect.signature(variant)
                except (TypeError, ValueError):
                    plain = False
                    break
                for param in signature.parameters.values():
                    if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.POSITIONAL_ONLY):
                        plain = False
                    names.add(param.name)
            if plain and names:
                pyfunctions[qualified] = names
                if not overloads:
                    try:  # the schema TorchScript compiles the function to: its parameters' types
                        pyschemas[qualified] = [encode_arguments(torch.jit.script(value).schema.arguments)]
                    except Exception:  # noqa: BLE001 - not compilable on its own: keywords only
                        pass
                else:  # `@_overload` declarations (F.interpolate's `size: Optional[int]` / `Optional[List[int]]`)
                    encoded = [encode_declaration(o) for o in overloads]
                    if all(encoded):
                        pyschemas[qualified] = sorted(set(encoded))

    ops: Dict[str, Tuple[int, Set[str]]] = {}
    signatures: Dict[str, List[str]] = {}
    used = {op for op, _ in functions.values()}
    for name, overloads in schemas.items():
        method = 0
        if hasattr(torch.Tensor, name) and any(
            s.arguments and s.arguments[0].name == "self" and str(s.arguments[0].type) == "Tensor" for s in overloads
        ):
            method = 1 if inspect.isfunction(getattr(torch.Tensor, name)) else 2
        if not method and name not in used:
            continue
        keywords: Set[str] = set()
        for s in overloads:
            for argument in s.arguments:
                keywords.add(argument.name)
                if argument.name == "self":
                    keywords.add("input")
        ops[name] = (method, keywords)
        signatures[name] = sorted({encode_arguments(s.arguments, "..." in str(s).split(" -> ")[0]) for s in overloads})
    # Everything eager's Tensor has, and every aten op whose first argument is a Tensor `self` (TorchScript may
    # resolve `x.<op>` to it): a name outside this set is certainly not an attribute of a TorchScript Tensor.
    attributes = set(dir(torch.Tensor))
    for name, overloads in schemas.items():
        if any(s.arguments and s.arguments[0].name == "self" and str(s.arguments[0].type) == "Tensor" for s in overloads):
            attributes.add(name)
    tensor_attributes = sorted(a for a in attributes if not (a in ops and ops[a][0]))
    return Tables(ops, functions, pyfunctions, signatures, pyschemas, tensor_attributes, torch.__version__.split("+")[0])


def render() -> str:
    tables = collect()
    ops, functions, pyfunctions, version = tables.ops, tables.functions, tables.pyfunctions, tables.version
    lines = [
        f"// Generated by scripts/gen_op_schemas.py from torch {version}; do not edit (rerun the script).",
        "// JITLINT_OP(aten op, Tensor method: 0 no / 1 Python / 2 C, keywords): the argument names any overload takes.",
        "// JITLINT_FUNCTION(python name, aten op, implemented in C): TorchScript resolves the function to that operator.",
        "// JITLINT_PYFUNCTION(python name, keywords): TorchScript compiles the function from its source.",
        "// JITLINT_SCHEMA(aten op or python name, arguments): one overload's (or compiled function's) arguments,",
        "//   `name:TYPE`, `*` before keyword-only ones; TYPE: T Tensor, I int, F float, N number (Scalar), B bool,",
        "//   S str, D Device, X other; `[E]` a list of E (`[I]2`: int[2], which also takes one int); `?` Optional;",
        "//   `=` after the type: the argument has a default (a call may leave it out);",
        "//   a final `...`: any further positional values.",
        "// JITLINT_TENSOR_ATTRIBUTE(name): a name eager's Tensor has, or an op taking a Tensor `self`, that is not",
        "//   a JITLINT_OP Tensor method already: with those, every `x.<name>` a Tensor may have.",
    ]
    for name in sorted(ops):
        method, keywords = ops[name]
        lines.append(f'JITLINT_OP("{name}", {method}, "{" ".join(sorted(keywords))}")')
    for name in sorted(functions):
        op, c = functions[name]
        lines.append(f'JITLINT_FUNCTION("{name}", "{op}", {"true" if c else "false"})')
    for name in sorted(pyfunctions):
        lines.append(f'JITLINT_PYFUNCTION("{name}", "{" ".join(sorted(pyfunctions[name]))}")')
    for name in sorted(tables.signatures):
        lines.extend(f'JITLINT_SCHEMA("{name}", "{arguments}")' for arguments in tables.signatures[name])
    for name in sorted(tables.pyschemas):
        lines.extend(f'JITLINT_SCHEMA("{name}", "{arguments}")' for arguments in tables.pyschemas[name])
    lines.extend(f'JITLINT_TENSOR_ATTRIBUTE("{name}")' for name in tables.tensor_attributes)
    return "\n".join(lines) + "\n"


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: rerun scripts/gen_op_schemas.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
