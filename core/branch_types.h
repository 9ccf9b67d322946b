// Whether the two sides of a branch (a conditional expression's two values, or the values an `if` statement's two
// blocks give one variable) certainly have types TorchScript cannot unify where the branches meet. JT611 asks it
// of conditional expressions, JT614 of `if` / `else` blocks.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "core/expr_types.h"
#include "core/type_certainty.h"

namespace jitlint {

// A parenthesized tuple display without starred elements: its length is certain.
inline std::optional<size_t> tuple_display_length(TSNode expr) {
  expr = strip_parens(expr);
  if (!is(expr, sym.tuple)) return std::nullopt;
  size_t count = 0;
  for (TSNode element : NamedChildren(expr)) {
    if (is(element, sym.list_splat) || is(element, sym.comment)) return std::nullopt;
    ++count;
  }
  return count;
}

// Kinds TorchScript never unifies with each other (None and Optional unify with anything, named types are unknown,
// containers are compared by the tuple rule only).
inline bool plain_kind(Type::Kind kind) {
  return kind == Type::Kind::Tensor || kind == Type::Kind::Int || kind == Type::Kind::Float ||
         kind == Type::Kind::Bool || kind == Type::Kind::Str || kind == Type::Kind::Tuple;
}

// A test TorchScript decides from the instance or the types while compiling, which jitlint cannot evaluate:
// `self.quant is None` (the attribute is None or not on the instance), `isinstance(...)`, `hasattr(...)`.
inline bool decided_by_instance(const SemanticModel& model, TSNode condition) {
  auto decides = [&](TSNode node) {
    if (is(node, sym.comparison_operator)) {
      const auto test = none_test(node);
      return test.has_value() && is(test->operand, sym.attribute);
    }
    if (!is(node, sym.call)) return false;
    const TSNode callee = field(node, fld.function);
    return model.is_builtin(callee, "isinstance") || model.is_builtin(callee, "hasattr");
  };
  condition = strip_parens(condition);
  bool found = decides(condition);
  walk(condition, [&](const NodePath& at) {
    found = found || decides(at.node());
    return !found;
  });
  return found;
}

// The two sides' types as the messages name them ("a tuple of 2 elements", "`int`") when TorchScript certainly
// cannot unify them: tuple displays of different lengths, or certain types of two different plain kinds. nullopt
// when they unify or the engine is not sure (a read of a local bound more than once, an unknown call).
inline std::optional<std::pair<std::string, std::string>> ununifiable(const SemanticModel& model,
                                                                      const FunctionInfo& function, TSNode a,
                                                                      TSNode b) {
  const auto a_length = tuple_display_length(a), b_length = tuple_display_length(b);
  if (a_length && b_length) {
    if (*a_length == *b_length) return std::nullopt;
    auto elements = [](size_t n) { return "a tuple of " + std::to_string(n) + (n == 1 ? " element" : " elements"); };
    return std::make_pair(elements(*a_length), elements(*b_length));
  }
  // A local read may have another type where a rebinding reaches it; a call of a `torch` function has its type
  // whatever its arguments (`torch.einsum(..., ef)` is a Tensor).
  const Source& source = model.source();
  auto torch_call = [&](TSNode expr) {
    expr = strip_parens(expr);
    if (!is(expr, sym.call)) return false;
    const std::string qualified = model.qualified_name(field(expr, fld.function));
    return qualified.rfind("torch.", 0) == 0;
  };
  // A list display or comprehension is a list whatever its elements (RT-DETR's `proj_feats = [... for ...]` against
  // `proj_feats = inputs_embeds`): it never unifies with a value of a plain kind.
  auto list_display = [](TSNode expr) {
    expr = strip_parens(expr);
    return is(expr, sym.list) || is(expr, sym.list_comprehension);
  };
  for (int side = 0; side < 2; ++side) {
    const TSNode list = side == 0 ? a : b;
    const TSNode other_expr = side == 0 ? b : a;
    if (!list_display(list) || (!torch_call(other_expr) && reads_rebound_local(source, function, other_expr))) continue;
    const auto other = ExprTypes(model, function).of(other_expr);
    if (!other || !other->certain) continue;
    // An Optional of a plain kind does not unify with a list either (it takes its inner type or None only).
    const Type& plain = other->type.is(Type::Kind::Optional) && other->type.args.size() == 1 ? other->type.args[0]
                                                                                           : other->type;
    if (!plain_kind(plain.kind)) continue;
    // Refined or not where it is read, the value is not a list: name its inner type.
    const std::string other_spelled =
        "`" + plain.spell() + "`" + (other->type.is(Type::Kind::Optional) ? " (or None)" : "");
    return side == 0 ? std::make_pair(std::string("a list"), other_spelled)
                     : std::make_pair(other_spelled, std::string("a list"));
  }
  if ((!torch_call(a) && reads_rebound_local(source, function, a)) ||
      (!torch_call(b) && reads_rebound_local(source, function, b))) {
    return std::nullopt;
  }
  const ExprTypes types(model, function);
  const auto a_type = types.of(a), b_type = types.of(b);
  if (!a_type || !b_type || !a_type->certain || !b_type->certain) return std::nullopt;
  if (!plain_kind(a_type->type.kind) || !plain_kind(b_type->type.kind) || a_type->type.kind == b_type->type.kind) {
    return std::nullopt;
  }
  return std::make_pair("`" + a_type->type.spell() + "`", "`" + b_type->type.spell() + "`");
}

}  // namespace jitlint
