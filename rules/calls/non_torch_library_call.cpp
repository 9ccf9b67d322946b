// JT505 non-torch-library-call: calls from compiled code into libraries TorchScript cannot compile (numpy, the
// math functions it lacks, logging, warnings beyond `warn(message)`, os, copy, inspect, time, random, einops,
// itertools, functools, operator, torch.utils.checkpoint).
#include <array>

#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT505",
    "non-torch-library-call",
    "calls",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript compiles only torch, a subset of `math` and `warnings.warn(message)`; keep other libraries out of "
    "compiled code",
    "cannot create weak reference to 'numpy\n"
    "is currently not supported in Torchscript\n"
    "Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults\n"
    "attribute lookup is not defined on python value of type\n"
    "Python exception cannot be used as a value\n"
    "prim::id(AnyClassType? x) -> int\n"
    "Can't get source for\n"
    "Unknown type name 'types.FunctionType'\n"
    "Random.\n"
    "RandomState.\n"
    "(Tensor 0) -> Tensor 0\n"
    "(Tensor 0, Tensor 1) -> Tensor 0\n"
    "function cannot be used as a value\n"
    "Cannot instantiate class",
    R"doc(## What it does
Finds calls in compiled code into libraries TorchScript cannot compile, with names resolved through the file's
imports (`import numpy as np`, `from math import log2`, `from torch.utils.checkpoint import checkpoint`):

- numpy: any call (`np.exp(x)`, `np.zeros(3)`, `np.random.rand(n)`). Constants such as `np.pi` are fine.
- `math` functions TorchScript has no builtin for: `math.log2`, `math.trunc`, `math.prod`, `math.isclose`,
  `math.hypot`, `math.cbrt`, `math.exp2`, `math.isqrt`, `math.comb`, `math.perm`, `math.lcm`, `math.fsum`,
  `math.dist`, `math.nextafter`, `math.ulp`, `math.sumprod`, `math.fma`. (`math.sqrt`, `math.log`, `math.exp`,
  `math.floor`, `math.ceil`, `math.gcd`, `math.isnan`, trigonometry... are supported.)
- `logging`: `logging.info(...)`, `logging.getLogger(...)`, and methods of a module-level logger
  (`logger = logging.getLogger(__name__)`, or a library's `logging.get_logger(__name__)`, then
  `logger.warning(...)`).
- `warnings`: `warnings.warn` with a category (`warnings.warn(msg, UserWarning)`, `category=`, `source=`), and
  every other function (`simplefilter`, `filterwarnings`, `catch_warnings`, `warn_explicit`...).
  `warnings.warn(message)` and `warnings.warn(message, stacklevel=2)` compile.
- `os`, `copy`, `inspect`, `time`, `random`, `einops`, `itertools` (`groupby`, `product`, `chain`,
  `accumulate`...), `functools` (`reduce`, `partial`...), `operator` (`mul`, `itemgetter`...) and
  `torch.utils.checkpoint`: any call.

Functions of this file called from compiled code are compiled too, and are not reported.

## Why TorchScript rejects it
TorchScript compiles Python source it can type. A library function is either a C function it has no mapping for
(numpy ufuncs, `math.log2`, `time.time`, `random.random`, `functools.reduce`, `operator.mul`), a Python class it
types as an opaque call on tensors (`itertools.product(a, b)` becomes `product(Tensor 0, Tensor 1) -> Tensor 0`,
which no list fits), or Python source it tries to compile recursively and
fails on (`logging.info` and `checkpoint` take `*args`, `copy.deepcopy` calls `id`, `inspect` uses `types`), or an
object it cannot look attributes up on (a `Logger`, `os.environ`). `warnings.warn` is a builtin whose schema is
`warn(str message, int stacklevel=2)`: a warning class is a Python value it cannot pass.

## The errors torch 2.13.0 prints
```
TypeError: cannot create weak reference to 'numpy.ufunc' object
RuntimeError: Python builtin <built-in function log2> is currently not supported in Torchscript:
torch.jit.frontend.NotSupportedError: Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults:
RuntimeError: attribute lookup is not defined on python value of type 'Logger':
RuntimeError: Python exception cannot be used as a value:
RuntimeError: prim::id(AnyClassType? x) -> int:
OSError: Can't get source for <function join at 0x...>. TorchScript requires source access in order to carry out compilation, make sure original .py files are available.
RuntimeError: Unknown type name 'types.FunctionType':
RuntimeError: Random.randint(Tensor self, Tensor a, Tensor b) -> Tensor 0:
RuntimeError: RandomState.rand(Tensor self, ...) -> Tensor 0:
RuntimeError: product(Tensor 0, Tensor 1) -> Tensor 0:          (itertools.product(a, b))
RuntimeError: groupby(Tensor 0) -> Tensor 0:                     (itertools.groupby(kinds))
RuntimeError: function cannot be used as a value:                (functools.partial(f, 1))
torch.jit.frontend.FrontendError: Cannot instantiate class 'itemgetter' in a script function:
```
The text depends on the function (numpy functions built on `__array_function__` say `'numpy._ArrayFunctionDispatcher'`;
`np.random.*` methods print an inferred schema such as `RandomState.rand(Tensor self, ...) -> Tensor 0`).

## Example
```python
logger = logging.getLogger(__name__)

class Scale(nn.Module):
    def forward(self, x: Tensor, t: float) -> Tensor:
        logger.debug("scaling")
        return x * np.exp(t) / math.log2(t)
```

## Use instead
```python
class Scale(nn.Module):
    def forward(self, x: Tensor, t: float) -> Tensor:
        if not torch.jit.is_scripting():
            logger.debug("scaling")
        return x * math.exp(t) / math.log(t, 2)
```
Use torch or the supported `math` functions for numbers, `torch.rand`/`torch.randint` for random numbers,
`x.clone()` or `list(xs)` for copies, loops for `itertools` and `functools.reduce` (nested `for` loops for
`product`, a running total for `accumulate`), the operators themselves for `operator` (`a * b`), tensor methods (`permute`, `reshape`) or `einops.layers.torch.Rearrange`
modules for einops, and put logging, timing and `checkpoint` under `if not torch.jit.is_scripting():` (TorchScript
skips that branch) or in a `@torch.jit.unused` method.

## Fix safety
No automatic fix.

## Known limitations
A library reached through a variable or an attribute (`self.np`, `lib = np`) is not followed; a logger is
recognised only as a module-level `name = logging.getLogger(...)` (or a library's `logging.get_logger(...)`, as in
transformers).
)doc"};

// math functions with no TorchScript builtin on torch 2.13.0 (torch/jit/_builtins.py maps the others; measured).
constexpr std::array<std::string_view, 17> kMissingMath{
    "cbrt", "comb", "dist", "exp2", "fma", "fsum", "hypot", "isclose", "isqrt",
    "lcm",  "log2", "nextafter", "perm", "prod", "sumprod", "trunc", "ulp"};

// Libraries every call of which fails, with the name shown and the advice given.
struct Library {
  std::string_view prefix;  // qualified-name prefix, with the trailing dot
  std::string_view name;
  std::string_view advice;
};
constexpr std::array<Library, 12> kLibraries{{
    {"numpy.", "numpy", "use the torch or `math` equivalent"},
    {"logging.", "logging", "guard it with `if not torch.jit.is_scripting():`"},
    {"os.", "os", "read it outside compiled code and pass the value in"},
    {"copy.", "copy", "use `.clone()` for tensors or `list(...)` / `dict(...)` for containers"},
    {"inspect.", "inspect", "keep introspection out of compiled code"},
    {"time.", "time", "guard it with `if not torch.jit.is_scripting():`"},
    {"random.", "random", "use `torch.rand` / `torch.randint`"},
    {"einops.", "einops", "use tensor methods (`permute`, `reshape`) or an `einops.layers.torch` module"},
    {"itertools.", "itertools", "write the loop out (nested `for` loops for `product`, a running total for "
                                "`accumulate`)"},
    {"functools.", "functools", "write the loop out (`reduce`) or call the function itself (`partial`)"},
    {"operator.", "operator", "use the operator itself (`a * b`, `xs[0]`)"},
    {"torch.utils.checkpoint.", "torch.utils.checkpoint", "call it only under `if not torch.jit.is_scripting():`"},
}};

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The root of the tree a node belongs to (the module), without walking parents.
TSNode module_of(TSNode node) { return ts_tree_root_node(node.tree); }

class NonTorchLibraryCall final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const SemanticModel& model = context.model();
    const TSNode function = strip_parens(field(node, fld.function));
    if (!context.head_unbound_locally(function)) return;
    const Callee callee = model.resolve_call(context.function(), node);
    const std::string shown(context.text(function));
    if (callee.kind == Callee::Kind::Qualified) {
      const std::string& q = callee.qualified;
      if (starts_with(q, "math.")) {
        const std::string_view name = std::string_view(q).substr(5);
        for (std::string_view missing : kMissingMath) {
          if (name == missing) {
            context.report(function, "`" + shown +
                                         "` is not one of the `math` functions TorchScript supports; compute it with "
                                         "supported `math` or torch functions");
            return;
          }
        }
        return;
      }
      if (starts_with(q, "warnings.")) {
        check_warnings(context, node, function, q.substr(9));
        return;
      }
      for (const Library& library : kLibraries) {
        if (starts_with(q, library.prefix)) {
          report_library(context, function, library.name, library.advice);
          return;
        }
      }
      return;
    }
    if (callee.kind == Callee::Kind::Unknown && is(function, sym.attribute)) {
      // `logger.warning(...)` with `logger = logging.getLogger(...)` at module level.
      const TSNode object = strip_parens(field(function, fld.object));
      if (is(object, sym.identifier) && is_module_level_logger(context, context.text(object))) {
        report_library(context, function, "logging", "guard it with `if not torch.jit.is_scripting():`");
      }
    }
  }

 private:
  static void report_library(RuleContext& context, TSNode function, std::string_view library,
                             std::string_view advice) {
    context.report(function, "`" + std::string(context.text(function)) + "` (" + std::string(library) +
                                 ") cannot be compiled by TorchScript; " + std::string(advice));
  }

  // `warnings.warn(message)` and `warnings.warn(message, stacklevel=n)` compile; a category, a source, or any
  // other function of `warnings` does not.
  static void check_warnings(RuleContext& context, TSNode call, TSNode function, std::string_view name) {
    if (name != "warn") {
      report_library(context, function, "warnings", "only `warnings.warn(message)` compiles");
      return;
    }
    int positional = 0;
    for (TSNode arg : NamedChildren(field(call, fld.arguments))) {
      if (is(arg, sym.list_splat) || is(arg, sym.dictionary_splat)) return;
      if (is(arg, sym.keyword_argument)) {
        const std::string_view key = context.text(field(arg, fld.name));
        if (key == "category" || key == "source") report_warn_argument(context, field(arg, fld.value), key);
        continue;
      }
      if (++positional == 2 && !is_integer_literal(arg)) report_warn_argument(context, arg, "category");
    }
  }

  static void report_warn_argument(RuleContext& context, TSNode value, std::string_view key) {
    context.report(value, "`warnings.warn` with a " + std::string(key) + " (`" + std::string(context.text(value)) +
                              "`) cannot be compiled by TorchScript; pass only the message (and `stacklevel=`)");
  }

  // `logging.getLogger`, and the wrappers libraries keep in a `logging` module of their own
  // (`transformers.utils.logging.get_logger`, `accelerate.logging.get_logger`): they return `logging.Logger`s.
  static bool is_logger_factory(const std::string& qualified) {
    if (qualified == "logging.getLogger") return true;
    const size_t last = qualified.rfind('.');
    if (last == std::string::npos) return false;
    const std::string_view name = std::string_view(qualified).substr(last + 1);
    const std::string_view module = std::string_view(qualified).substr(0, last);
    const bool logging_module = module == "logging" || (module.size() > 8 && module.substr(module.size() - 8) == ".logging");
    return logging_module && (name == "getLogger" || name == "get_logger");
  }

  // Every module-level assignment of `name` is `name = logging.getLogger(...)` (and there is one), and nothing
  // else of the module binds it.
  static bool is_module_level_logger(RuleContext& context, std::string_view name) {
    const SemanticModel& model = context.model();
    if (model.imports().binds(name) || model.find_module_function(name) >= 0 || model.find_class(name) >= 0) {
      return false;
    }
    bool found = false;
    for (TSNode statement : NamedChildren(module_of(context.function().definition))) {
      if (!is(statement, sym.expression_statement)) continue;
      const TSNode assignment = ts_node_named_child(statement, 0);
      if (!is(assignment, sym.assignment)) continue;
      const TSNode left = field(assignment, fld.left);
      if (!is(left, sym.identifier) || context.text(left) != name) continue;
      const TSNode right = strip_parens(field(assignment, fld.right));
      if (!is(right, sym.call) || !is_logger_factory(model.qualified_name(field(right, fld.function)))) return false;
      found = true;
    }
    return found;
  }
};

}  // namespace

const Rule& non_torch_library_call_rule() {
  static const NonTorchLibraryCall rule;
  return rule;
}

}  // namespace jitlint
