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
The fix hoists the assignment before the `if` statement when the walrus is evaluated before anything else of the
`if`'s test (not an `elif`'s): it is the whole test, or reached from the test only through the operand of `not`, the
left operand of `and` / `or` / arithmetic, the left operand of a comparison whose other operands are names or
literals, the object of an attribute or the callee of a call (`(w := self.weight).dim() > 1`), or the first argument of a call to a
plain or dotted name (`if not isinstance(m := mask, dict):`, where looking up `isinstance` has no effect). That is
**safe**: the value is computed once, first, and bound to the same name. Elsewhere (a `while` test, which is
evaluated again on each iteration, an `elif`, the right side of an `and`, a later argument, a comprehension) there
is no automatic fix.
)doc"};

bool is_plain_operand(TSNode node) {
  node = strip_parens(node);
  return is(node, sym.identifier) || is(node, sym.integer) || is(node, sym.float_) || is(node, sym.true_) ||
         is(node, sym.false_) || is(node, sym.none) || is(node, sym.string) || is_integer_literal(node);
}

// `operand` is a comparison's first operand and the others are names or literals (evaluating them has no effect).
bool first_operand_then_plain(TSNode comparison, TSNode operand) {
  bool first = true;
  for (TSNode each : NamedChildren(comparison)) {
    if (first) {
      if (!same_node(each, operand)) return false;
      first = false;
    } else if (!is_plain_operand(each)) {
      return false;
    }
  }
  return true;
}

// The first argument of a call, when it is positional.
TSNode first_argument(TSNode arguments) {
  for (TSNode argument : NamedChildren(arguments)) {
    if (is(argument, sym.comment)) continue;
    return is(argument, sym.keyword_argument) || is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)
               ? TSNode{}
               : argument;
  }
  return TSNode{};
}

// `isinstance`, `torch.isfinite`: looking the callee up has no effect, so the argument is evaluated first.
bool is_dotted_name(TSNode node) {
  while (is(node, sym.attribute)) node = field(node, fld.object);
  return is(node, sym.identifier);
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
    const TSNode replaced = path[frame].node;
    // Up to the `if` through positions evaluated before anything else of the test, so that hoisting changes no
    // order: the test itself, `not` of it, the left operand of a comparison / `and` / `or` / arithmetic, the object
    // of an attribute, the first argument of a call to a plain (dotted) name.
    size_t up = frame;
    while (up > 1 && !is(path[up - 1].node, sym.if_statement)) {
      const TSNode parent = path[up - 1].node;
      const TSNode child = path[up].node;
      const TSFieldId slot = path[up].field;
      if (is(parent, sym.parenthesized_expression) || (is(parent, sym.not_operator) && slot == fld.argument) ||
          ((is(parent, sym.boolean_operator) || is(parent, sym.binary_operator)) && slot == fld.left) ||
          (is(parent, sym.attribute) && slot == fld.object) || (is(parent, sym.call) && slot == fld.function)) {
        --up;
      } else if (is(parent, sym.comparison_operator)) {
        if (!first_operand_then_plain(parent, child)) return std::nullopt;
        --up;
      } else if (is(parent, sym.argument_list) && up >= 3 && is(path[up - 2].node, sym.call) &&
                 same_node(first_argument(parent), child) && is_dotted_name(field(path[up - 2].node, fld.function))) {
        up -= 2;
      } else {
        return std::nullopt;
      }
    }
    --up;
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
