// JT307 mutable-default: a list or dict default value (`dims: List[int] = [1, 0]`, `d={}`) on a compiled function.
#include <string>

#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT307",
    "mutable-default",
    "signatures",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript does not accept list or dict default values; default to `None` and build the value in the body",
    "Mutable default parameters are not supported because Python binds them to the function and they persist "
    "across function calls",
    R"doc(## What it does
Finds parameters of compiled functions whose default value is a list or a dict: a literal (`[1, 0]`, `{}`), a
comprehension, a call of the builtins `list(...)` / `dict(...)`, or a tuple holding one of those
(`([1], 2)`). Annotated or not.

## Why TorchScript rejects it
Python evaluates a default once, when the `def` runs, and every call shares that one object: a function that
mutates its list default sees the mutation in the next call. TorchScript does not reproduce this and refuses
list and dict defaults (it inspects the default objects when it compiles the function).

## The error torch 2.13.0 prints
```
RuntimeError: Mutable default parameters are not supported because Python binds them to the function and they persist across function calls.
```

## Example
```python
def forward(self, x: Tensor, dims: List[int] = [1, 0]) -> Tensor:
    return x.permute(dims)
```

## Use instead
```python
def forward(self, x: Tensor, dims: Optional[List[int]] = None) -> Tensor:
    if dims is None:
        dims = [1, 0]
    return x.permute(dims)
```
A tuple default works too when the parameter is a `Tuple[...]` (tuples are immutable):
`dims: Tuple[int, int] = (1, 0)`.

## Fix safety
No automatic fix. The rewrite above changes behaviour only for code that mutates the default (each call now
gets a fresh list) or passes `None` explicitly.

## Known limitations
Defaults that name a module-level list (`dims: List[int] = DEFAULT_DIMS`) or call another function are not
reported: jitlint cannot tell what they hold. Keyword-only parameters with defaults are JT301's (TorchScript
rejects them first).
)doc"};

class MutableDefault final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override {
    Subscriptions subscriptions;
    subscriptions.functions = true;
    return subscriptions;
  }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    for (const Parameter& parameter : function.signature.parameters) {
      if (ts_node_is_null(parameter.default_value)) continue;
      if (parameter.kind != Parameter::Kind::Positional) continue;  // keyword-only: rejected earlier (JT301)
      const char* what = mutable_kind(context, parameter.default_value);
      if (what == nullptr) continue;
      context.report(parameter.node, "Parameter `" + std::string(parameter.name) + "` has a " + what +
                                         " default value, which TorchScript does not support");
    }
  }

 private:
  // "list" / "dict" when the default is (or a tuple holds) a list or dict; nullptr otherwise.
  static const char* mutable_kind(const RuleContext& context, TSNode value) {
    value = strip_parens(value);
    if (is(value, sym.list) || is(value, sym.list_comprehension)) return "list";
    if (is(value, sym.dictionary) || is(value, sym.dictionary_comprehension)) return "dict";
    if (is(value, sym.call)) {
      TSNode function = field(value, fld.function);
      if (context.model().is_builtin(function, "list")) return "list";
      if (context.model().is_builtin(function, "dict")) return "dict";
      return nullptr;
    }
    if (is(value, sym.tuple)) {
      for (TSNode element : NamedChildren(value)) {
        if (mutable_kind(context, element) != nullptr) return "tuple holding a mutable";
      }
    }
    return nullptr;
  }
};

}  // namespace

const Rule& mutable_default_rule() {
  static const MutableDefault rule;
  return rule;
}

}  // namespace jitlint
