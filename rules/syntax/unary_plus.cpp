// JT126 unary-plus: `+x` in compiled code.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT126",
    "unary-plus",
    "syntax",
    Phase::Frontend,
    FixAvailability::Always,
    "TorchScript's frontend crashes on unary `+`; drop it",
    "'UnaryOp' object has no attribute 'range'",
    R"doc(## What it does
Finds the unary plus operator (`+x`, `+1.0`) in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript has no unary plus. Its frontend (`torch/jit/frontend.py`, `build_UnaryOp`) finds no token for
`ast.UAdd` and tries to report it with `expr.range()`, which a Python AST node does not have: scripting fails with
an `AttributeError` instead of a readable message, also in statically dead branches.

## The error torch 2.13.0 prints
```
AttributeError: 'UnaryOp' object has no attribute 'range'
```

## Example
```python
def forward(self, x: Tensor, shift: int) -> Tensor:
    return x.roll(+shift, dims=0)
```

## Use instead
```python
def forward(self, x: Tensor, shift: int) -> Tensor:
    return x.roll(shift, dims=0)
```

## Fix safety
The fix deletes the `+`. It is **safe** when the operand is a number literal or an expression known to be an
`int` or `float`: `+n == n`. Otherwise it is **unsafe**: on a tensor `+t` returns `t` itself in eager PyTorch (so
dropping it is the same there) but raises for a bool tensor, and on a Python bool `+True` is the int `1`; when
the operand's type is not known, check it.
)doc"};

class UnaryPlus final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.unary_operator}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (!is(field(node, fld.operator_), sym.op_plus)) return;
    const TSNode operand = field(node, fld.argument);
    if (ts_node_is_null(operand)) return;
    Fix fix;
    fix.message = "Remove the unary `+`";
    const TSNode bare = strip_parens(operand);
    bool number = is(bare, sym.integer) || is(bare, sym.float_);
    if (!number) {
      const auto type = ExprTypes(context.model(), context.function()).of(operand);
      number = type && type->certain && (type->type.is(Type::Kind::Int) || type->type.is(Type::Kind::Float));
    }
    fix.applicability = number ? Applicability::Safe : Applicability::Unsafe;
    fix.edits.push_back(Edit{ts_node_start_byte(node), ts_node_start_byte(operand), ""});
    context.report(node, "Unary `+` is not supported by TorchScript (its frontend crashes on it)", std::move(fix));
  }
};

}  // namespace

const Rule& unary_plus_rule() {
  static const UnaryPlus rule;
  return rule;
}

}  // namespace jitlint
