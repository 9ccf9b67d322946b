// Whether an expression is certainly a TorchScript list (`x.shape`, `x.size()[1:]`, a list display, `[b] + shape`, a
// local bound once to one):
// JT130 reports starred uses of such lists; JT606 reports the starred uses it cannot prove are lists.
#pragma once

#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {

// The expression calls the builtin `slice` somewhere (`[slice(None)] * axis + [s]`).
inline bool calls_slice(const RuleContext& context, TSNode expr) {
  bool found = false;
  walk_descendants(expr, [&](TSNode node) {
    if (found) return false;
    if (is(node, sym.call) && context.model().is_builtin(field(node, fld.function), "slice")) found = true;
    return !found;
  });
  return found;
}

// The value of a local bound once by a plain, unannotated assignment (`rows = min(...)`), parentheses stripped; null
// otherwise.
inline TSNode single_value(const RuleContext& context, TSNode identifier) {
  const Binding* binding = context.function().scope.single(text(context.source(), identifier));
  if (!binding || binding->kind != Binding::Kind::Assignment || binding->element >= 0 || binding->unpacked ||
      !ts_node_is_null(binding->annotation) || ts_node_is_null(binding->value)) {
    return TSNode{};
  }
  return strip_parens(binding->value);
}

// An int as a tuple display's element (below): certainly an int, or an attribute of `self` of a type the engine does
// not know (`self.num_heads`, set from a config), or `min` / `max` of such values (`min(self.max_rows, height)`),
// also through a local bound once to one.
inline bool int_like_element(RuleContext& context, const ExprTypes& types, TSNode element, int depth = 0) {
  if (depth > 3) return false;
  if (const auto type = types.of(element)) return type->type.is(Type::Kind::Int);
  element = strip_parens(element);
  const std::string& self = context.function().self_name;
  if (is(element, sym.attribute)) {
    const TSNode object = field(element, fld.object);
    return !self.empty() && is(object, sym.identifier) && text(context.source(), object) == self;
  }
  if (is(element, sym.identifier)) element = single_value(context, element);
  if (!is(element, sym.call)) return false;
  const TSNode function = field(element, fld.function);
  if (!context.model().is_builtin(function, "min") && !context.model().is_builtin(function, "max")) return false;
  const TSNode arguments = field(element, fld.arguments);
  if (ts_node_named_child_count(arguments) < 2) return false;
  for (TSNode argument : NamedChildren(arguments)) {
    if (!is(argument, sym.identifier) && !is(argument, sym.attribute) && !is(argument, sym.call) &&
        !is(argument, sym.subscript) && !is(argument, sym.integer)) {
      return false;  // a keyword (`default=`), a starred list, an expression
    }
    if (!int_like_element(context, types, argument, depth + 1)) return false;
  }
  return true;
}

// A tuple display of ints TorchScript takes as a list where it meets one (`(h, d)` in `x.size()[:-1] + (h, d)`):
// each element int-like (above). An element of another type (an unannotated parameter is a Tensor) fails at the
// `+` itself: not ours.
inline bool int_tuple_display(RuleContext& context, const ExprTypes& types, TSNode expr) {
  if (!is(expr, sym.tuple) || ts_node_named_child_count(expr) == 0) return false;
  for (TSNode element : NamedChildren(expr)) {
    if (!int_like_element(context, types, element)) return false;
  }
  return true;
}

inline bool certain_list(RuleContext& context, const ExprTypes& types, TSNode expr, int depth = 0) {
  if (depth > 4) return false;
  expr = strip_parens(expr);
  // A list display, and `+` with a list display on one side (Python itself adds a list only to a list:
  // `[B] + size + [C]`) or certain lists on both. TorchScript also takes a tuple of ints as a list beside one
  // (`x.size()[:-1] + (h, w)`, a tuple in eager, where torch.Size is one) and repeats a tuple into a list
  // (`(1,) * n`).
  if (is(expr, sym.list)) return true;
  if (is(expr, sym.binary_operator)) {
    const std::string_view op = text(context.source(), field(expr, fld.operator_));
    // `[slice(None)] * axis + [s]`: TorchScript rejects the slice objects first ("Python slice value cannot be used
    // as a value").
    if ((op != "+" && op != "*") || calls_slice(context, expr)) return false;
    const TSNode left = strip_parens(field(expr, fld.left)), right = strip_parens(field(expr, fld.right));
    if (op == "*") {
      const auto count = types.of(right);
      return count && count->certain && count->type.is(Type::Kind::Int) &&
             (is(left, sym.list) || int_tuple_display(context, types, left));
    }
    if (is(left, sym.list) || is(right, sym.list)) return true;
    if (int_tuple_display(context, types, right)) return certain_list(context, types, left, depth + 1);
    if (int_tuple_display(context, types, left)) return certain_list(context, types, right, depth + 1);
    return certain_list(context, types, left, depth + 1) && certain_list(context, types, right, depth + 1);
  }
  if (is(expr, sym.subscript)) {
    // A slice of a list is a list; anything else (an element) is not ours to judge.
    if (!is(strip_parens(field(expr, fld.subscript)), sym.slice)) return false;
    return certain_list(context, types, field(expr, fld.value), depth + 1);
  }
  if (is(expr, sym.identifier)) {
    // A local assigned once from something we can judge (`shape = x.shape[1:]`).
    const TSNode value = single_value(context, expr);
    if (is(value, sym.attribute) || is(value, sym.call) || is(value, sym.subscript) || is(value, sym.list) ||
        is(value, sym.binary_operator)) {
      return certain_list(context, types, value, depth + 1);
    }
  } else if (!is(expr, sym.attribute) && !is(expr, sym.call)) {
    return false;
  }
  // `x.shape`, `x.size()`: a List[int] when the expression service is sure the receiver is a Tensor.
  const auto type = types.of(expr);
  return type && type->certain && type->type.is(Type::Kind::List);
}

}  // namespace jitlint
