// JT606 dynamic-starred-unpacking: star-unpacking a tensor's shape, `zip(*xs)` and `tuple(list)` in compiled code,
// where JT130 (starred-list) cannot be sure the value is a list.
#include <string>

#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"
#include "rules/syntax/certain_list.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT606",
    "dynamic-starred-unpacking",
    "flow",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "A tensor's shape is a list of unknown length in TorchScript: build the size list with `+` instead of `*`",
    "cannot statically infer the expected size of a list in this context\n"
    "Unexpected starred expansion",
    R"doc(## What it does
Finds, in code that `torch.jit.script` compiles, constructs that need the length of a list at compile time:

- star-unpacking a tensor's shape: `x.view(*h.shape[:-1], n, d)`, `kv_shape = (*states.shape[:-1], -1, d)`,
  `*prefix, last = h.shape`, `a, *rest = h.size()`, also through a local bound once to such a value
  (`input_shape = h.shape[:-1]` ... `x.reshape(*input_shape, -1)`);
- `zip(*xs)`, whatever `xs` is;
- `tuple(...)` of a list: a list display or comprehension, a generator expression, a tensor's shape (also one of two
  shapes a conditional expression picks).

JT130 (starred-list) reports star-unpacking of values it knows for certain are lists (`List[int]` annotations,
the shape of a parameter that is certainly a tensor); this rule covers the shapes of values that are tensors as far
as TorchScript can tell but not provably to the linter (`q = self.q_proj(x)`, `cur = a if c else b`), and does not
report what JT130 reports. `self.<attr>.shape` is left alone (a module attribute may hold a tuple).

## Why TorchScript rejects it
`Tensor.shape` and `Tensor.size()` are `List[int]` in TorchScript, and a list has no length in its type. Unpacking
it into arguments, a tuple display or several targets needs that length at compile time, and so does building a
tuple from a list. `zip(*xs)` is not supported at all. Tuples unpack fine (`x.view(*hw)` with `hw: Tuple[int,
int]`). The errors come from the IR emitter: a statically dead branch is not compiled.

## The error torch 2.13.0 prints
```
RuntimeError: cannot statically infer the expected size of a list in this context:
RuntimeError: Unexpected starred expansion. File a bug report:
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    q = self.q_proj(x)
    q = q.view(*q.shape[:-1], self.heads, -1)
    *batch, n, d = q.shape
    return q.reshape(*batch, n * d)
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    q = self.q_proj(x)
    q = q.view(list(q.shape[:-1]) + [self.heads, -1])
    batch, n, d = q.shape[:-2], q.shape[-2], q.shape[-1]
    return q.reshape(batch + [n * d])
```
Sizes go to `view` / `reshape` / `expand` / `new_zeros` as one list built with `+`; split a shape with indexing
and slicing instead of a starred target; keep lists as lists rather than `tuple(...)`; replace `zip(*xs)` by a loop
over indices.

## Fix safety
`recv.view(a, *s, b)` and `recv.reshape(...)`, with all arguments positional and one starred shape, become
`recv.view([a] + list(s) + [b])`: eager PyTorch takes the sizes as one list as well (`list(...)` turns the
`torch.Size` into a list, which `+` needs), and TorchScript compiles it. The fix is **unsafe** because the receiver
is not provably a tensor (that is why JT130 did not report it). Other forms have no automatic fix.

## Known limitations
Only shapes reached through `.shape` / `.size()` (sliced or not, or bound once to a local) are followed; star-
unpacking a value of unknown type is not reported.
)doc"};

using Kind = Type::Kind;

class DynamicStarredUnpacking final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.list_splat, sym.assignment, sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const ExprTypes types(context.model(), context.function());
    if (is(node, sym.assignment)) {
      // `*prefix, last = h.shape`
      const TSNode left = field(node, fld.left);
      if (!is(left, sym.pattern_list) && !is(left, sym.tuple_pattern)) return;
      bool starred = false;
      for (TSNode target : NamedChildren(left)) starred = starred || is(target, sym.list_splat_pattern);
      const TSNode right = field(node, fld.right);
      if (!starred || ts_node_is_null(right) || certain_list(context, types, right, 0) ||
          !is_shape(context, types, right, 0)) {
        return;
      }
      context.report(node, "Star-unpacking the tensor shape `" + std::string(context.text(right)) +
                               "` in an assignment is not supported by TorchScript (a shape is a list of unknown "
                               "length)");
      return;
    }
    if (is(node, sym.call)) {
      check_tuple_call(context, types, node);
      return;
    }
    // `*value` in arguments or a display
    const TSNode parent = context.parent();
    if (!is(parent, sym.argument_list) && !is(parent, sym.list) && !is(parent, sym.tuple) &&
        !is(parent, sym.expression_list)) {
      return;
    }
    const TSNode value = ts_node_named_child(node, 0);
    if (ts_node_is_null(value) || certain_list(context, types, value, 0)) return;  // JT130 reports it
    if (is(parent, sym.argument_list)) {
      const TSNode call = context.path().ancestor(2);
      if (is(call, sym.call) && context.model().is_builtin(strip_parens(field(call, fld.function)), "zip")) {
        context.report(node, "Star-expanding `" + std::string(context.text(value)) +
                                 "` into `zip(...)` is not supported by TorchScript");
        return;
      }
    }
    if (!is_shape(context, types, value, 0)) return;
    context.report(node,
                   "Star-unpacking the tensor shape `" + std::string(context.text(value)) +
                       "` is not supported by TorchScript (a shape is a list of unknown length)",
                   size_list_fix(context, node));
  }

 private:
  // `tuple(<list>)`
  static void check_tuple_call(RuleContext& context, const ExprTypes& types, TSNode call) {
    const TSNode callee = strip_parens(field(call, fld.function));
    if (!context.model().is_builtin(callee, "tuple")) return;
    const TSNode arguments = field(call, fld.arguments);
    TSNode argument{};
    if (is(arguments, sym.generator_expression)) {
      argument = arguments;
    } else {
      auto all = named_children(arguments);
      if (all.size() != 1 || is(all[0], sym.keyword_argument) || is(all[0], sym.list_splat)) return;
      argument = strip_parens(all[0]);
    }
    const bool list = is(argument, sym.list) || is(argument, sym.list_comprehension) ||
                      is(argument, sym.generator_expression) || certain_list(context, types, argument, 0) ||
                      is_shape(context, types, argument, 0);
    if (!list) return;
    if (is(argument, sym.list_comprehension) || is(argument, sym.generator_expression)) {
      // `if` clauses and several `for`s fail in the frontend first (JT101, JT104).
      int fors = 0;
      for (TSNode clause : NamedChildren(argument)) {
        if (is(clause, sym.if_clause)) return;
        if (is(clause, sym.for_in_clause)) ++fors;
      }
      if (fors != 1) return;
    }
    context.report(call, "`tuple(...)` of the list `" + std::string(context.text(argument)) +
                             "` is not supported by TorchScript (a list's length is not known when compiling)");
  }

  // `E.shape`, `E.size()`, slices of them, or a local bound once to one, with `E` not rooted at `self` and not
  // known to be anything but a Tensor.
  static bool is_shape(RuleContext& context, const ExprTypes& types, TSNode expr, int depth) {
    if (depth > 4) return false;
    expr = strip_parens(expr);
    if (is(expr, sym.conditional_expression)) {
      // `x.shape[2:4] if channels_last else x.shape[3:5]` (timm's NaFlexViT): a shape either way
      const ConditionalParts parts = conditional_parts(expr);
      return parts.whole() && is_shape(context, types, parts.body, depth + 1) &&
             is_shape(context, types, parts.alternative, depth + 1);
    }
    if (is(expr, sym.subscript)) {
      if (!is(strip_parens(field(expr, fld.subscript)), sym.slice)) return false;
      return is_shape(context, types, field(expr, fld.value), depth + 1);
    }
    TSNode object{};
    if (is(expr, sym.attribute) && context.text(field(expr, fld.attribute)) == "shape") {
      object = field(expr, fld.object);
    } else if (is(expr, sym.call)) {
      const TSNode callee = strip_parens(field(expr, fld.function));
      const TSNode arguments = field(expr, fld.arguments);
      if (is(callee, sym.attribute) && context.text(field(callee, fld.attribute)) == "size" &&
          is(arguments, sym.argument_list) && ts_node_named_child_count(arguments) == 0) {
        object = field(callee, fld.object);
      }
    } else if (is(expr, sym.identifier)) {
      const Binding* binding = context.function().scope.single(context.text(expr));
      if (binding && binding->kind == Binding::Kind::Assignment && binding->element < 0 && !binding->unpacked &&
          ts_node_is_null(binding->annotation) && !ts_node_is_null(binding->value)) {
        return is_shape(context, types, binding->value, depth + 1);
      }
      return false;
    }
    if (ts_node_is_null(object)) return false;
    // Rooted at self: a module attribute may hold anything with a `shape` (a tuple, a submodule's field).
    TSNode root = strip_parens(object);
    while (is(root, sym.attribute) || is(root, sym.subscript) || is(root, sym.call)) {
      root = strip_parens(is(root, sym.call) ? field(root, fld.function)
                                             : is(root, sym.attribute) ? field(root, fld.object) : field(root, fld.value));
    }
    if (is(root, sym.identifier) && !context.function().self_name.empty() &&
        context.text(root) == context.function().self_name) {
      return false;
    }
    // `.shape` is looked up on the value: an `Optional[Tensor]` (`encoder_hidden_states: Tensor | None`) has the
    // shape of the Tensor it holds once refined.
    ExprTypes receiver_types(context.model(), context.function());
    receiver_types.none_default_parameters_as_tensor();
    const auto type = receiver_types.of(object);
    return !type || type->type.is(Kind::Tensor);
  }

  // `recv.view(a, *s, b)` -> `recv.view([a] + list(s) + [b])`
  static std::optional<Fix> size_list_fix(RuleContext& context, TSNode splat) {
    const TSNode arguments = context.parent();
    if (!is(arguments, sym.argument_list) || has_comment(arguments)) return std::nullopt;
    const TSNode call = context.path().ancestor(2);
    if (!is(call, sym.call)) return std::nullopt;
    const TSNode callee = strip_parens(field(call, fld.function));
    if (!is(callee, sym.attribute)) return std::nullopt;
    const std::string_view method = context.text(field(callee, fld.attribute));
    if (method != "view" && method != "reshape") return std::nullopt;
    std::string pending, out;
    int splats = 0;
    for (TSNode argument : NamedChildren(arguments)) {
      if (is(argument, sym.keyword_argument) || is(argument, sym.dictionary_splat)) return std::nullopt;
      if (is(argument, sym.list_splat)) {
        if (++splats > 1 || !same_node(argument, splat)) return std::nullopt;
        if (!pending.empty()) out += "[" + pending + "] + ";
        pending.clear();
        out += "list(" + render(context.source(), ts_node_named_child(argument, 0), {}) + ")";
        continue;
      }
      if (!pending.empty()) pending += ", ";
      pending += render(context.source(), argument, {});
    }
    if (splats != 1) return std::nullopt;
    if (!pending.empty()) out += " + [" + pending + "]";
    Fix fix;
    fix.applicability = Applicability::Unsafe;
    fix.message = "Pass the sizes as one list: `" + std::string(method) + "(" + out + ")`";
    fix.edits.push_back(Edit{ts_node_start_byte(arguments) + 1, ts_node_end_byte(arguments) - 1, out});
    return fix;
  }
};

}  // namespace

const Rule& dynamic_starred_unpacking_rule() {
  static const DynamicStarredUnpacking rule;
  return rule;
}

}  // namespace jitlint
