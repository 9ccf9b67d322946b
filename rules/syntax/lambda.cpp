// JT120 lambda: `lambda` expressions in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT120",
    "lambda",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript has no lambdas; use a module-level function with annotated parameters, or a loop",
    "Lambda aren't supported",
    R"doc(## What it does
Finds `lambda` expressions in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript has no closures. Its frontend (`torch/jit/frontend.py`) has no builder for `ast.Lambda` and raises
`UnsupportedNodeError` for every lambda, also in statically dead branches (`if not torch.jit.is_scripting():`) and
as an argument (`sorted(xs, key=lambda p: p[1])`).

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: Lambda aren't supported:
```

## Example
```python
def forward(self, x: Tensor, scores: List[float]) -> Tensor:
    act = lambda t: t * torch.sigmoid(t)
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    return act(x)[order[0]]
```

## Use instead
```python
def swish(t: Tensor) -> Tensor:  # module level, every parameter annotated
    return t * torch.sigmoid(t)

def forward(self, x: Tensor, scores: List[float]) -> Tensor:
    best = 0
    for i in range(len(scores)):   # sorted(key=lambda ...) -> an explicit loop (or torch.argsort on a tensor)
        if scores[i] < scores[best]:
            best = i
    return swish(x)[best]
```
Move the lambda's body into a module-level `def` (or a method) whose parameters are annotated; values the lambda
captured become extra parameters. TorchScript's `sorted` / `list.sort` take no `key`: sort `(key, value)` tuples,
loop, or use `torch.sort` / `torch.argsort` on a tensor.

## Fix safety
No automatic fix: hoisting a lambda needs the types of its parameters and of the names it captures.
)doc"};

class Lambda final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.lambda}}; }
  void check(RuleContext& context, TSNode node) const override {
    context.report(node, "Lambdas are not supported by TorchScript");
  }
};

}  // namespace

const Rule& lambda_rule() {
  static const Lambda rule;
  return rule;
}

}  // namespace jitlint
