// JT121 yield: `yield` / `yield from` in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT121",
    "yield",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript has no generators; build and return a list instead",
    "Yield aren't supported\n"
    "YieldFrom aren't supported",
    R"doc(## What it does
Finds `yield` and `yield from` expressions in code that `torch.jit.script` compiles (one diagnostic per `yield`).

## Why TorchScript rejects it
TorchScript has no generator functions. Its frontend (`torch/jit/frontend.py`) has no builder for `ast.Yield` or
`ast.YieldFrom` and raises `UnsupportedNodeError`, also in statically dead branches.

## The errors torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: Yield aren't supported:
torch.jit.frontend.UnsupportedNodeError: YieldFrom aren't supported:
```

## Example
```python
def windows(self, x: Tensor, size: int):
    for start in range(0, x.size(0), size):
        yield x[start:start + size]
```

## Use instead
```python
def windows(self, x: Tensor, size: int) -> List[Tensor]:
    out: List[Tensor] = []
    for start in range(0, x.size(0), size):
        out.append(x[start:start + size])
    return out
```
`yield from xs` becomes `out.extend(xs)`. The caller then iterates over the returned list.

## Fix safety
No automatic fix: turning a generator into a list changes the function's return type and when its body runs.
)doc"};

class Yield final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{named_kind_id("yield")}}; }
  void check(RuleContext& context, TSNode node) const override {
    bool from = false;  // `yield from xs`: the `from` keyword is an anonymous child
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      from = from || (!ts_node_is_named(child) && std::string_view(ts_node_type(child)) == "from");
    }
    context.report(node, from ? "`yield from` is not supported by TorchScript"
                              : "`yield` is not supported by TorchScript");
  }
};

}  // namespace

const Rule& yield_rule() {
  static const Yield rule;
  return rule;
}

}  // namespace jitlint
