#include "core/refinement.h"

namespace jitlint {

bool exits_block(TSNode block) {
  TSNode last{};
  for (TSNode statement : NamedChildren(block)) last = statement;
  const TSSymbol kind = ts_node_symbol(last);
  return kind == sym.return_statement || kind == sym.raise_statement || kind == sym.continue_statement ||
         kind == sym.break_statement;
}

namespace {

bool has_alternative(TSNode if_statement) {
  for (TSNode child : NamedChildren(if_statement)) {
    if (is(child, sym.elif_clause) || is(child, sym.else_clause)) return true;
  }
  return false;
}

// What the statements of `block` before `stop` prove about `name` (an `assert` or an early exit), and where.
TSNode proven_before(const SemanticModel& model, TSNode block, TSNode stop, std::string_view name) {
  TSNode proof{};
  for (TSNode statement : NamedChildren(block)) {
    if (ts_node_start_byte(statement) >= ts_node_start_byte(stop)) break;
    if (is(statement, sym.assert_statement) &&
        proves_not_none(model, ts_node_named_child(statement, 0), name, true)) {
      proof = statement;
    } else if (is(statement, sym.if_statement) && !has_alternative(statement) &&
               exits_block(field(statement, fld.consequence)) &&
               proves_not_none(model, field(statement, fld.condition), name, false)) {
      proof = statement;
    }
  }
  return proof;
}

}  // namespace

bool proves_not_none(const SemanticModel& model, TSNode condition, std::string_view name, bool when_true, int depth) {
  if (depth > 32) return false;
  condition = strip_parens(condition);
  const Source& source = model.source();
  const TSSymbol kind = ts_node_symbol(condition);
  if (kind == sym.not_operator) return proves_not_none(model, field(condition, fld.argument), name, !when_true, depth + 1);
  if (kind == sym.boolean_operator) {
    const bool is_and = is(field(condition, fld.operator_), sym.kw_and);
    // `a and b` true: both hold; `a or b` false: both fail. Other outcomes prove neither side.
    if (is_and != when_true) return false;
    return proves_not_none(model, field(condition, fld.left), name, when_true, depth + 1) ||
           proves_not_none(model, field(condition, fld.right), name, when_true, depth + 1);
  }
  if (kind == sym.comparison_operator) {
    auto test = none_test(condition);
    return test && is(test->operand, sym.identifier) && text(source, test->operand) == name &&
           test->is_not == when_true;
  }
  if (kind == sym.call && when_true && model.is_builtin(field(condition, fld.function), "isinstance")) {
    TSNode first = ts_node_named_child(field(condition, fld.arguments), 0);
    TSNode second = ts_node_named_child(field(condition, fld.arguments), 1);
    return is(strip_parens(first), sym.identifier) && text(source, strip_parens(first)) == name &&
           !is(strip_parens(second), sym.none);
  }
  return false;
}

Refinement not_none_refinement(const SemanticModel& model, const FunctionInfo& function, const NodePath& read,
                               const std::function<bool(const Binding&)>& keeps_optional) {
  const std::string_view name = text(model.source(), read.node());
  TSNode proof{};  // the innermost place that proves the name is not None
  for (size_t up = 1; up < read.size() && ts_node_is_null(proof); ++up) {
    const TSNode child = read.ancestor(up - 1);
    const TSNode parent = read.ancestor(up);
    const TSFieldId child_field = read.field_of(up - 1);
    const TSSymbol kind = ts_node_symbol(parent);
    if (kind == sym.function_definition || kind == sym.lambda || kind == sym.class_definition) break;
    if (kind == sym.if_statement || kind == sym.elif_clause) {
      if (child_field == fld.consequence && proves_not_none(model, field(parent, fld.condition), name, true)) {
        proof = parent;
      } else if (kind == sym.if_statement && child_field != fld.condition && child_field != fld.consequence) {
        // An elif / else clause: every condition before it was false.
        if (proves_not_none(model, field(parent, fld.condition), name, false)) proof = parent;
        for (TSNode clause : NamedChildren(parent)) {
          if (!ts_node_is_null(proof) || same_node(clause, child)) break;
          if (is(clause, sym.elif_clause) && proves_not_none(model, field(clause, fld.condition), name, false)) {
            proof = parent;
          }
        }
      }
    } else if (kind == sym.boolean_operator && child_field == fld.right) {
      const bool is_and = is(field(parent, fld.operator_), sym.kw_and);
      if (proves_not_none(model, field(parent, fld.left), name, is_and)) proof = parent;
    } else if (kind == sym.conditional_expression) {
      const ConditionalParts parts = conditional_parts(parent);
      if (parts.whole() && !same_node(child, parts.condition) &&
          proves_not_none(model, parts.condition, name, same_node(child, parts.body))) {
        proof = parent;
      }
    } else if (kind == sym.block) {
      proof = proven_before(model, parent, child, name);
    }
  }
  // A rebinding between the proof and the read, or after the read inside a loop around it, may bring None back.
  // A local's only binding is its definition, not a rebinding.
  const uint32_t read_at = ts_node_start_byte(read.node());
  const uint32_t proof_at = ts_node_is_null(proof) ? 0 : ts_node_start_byte(proof);
  if (const auto* bindings = function.scope.all(name)) {
    const bool sole = bindings->size() == 1;
    for (const Binding& binding : *bindings) {
      if (binding.kind == Binding::Kind::Parameter || read_by_own_assignment(binding, read.node())) continue;
      if (keeps_optional && keeps_optional(binding)) continue;
      const uint32_t at = ts_node_start_byte(binding.target);
      if (!sole && at >= proof_at && at < read_at) return Refinement::Unknown;
      for (size_t up = 1; up < read.size(); ++up) {
        const TSNode loop = read.ancestor(up);
        if ((is(loop, sym.for_statement) || is(loop, sym.while_statement)) && at > read_at && contains(loop, binding.target)) {
          return Refinement::Unknown;
        }
      }
    }
  }
  return ts_node_is_null(proof) ? Refinement::NotRefined : Refinement::Refined;
}

}  // namespace jitlint
