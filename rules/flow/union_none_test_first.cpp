// JT615 union-none-test-first: a Union with None tested `is None` before `isinstance` in one condition, which leaves
// it unrefined to TorchScript.
#include <string>
#include <vector>

#include "core/edits.h"
#include "core/refinement.h"
#include "core/rule.h"
#include "core/union_annotations.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT615",
    "union-none-test-first",
    "flow",
    Phase::Semantic,
    FixAvailability::Always,
    "Test `isinstance` first: `not isinstance(x, tuple) or x is None`",
    "object is not subscriptable\n"
    "has no attribute or method\n"
    "is not iterable",
    R"doc(## What it does
Finds a parameter annotated as a `Union` of two or more types and `None` (`torch.Tensor | tuple[torch.Tensor] |
None`) whose `is None` test comes before its `isinstance` test in one condition, `if x is None or not isinstance(x,
tuple): return ...` or `if x is not None and isinstance(x, tuple):`, and which is then subscripted, iterated or has
an attribute read where that condition should have refined it. It reports the first such use.

## Why TorchScript rejects it
TorchScript refines a `Union` by `isinstance`, and an `Optional` by `is None`. When one `and` / `or` chain tests the
same name both ways with the `None` test first, torch 2.13.0 keeps neither refinement (measured: `if x is None or not
isinstance(x, tuple): return 0` leaves `x` a `Union[Tensor, Tuple[Tensor], NoneType]` after it, and so does `if x is
not None and isinstance(x, tuple):` in its body, or the same `assert`). With the `isinstance` test first the chain
refines `x` to the tuple, and an `Optional` of a single type is refined either way. The Mixture-of-Experts models
of transformers share `load_balancing_loss_func`, which starts with this test.

## The error torch 2.13.0 prints
```
RuntimeError: 'Union[Tensor, Tuple[Tensor], NoneType]' object is not subscriptable:
RuntimeError: 'Union[Tensor, Tuple[Tensor], NoneType]' object has no attribute or method 'size'.:
RuntimeError: 'Union[Tensor, Tuple[Tensor], NoneType]' object is not iterable:
```

## Example
```python
def load_balancing_loss(gate_logits: Union[Tensor, Tuple[Tensor], None], num_experts: int) -> Tensor:
    if gate_logits is None or not isinstance(gate_logits, tuple):
        return torch.zeros(())
    return gate_logits[0].sum() * num_experts
```

## Use instead
```python
def load_balancing_loss(gate_logits: Union[Tensor, Tuple[Tensor], None], num_experts: int) -> Tensor:
    if not isinstance(gate_logits, tuple) or gate_logits is None:
        return torch.zeros(())
    return gate_logits[0].sum() * num_experts
```

## Fix safety
The fix swaps the two tests in the condition. It is **safe**: both are tests of a name without side effects, so
the condition has the same value in Python whatever their order (`isinstance(None, tuple)` is simply false).

## Known limitations
Parameters bound once are checked. The refined region followed is the `if` body for an `and` chain, the `else` /
`elif` branches and (after a body that always leaves) the statements below the `if` for an `or` chain, and the
statements below an `assert`; uses past a rebinding of the name, or in nested functions, are not.
)doc"};

// `x is None` / `x is not None` of the name, as `is_not` asks.
bool none_test(const RuleContext& context, TSNode operand, std::string_view name, bool is_not) {
  operand = strip_parens(operand);
  if (!is(operand, sym.comparison_operator) || ts_node_named_child_count(operand) != 2) return false;
  TSNode left = strip_parens(ts_node_named_child(operand, 0));
  TSNode right = strip_parens(ts_node_named_child(operand, 1));
  if (!is(left, sym.identifier) || context.text(left) != name || !is(right, sym.none)) return false;
  const std::string_view between = context.text(operand).substr(
      ts_node_end_byte(left) - ts_node_start_byte(operand), ts_node_start_byte(right) - ts_node_end_byte(left));
  const bool has_not = between.find("not") != std::string_view::npos;
  return between.find("is") != std::string_view::npos && has_not == is_not;
}

// `isinstance(x, T)`, or `not isinstance(x, T)` when `negated`.
bool isinstance_test(const RuleContext& context, TSNode operand, std::string_view name, bool negated) {
  operand = strip_parens(operand);
  if (negated) {
    if (!is(operand, sym.not_operator)) return false;
    operand = strip_parens(field(operand, fld.argument));
  }
  if (!is(operand, sym.call) || !context.model().is_builtin(field(operand, fld.function), "isinstance")) return false;
  TSNode first = ts_node_named_child(field(operand, fld.arguments), 0);
  return is(strip_parens(first), sym.identifier) && context.text(strip_parens(first)) == name;
}

// The operands of an `and` (or `or`) chain, left to right.
void chain_operands(const RuleContext& context, TSNode node, std::string_view op, std::vector<TSNode>& out) {
  node = strip_parens(node);
  if (is(node, sym.boolean_operator) && context.text(field(node, fld.operator_)) == op) {
    chain_operands(context, field(node, fld.left), op, out);
    chain_operands(context, field(node, fld.right), op, out);
    return;
  }
  out.push_back(node);
}

class UnionNoneTestFirst final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.if_statement, sym.assert_statement}}; }

  void check(RuleContext& context, TSNode node) const override {
    const bool assertion = is(node, sym.assert_statement);
    const TSNode condition = assertion ? ts_node_named_child(node, 0) : field(node, fld.condition);
    TSNode chain = strip_parens(condition);
    if (!is(chain, sym.boolean_operator)) return;
    const std::string_view op = context.text(field(chain, fld.operator_));
    if (op != "and" && op != "or") return;
    if (assertion && op != "and") return;
    const bool any = op == "or";  // the refined region is where the chain is false
    std::vector<TSNode> operands;
    chain_operands(context, chain, op, operands);
    for (const Parameter& parameter : context.function().signature.parameters) {
      if (ts_node_is_null(parameter.annotation) || parameter.name.empty()) continue;
      for (size_t i = 0; i < operands.size(); ++i) {
        if (!none_test(context, operands[i], parameter.name, /*is_not=*/!any)) continue;
        for (size_t j = i + 1; j < operands.size(); ++j) {
          if (!isinstance_test(context, operands[j], parameter.name, /*negated=*/any)) continue;
          if (!union_with_none(context, parameter)) return;
          const Binding* binding = context.function().scope.single(parameter.name);
          if (!binding || binding->kind != Binding::Kind::Parameter) return;
          const TSNode use = first_use(context, node, assertion, any, parameter.name);
          if (ts_node_is_null(use)) return;
          report(context, use, parameter, condition, operands[i], operands[j]);
          return;
        }
      }
    }
  }

 private:
  static bool union_with_none(const RuleContext& context, const Parameter& parameter) {
    size_t others = 0;
    bool none = false;
    for (TSNode member : union_members(context.model(), parameter.annotation)) {
      if (is_none_member(context.source(), member)) {
        none = true;
      } else {
        ++others;
      }
    }
    return none && others >= 2;
  }

  // The first subscript, attribute read or iteration of the name in the region the condition should have refined.
  static TSNode first_use(const RuleContext& context, TSNode statement, bool assertion, bool any,
                          std::string_view name) {
    std::vector<TSNode> region;
    if (assertion) {
      following(context, statement, region);
    } else if (!any) {
      region.push_back(field(statement, fld.consequence));
    } else {
      for (TSNode child : NamedChildren(statement)) {
        if (is(child, sym.elif_clause) || is(child, sym.else_clause)) region.push_back(child);
      }
      if (exits_block(field(statement, fld.consequence))) following(context, statement, region);
    }
    for (TSNode part : region) {
      TSNode found{};
      const auto visit = [&](TSNode n) {
        if (!ts_node_is_null(found) || is_nested_scope(n)) return false;
        if (is(n, sym.subscript) && is_name(context, field(n, fld.value), name)) found = n;
        if (is(n, sym.attribute) && is_name(context, field(n, fld.object), name)) found = n;
        if ((is(n, sym.for_statement) || is(n, sym.for_in_clause)) && is_name(context, field(n, fld.right), name)) {
          found = field(n, fld.right);
        }
        return ts_node_is_null(found);
      };
      if (visit(part)) walk_descendants(part, visit);  // the statement itself, then what it holds
      if (!ts_node_is_null(found) && !context.in_dead_code(found)) return found;
    }
    return TSNode{};
  }

  static bool is_name(const RuleContext& context, TSNode node, std::string_view name) {
    node = strip_parens(node);
    return is(node, sym.identifier) && context.text(node) == name;
  }

  // The statements after `statement` in the block that holds it.
  static void following(const RuleContext& context, TSNode statement, std::vector<TSNode>& out) {
    const NodePath& path = context.path();
    const TSNode block = path.ancestor(1);
    bool after = false;
    for (TSNode sibling : NamedChildren(block)) {
      if (after) out.push_back(sibling);
      if (same_node(sibling, statement)) after = true;
    }
  }

  static void report(RuleContext& context, TSNode use, const Parameter& parameter, TSNode condition, TSNode none,
                     TSNode instance) {
    const std::string name(parameter.name);
    const std::string none_text(context.text(none));
    const std::string instance_text(context.text(instance));
    std::string what = is(use, sym.subscript) ? "subscripted" : is(use, sym.attribute) ? "read for an attribute"
                                                                                        : "iterated";
    Fix fix{Applicability::Safe, "Test `isinstance` before `None`: `" + instance_text + "` first",
            {Edit{ts_node_start_byte(none), ts_node_end_byte(none), instance_text},
             Edit{ts_node_start_byte(instance), ts_node_end_byte(instance), none_text}},
            {}, {}};
    Diagnostic& d = context.report(
        use, "`" + name + "` is annotated `" + std::string(context.text(parameter.annotation)) + "`, and `" +
                 none_text + "` comes before `" + instance_text + "` in one condition: TorchScript then refines "
                 "neither, so `" + name + "` is still a Union here and cannot be " + what,
        std::move(fix));
    d.related.push_back(Related{ts_node_start_byte(condition), ts_node_end_byte(condition),
                                "the condition that should refine `" + name + "`"});
  }
};

}  // namespace

const Rule& union_none_test_first_rule() {
  static const UnionNoneTestFirst rule;
  return rule;
}

}  // namespace jitlint
