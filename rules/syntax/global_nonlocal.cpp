// JT108 global-nonlocal: `global` statements in compiled code (`nonlocal` is covered by JT106, see the doc).
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT108",
    "global-nonlocal",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript cannot rebind module globals; keep the state in a module attribute or return it",
    "global variables aren't supported",
    R"doc(## What it does
Finds `global` statements in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
A compiled function has no access to Python's module globals at run time: it cannot rebind them, and it cannot even
read a plain global value (`python value of type 'float' cannot be used as a value`); only module-level
functions, classes and imported modules (`math.pi`) resolve. The frontend (`torch/jit/frontend.py`) rejects
`ast.Global` with `UnsupportedNodeError`, also in statically dead branches. `nonlocal` is rejected the same way
(`nonlocal variables aren't supported`), but it can only appear in a function nested in another one: inside
compiled code that nested `def` is itself rejected first (JT106), and a closure scripted on its own
(`torch.jit.script(make_step())`) is not something jitlint follows, so this rule reports `global` only.

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: global variables aren't supported:
torch.jit.frontend.UnsupportedNodeError: nonlocal variables aren't supported:
```
(the second for `nonlocal`, in a scripted closure).

## Example
```python
CALLS = 0

class Model(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        global CALLS
        CALLS += 1
        return x * CALLS
```

## Use instead
```python
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x: Tensor) -> Tensor:
        self.calls += 1
        return x * self.calls
```
Keep mutable state in a module attribute (assigned in `__init__`, so TorchScript knows its type), or pass it in
and return it. Removing the `global` statement is not enough when the global is read: copy a constant into an
attribute in `__init__` (`self.scale = SCALE`, typed `Final[float]` in the class body to make it a constant) or
pass it as an argument.

## Fix safety
No automatic fix: where the state should live is the author's decision.
)doc"};

class GlobalNonlocal final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.global_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    context.report(node, "`global` statements are not supported by TorchScript");
  }
};

}  // namespace

const Rule& global_nonlocal_rule() {
  static const GlobalNonlocal rule;
  return rule;
}

}  // namespace jitlint
