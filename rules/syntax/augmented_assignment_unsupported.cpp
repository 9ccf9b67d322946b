// JT112 augmented-assignment-unsupported: `x //= y` and `x @= y` in compiled code.
#include <string>

#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT112",
    "augmented-assignment-unsupported",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript has no `//=` or `@=`; write the assignment out (`x = x // y`, `x = x @ y`)",
    "unsupported kind of augmented assignment: FloorDiv\n"
    "unsupported kind of augmented assignment: MatMult",
    R"doc(## What it does
Finds the augmented assignments `x //= y` and `x @= y` in code that `torch.jit.script` compiles, also in
statically dead branches.

## Why TorchScript rejects it
TorchScript's frontend (`torch/jit/frontend.py`, `build_AugAssign`) maps only `+= -= *= /= %= **= |= &= ^= <<= >>=`
to its own augmented assignment; `FloorDiv` and `MatMult` are missing from its table and raise `NotSupportedError`.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: unsupported kind of augmented assignment: FloorDiv:
torch.jit.frontend.NotSupportedError: unsupported kind of augmented assignment: MatMult:
```

## Example
```python
def forward(self, x: Tensor, w: Tensor, stride: int) -> Tensor:
    x @= w
    stride //= 2
    return x[::stride]
```

## Use instead
```python
def forward(self, x: Tensor, w: Tensor, stride: int) -> Tensor:
    x = x @ w
    stride = stride // 2
    return x[::stride]
```

## Fix safety
The fix writes the assignment out: `x = x @ (y)`, `x = x // (y)` (the parentheses only when the right side needs
them).
- `@=` on a plain name is **safe**: `torch.Tensor` has no `__imatmul__` (checked on torch 2.13.0), so Python
  already evaluates `x @= y` as `x = x @ y`, a new tensor bound to `x`.
- `//=` on a plain name whose type is known to be `int` or `float` (an annotation, a literal) is **safe**:
  numbers are immutable.
- `//=` on anything else (a Tensor or an unknown type) is **unsafe**: `Tensor.__ifloordiv__` works in place, so
  other references to the same tensor (an argument of the caller, an alias) saw the change and no longer do.
- A target that is an attribute or a subscript (`self.n //= 2`, `x[0] @= w`) is **unsafe**: its object and index
  are evaluated twice, and for `//=` the in-place semantics are lost too.
)doc"};

// The right side needs parentheses after `x // ` unless it binds tighter than `*`-level operators.
bool is_primary(TSNode node) {
  const TSSymbol kind = ts_node_symbol(node);
  return kind == sym.identifier || kind == sym.call || kind == sym.attribute || kind == sym.subscript ||
         kind == sym.parenthesized_expression || kind == sym.integer || kind == sym.float_ || kind == sym.string ||
         kind == sym.list || kind == sym.dictionary || kind == sym.true_ || kind == sym.false_ || kind == sym.none;
}

class AugmentedAssignmentUnsupported final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.augmented_assignment}}; }
  void check(RuleContext& context, TSNode node) const override {
    TSNode op = field(node, fld.operator_);
    const std::string_view spelled = context.text(op);
    if (spelled != "//=" && spelled != "@=") return;
    const bool floordiv = spelled == "//=";
    context.report(node, std::string("Augmented assignment `") + std::string(spelled) +
                             "` is not supported by TorchScript",
                   rewrite(context, node, op, floordiv));
  }

 private:
  static bool certain_number(const std::optional<InferredType>& type) {
    return type && type->certain && (type->type.is(Type::Kind::Int) || type->type.is(Type::Kind::Float));
  }

  // Whether the local `name` is an int or float wherever it is bound: each assignment or parameter is typed so,
  // and each augmented assignment to it (`n += 1`) adds an int or a float.
  static bool is_number(RuleContext& context, TSNode name) {
    const ExprTypes types(context.model(), context.function());
    if (certain_number(types.of(name))) return true;
    const std::string_view spelled = context.text(name);
    const auto* bindings = context.function().scope.all(spelled);
    if (!bindings) return false;
    for (const Binding& b : *bindings) {
      if (b.kind == Binding::Kind::Parameter) {
        if (!b.parameter || ts_node_is_null(b.parameter->annotation)) return false;
        const auto type = types.annotation(b.parameter->annotation);
        if (!type || !(type->is(Type::Kind::Int) || type->is(Type::Kind::Float))) return false;
      } else if (b.kind == Binding::Kind::Assignment && b.element < 0) {
        if (!ts_node_is_null(b.annotation)) {
          const auto type = types.annotation(b.annotation);
          if (!type || !(type->is(Type::Kind::Int) || type->is(Type::Kind::Float))) return false;
        } else if (!certain_number(types.of(b.value))) {
          return false;
        }
      } else if (b.kind == Binding::Kind::Augmented) {
        // `n += 1`: an int or a float added to it (never `@=`).
        if (context.text(field(b.statement, fld.operator_)) == "@=" || !certain_number(types.of(b.value))) return false;
      } else {
        return false;
      }
    }
    return true;
  }

  static std::optional<Fix> rewrite(RuleContext& context, TSNode node, TSNode op, bool floordiv) {
    TSNode target = field(node, fld.left);
    TSNode value = field(node, fld.right);
    if (ts_node_is_null(target) || ts_node_is_null(value)) return std::nullopt;
    const bool name = is(target, sym.identifier);
    if (!name && !is(target, sym.attribute) && !is(target, sym.subscript)) return std::nullopt;
    if (has_comment(target)) return std::nullopt;  // the target's text is repeated
    Fix fix;
    fix.applicability = Applicability::Unsafe;
    if (name && !floordiv) {
      fix.applicability = Applicability::Safe;
    } else if (name && is_number(context, target)) {
      fix.applicability = Applicability::Safe;
    }
    const std::string operation = floordiv ? "//" : "@";
    const std::string target_text(context.text(target));
    fix.message = "Write it as `" + target_text + " = " + target_text + " " + operation + " ...`";
    fix.edits.push_back(replace_node(op, "= " + target_text + " " + operation));
    if (!is_primary(value)) {
      fix.edits.push_back(Edit{ts_node_start_byte(value), ts_node_start_byte(value), "("});
      fix.edits.push_back(insert_after(value, ")"));
    }
    return fix;
  }
};

}  // namespace

const Rule& augmented_assignment_unsupported_rule() {
  static const AugmentedAssignmentUnsupported rule;
  return rule;
}

}  // namespace jitlint
