// JT102 set-comprehension: `{x for x in xs}` in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT102",
    "set-comprehension",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript has no set type; collect into a list or a `Dict[T, bool]` instead",
    "SetComp aren't supported",
    R"doc(## What it does
Finds set comprehensions in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript has no set type. Its frontend (`torch/jit/frontend.py`) has no builder for `ast.SetComp` and raises
`UnsupportedNodeError` for it, in statically dead branches too.

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: SetComp aren't supported:
```

## Example
```python
def forward(self, ids: List[int]) -> int:
    return len({i for i in ids})
```

## Use instead
```python
def forward(self, ids: List[int]) -> int:
    seen: Dict[int, bool] = {}
    for i in ids:
        seen[i] = True
    return len(seen)
```
Iteration over the dict keys follows insertion order, where a Python set has no defined order.

## Fix safety
No automatic fix yet: the rewrite depends on what the set is used for (membership, size, iteration).
)doc"};

class SetComprehension final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  std::vector<std::string_view> node_kinds() const override { return {"set_comprehension"}; }
  void check(RuleContext& context, TSNode node) const override {
    context.report(node, "Set comprehensions are not supported by TorchScript");
  }
};

}  // namespace

const Rule& set_comprehension_rule() {
  static const SetComprehension rule;
  return rule;
}

}  // namespace jitlint
