"""Run the per-rule fixtures (``tests/rules/<CODE>/{fires,clean}.py``) through real ``torch.jit.script``.

A fixture is an importable Python file.  Each case in it is a factory ``def case_<name>():`` returning
``(obj, inputs)``: ``obj`` is an ``nn.Module`` in eval mode or a plain function, ``inputs`` a tuple of example
inputs.  ``fires.py`` cases must fail to script with the rule's documented error; ``clean.py`` cases must
script and match eager on the inputs.

``fires.py`` marks each diagnostic with a ``# expect:`` comment on its line (:func:`markers`; the format is in
``scripts/add_rule.py`` and ``tests/cpp/fixtures_test.cpp``, which checks them against the engine).

The documented error substring of a rule comes from the engine (``jitlint._core.rules()[i]["torch_error"]``).
Until the engine is importable we fall back to ``MEASURED_TORCH_ERRORS`` (measured on torch 2.13.0+cpu); when both
exist they must agree, so a drift between the rule docs and torch is caught here.

This module imports torch lazily; import it only after ``pytest.importorskip("torch")``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

REPO_ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = REPO_ROOT / "tests" / "rules"
EXAMPLES_DIR = REPO_ROOT / "examples"

TORCH_VERSION = "2.13.0"

# First non-empty line of ``str(exc)`` on torch 2.13.0 contains one of these (stable substrings, no addresses or
# file names).  Several alternatives where torch words the same rule differently per construct.
MEASURED_TORCH_ERRORS: Dict[str, Tuple[str, ...]] = {
    # torch.jit.frontend.NotSupportedError: "Comprehension ifs are not supported yet:"
    "JT101": ("Comprehension ifs are not supported yet",),
    # torch.jit.frontend.UnsupportedNodeError: "SetComp aren't supported:"
    "JT102": ("SetComp aren't supported",),
    "JT103": (
        # set literal, torch.jit.frontend.UnsupportedNodeError: "Set aren't supported:"
        "Set aren't supported",
        # set(xs) / frozenset(xs) on a non-Tensor, RuntimeError: "set(Tensor 0) -> Tensor 0:"
        "set(Tensor 0) -> Tensor 0",
        "frozenset(Tensor 0) -> Tensor 0",
        # annotations, RuntimeError: "Unknown type constructor Set:" / "Unknown type name 'set':" ...
        "Unknown type constructor Set",
        "Unknown type constructor set",
        "Unknown type constructor FrozenSet",
        "Unknown type name 'set'",
        "Unknown type name 'frozenset'",
    ),
    # torch.jit.frontend.NotSupportedError: "Only a single generator is currently supported:"
    "JT104": ("Only a single generator is currently supported",),
    "JT105": ("try blocks aren't supported", "TryStar aren't supported"),  # UnsupportedNodeError
    # UnsupportedNodeError; a nested `async def` gives "async function definitions aren't supported"
    "JT106": ("function definitions aren't supported", "class definitions aren't supported"),
    # for-else: NotSupportedError; while-else: torch crashes, TypeError "__init__(): incompatible constructor
    # arguments. The following argument types are supported:" (ErrorReport built from a None range)
    "JT107": ("else branches of for loops aren't supported", "__init__(): incompatible constructor arguments"),
    "JT108": ("global variables aren't supported",),  # UnsupportedNodeError
    # RuntimeError: "Expected a single top-level function: <file>:<line>" (get_jit_def meets AsyncFunctionDef)
    "JT109": ("Expected a single top-level function",),
    "JT110": ("import statements aren't supported",),  # UnsupportedNodeError
    "JT111": ("annotated assignments without assigned value aren't supported",),  # UnsupportedNodeError
    # NotSupportedError: "unsupported kind of augmented assignment: FloorDiv:" / "...: MatMult:"
    "JT112": ("unsupported kind of augmented assignment: FloorDiv", "unsupported kind of augmented assignment: MatMult"),
    "JT113": ("'NoneType' object has no attribute 'lineno'",),  # AttributeError (frontend crash on bare raise)
    "JT114": ("Match aren't supported",),  # UnsupportedNodeError
    # ValueError: "Type annotations on instance attributes must be declared in __init__, not 'forward': SourceRange ..."
    "JT115": ("Type annotations on instance attributes must be declared in __init__",),
    # RuntimeError (IR emitter): "del statements are only supported for deleting list and dict items and variables:"
    # / "del statements only support deletion at a single index, slicing is not supported (see https://...31430):"
    "JT116": (
        "del statements are only supported for deleting list and dict items and variables",
        "del statements only support deletion at a single index, slicing is not supported",
    ),
    "JT120": ("Lambda aren't supported",),  # UnsupportedNodeError
    "JT121": ("Yield aren't supported", "YieldFrom aren't supported"),  # UnsupportedNodeError
    "JT122": ("NamedExpr aren't supported",),  # UnsupportedNodeError
    # NotSupportedError: "Don't support conversion in JoinedStr:" (`!r`/`!s`/`!a`, `{x=}`) / "...formatting..." (spec)
    "JT123": ("Don't support conversion in JoinedStr", "Don't support formatting in JoinedStr"),
    # NotSupportedError when the `**` entry comes first; after another entry the frontend crashes (AttributeError)
    "JT124": ("Dict expansion (e.g. `{**dict}`) is not supported", "'NoneType' object has no attribute 'lineno'"),
    "JT125": ("keyword-arg expansion is not supported",),  # NotSupportedError
    "JT126": ("'UnaryOp' object has no attribute 'range'",),  # AttributeError (frontend crash on unary +)
    "JT127": ("Unknown Constant expression type",),  # FrontendError (bytes constant)
    "JT128": ("names of variables used in JIT-ed functions can't start with __jit",),  # NotSupportedError
    "JT129": ("Cannot emit expr for: (dots)",),  # RuntimeError (IR emitter: bare `...` statement)
    "JT130": ("cannot statically infer the expected size of a list in this context",),  # RuntimeError (IR emitter)
    # RuntimeError from get_type_line / parse_type_comment (a body `# type:` line read as the signature)
    "JT131": ("expected type comment but found", "expected ( but found",
              "Return type line '# type: (...) -> ...' not found on multiline type annotation", "is probably invalid"),
    # RuntimeError: "Expected integer literal for index but got a variable or non-integer. ModuleList/Sequential
    # indexing is only supported with integer literals. For example, ..."
    "JT201": ("ModuleList/Sequential indexing is only supported with integer literals",
              "tuple slice indices must be integer constants"),
    # RuntimeError: "Unable to extract string literal index. ModuleDict indexing is only supported with string
    # literals. For example, ..."  (ParameterDict gives the same text)
    "JT202": ("ModuleDict indexing is only supported with string literals",),
    "JT203": (
        # RuntimeError: "'__torch__.torch.nn.modules.linear.Linear (of Python compilation unit at: 0x...)' object
        # has no attribute or method '__call__'. Did you forget to initialize an attribute in __init__()?:"
        "object has no attribute or method '__call__'",
        # RuntimeError: "cannot call a value of type '__torch__.HeadIface':" (interface-typed local) and
        # "cannot call a value of type 'Tuple[__torch__...Linear, ...]':" (calling a Sequential slice)
        "cannot call a value of type",
    ),
    # RuntimeError: "Can not iterate over a module list or tuple with a value that does not have a statically
    # determinable length" (zip(self.layers, xs) with xs a list, a tensor or a range)
    "JT204": ("Can not iterate over a module list or tuple with a value that does not have a statically",),
    # RuntimeError: "Because we emit iteration over modulelists or tuples as unrolled loops, we do not support break or
    # continue inside the body of these loops:" (torch points at the `break` / `continue`)
    "JT205": ("Because we emit iteration over modulelists or tuples as unrolled loops, we do not support break or continue",),
    # torch.jit.frontend.NotSupportedError (build_param_list), one text for *args, **kwargs and kw-only defaults
    "JT301": ("Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults",),
    # RuntimeError: "undefined value x:" (posonlyargs are never read); "methods must have a self argument:" when
    # `self` itself is positional-only
    "JT302": ("undefined value", "methods must have a self argument"),
    # RuntimeError: 'Expected a default value of type Tensor (inferred) on parameter "eps".Because "eps" was not ...'
    "JT303": ("Expected a default value of type Tensor (inferred) on parameter",),
    # RuntimeError: "Unsupported value kind: Tensor" (a compiled caller omits the argument) or, when it passes None,
    # the callee's schema "f(Tensor x, Tensor mask=[ Tensor (undefined) ]) -> Tensor:" then "Expected a value of
    # type 'Tensor (inferred)' for argument 'mask' but instead found type 'NoneType'."
    # (torch points at the caller there; jitlint at the parameter, so the fixtures use callers that omit it)
    "JT304": ("Unsupported value kind: Tensor",),
    # RuntimeError: "all inputs of range must be ints, found Tensor (inferred) in argument 0:",
    # "cannot call a value of type 'Tensor':", "Arguments for call are not valid." (== with a str),
    # "'Tensor (inferred)' object has no attribute or method 'length'.:", "Tensor (inferred) cannot be used as a
    # tuple:", "Unsupported operation: indexing tensor with unsupported index type 'str'. ...", and for a torch op's
    # argument "Arguments for call are not valid." or, from a function with one schema (`F.pad`), the schema then
    # "Expected a value of type 'List[int]' for argument 'pad' but instead found type 'Tensor (inferred)'."
    "JT305": (
        "all inputs of range must be ints, found Tensor",  # (inferred) for the parameter, not for `-n`
        "cannot call a value of type 'Tensor'",
        "Arguments for call are not valid",
        "'Tensor (inferred)' object has no attribute or method",
        "Tensor (inferred) cannot be used as a tuple",
        # `for h, w in spatial_shapes` over an unannotated parameter: an element of a Tensor
        "Tensor cannot be used as a tuple",
        "indexing tensor with unsupported index type 'str'",
        "Expected a value of type",
    ),
    "JT306": (
        # RuntimeError: "Unknown type name 'torch.Size':" / "Unknown type constructor Sequence:" (also nn.Module,
        # np.ndarray, object, dict, Callable, Literal, Type, Iterator, ...)
        "Unknown type name",
        "Unknown type constructor",
        # RuntimeError: "Attempted to use List without a contained type. Please add ..." / "...Dict without
        # contained types..."
        "without a contained type",
        "without contained types",
        # RuntimeError: `Tuple[int, ...]`
        "Expression of type dots cannot be used in a type expression",
        # RuntimeError: `Dict[Tuple[int, int], T]`: "Cannot create dict for key type '(int, int)', only int, float,
        # complex, Tensor, device and string keys are supported"
        "Cannot create dict for key type",
        # AssertionError: "Unsupported annotation typing.Optional[torch.Size] could not be resolved because <class
        # 'torch.Size'> could not be resolved. At" (inside Optional / Union)
        "could not be resolved because",
        # ValueError: "Unknown type annotation: '<class 'object'>' at ..." (inside Dict)
        "Unknown type annotation",
        # RuntimeError: "expected exactly one element type but found 3:" (`list[int, int, int] | Tensor`)
        "expected exactly one element type",
        # UnsupportedNodeError: "try blocks aren't supported:" in torch/distributions/distribution.py: a
        # `torch.distributions.Distribution` annotation (a subclass such as `Normal` stops first in `broadcast_all`,
        # "Compiled functions can't take variable number of arguments", JT301's text)
        "try blocks aren't supported",
    ),
    # RuntimeError: "Mutable default parameters are not supported because Python binds them to the function and
    # they persist across function calls."
    "JT307": (
        "Mutable default parameters are not supported because Python binds them to the function and they persist "
        "across function calls",
    ),
    # RuntimeError: 'Expected a default value of type int on parameter "scale".:'
    "JT308": ("Expected a default value of type",),
    # RuntimeError: "'Tensor' object has no attribute or method 'forward'.:" (super().m: super() is an opaque call
    # typed Tensor), "Python type cannot be used as a value:" (super(Cls, self)), "attribute lookup is not defined on
    # python value of type 'type':" (Base.forward(self, x))
    "JT501": ("object has no attribute or method", "Python type cannot be used as a value",
              "attribute lookup is not defined on python value of type 'type'"),
    # RuntimeError: "Python builtin <built-in function next> is currently not supported in Torchscript:", "__int__
    # cannot be used as a value:" (map(int, xs)), "range cannot be used as a value:" (reversed(range(n))),
    # "filter(Tensor 0, Tensor 1) -> Tensor 0:", "reversed(Tensor 0) -> Tensor 0:", "type(Tensor 0) -> Tensor 0:",
    # "prim::id(AnyClassType? x) -> int:", "Arguments for call are not valid." (sum of a List[Tensor]),
    # "Unknown type name 'dict':" (isinstance(x, dict))
    "JT502": ("is currently not supported in Torchscript", "cannot be used as a value",
              "filter(Tensor 0, Tensor 1) -> Tensor 0", "reversed(Tensor 0) -> Tensor 0", "type(Tensor 0) -> Tensor 0",
              "prim::id(AnyClassType? x) -> int", "Arguments for call are not valid", "Unknown type name"),
    # RuntimeError: "Arguments for call are not valid." (sorted(reverse=), min(default=), sum(xs, s), round(x, n)),
    # "print doesn't accept any keyword arguments:", "__len__ cannot be used as a value:" (max(xs, key=len))
    "JT503": ("Arguments for call are not valid", "print doesn't accept any keyword arguments",
              "cannot be used as a value"),
    # RuntimeError: "builtin cannot be used as a value:" / "__float__ cannot be used as a value:" / "__len__ ..."
    "JT504": ("cannot be used as a value",),
    # JT505: numpy ufuncs TypeError "cannot create weak reference to 'numpy.ufunc' object"; C functions "Python builtin
    # <built-in function log2> is currently not supported in Torchscript:"; logging / checkpoint sources take *args;
    # "attribute lookup is not defined on python value of type 'Logger':"; warnings.warn(msg, UserWarning) "Python
    # exception cannot be used as a value:"; copy.deepcopy "prim::id(AnyClassType? x) -> int:"; os.path.join OSError
    # "Can't get source for <function join ...>"; inspect "Unknown type name 'types.FunctionType':";
    # random.randint "Random.randint(Tensor self, Tensor a, Tensor b) -> Tensor 0:", random.uniform "Random.uniform(...)"
    "JT505": ("cannot create weak reference to 'numpy", "is currently not supported in Torchscript",
              "Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults",
              "attribute lookup is not defined on python value of type", "Python exception cannot be used as a value",
              "prim::id(AnyClassType? x) -> int", "Can't get source for", "Unknown type name 'types.FunctionType'",
              "Random.", "RandomState.",
              # itertools: "product(Tensor 0, Tensor 1) -> Tensor 0:", "groupby(Tensor 0) -> Tensor 0:";
              # functools.partial(f, 1): "function cannot be used as a value:"; operator.itemgetter(0):
              # "Cannot instantiate class 'itemgetter' in a script function:"
              "(Tensor 0) -> Tensor 0", "(Tensor 0, Tensor 1) -> Tensor 0", "function cannot be used as a value",
              "Cannot instantiate class"),
    # JT506: "Unknown builtin op: aten::finfo.", "'Tensor' object has no attribute or method 'numpy'.:", "'int' object
    # has no attribute or method 'is_floating_point'.:", "Expected type hint for result of tolist():", "With item
    # expression must return an object:", "Tried to set an attribute: requires_grad on a non-class: Tensor:",
    # torch.cuda.is_available() "attribute lookup is not defined on python value of type 'module':"
    "JT506": ("Unknown builtin op", "object has no attribute or method", "Expected type hint for result of tolist()",
              "With item expression must return an object", "Tried to set an attribute",
              "attribute lookup is not defined on python value of type 'module'"),
    # RuntimeError: "Module 'M' has no attribute 'names' (This attribute exists on the Python module, but we failed to
    # convert Python type: 'list' to a TorchScript type. ...)"; a lambda: "... but we failed to compile it to a
    # TorchScript function. ..."
    "JT401": ("but we failed to convert Python type", "but we failed to compile it to a TorchScript function"),
    # RuntimeError: "Module 'Block' has no attribute 'proj' :" (JT405 likewise, a class attribute)
    "JT402": ("has no attribute",),
    # RuntimeError: "Tried to set nonexistent attribute: cache. Did you forget to initialize it in __init__()?:",
    # "Wrong type for attribute assignment. Expected NoneType but got Tensor:"
    "JT403": ("Tried to set nonexistent attribute", "Wrong type for attribute assignment"),
    # RuntimeError: "Arguments for call are not valid." (arithmetic on an Optional attribute), "'Optional[Tensor]'
    # object has no attribute or method 'sum'.:"
    "JT404": ("Arguments for call are not valid", "object has no attribute or method"),
    "JT405": ("has no attribute",),
    # RuntimeError: "Arguments for call are not valid." (`n == self.cached_len`), "'NoneType' object has no attribute
    # or method 'size'.:", "'NoneType' object is not subscriptable:"
    "JT406": ("Arguments for call are not valid", "'NoneType' object has no attribute or method",
              "'NoneType' object is not subscriptable"),
    # RuntimeError: "getattr's second argument must be a string literal:" (hasattr likewise)
    "JT507": ("getattr's second argument must be a string literal", "hasattr's second argument must be a string literal"),
    # (save) Fn.apply scripts as an opaque Python op: "Could not export Python function call 'Fn'. ..."
    "JT508": ("Could not export Python function call",),
    # torch.jit.frontend.FrontendError: "Cannot instantiate class 'ReLU' in a script function:"; once the class has
    # been compiled as a module type in the process: RuntimeError "Class Linear does not have an __init__ function
    # defined:"
    "JT509": ("Cannot instantiate class", "does not have an __init__ function defined"),
    # (save) RuntimeError: "Could not export Python function call 'helper'. Remove calls to Python functions before
    # export. Did you forget to add @script or @script_method annotation? If this is a nn.ModuleList, add it to
    # __constants__:"
    # a cached helper with a defaulted parameter the call omits (`is_kernels_available()`): torch.jit.script itself
    # fails, naming no line: "arg_types.size() == param_names.size() - (moduleSelf_ ? 1 : 0) INTERNAL ASSERT FAILED"
    # an ignored function called without a defaulted parameter: torch types the call without the defaults,
    # "Argument scale not provided."
    "JT901": ("Could not export Python function call", "arg_types.size() == param_names.size()", "not provided"),
    # (mismatch) `mode is "a"` is False in TorchScript; torch.testing.assert_close: "Tensor-likes are not close!"
    "JT902": ("Tensor-likes are not close!",),
    # the scripted model's `len(x)` is 1 (the length of `[x]`): its outputs differ from eager's
    "JT904": ("Tensor-likes are not close!",),
    # (mismatch) a dropped `@torch.no_grad()` / `@torch.autocast(...)`: the harness's requires_grad check /
    # torch.testing.assert_close: "The values for attribute 'dtype' do not match: torch.float32 != torch.bfloat16."
    "JT903": ("The values for attribute 'requires_grad' do not match", "The values for attribute 'dtype' do not match"),
    # RuntimeError: "'Optional[Tensor]' object has no attribute or method 'unsqueeze'.", "Arguments for call are not
    # valid." (arithmetic), "'Optional[Tensor]' object is not subscriptable", "Could not cast value of type
    # Optional[Tensor] to bool", "Return value was annotated as having type Tensor but is actually of type
    # Optional[Tensor]", "all inputs of range must be ints, found Optional[int] in argument 0",
    # "Optional[Tuple[Tensor, Tensor]] cannot be used as a tuple"
    "JT601": ("object has no attribute or method", "Arguments for call are not valid", "object is not subscriptable",
              "Could not cast value of type Optional[", "but is actually of type Optional[",
              "all inputs of range must be ints, found Optional[", "cannot be used as a tuple",
              "attempted to use multidimensional indexing on a non-tensor type",  # `mask[:, 0]`
              # a submodule's forward: "forward(__torch__...Linear self, Tensor input) -> Tensor: Expected a value of
              # type 'Tensor' for argument 'input' but instead found type 'Optional[Tensor]'."
              "but instead found type 'Optional[",
              "object is not iterable"),  # `for i in layers`: "'Optional[List[int]]' object is not iterable:"
    # RuntimeError: "Provided tuple is not fully defined/refined including its element types, please provide a value
    # of type like Tuple[int, int]:"
    "JT609": ("Provided tuple is not fully defined/refined including its element types",),
    # RuntimeError: "Could not cast value of type Optional[bool] to bool:"
    "JT602": ("Could not cast value of type Optional[bool] to bool",
              # a submodule's `bool` parameter: the schema line, then this one
              "Expected a value of type 'bool' for argument"),
    # RuntimeError: "Variable 'prev' previously had type NoneType but is now being assigned to a value of type Tensor"
    "JT603": ("previously had type",),
    # RuntimeError: "y is not defined in the false branch:" / "... true branch:" / "undefined value h:"
    "JT604": ("is not defined in the false branch", "is not defined in the true branch", "undefined value"),
    # RuntimeError: "all inputs of range must be ints, found float in argument 0:", "Arguments for call are not
    # valid." (list index), "Return value was annotated as having type int but is actually of type float:", ...
    "JT608": ("all inputs of range must be ints, found float", "Arguments for call are not valid",
              "indexing tensor with unsupported index type 'float'",
              "Return value was annotated as having type int but is actually of type float",
              "is annotated with type int but is being assigned to a value of type float"),
    # RuntimeError: "Arguments for call are not valid." (several overloads; a later line says "Keyword argument
    # keepdims unknown.") or the one schema, "aten::unsqueeze(Tensor(a) self, int dim) -> Tensor(a):" /
    # "softmax(Tensor input, int? dim=None, int _stacklevel=3, int? dtype=None) -> Tensor:"
    "JT510": ("Arguments for call are not valid", ") -> "),
    # RuntimeError: "Arguments for call are not valid." (several overloads; later lines say "Expected a value of
    # type 'Tensor' for argument 'self' but instead found type 'int'.") or the one schema and what is wrong:
    # "pad(Tensor input, int[] pad, str mode="constant", float? value=None) -> Tensor: Expected a value of type
    # 'Optional[float]' for argument 'value' but instead found type 'int'."
    "JT513": ("Arguments for call are not valid", "Expected a value of type", "not provided"),
    # RuntimeError: "python value of type 'float' cannot be used as a value. Perhaps it is a closed over global
    # variable? ...", "python value of type 'list' cannot be used as an iterable:", "attribute lookup is not
    # defined on python value of type 'Config':"
    "JT511": ("cannot be used as a value", "cannot be used as an iterable",
              "attribute lookup is not defined on python value of type"),
    # RuntimeError: "cannot statically infer the expected size of a list in this context:" / "Unexpected starred
    # expansion. File a bug report:" (zip(*xs))
    "JT606": ("cannot statically infer the expected size of a list in this context", "Unexpected starred expansion"),
    # RuntimeError: "'Tensor' object has no attribute or method 'get_seq_length'." (a parameter annotated Tensor)
    "JT612": ("'Tensor' object has no attribute or method", "'int' object has no attribute or method",
              "'float' object has no attribute or method", "'bool' object has no attribute or method"),
    # RuntimeError: "Arguments for call are not valid." (`+` on an Optional tuple, `+=` on `()`) / "Variable 'out'
    # previously had type Tuple[Tensor] but is now being assigned to a value of type Tuple[Tensor, Tensor]"
    "JT613": ("Arguments for call are not valid", "previously had type"),
    # RuntimeError: "Type mismatch: ef is set to type int in the true branch and type Tensor in the false branch:"
    "JT614": ("Type mismatch:",),
    # RuntimeError: "'Union[Tensor, Tuple[Tensor], NoneType]' object is not subscriptable:" (and "... has no attribute
    # or method 'sum'.", "... is not iterable"): the Union the condition left unrefined
    "JT615": ("NoneType]' object is not subscriptable", "NoneType]' object has no attribute or method",
              "NoneType]' object is not iterable"),
    # RuntimeError: "'Union[Tensor, List[Tensor]]' object has no attribute or method 'flatten'." (and "... is not
    # subscriptable", "... is not iterable"): a Union no isinstance refined
    # ... and "Arguments for call are not valid." (a Union given as a torch op's `device=` / `dtype=`)
    "JT616": ("object has no attribute or method", "object is not subscriptable", "object is not iterable",
              "Arguments for call are not valid"),
    # RuntimeError: "Tensor cannot be used as a tuple:" (and "Optional[Tensor] cannot be ..."): a Tensor unpacked
    "JT617": ("cannot be used as a tuple",),
}

# Rules whose construct scripts on torch 2.13.0 and goes wrong later: the stage where their fires cases fail with the
# documented text (every other rule: "script"). See :func:`case_failure`.
#   "save"      torch.jit.save of the scripted object raises (a Python call left in the graph);
#   "run"       the scripted object raises on the case's inputs, where eager does not;
#   "mismatch"  the scripted object's outputs differ from eager's, both run with autograd enabled: the text is the
#               first line of torch.testing.assert_close's message, or, for tensors whose ``requires_grad`` differs,
#               "The values for attribute 'requires_grad' do not match: ..." (worded as assert_close words dtypes).
# Clean cases of these rules must get through that stage too.
STAGES = ("script", "save", "run", "mismatch")
FAILURE_STAGES: Dict[str, str] = {
    "JT508": "save",
    "JT901": "save",
    "JT902": "mismatch",
    "JT903": "mismatch",
    "JT904": "mismatch",
}

CASE_PREFIX = "case_"


# --------------------------------------------------------------------------------------------------- torch side


@contextlib.contextmanager
def quiet_torch() -> Iterator[None]:
    """Silence the TorchScript deprecation warning of torch 2.13 (``torch.jit.script`` is deprecated...)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*torch\.jit.*deprecated", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r".*TorchScript.*deprecated", category=DeprecationWarning)
        yield


def torch_version() -> str:
    import torch

    return str(torch.__version__)


def script(obj: Any) -> Any:
    import torch

    with quiet_torch():
        return torch.jit.script(obj)


def try_script(obj: Any) -> Tuple[Any, Optional[BaseException]]:
    """``(scripted, None)`` or ``(None, exception)``."""
    try:
        return script(obj), None
    except Exception as exc:  # noqa: BLE001 - torch raises RuntimeError, FrontendError, ValueError, ...
        return None, exc


def first_line(exc: BaseException) -> str:
    """First non-empty line of ``str(exc)``, stripped, without the trailing ``:`` torch appends.

    IR-emitter errors (RuntimeError) start with one or two empty lines; frontend errors do not. A call whose
    arguments do not match prints the callee's schema first (``forward(__torch__...Linear self, Tensor input) ->
    Tensor:``) and what is wrong on the next line: both are joined.
    """
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return ""
    if len(lines) > 1 and SCHEMA_LINE.match(lines[0]):
        return lines[0].rstrip(":").rstrip() + " " + lines[1].rstrip(":").rstrip()
    return lines[0].rstrip(":").rstrip()


# `forward(__torch__.torch.nn.modules.linear.Linear self, Tensor input) -> Tensor:`, `aten::seed(Generator(a!) self) -> int:`,
# `lazy_bind.<locals>.lazy_binding_method(__torch__.M self, Tensor x, float scale) -> Tensor 0:` (an ignored method)
SCHEMA_LINE = re.compile(r"^[\w.:<>]+\(.*\) -> .*:$")


def describe(exc: BaseException) -> str:
    return f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"


def assert_outputs_close(actual: Any, expected: Any, path: str = "output") -> None:
    """``torch.testing.assert_close`` over tensors, numbers, strings and nested tuples/lists/dicts."""
    import torch

    if isinstance(expected, torch.Tensor) or isinstance(actual, torch.Tensor):
        torch.testing.assert_close(actual, expected, msg=lambda m: f"{path}: {m}")
    elif isinstance(expected, (list, tuple)):
        assert isinstance(actual, (list, tuple)), f"{path}: expected a sequence, got {type(actual).__name__}"
        assert len(actual) == len(expected), f"{path}: length {len(actual)} != {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_outputs_close(a, e, f"{path}[{i}]")
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected a dict, got {type(actual).__name__}"
        assert list(actual.keys()) == list(expected.keys()), f"{path}: keys {list(actual)} != {list(expected)}"
        for k in expected:
            assert_outputs_close(actual[k], expected[k], f"{path}[{k!r}]")
    elif isinstance(expected, float):
        torch.testing.assert_close(actual, expected, msg=lambda m: f"{path}: {m}")
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def run(obj: Any, inputs: Sequence[Any]) -> Any:
    import torch

    with torch.no_grad():
        return obj(*inputs)


# ------------------------------------------------------------------------------------------------ fixture side


def rule_dirs() -> List[Path]:
    return sorted(p for p in RULES_DIR.iterdir() if p.is_dir() and re.fullmatch(r"JT\d{3}", p.name))


MARKER_START = "# expect:"
_MARKER_ITEM = re.compile(
    r'\s+(?P<code>JT\d{3})@(?P<column>\d+)(?:-(?:\+(?P<below>\d+):)?(?P<end>\d+))?'
    r'\s+(?P<applicability>safe|unsafe|display-only|none)'
    r'\s+(?P<substring>~?)"(?P<message>(?:[^"\\]|\\["\\])*)"'
)
APPLIED_WITHOUT_UNSAFE = ("safe",)
APPLIED_WITH_UNSAFE = ("safe", "unsafe")


@dataclass(frozen=True)
class Marker:
    """One ``CODE@COLUMN[-END] APPLICABILITY "MESSAGE"`` of a ``# expect:`` comment (rows and columns 1-based,
    ``end`` exclusive and absolute, None when the marker leaves it out)."""

    line: int
    column: int
    end: Optional[Tuple[int, int]]
    code: str
    applicability: str  # safe, unsafe, display-only, none
    message: str
    substring: bool  # ~"...": the message contains it


def markers(path: Path) -> List[Marker]:
    """Every marker of a fixture file, in order; AssertionError on a malformed one."""
    out: List[Marker] = []
    for row, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        start = line.find(MARKER_START)
        if start < 0:
            continue
        rest, pos, found = line[start + len(MARKER_START):].rstrip(), 0, []
        while pos < len(rest):
            m = _MARKER_ITEM.match(rest, pos)
            assert m, f"{path}:{row}: malformed marker at {rest[pos:]!r} (format: see scripts/add_rule.py)"
            end = None
            if m["end"] is not None:
                end = (row + int(m["below"] or 0), int(m["end"]))
            message = re.sub(r'\\(["\\])', r"\1", m["message"])
            found.append(Marker(row, int(m["column"]), end, m["code"], m["applicability"], message,
                                m["substring"] == "~"))
            pos = m.end()
        assert found, f"{path}:{row}: '{MARKER_START}' with no marker"
        out.extend(found)
    return out


def fixes_announced(path: Path, unsafe: bool) -> Dict[str, int]:
    """``{code: count}`` of the fixes the markers of ``path`` say ``fix`` applies (with or without unsafe ones)."""
    kinds = APPLIED_WITH_UNSAFE if unsafe else APPLIED_WITHOUT_UNSAFE
    counts: Dict[str, int] = {}
    for m in markers(path):
        if m.applicability in kinds:
            counts[m.code] = counts.get(m.code, 0) + 1
    return counts


def load_file(path: Path, prefix: str = "jitlint_fixture") -> ModuleType:
    """Import a file from its real path (so ``inspect``/TorchScript can read the source)."""
    path = Path(path).resolve()
    rel = path.relative_to(REPO_ROOT).with_suffix("")
    name = prefix + "_" + re.sub(r"\W", "_", str(rel))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # TorchScript resolves classes' sources and globals through sys.modules
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def case_names(module: ModuleType) -> List[str]:
    """``case_*`` factories defined in the module itself, in source order."""
    found = []
    for name, value in vars(module).items():
        if name.startswith(CASE_PREFIX) and inspect.isfunction(value) and value.__module__ == module.__name__:
            found.append((value.__code__.co_firstlineno, name))
    return [name for _, name in sorted(found)]


def case_names_in_source(path: Path) -> List[str]:
    """Same as :func:`case_names` but without importing (for collection when torch may be missing)."""
    text = Path(path).read_text(encoding="utf-8")
    return re.findall(r"^def (case_\w+)\s*\(", text, flags=re.M)


def case_regions(path: Path) -> Dict[str, Tuple[int, int]]:
    """``{case name: (first row, last row)}`` of a fixture, 1-based, inclusive: after the previous factory up to
    this one (the code a case builds)."""
    import ast

    tree = ast.parse(Path(path).read_bytes())
    regions, start = {}, 1
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith(CASE_PREFIX):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            regions[node.name] = (start, first - 1)
            start = (node.end_lineno or node.lineno) + 1
    return regions


def build_case(module: ModuleType, name: str) -> Tuple[Any, Tuple[Any, ...]]:
    result = getattr(module, name)()
    assert isinstance(result, tuple) and len(result) == 2, f"{name}() must return (obj, inputs_tuple)"
    obj, inputs = result
    assert isinstance(inputs, tuple), f"{name}(): inputs must be a tuple, got {type(inputs).__name__}"
    import torch

    if isinstance(obj, torch.nn.Module):
        assert not obj.training, f"{name}(): the module must be in eval mode"
    else:
        assert inspect.isfunction(obj), f"{name}(): obj must be an nn.Module or a plain function"
    return obj, inputs


_RESULTS: Dict[Tuple[str, str], Tuple[Any, Tuple[Any, ...], Any, Optional[BaseException]]] = {}


def failure_stage(code: str) -> str:
    """Where the fires cases of ``code`` fail: one of :data:`STAGES`."""
    return FAILURE_STAGES.get(code, "script")


def assert_same_behaviour(actual: Any, expected: Any, path: str = "output") -> None:
    """:func:`assert_outputs_close`, and tensors must agree on ``requires_grad`` (grad mode is behaviour too)."""
    import torch

    assert_outputs_close(actual, expected, path)
    if isinstance(expected, torch.Tensor) and isinstance(actual, torch.Tensor):
        if actual.requires_grad != expected.requires_grad:
            raise AssertionError(
                f"{path}: The values for attribute 'requires_grad' do not match: "
                f"{actual.requires_grad} != {expected.requires_grad}."
            )
    elif isinstance(expected, (list, tuple)):
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_same_behaviour(a, e, f"{path}[{i}]")
    elif isinstance(expected, dict):
        for k in expected:
            assert_same_behaviour(actual[k], expected[k], f"{path}[{k!r}]")


_LATER: Dict[Tuple[str, str], Tuple[Optional[str], Optional[BaseException]]] = {}


def case_failure(path: Path, name: str, stage: str = "script") -> Tuple[Optional[str], Optional[BaseException]]:
    """``(stage, exception)`` of the first thing that goes wrong with a case, looking as far as ``stage``: scripting,
    then (for a later ``stage``) saving, running the scripted object, comparing it with eager. ``(None, None)`` when
    it gets through.  Memoized like :func:`script_case`."""
    import io

    import torch

    obj, inputs, scripted, exc = script_case(path, name)
    if exc is not None:
        return "script", exc
    if STAGES.index(stage) == 0:
        return None, None
    key = (str(Path(path).resolve()), name)
    if key not in _LATER:
        _LATER[key] = (None, None)
        try:
            with quiet_torch():
                torch.jit.save(scripted, io.BytesIO())
        except Exception as exc:  # noqa: BLE001
            _LATER[key] = ("save", exc)
        else:
            expected = obj(*inputs)
            try:
                actual = scripted(*inputs)
            except Exception as exc:  # noqa: BLE001
                _LATER[key] = ("run", exc)
            else:
                try:
                    assert_same_behaviour(actual, expected)
                except AssertionError as exc:
                    _LATER[key] = ("mismatch", exc)
    seen, exc = _LATER[key]
    if seen is not None and STAGES.index(seen) > STAGES.index(stage):
        return None, None
    return seen, exc


def script_case(path: Path, name: str) -> Tuple[Any, Tuple[Any, ...], Any, Optional[BaseException]]:
    """``(obj, inputs, scripted, exc)`` for one case, scripted once per process.

    Memoized because TorchScript keeps half-compiled classes: scripting a class again after a failure reports
    ``Can't redefine method: forward on class ...`` instead of the real error.
    """
    key = (str(Path(path).resolve()), name)
    if key not in _RESULTS:
        module = load_file(Path(path))
        obj, inputs = build_case(module, name)
        scripted, exc = try_script(obj)
        _RESULTS[key] = (obj, inputs, scripted, exc)
    return _RESULTS[key]


# ----------------------------------------------------------------------------------------- documented errors


def _as_alternatives(value: Any) -> Tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"\n| \| ", value)  # the engine lists alternatives one per line
    return tuple(str(v).strip().rstrip(":").rstrip() for v in value if str(v).strip())


def engine_torch_errors() -> Optional[Dict[str, Tuple[str, ...]]]:
    """``{code: alternatives}`` from ``jitlint._core.rules()``, or None when the engine is not importable."""
    try:
        import jitlint._core as core  # type: ignore[import-not-found]
    except ImportError:
        return None
    out: Dict[str, Tuple[str, ...]] = {}
    for rule in core.rules():
        code = rule["code"]
        value = rule.get("torch_error") if isinstance(rule, dict) else None
        alts = _as_alternatives(value)
        if alts:
            out[code] = alts
    return out


def agrees(documented: str, measured: Sequence[str]) -> bool:
    """A documented text agrees with our measurement if one contains the other."""
    return any(m in documented or documented in m for m in measured)


def documented_torch_errors(code: str) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """``(accepted, engine)`` substrings for a rule.

    ``accepted``: the measured substrings plus the engine's (when it documents the rule).  ``engine``: what the
    engine documents (empty without an engine).  Raises AssertionError if the engine's text disagrees with torch
    2.13.0 as measured here.
    """
    measured = MEASURED_TORCH_ERRORS.get(code, ())
    engine = (engine_torch_errors() or {}).get(code, ())
    for text in engine:
        assert not measured or agrees(text, measured), (
            f"{code}: the engine documents torch_error {text!r}, but on torch {TORCH_VERSION} the first line "
            f"contains one of {list(measured)!r}"
        )
    accepted = tuple(dict.fromkeys(measured + engine))
    return accepted, engine
