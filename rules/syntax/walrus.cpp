// JT122 walrus: assignment expressions `(n := expr)` in compiled code.
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT122",
    "walrus",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript has no assignment expressions; assign the value in a statement of its own first",
    "NamedExpr aren't supported",
    R"doc(## What it does
Finds assignment expressions (`(n := expr)`, the "walrus" operator) in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
The frontend (`torch/jit/frontend.py`) has no builder for `ast.NamedExpr` and raises `UnsupportedNodeError`, also
in statically dead branches.

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: NamedExpr aren't supported:
```

## Example
```python
def forward(self, x: Tensor, ids: List[int]) -> Tensor:
    if (n := len(ids)) > 1:
        return x * n
    return x
```

## Use instead
```python
def forward(self, x: Tensor, ids: List[int]) -> Tensor:
    n = len(ids)
    if n > 1:
        return x * n
    return x
```
In a `while` test, assign before the loop and again at the end of the body (before each `continue`).

## Fix safety
The fix hoists the assignment before the `if` statement when the walrus is evaluated first there: it is the whole
test of the `if` (not of an `elif`), or the left operand of a comparison that is the whole test and whose other
operands are names or literals (evaluating them has no effect). That is **safe**: the value is computed once, in
the same order, and bound to the same name. Elsewhere (a `while` test, which is evaluated again on each
iteration, an `elif`, the right side of an `and`, a comprehension) there is no automatic fix.
)doc"};

bool is_plain_operand(TSNode node) {
  node = strip_parens(node);
  return is(node, sym.identifier) || is(node, sym.integer) || is(node, sym.float_) || is(node, sym.true_) ||
         is(node, sym.false_) || is(node, sym.none) || is(node, sym.string) || is_integer_literal(node);
}

class Walrus final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.named_expression}}; }
  void check(RuleContext& context, TSNode node) const override {
    context.report(node, "Assignment expressions (`:=`) are not supported by TorchScript", hoist(context, node));
  }

 private:
  // `if (n := f(x)) > 1:` -> `n = f(x)` before the `if`, and `n` in place of the walrus.
  static std::optional<Fix> hoist(RuleContext& context, TSNode node) {
    const NodePath& path = context.path();
    const TSNode name = field(node, fld.name);
    const TSNode value = field(node, fld.value);
    if (!is(name, sym.identifier) || ts_node_is_null(value)) return std::nullopt;
    // The walrus, with the parentheses around it.
    size_t frame = path.size() - 1;
    while (frame > 1 && is(path[frame - 1].node, sym.parenthesized_expression)) --frame;
    TSNode replaced = path[frame].node;
    // Directly the test, or the left operand of a comparison that is the test.
    size_t up = frame - 1;
    if (is(path[up].node, sym.comparison_operator)) {
      const TSNode comparison = path[up].node;
      bool first = true;
      for (TSNode operand : NamedChildren(comparison)) {
        if (first) {
          if (!same_node(operand, replaced)) return std::nullopt;
          first = false;
        } else if (!is_plain_operand(operand)) {
          return std::nullopt;
        }
      }
      while (up > 1 && is(path[up - 1].node, sym.parenthesized_expression)) --up;
      --up;
    }
    if (!is(path[up].node, sym.if_statement) || path[up + 1].field != fld.condition) return std::nullopt;
    const auto place = statement_place(context.source(), path, up);
    if (!place || !same_node(place->statement, path[up].node)) return std::nullopt;
    if (has_comment(value)) return std::nullopt;
    std::string value_text(context.text(value));
    if (value_text.find('\n') != std::string::npos) value_text = "(" + value_text + ")";
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Assign `" + std::string(context.text(name)) + "` before the `if` statement";
    fix.edits.push_back(insert_before(*place, std::string(context.text(name)) + " = " + value_text + place->newline));
    fix.edits.push_back(replace_node(replaced, std::string(context.text(name))));
    return fix;
  }
};

}  // namespace

const Rule& walrus_rule() {
  static const Walrus rule;
  return rule;
}

}  // namespace jitlint
