// JT128 reserved-jit-name: a variable whose name starts with `__jit` in compiled code.
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT128",
    "reserved-jit-name",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript reserves names starting with `__jit`; rename the variable",
    "names of variables used in JIT-ed functions can't start with __jit",
    R"doc(## What it does
Finds names (variables read or assigned, loop and comprehension variables, called functions) that start with
`__jit` in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript uses the `__jit` prefix for names it generates. Its frontend (`torch/jit/frontend.py`, `build_Name`)
raises `NotSupportedError` for every such name, also in statically dead branches. Parameters are built by another
path and are accepted, but any use of such a parameter in the body is a name and fails; attributes
(`self.__jit_cache`) and keyword argument names are not names and are accepted.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: names of variables used in JIT-ed functions can't start with __jit:
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    __jitter = torch.randn_like(x) * 0.01
    return x + __jitter
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    jitter = torch.randn_like(x) * 0.01
    return x + jitter
```

## Fix safety
No automatic fix.

## Known limitations
Names in string annotations are not inspected.
)doc"};

class ReservedJitName final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.identifier}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (context.text(node).substr(0, 5) != "__jit") return;
    const NodePath& path = context.path();
    if (!is_variable(path)) return;  // `obj.__jit_x`, `f(__jit_x=1)`
    const TSNode parent = context.parent();
    // Definitions, not names: a parameter, the name of a def or class.
    if (is(parent, sym.parameters) || is(parent, sym.lambda_parameters) || is(parent, sym.typed_parameter)) return;
    if ((is(parent, sym.list_splat_pattern) || is(parent, sym.dictionary_splat_pattern)) &&
        (is(path.ancestor(2), sym.parameters) || is(path.ancestor(2), sym.typed_parameter) ||
         is(path.ancestor(2), sym.lambda_parameters))) {
      return;  // `*__jit_args`, `**__jit_kw`
    }
    if ((is(parent, sym.default_parameter) || is(parent, sym.typed_default_parameter)) && path.field() == fld.name) {
      return;
    }
    if ((is(parent, sym.function_definition) || is(parent, sym.class_definition)) && path.field() == fld.name) return;
    context.report(node, "The name `" + std::string(context.text(node)) +
                             "` starts with `__jit`, which TorchScript reserves for its own names");
  }
};

}  // namespace

const Rule& reserved_jit_name_rule() {
  static const ReservedJitName rule;
  return rule;
}

}  // namespace jitlint
