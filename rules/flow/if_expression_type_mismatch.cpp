// JT611 if-expression-type-mismatch: a conditional expression whose two branches certainly have types TorchScript
// cannot unify (`(ctx, probs) if output_attentions else (ctx,)`).
#include "core/expr_types.h"
#include "core/rule.h"
#include "core/type_certainty.h"

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
  1`), an int and a float (`1 if fast else 0.5`), a tuple and a tensor.

A condition TorchScript decides while compiling (`torch.jit.is_scripting()`, `x is None` on a parameter that
cannot be None, a constant; and what the instance decides: `self.proj is None`, `isinstance`, `hasattr`) leaves
one branch, and nothing is reported.

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

// A parenthesized tuple display without starred elements: its length is certain.
std::optional<size_t> tuple_display_length(TSNode expr) {
  expr = strip_parens(expr);
  if (!is(expr, sym.tuple)) return std::nullopt;
  size_t count = 0;
  for (TSNode element : NamedChildren(expr)) {
    if (is(element, sym.list_splat) || is(element, sym.comment)) return std::nullopt;
    ++count;
  }
  return count;
}

// Kinds TorchScript never unifies with each other (None and Optional unify with anything, named types are
// unknown, containers are compared by the tuple rule only).
bool plain_kind(Type::Kind kind) {
  return kind == Type::Kind::Tensor || kind == Type::Kind::Int || kind == Type::Kind::Float ||
         kind == Type::Kind::Bool || kind == Type::Kind::Str || kind == Type::Kind::Tuple;
}

// A test TorchScript decides from the instance or the types while compiling, which jitlint cannot evaluate:
// `self.quant is None` (the attribute is None or not on the instance), `isinstance(...)`, `hasattr(...)`.
bool decided_by_instance(const RuleContext& context, TSNode condition) {
  auto decides = [&](TSNode node) {
    if (is(node, sym.comparison_operator)) {
      const auto test = none_test(node);
      return test.has_value() && is(test->operand, sym.attribute);
    }
    if (!is(node, sym.call)) return false;
    const TSNode callee = field(node, fld.function);
    return context.model().is_builtin(callee, "isinstance") || context.model().is_builtin(callee, "hasattr");
  };
  condition = strip_parens(condition);
  bool found = decides(condition);
  walk(condition, [&](const NodePath& at) {
    found = found || decides(at.node());
    return !found;
  });
  return found;
}

class IfExpressionTypeMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.conditional_expression}}; }

  void check(RuleContext& context, TSNode node) const override {
    const ConditionalParts parts = conditional_parts(node);
    if (!parts.whole()) return;
    const FunctionInfo& function = context.function();
    if (context.model().static_condition(function, parts.condition).has_value()) return;
    if (decided_by_instance(context, parts.condition)) return;
    std::string left, right;
    const auto left_length = tuple_display_length(parts.body);
    const auto right_length = tuple_display_length(parts.alternative);
    if (left_length && right_length) {
      if (*left_length == *right_length) return;
      auto elements = [](size_t n) { return "a tuple of " + std::to_string(n) + (n == 1 ? " element" : " elements"); };
      left = elements(*left_length);
      right = elements(*right_length);
    } else {
      const Source& source = context.model().source();
      if (reads_rebound_local(source, function, parts.body) || reads_rebound_local(source, function, parts.alternative)) {
        return;
      }
      const ExprTypes types(context.model(), function);
      const auto a = types.of(parts.body);
      const auto b = types.of(parts.alternative);
      if (!a || !b || !a->certain || !b->certain) return;
      if (!plain_kind(a->type.kind) || !plain_kind(b->type.kind) || a->type.kind == b->type.kind) return;
      left = "`" + a->type.spell() + "`";
      right = "`" + b->type.spell() + "`";
    }
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
