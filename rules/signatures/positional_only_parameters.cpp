// JT302 positional-only-parameters: a `/` in a compiled signature; TorchScript drops the parameters before it.
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT302",
    "positional-only-parameters",
    "signatures",
    Phase::Frontend,
    FixAvailability::Always,
    "TorchScript ignores positional-only parameters; remove the `/`",
    "undefined value\n"
    "methods must have a self argument",
    R"doc(## What it does
Finds the positional-only marker `/` in the signature of a function that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript's frontend (`build_param_list` in `torch/jit/frontend.py`) reads `args` and `kwonlyargs` of the
Python AST but never `posonlyargs`: the parameters before `/` are silently left out of the compiled schema. The
first read of one of them in the body then fails as an undefined name (torch points at that read; jitlint at the
`/`), and callers pass one argument too many. In a method whose `self` is positional-only, the method has no
`self` left.

## The error torch 2.13.0 prints
```
RuntimeError: undefined value x:
RuntimeError: methods must have a self argument:
```

## Example
```python
@torch.jit.script
def scale(x: Tensor, /, factor: float = 2.0) -> Tensor:
    return x * factor
```

## Use instead
```python
@torch.jit.script
def scale(x: Tensor, factor: float = 2.0) -> Tensor:
    return x * factor
```

## Fix safety
The fix deletes the `/`. It is **safe**: every call that worked before binds the same arguments (positional
arguments bind as before); calls that passed a positional-only parameter by keyword raised a `TypeError` before
and now work.

## Known limitations
None known.
)doc"};

class PositionalOnlyParameters final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    TSNode previous{};
    for (TSNode child : NamedChildren(function.signature.parameters_node)) {
      if (is(child, sym.comment)) return;  // keep edits simple: no comments inside the list
      if (!is(child, sym.positional_separator)) {
        previous = child;
        continue;
      }
      std::optional<Fix> fix;
      if (!ts_node_is_null(previous)) {
        fix = Fix{Applicability::Safe, "Remove the `/`", {Edit{ts_node_end_byte(previous), ts_node_end_byte(child), ""}},
                  {}, {}};
      }
      context.report(child,
                     "Positional-only parameters (before `/`) are left out of the compiled signature by TorchScript",
                     std::move(fix));
      return;
    }
  }
};

}  // namespace

const Rule& positional_only_parameters_rule() {
  static const PositionalOnlyParameters rule;
  return rule;
}

}  // namespace jitlint
