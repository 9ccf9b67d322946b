// JT106 nested-definition: `def` / `class` (decorated, `async def` too) inside a compiled function's body.
#include <string>

#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT106",
    "nested-definition",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript cannot compile functions or classes defined inside compiled code; define them at module level",
    "function definitions aren't supported\n"
    "class definitions aren't supported",
    R"doc(## What it does
Finds `def` and `class` statements (decorated ones and `async def` included) inside the body of a function that
`torch.jit.script` compiles: helpers, closures and local classes.

## Why TorchScript rejects it
TorchScript compiles one function at a time from its source and has no closures. Its frontend
(`torch/jit/frontend.py`) rejects `ast.FunctionDef`, `ast.AsyncFunctionDef` and `ast.ClassDef` statements in a
body with `UnsupportedNodeError`, also in statically dead branches.

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: function definitions aren't supported:
torch.jit.frontend.UnsupportedNodeError: class definitions aren't supported:
torch.jit.frontend.UnsupportedNodeError: async function definitions aren't supported:
```

## Example
```python
def forward(self, x: Tensor, scale: float) -> Tensor:
    def rescale(t: Tensor) -> Tensor:
        return t * scale
    return rescale(x)
```

## Use instead
```python
def rescale(t: Tensor, scale: float) -> Tensor:
    return t * scale

class Model(nn.Module):
    def forward(self, x: Tensor, scale: float) -> Tensor:
        return rescale(x, scale)
```
Hoist the definition to module level (TorchScript compiles module-level functions and classes that compiled code
calls) and pass what it read from the enclosing function (`scale`) as parameters. A closure that writes the
enclosing function's variables (`nonlocal`) has to return the new values instead.

## Fix safety
No automatic fix: hoisting changes which names the body sees (closed-over locals, shadowed globals).

## Known limitations
Only the outermost nested definition is reported; what is inside it is not compiled once it is hoisted.
)doc"};


class NestedDefinition final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.function_definition, sym.class_definition}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (context.path().in_nested_scope()) return;  // inside a definition already reported
    const std::string name(context.text(field(node, fld.name)));
    const bool is_class = is(node, sym.class_definition);
    const bool is_async = !is_class && ts_node_child_count(node) > 0 &&
                          std::string_view(ts_node_type(ts_node_child(node, 0))) == "async";
    const std::string what = is_class ? "Class definition `" : is_async ? "Async function definition `" : "Function definition `";
    context.report_range(ts_node_start_byte(node), header_end(node),
                         what + name + "` inside compiled code is not supported by TorchScript");
  }
};

}  // namespace

const Rule& nested_definition_rule() {
  static const NestedDefinition rule;
  return rule;
}

}  // namespace jitlint
