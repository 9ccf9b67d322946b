// JT611 if-expression-type-mismatch: a conditional expression whose two branches certainly have types TorchScript
// cannot unify (`(ctx, probs) if output_attentions else (ctx,)`).
#include "core/branch_types.h"
#include "core/optional_locals.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT611",
    "if-expression-type-mismatch",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "A conditional expression has one type in TorchScript: give both branches the same type (pad a tuple with "
    "`None` and annotate it, or use an `if` statement that returns each)",
    "if-expression's true branch has type",
    R"doc(## What it does
Finds conditional expressions (`a if cond else b`) in compiled code whose two branches certainly have different
types that TorchScript cannot unify:
- tuple displays of different lengths: `(context, probs) if output_attentions else (context,)`, the way many
  transformers layers build their outputs;
- values whose types the source makes certain and that differ in kind: a tensor and a number (`x if flag else
  1`), an int and a float (`1 if fast else 0.5`), a tuple and a tensor;
- a list display or comprehension and a value of another kind or an `Optional` of one (`[x, x] if keep else
  x.sum()`).

A condition TorchScript decides while compiling (`torch.jit.is_scripting()`, `x is None` on a parameter that
cannot be None, a constant; and what the instance decides: `self.proj is None`, `isinstance`, `hasattr`, `pooled is
not None` on a local that is a Tensor or None by the instance, never an Optional) leaves one branch, and nothing is
reported.

## Why TorchScript rejects it
A conditional expression is one value with one static type. TorchScript unifies the types of its branches only
by adding `Optional` (`x if flag else None` is `Optional[Tensor]`); it has no common type for tuples of different
lengths, and no numeric tower (`int` is not `float`).

## The error torch 2.13.0 prints
```
RuntimeError: if-expression's true branch has type Tuple[Tensor, Tensor] but false branch has type Tuple[Tensor]:
RuntimeError: if-expression's true branch has type int but false branch has type float:
```

## Example
```python
def forward(self, x: Tensor, output_attentions: bool = False):
    context, probs = self.attend(x)
    outputs = (context, probs) if output_attentions else (context,)
    return outputs
```

## Use instead
```python
def forward(self, x: Tensor, output_attentions: bool = False) -> Tuple[Tensor, Optional[Tensor]]:
    context, probs = self.attend(x)
    return context, (probs if output_attentions else None)
```
The caller then reads a fixed-length tuple; or return from two branches of an `if` statement when the function's
annotation allows both (it must be one type too).

## Fix safety
No automatic fix: the callers index the tuple, and its length is their contract.

## Known limitations
Branches whose types are not certain (a call of an unknown function, a local bound more than once) are not
compared; neither are lists or dicts by element type.
)doc"};

class IfExpressionTypeMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.conditional_expression}}; }

  void check(RuleContext& context, TSNode node) const override {
    const ConditionalParts parts = conditional_parts(node);
    if (!parts.whole()) return;
    const FunctionInfo& function = context.function();
    if (context.model().static_condition(function, parts.condition).has_value()) return;
    if (decided_by_instance(context.model(), parts.condition)) return;
    // `(out, pooled) if pooled is not None else (out,)` with `pooled` a Tensor or None by the instance, never an
    // Optional: TorchScript decides the test and compiles one branch.
    if (possibly_static_condition(context.model(), function, parts.condition)) return;
    const auto sides = ununifiable(context.model(), function, parts.body, parts.alternative);
    if (!sides) return;
    const auto& [left, right] = *sides;
    context.report(node, "The branches of this conditional expression are " + left + " and " + right +
                             ", which TorchScript cannot give one type");
  }
};

}  // namespace

const Rule& if_expression_type_mismatch_rule() {
  static const IfExpressionTypeMismatch rule;
  return rule;
}

}  // namespace jitlint
