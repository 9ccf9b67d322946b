// JT102 set-comprehension: `{x for x in xs}` in compiled code.
#include "core/rule.h"
#include "rules/fixes/comprehension_loop.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT102",
    "set-comprehension",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
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
The fix fills a `Dict[T, bool]` whose keys are the set's elements, with a loop (typed and placed as in JT101's
fix). It is always **unsafe**: a dict answers `in`, `len` and iteration like the set did (iteration in insertion
order), but set methods and operators (`add`, `|`, `&`, `-`) do not exist on it: check the uses.
)doc"};

class SetComprehension final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.set_comprehension}}; }
  void check(RuleContext& context, TSNode node) const override {
    context.report(node, "Set comprehensions are not supported by TorchScript", comprehension_to_loop(context, node));
  }
};

}  // namespace

const Rule& set_comprehension_rule() {
  static const SetComprehension rule;
  return rule;
}

}  // namespace jitlint
