// Two guards for rules that act only on certain types, beside what ExprTypes answers.
//
// Whether an expression reads a local that the function binds more than once. TorchScript lets straight-line code
// rebind a name to a value of another type (`x: List[Tensor]` then `x = torch.cat(x, 1)` compiles on torch 2.13.0),
// so the type of such a read depends on which binding reaches it: rules that need a certain type stay silent.
#pragma once

#include "core/semantic_model.h"
#include "core/walk.h"

namespace jitlint {

inline bool reads_rebound_local(const Source& source, const FunctionInfo& function, TSNode expr) {
  auto rebound = [&](TSNode identifier) {
    const auto* bindings = function.scope.all(text(source, identifier));
    return bindings && bindings->size() > 1;
  };
  if (is(expr, sym.identifier)) return rebound(expr);
  bool found = false;
  walk(expr, [&](const NodePath& path) {
    if (found) return false;
    TSNode node = path.node();
    if (is_nested_scope(node)) return false;
    if (!is(node, sym.identifier)) return true;
    const TSNode parent = path.parent();
    if (is(parent, sym.attribute) && path.field() == fld.attribute) return false;
    if (is(parent, sym.keyword_argument) && path.field() == fld.name) return false;
    if (rebound(node)) found = true;
    return false;
  });
  return found;
}

// Whether the path's current node lies in an `if` / `elif` / `else` whose `if` statement tests something against
// None (`x is None`, `x is not None`, also inside `and`/`or`/`not`). TorchScript decides such a test statically when
// the operand's type cannot be None (a parameter typed `Tensor`: `if x is None: return None` compiles, the branch is
// never emitted), which the model's dead-code ranges do not cover for locals and parameters.
namespace detail {
inline bool has_none_test(TSNode condition) {
  if (ts_node_is_null(condition)) return false;
  if (none_test(strip_parens(condition))) return true;
  bool found = false;
  walk_descendants(condition, [&](TSNode node) {
    if (found) return false;
    if (is(node, sym.comparison_operator) && none_test(node)) found = true;
    return !found;
  });
  return found;
}

inline bool if_tests_none(TSNode if_statement) {
  if (has_none_test(field(if_statement, fld.condition))) return true;
  for (TSNode clause : NamedChildren(if_statement)) {
    if (is(clause, sym.elif_clause) && has_none_test(field(clause, fld.condition))) return true;
  }
  return false;
}
}  // namespace detail

inline bool under_none_test(const NodePath& path) {
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    TSNode node = path[i].node;
    if (is(node, sym.if_statement) && detail::if_tests_none(node)) return true;
  }
  return false;
}

// The same question for a node of `function`'s body, asked of the if statements the model recorded (no path).
inline bool under_none_test(const FunctionInfo& function, TSNode node) {
  const uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  for (const ConditionSite& site : function.conditions) {
    if (!is(site.node, sym.if_statement)) continue;
    if (ts_node_start_byte(site.node) <= start && end <= ts_node_end_byte(site.node) && !same_node(site.node, node) &&
        detail::if_tests_none(site.node)) {
      return true;
    }
  }
  return false;
}

}  // namespace jitlint
