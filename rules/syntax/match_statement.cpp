// JT114 match-statement: `match` statements (structural pattern matching) in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT114",
    "match-statement",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript has no pattern matching; use an `if`/`elif` chain",
    "Match aren't supported",
    R"doc(## What it does
Finds `match` statements (structural pattern matching, Python 3.10) in code that `torch.jit.script` compiles,
also in statically dead branches.

## Why TorchScript rejects it
TorchScript's frontend (`torch/jit/frontend.py`) has no builder for `ast.Match` and raises
`UnsupportedNodeError`.

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: Match aren't supported:
```

## Example
```python
def forward(self, x: Tensor, mode: str) -> Tensor:
    match mode:
        case "relu":
            return torch.relu(x)
        case "tanh":
            return torch.tanh(x)
        case _:
            return x
```

## Use instead
```python
def forward(self, x: Tensor, mode: str) -> Tensor:
    if mode == "relu":
        return torch.relu(x)
    elif mode == "tanh":
        return torch.tanh(x)
    else:
        return x
```

## Fix safety
No automatic fix: patterns (captures, class patterns, guards, `|`) have no general one-to-one rewrite.
)doc"};


class MatchStatement final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.match_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    context.report_range(ts_node_start_byte(node), header_end(node),
                         "`match` statements are not supported by TorchScript");
  }
};

}  // namespace

const Rule& match_statement_rule() {
  static const MatchStatement rule;
  return rule;
}

}  // namespace jitlint
