// JT901 ignored-function-reachable: compiled code calls a `@torch.jit.ignore` function, which stays a Python call:
// the model scripts, but `torch.jit.save` cannot export it.
#include <algorithm>
#include <string>
#include <vector>

#include "core/python_calls.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT901",
    "ignored-function-reachable",
    "deployment",
    Phase::Semantic,
    FixAvailability::None,
    "A call to a `@torch.jit.ignore` function stays a Python call: the model scripts but cannot be saved for LibTorch",
    "Could not export Python function call\n"
    "arg_types.size() == param_names.size()\n"
    "not provided",
    R"doc(## What it does
Finds calls, in live compiled code, of a function or method of this file decorated `@torch.jit.ignore` (without
`drop=True`): `helper(x)`, `self.helper(x)`, `self.sub.helper(x)`, `Cls.helper(x)`, and calls of a submodule of this
file whose `forward` is ignored (`self.sub(x)`). Also calls of a module-level function of this file decorated
`@functools.cache` or `@functools.lru_cache(...)`, of this file or imported from another module of the checked tree
or an installed package: the name holds a cache object, not a function, and torch treats it as it treats an ignored
function (it never compiles the body). The decorator of a function of this file is shown as a related location.

## Why TorchScript rejects it
`torch.jit.script` does not compile an ignored function: it leaves a call into the Python interpreter in the graph.
The scripted model runs, but only inside Python: `torch.jit.save` refuses to serialize a Python call, so the model
can never be loaded in LibTorch (C++, mobile). A call under `if not torch.jit.is_scripting():` is not compiled and
is not reported.

## The error torch 2.13.0 prints
`torch.jit.script` succeeds; `torch.jit.save` raises:
```
RuntimeError: Could not export Python function call 'helper'. Remove calls to Python functions before export. Did you forget to add @script or @script_method annotation? If this is a nn.ModuleList, add it to __constants__:
```

## Example
```python
class Model(nn.Module):
    @torch.jit.ignore
    def debug_stats(self, x: Tensor) -> Tensor:
        print(x.mean().item())
        return x

    def forward(self, x: Tensor) -> Tensor:
        return self.debug_stats(x) * 2
```

A cached helper (`@functools.cache def identity(shape): ...`) is not compiled either. What torch then does depends on
the cached function's signature, always at this call or before anything runs:
- `torch.jit.script` succeeds and `torch.jit.save` prints `Could not export Python function call 'identity'`;
- a parameter with a default (`is_torch_greater_or_equal("2.9.0")`, `is_accelerate_available()` with its optional
  `min_version`): `torch.jit.script` fails with `arg_types.size() == param_names.size() - (moduleSelf_ ? 1 : 0)
  INTERNAL ASSERT FAILED`, naming no line;
- string annotations (`from __future__ import annotations`): `Unknown type annotation: 'str'` at the call.

An ignored function or method is typed from its signature without its defaults: a call that leaves out a parameter
with a default fails at `torch.jit.script`, at the call (`Argument scale not provided.`), annotated or not; the
message says which parameter.

## Use instead
For a cached helper, drop the cache in compiled code (call an uncached twin, or compute the value in `__init__` and
keep it as a buffer). Otherwise keep the Python-only code out of the compiled path: guard the call, and mark the function `@torch.jit.unused`
(scripted and saved, it raises only if reached), or make it scriptable and drop the decorator.
```python
class Model(nn.Module):
    @torch.jit.unused
    def debug_stats(self, x: Tensor) -> Tensor:
        print(x.mean().item())
        return x

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            x = self.debug_stats(x)
        return x * 2
```

## Fix safety
No automatic fix: what the compiled model should do instead of the Python call is the author's choice.

## Known limitations
An ignored function imported from another module is not reported (a cached one is).
A cached method (`@functools.cache def helper(self, ...)`) is not reported: torch fails on it with no source line.
Models that are only ever scripted and run inside Python are not affected by the export failure.
)doc"};

// A cached function's call: the name holds a cache object, which torch calls in Python.
std::string cached_message(std::string_view called, std::string_view decorator) {
  return "`" + std::string(called) + "` is a `@" + std::string(decorator) + "` object, not a function: TorchScript "
         "never compiles it, and the Python call it leaves cannot be deployed";
}

// The first parameter of the ignored `target` with a default that `call` does not pass (by position or by name),
// which torch, typing the call without defaults, reports as not provided. Empty when the call passes them all,
// unpacks arguments, or the signature has `*args`, `**kwargs` or keyword-only parameters (torch fails otherwise
// there: an INTERNAL ASSERT).
std::string omitted_default(const RuleContext& context, const FunctionInfo& target, TSNode call) {
  size_t positional = 0;
  std::vector<std::string_view> keywords;
  for (TSNode argument : NamedChildren(field(call, fld.arguments))) {
    if (is(argument, sym.comment)) continue;
    if (is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)) return {};
    if (is(argument, sym.keyword_argument)) {
      keywords.push_back(context.text(field(argument, fld.name)));
    } else {
      ++positional;
    }
  }
  const auto& parameters = target.signature.parameters;
  size_t index = 0;
  for (size_t i = 0; i < parameters.size(); ++i) {
    const Parameter& parameter = parameters[i];
    if (parameter.kind != Parameter::Kind::Positional) return {};
    if (i == 0 && !target.self_name.empty()) continue;  // `self`, bound by the call through the instance
    const bool passed = index++ < positional ||
                        std::find(keywords.begin(), keywords.end(), parameter.name) != keywords.end();
    if (!passed && !ts_node_is_null(parameter.default_value)) return std::string(parameter.name);
  }
  return {};
}

class IgnoredFunctionReachable final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const SemanticModel& model = context.model();
    const Callee callee = model.resolve_call(context.function(), node);
    TSNode function = strip_parens(field(node, fld.function));
    const FunctionInfo* target = nullptr;
    bool through_module = false;
    if (callee.kind == Callee::Kind::Method || callee.kind == Callee::Kind::ModuleFunction) {
      target = &model.functions()[callee.index];
    } else if (is(function, sym.attribute)) {
      // `self.sub(x)`: a submodule of a class of this file whose forward is ignored.
      const AttrFact* fact = model.self_attribute_fact(context.function(), function);
      if (fact && fact->kind() == AttrKind::Module && fact->local_class >= 0) {
        const int forward = model.find_method(fact->local_class, "forward");
        if (forward >= 0) target = &model.functions()[forward];
        through_module = true;
      }
    }
    if (callee.kind == Callee::Kind::Qualified) {
      // A cached function of another module (`from .utils import is_available`).
      if (const std::string* decorator = model.project_cached_function(callee.qualified)) {
        context.report(function, cached_message(context.text(function), *decorator) + " (`" + callee.qualified + "`)");
      }
      return;
    }
    if (!target) return;
    const std::string called = std::string(context.text(function)) + (through_module ? "`'s forward" : "`");
    if (const TSNode cache = through_module ? TSNode{} : model.cache_decorator(*target); !ts_node_is_null(cache)) {
      Diagnostic& diagnostic = context.report(
          function, cached_message(context.text(function), context.text(ts_node_named_child(cache, 0))));
      diagnostic.related.push_back(Related{ts_node_start_byte(cache), ts_node_end_byte(ts_node_named_child(cache, 0)),
                                           "`" + std::string(target->name) + "` is cached here"});
      return;
    }
    const auto decorator = keeping_ignore_decorator(model, *target);
    if (!decorator) return;
    const std::string omitted = through_module ? std::string() : omitted_default(context, *target, node);
    Diagnostic& diagnostic = context.report(
        function, omitted.empty()
                      ? "`" + called + " is `@torch.jit.ignore`d, so this call stays a Python call that `torch.jit.save` "
                                       "cannot export"
                      : "`" + called + " is `@torch.jit.ignore`d, and torch types the call from its signature without "
                                       "its defaults: `" + omitted + "` is not passed here, so `torch.jit.script` "
                                       "fails (\"Argument " + omitted + " not provided\")");
    diagnostic.related.push_back(Related{ts_node_start_byte(*decorator), ts_node_end_byte(ts_node_named_child(*decorator, 0)),
                                         "`" + std::string(target->name) + "` is ignored here"});
  }
};

}  // namespace

const Rule& ignored_function_reachable_rule() {
  static const IgnoredFunctionReachable rule;
  return rule;
}

}  // namespace jitlint
