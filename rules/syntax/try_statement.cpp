// JT105 try-statement: `try` blocks (`except`, `except*`, `finally`, `else`) in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT105",
    "try-statement",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript has no exception handling; move the `try` into a `@torch.jit.unused` helper and branch on "
    "`torch.jit.is_scripting()`",
    "try blocks aren't supported\n"
    "TryStar aren't supported",
    R"doc(## What it does
Finds `try` statements in code that `torch.jit.script` compiles, in any form: with `except`, `finally` or `else`
clauses, and `try`/`except*` (Python 3.11 exception groups).

## Why TorchScript rejects it
TorchScript can raise exceptions but cannot catch them. Its frontend (`torch/jit/frontend.py`) has no builder for
`ast.Try` / `ast.TryStar` and raises `UnsupportedNodeError`, also in statically dead branches
(`if not torch.jit.is_scripting():` does not protect a `try`).

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: try blocks aren't supported:
torch.jit.frontend.UnsupportedNodeError: TryStar aren't supported:
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    try:
        return x * 2
    except RuntimeError:
        return x
```

## Use instead
Keep the scripted path free of `try` and move the Python-only fallback into a `@torch.jit.unused` helper
(TorchScript compiles only its signature):
```python
def forward(self, x: Tensor) -> Tensor:
    if torch.jit.is_scripting():
        return x * 2              # the scripted path: what the try body does
    return self._safe(x)

@torch.jit.unused
def _safe(self, x: Tensor) -> Tensor:
    try:
        return x * 2
    except RuntimeError:
        return x
```
When the `except` branch only guards an eager-only situation (an optional import, a shape fallback that never
happens at inference), deleting the `try`/`except` and keeping the body is the simplest change, but it changes
behaviour when the exception does happen: review it by hand.

## Fix safety
No automatic fix: what the scripted path should do when the `try` body fails is a decision only the author can
make.

## Known limitations
A `with` statement (context managers such as `torch.no_grad()`) is supported and not reported.
)doc"};


class TryStatement final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.try_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    bool group = false;
    for (TSNode child : NamedChildren(node)) group = group || is(child, sym.except_group_clause);
    context.report_range(ts_node_start_byte(node), header_end(node),
                         group ? "`try`/`except*` blocks are not supported by TorchScript"
                               : "`try` blocks are not supported by TorchScript");
  }
};

}  // namespace

const Rule& try_statement_rule() {
  static const TryStatement rule;
  return rule;
}

}  // namespace jitlint
