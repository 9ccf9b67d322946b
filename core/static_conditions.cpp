// Statically known conditions and the dead code they leave. TorchScript's IR emitter does not compile the untaken
// side of such a condition, so semantic rules stay silent there; the frontend still parses it (frontend rules fire).
#include <algorithm>
#include <functional>

#include "core/class_attributes.h"
#include "core/expr_types.h"
#include "core/union_annotations.h"
#include "core/semantic_model.h"

namespace jitlint {
namespace {

bool ends_control_flow(TSNode block) {
  TSNode last = last_statement(block);
  return is(last, sym.return_statement) || is(last, sym.raise_statement);
}

}  // namespace

// `int`, `float`, `str`, `bool`, `list`, `dict`, `tuple` as the builtin (not shadowed): the name, else empty.
std::string_view SemanticModel::builtin_value_type(TSNode type) const {
  if (!is(type, sym.identifier)) return {};
  const std::string_view name = text(*source_, type);
  const bool known = name == "int" || name == "float" || name == "str" || name == "bool" || name == "list" ||
                     name == "dict" || name == "tuple";
  return known && is_builtin(type, name) ? name : std::string_view{};
}

std::optional<bool> SemanticModel::static_isinstance(const FunctionInfo& function, TSNode value, TSNode type) const {
  type = strip_parens(type);
  std::string_view checked = builtin_value_type(type);
  if (checked.empty() && qualified_name(type) == "torch.Tensor") checked = "Tensor";
  if (checked.empty()) return std::nullopt;
  auto declared = ExprTypes(*this, function).of(value);
  if (!declared || !declared->certain) return std::nullopt;
  // Optional, Union, a class, ...: decided at run time.
  std::string_view head;
  switch (declared->type.kind) {
    case Type::Kind::Int: head = "int"; break;
    case Type::Kind::Float: head = "float"; break;
    case Type::Kind::Str: head = "str"; break;
    case Type::Kind::Bool: head = "bool"; break;
    case Type::Kind::List: head = "list"; break;
    case Type::Kind::Dict: head = "dict"; break;
    case Type::Kind::Tuple: head = "tuple"; break;
    case Type::Kind::Tensor: head = "Tensor"; break;
    default: return std::nullopt;
  }
  return head == checked;
}

bool SemanticModel::isinstance_of_unknown(const FunctionInfo& function, TSNode condition) const {
  condition = strip_parens(condition);
  if (!is(condition, sym.call) || !is_builtin(field(condition, fld.function), "isinstance")) return false;
  const auto args = named_children(field(condition, fld.arguments));
  if (args.size() != 2) return false;
  TSNode type = strip_parens(args[1]);
  const std::vector<TSNode> types = is(type, sym.tuple) ? named_children(type) : std::vector<TSNode>{type};
  for (TSNode one : types) {
    if (builtin_value_type(one).empty()) return false;
  }
  // A parameter annotated as a Union (`int | tuple[int] | list[int]`) is known: TorchScript tests it when it runs.
  const TSNode value = strip_parens(args[0]);
  const Parameter* parameter = is(value, sym.identifier) ? function.signature.find(text(*source_, value)) : nullptr;
  const Binding* read = parameter ? function.scope.first_binding_read(parameter->name, value) : nullptr;
  if (parameter && !ts_node_is_null(parameter->annotation) && read && read->kind == Binding::Kind::Parameter &&
      members_besides_none(*this, parameter->annotation) >= 2) {
    return false;
  }
  const auto declared = ExprTypes(*this, function).of(args[0]);
  return !declared || !declared->certain;
}

bool SemanticModel::parameter_never_none(const FunctionInfo& function, TSNode operand) const {
  if (!is(operand, sym.identifier) || function.signature.type_comment) return false;
  const std::string_view name = text(*source_, operand);
  if (name == function.self_name) return false;
  const std::vector<Binding>* bindings = function.scope.all(name);
  if (!bindings || bindings->empty()) return false;
  const Binding* binding = &bindings->front();
  if (binding->kind != Binding::Kind::Parameter || !binding->parameter) return false;
  const Parameter& parameter = *binding->parameter;
  // Never rebound: the parameter's type holds everywhere. A parameter without a `None` default may also be bound
  // again after the test (`if pos is None: pos = ...`): its type holds at the test, and no annotation jitlint
  // asks for makes it Optional (JT304's fix to a `None` default does: such a branch stays live).
  const bool none_default = !ts_node_is_null(parameter.default_value) && parameter.default_kind == LiteralKind::None;
  for (size_t i = 1; i < bindings->size(); ++i) {
    const TSNode target = (*bindings)[i].target;
    if (none_default || ts_node_is_null(target) || ts_node_start_byte(target) < ts_node_end_byte(operand)) {
      return false;
    }
  }
  if (parameter.kind == Parameter::Kind::VarArgs || parameter.kind == Parameter::Kind::VarKwargs) return false;
  // Unannotated: TorchScript types it Tensor, whatever the default (`input_ids=None` too).
  if (ts_node_is_null(parameter.annotation)) return true;
  const auto type = ExprTypes(*this, function).annotation(parameter.annotation);
  if (!type) return false;
  switch (type->kind) {
    case Type::Kind::Tensor: case Type::Kind::Int: case Type::Kind::Float: case Type::Kind::Bool:
    case Type::Kind::Str: case Type::Kind::List: case Type::Kind::Dict: case Type::Kind::Tuple:
      return true;
    default:
      return false;  // Optional, NoneType, Any, a class
  }
}

std::optional<bool> SemanticModel::static_condition(const FunctionInfo& function, TSNode condition, int depth) const {
  // Real conditions are shallow; a 30,000-term `and` chain must not exhaust the stack.
  if (depth > 32) return std::nullopt;
  condition = strip_parens(condition);
  if (is(condition, sym.true_)) return true;
  if (is(condition, sym.false_)) return false;
  if (is(condition, sym.not_operator)) {
    auto inner = static_condition(function, field(condition, fld.argument), depth + 1);
    if (inner) return !*inner;
    return std::nullopt;
  }
  if (is(condition, sym.boolean_operator)) {
    auto left = static_condition(function, field(condition, fld.left), depth + 1);
    auto right = static_condition(function, field(condition, fld.right), depth + 1);
    const bool is_and = is(field(condition, fld.operator_), sym.kw_and);
    if (is_and) {
      if ((left && !*left) || (right && !*right)) return false;
      if (left && right) return true;
    } else {
      if ((left && *left) || (right && *right)) return true;
      if (left && right) return false;
    }
    return std::nullopt;
  }
  if (is(condition, sym.call)) {
    TSNode callee = field(condition, fld.function);
    auto args = named_children(field(condition, fld.arguments));
    if (qualified_name(callee) == "torch.jit.is_scripting" && args.empty()) return true;
    // `isinstance(x, int)` is resolved from x's static type: decided here only when x's annotation (or a
    // parameter's default Tensor type) and the checked type are both plain, concrete types.
    if (is_builtin(callee, "isinstance") && args.size() == 2) {
      if (auto verdict = static_isinstance(function, args[0], args[1])) return verdict;
    }
    // `hasattr(self, "name")` is resolved at compile time: true when the class assigns or defines it. (When it does
    // not, nn.Module itself or code jitlint cannot see may still provide it: no verdict.)
    if (is_builtin(callee, "hasattr") && args.size() == 2 && function.owner_class >= 0 &&
        text(*source_, args[0]) == function.self_name && is_plain_string(*source_, args[1])) {
      const std::string name = string_value(*source_, args[1]);
      if (attribute(function.owner_class, name) || find_method(function.owner_class, name) >= 0) return true;
    }
    return std::nullopt;
  }
  if (is(condition, sym.comparison_operator)) {
    // `self.x is None` / `self.x is not None`
    auto test = none_test(condition);
    if (!test) return std::nullopt;
    const bool is_not = test->is_not;
    // `input_ids is not None` on a parameter TorchScript types as something that cannot be None
    if (parameter_never_none(function, strip_parens(test->operand))) return is_not;
    std::string_view name = self_attribute(*source_, test->operand, function.self_name);
    if (name.empty() || function.owner_class < 0) return std::nullopt;
    auto fact = attribute(function.owner_class, name);
    if (!fact) return std::nullopt;
    std::optional<bool> is_none;
    if (fact->kinds == static_cast<uint32_t>(AttrKind::None)) is_none = true;
    else if (is_submodule_kind(fact->kind()) || fact->is_literal()) is_none = false;
    // None wherever code that runs before scripting assigns it, whatever compiled code assigns later (Qwen3.5's
    // `self.rope_deltas`, set in `forward`): the instance holds None, so TorchScript types it `NoneType`.
    else if (instance_value(*this, function.owner_class, fact).literal == LiteralKind::None) is_none = true;
    if (!is_none) return std::nullopt;
    return is_not ? !*is_none : *is_none;
  }
  if (function.owner_class >= 0) {
    // A Final bool flag: `use_bias: Final[bool]` with `self.use_bias = False` in __init__.
    std::string_view name = self_attribute(*source_, condition, function.self_name);
    if (!name.empty()) {
      auto fact = attribute(function.owner_class, name);
      if (fact && fact->is_final && fact->bool_value) return fact->bool_value;
    }
  }
  return std::nullopt;
}

void SemanticModel::compute_dead_ranges(FunctionInfo& function) const {
  auto& dead = function.dead_ranges;
  auto mark = [&](uint32_t start, uint32_t end) {
    if (start < end) dead.emplace_back(start, end);
  };
  // The rest of a block after `statement`, when control cannot get past it.
  auto mark_rest = [&](TSNode statement, TSNode block) {
    TSNode next = ts_node_next_named_sibling(statement);
    TSNode last = last_statement(block);
    if (!ts_node_is_null(next) && !ts_node_is_null(last)) mark(ts_node_start_byte(next), ts_node_end_byte(last));
  };
  // `not torch.jit.is_scripting() and f()`: TorchScript short-circuits a static left operand at compile time and
  // never emits the right one (nor what `or` skips after a static True).
  std::function<void(TSNode, int)> short_circuits = [&](TSNode expr, int depth) {
    expr = strip_parens(expr);
    if (depth > 32) return;
    if (is(expr, sym.not_operator)) {
      short_circuits(field(expr, fld.argument), depth + 1);
    } else if (is(expr, sym.boolean_operator)) {
      TSNode left = field(expr, fld.left);
      TSNode right = field(expr, fld.right);
      const bool is_and = is(field(expr, fld.operator_), sym.kw_and);
      if (const auto value = static_condition(function, left); value && *value != is_and) {
        mark(ts_node_start_byte(right), ts_node_end_byte(right));
      }
      short_circuits(left, depth + 1);
      short_circuits(right, depth + 1);
    }
  };
  // Sites come in source order; one inside code already dead only adds ranges inside dead code.
  for (const ConditionSite& site : function.conditions) {
    TSNode node = site.node;
    if (is(node, sym.if_statement)) {
      short_circuits(field(node, fld.condition), 0);
      for (TSNode alternative : NamedChildren(node)) {
        if (is(alternative, sym.elif_clause)) short_circuits(field(alternative, fld.condition), 0);
      }
    } else if (is(node, sym.assert_statement)) {
      short_circuits(ts_node_named_child(node, 0), 0);
    } else if (is(node, sym.conditional_expression)) {
      const ConditionalParts parts = conditional_parts(node);
      if (parts.whole()) short_circuits(parts.condition, 0);
    }
    if (is(node, sym.if_statement)) {
      // Walk the if / elif / else chain; once a clause is statically taken, every later clause is dead.
      bool taken = false;
      bool all_static = true;
      auto clause = [&](TSNode body, std::optional<bool> value, TSNode condition) {
        if (taken || (value && !*value)) {
          mark(ts_node_start_byte(body), ts_node_end_byte(body));
          return;
        }
        if (!value) {
          all_static = false;
          if (!ts_node_is_null(condition) && isinstance_of_unknown(function, condition)) {
            mark(ts_node_start_byte(body), ts_node_end_byte(body));
          }
          return;
        }
        taken = true;  // statically true
        if (all_static && ends_control_flow(body)) mark_rest(node, site.block);
      };
      clause(field(node, fld.consequence), static_condition(function, field(node, fld.condition)),
             field(node, fld.condition));
      for (TSNode alternative : NamedChildren(node)) {
        if (is(alternative, sym.elif_clause)) {
          TSNode condition = field(alternative, fld.condition);
          clause(field(alternative, fld.consequence), static_condition(function, condition), condition);
        } else if (is(alternative, sym.else_clause)) {
          clause(field(alternative, fld.body), std::optional<bool>(true), TSNode{});
        }
      }
    } else if (is(node, sym.assert_statement)) {
      auto value = static_condition(function, ts_node_named_child(node, 0));
      if (value && !*value) mark_rest(node, site.block);
    } else if (is(node, sym.conditional_expression)) {
      // `a if <static> else b`: TorchScript emits only the taken side of a conditional expression too.
      const ConditionalParts parts = conditional_parts(node);
      if (!parts.whole()) continue;
      if (auto value = static_condition(function, parts.condition)) {
        TSNode untaken = *value ? parts.alternative : parts.body;
        mark(ts_node_start_byte(untaken), ts_node_end_byte(untaken));
      }
    }
  }
  std::sort(dead.begin(), dead.end());
  // Merge overlaps so a binary search finds the enclosing range.
  std::vector<std::pair<uint32_t, uint32_t>> merged;
  for (auto& range : dead) {
    if (!merged.empty() && range.first <= merged.back().second) merged.back().second = std::max(merged.back().second, range.second);
    else merged.push_back(range);
  }
  dead = std::move(merged);
}

}  // namespace jitlint
