// JT608 int-pow-is-float: `int ** int` (a float in TorchScript) used where an int is required.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT608",
    "int-pow-is-float",
    "flow",
    Phase::Semantic,
    FixAvailability::Always,
    "TorchScript types `int ** int` as float: write `int(a ** b)` where an int is needed",
    "all inputs of range must be ints, found float\n"
    "Arguments for call are not valid\n"
    "indexing tensor with unsupported index type 'float'\n"
    "Return value was annotated as having type int but is actually of type float\n"
    "is annotated with type int but is being assigned to a value of type float",
    R"doc(## What it does
Finds `a ** b` with two int operands (also inside `+`, `-`, `*`, `//`, `%` with other numbers) used where an int is
required: a `range` bound, a list or tensor index or slice bound, an argument of `x.view(...)` or of
`torch.zeros`/`ones`/`empty`/`rand`/`randn`, the value returned by a function annotated `-> int`, or the value of
`k: int = ...`.

## Why TorchScript rejects it
TorchScript's `pow` on two ints returns a float (`aten::pow.int(int a, int b) -> float`), because a negative
exponent gives a fraction. Python returns an int for a non-negative exponent, so the code works in eager mode, but
TorchScript sees a float where its schema wants an int.

## The error torch 2.13.0 prints
```
RuntimeError: all inputs of range must be ints, found float in argument 0:
RuntimeError: Arguments for call are not valid.
RuntimeError: Unsupported operation: indexing tensor with unsupported index type 'float'. Only ints, slices, lists and tensors are supported:
RuntimeError: Return value was annotated as having type int but is actually of type float:
RuntimeError: Variable 'k' is annotated with type int but is being assigned to a value of type float:
```

## Example
```python
def forward(self, x: Tensor, level: int) -> Tensor:
    for _ in range(2 ** level):
        x = x * 0.5
    return x
```

## Use instead
```python
def forward(self, x: Tensor, level: int) -> Tensor:
    for _ in range(int(2 ** level)):
        x = x * 0.5
    return x
```
(`1 << level` for powers of two when `level >= 0`.)

## Fix safety
The fix wraps the power in `int(...)`. It is **unsafe**: TorchScript computes the power as a float, so results
above 2**53 that are not powers of two lose precision, and a negative exponent truncates to 0 (eager code fails
there anyway in these positions, except for `return` and annotated assignments).

## Known limitations
A power stored in a local first (`k = 2 ** n; range(k)`) is not followed. Positions whose error text is a schema
(`x.reshape(2 ** n)`, `F.avg_pool1d(x, 2 ** n)`) are not reported.
)doc"};

bool certain_int(const ExprTypes& types, TSNode node) {
  const auto type = types.of(node);
  return type && type->certain && type->type.is(Type::Kind::Int);
}

bool certain_number(const ExprTypes& types, TSNode node) {
  const auto type = types.of(node);
  return type && type->certain && (type->type.is(Type::Kind::Int) || type->type.is(Type::Kind::Float));
}

bool certain_sequence(const ExprTypes& types, TSNode node) {
  const auto type = types.of(node);
  return type && type->certain &&
         (type->type.is(Type::Kind::List) || type->type.is(Type::Kind::Tensor));
}

class IntPowIsFloat final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.binary_operator}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (context.text(field(node, fld.operator_)) != "**") return;
    ExprTypes types(context.model(), context.function());
    if (!certain_int(types, field(node, fld.left)) || !certain_int(types, field(node, fld.right))) return;
    const NodePath& path = context.path();
    // Climb through arithmetic that keeps the float: parentheses, unary minus, + - * // % with another number.
    size_t up = 1;
    for (;;) {
      const TSNode parent = path.ancestor(up);
      if (is(parent, sym.parenthesized_expression) || is(parent, sym.unary_operator)) {
        ++up;
        continue;
      }
      if (is(parent, sym.binary_operator)) {
        const std::string_view op = context.text(field(parent, fld.operator_));
        const TSNode other = path.field_of(up - 1) == fld.left ? field(parent, fld.right) : field(parent, fld.left);
        if ((op == "+" || op == "-" || op == "*" || op == "//" || op == "%") && certain_number(types, other)) {
          ++up;
          continue;
        }
      }
      break;
    }
    const TSNode value = path.ancestor(up - 1);
    const TSNode parent = path.ancestor(up);
    const TSFieldId value_field = path.field_of(up - 1);
    std::string where;
    if (is(parent, sym.argument_list) && is(path.ancestor(up + 1), sym.call)) {
      const TSNode call = path.ancestor(up + 1);
      const TSNode callee = field(call, fld.function);
      const std::string qualified = context.model().qualified_name(callee);
      if (context.model().is_builtin(callee, "range")) {
        where = "a `range` bound";
      } else if (qualified == "torch.zeros" || qualified == "torch.ones" || qualified == "torch.empty" ||
                 qualified == "torch.rand" || qualified == "torch.randn") {
        where = "a size of `" + qualified + "`";
      } else if (is(callee, sym.attribute) && context.text(field(callee, fld.attribute)) == "view") {
        const auto receiver = types.of(field(callee, fld.object));
        if (receiver && receiver->certain && receiver->type.is(Type::Kind::Tensor)) where = "a size of `.view`";
      }
    } else if (is(parent, sym.subscript) && value_field == fld.subscript &&
               certain_sequence(types, field(parent, fld.value))) {
      where = "an index";
    } else if (is(parent, sym.slice) && is(path.ancestor(up + 1), sym.subscript) &&
               certain_sequence(types, field(path.ancestor(up + 1), fld.value))) {
      where = "a slice bound";
    } else if (is(parent, sym.return_statement)) {
      const auto declared = types.annotation(context.function().signature.return_type);
      if (declared && declared->is(Type::Kind::Int)) where = "the return value of a function annotated `-> int`";
    } else if (is(parent, sym.assignment) && value_field == fld.right) {
      const auto declared = types.annotation(field(parent, fld.type));
      if (declared && declared->is(Type::Kind::Int)) where = "the value of an `int` variable";
    }
    if (where.empty()) return;
    (void)value;
    Fix fix{Applicability::Unsafe, "Wrap the power in `int(...)`",
            {Edit{ts_node_start_byte(node), ts_node_start_byte(node), "int("},
             Edit{ts_node_end_byte(node), ts_node_end_byte(node), ")"}},
            {}, {}};
    context.report(node, "`" + std::string(context.text(node)) + "` is a float in TorchScript (`int ** int` is float) "
                   "but is used as " + where, std::move(fix));
  }
};

}  // namespace

const Rule& int_pow_is_float_rule() {
  static const IntPowIsFloat rule;
  return rule;
}

}  // namespace jitlint
