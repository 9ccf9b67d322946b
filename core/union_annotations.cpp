#include "core/union_annotations.h"

#include <algorithm>
#include <optional>

#include "core/expr_types.h"
#include "core/imports.h"

namespace jitlint {
namespace {

void collect(const SemanticModel& model, TSNode type, std::vector<TSNode>& members, int depth) {
  type = strip_parens(type);
  if (depth > 8 || ts_node_is_null(type)) return;
  const Source& source = model.source();
  if (is(type, sym.type)) {
    collect(model, ts_node_named_child(type, 0), members, depth + 1);
    return;
  }
  if ((is(type, sym.binary_operator) && text(source, field(type, fld.operator_)) == "|") || is(type, sym.union_type)) {
    for (TSNode part : NamedChildren(type)) collect(model, part, members, depth + 1);
    return;
  }
  if (is(type, sym.generic_type) || is(type, sym.subscript)) {
    const TSNode head = is(type, sym.subscript) ? field(type, fld.value) : ts_node_named_child(type, 0);
    const std::string qualified = model.qualified_name(head);
    const std::string_view spelled = text(source, head);
    const bool is_union = qualified == "typing.Union" || (qualified.empty() && spelled == "Union");
    const bool is_optional = qualified == "typing.Optional" || (qualified.empty() && spelled == "Optional");
    if (is_union || is_optional) {
      if (is(type, sym.subscript)) {
        for (TSNode argument : NamedChildren(type)) {
          if (!same_node(argument, head)) collect(model, argument, members, depth + 1);
        }
      } else {  // the grammar's generic_type: the name, then a type_parameter holding the arguments
        for (TSNode argument : NamedChildren(ts_node_named_child(type, 1))) collect(model, argument, members, depth + 1);
      }
      if (is_optional) members.push_back(TSNode{});
      return;
    }
  }
  members.push_back(type);
}

// `torch.device` and `torch.dtype` as TorchScript types them: a Device (a type of its own), a ScalarType (an int, so
// that `torch.dtype | int` is one type to it). nullopt for any other member.
std::optional<Type> torch_value_type(const SemanticModel& model, TSNode member) {
  member = strip_parens(is(member, sym.type) ? ts_node_named_child(member, 0) : member);
  const std::string qualified = canonical_name(model.qualified_name(member));
  if (qualified == "torch.device") return Type{Type::Kind::Named, {}, "Device"};
  if (qualified == "torch.dtype") return Type::of(Type::Kind::Int);
  return std::nullopt;
}

// Two or more of `members` besides None are types TorchScript knows and tells apart, not only numbers.
bool distinct_types(const SemanticModel& model, const ExprTypes& types, const std::vector<TSNode>& members) {
  std::vector<Type> seen;
  bool numbers_only = true;
  for (TSNode member : members) {
    if (is_none_member(model.source(), member)) continue;
    auto type = types.annotation(member);
    if (!type || type->is(Type::Kind::Named)) type = torch_value_type(model, member);
    if (!type || type->is(Type::Kind::Optional)) return false;
    numbers_only = numbers_only && (type->is(Type::Kind::Int) || type->is(Type::Kind::Float));
    bool known = false;
    for (const Type& other : seen) known = known || other == *type;
    if (!known) seen.push_back(*type);
  }
  return seen.size() >= 2 && !numbers_only;
}

// The type kind a builtin type named in `isinstance` tests for (`list`, `tuple`, `torch.Tensor`...), if plain.
std::optional<Type::Kind> isinstance_kind(const SemanticModel& model, TSNode type) {
  type = strip_parens(type);
  if (canonical_name(model.qualified_name(type)) == "torch.Tensor") return Type::Kind::Tensor;
  const std::string_view name = model.builtin_value_type(type);  // `int`, `list`... naming the builtin
  if (name == "list") return Type::Kind::List;
  if (name == "tuple") return Type::Kind::Tuple;
  if (name == "dict") return Type::Kind::Dict;
  if (name == "int") return Type::Kind::Int;
  if (name == "float") return Type::Kind::Float;
  if (name == "str") return Type::Kind::Str;
  if (name == "bool") return Type::Kind::Bool;
  return std::nullopt;
}

}  // namespace

bool tested_by_isinstance(const SemanticModel& model, TSNode body, std::string_view name) {
  bool tested = false;
  walk_descendants(body, [&](TSNode n) {
    if (tested) return false;
    if (!is(n, sym.call)) return true;
    const TSNode callee = field(n, fld.function);
    if (!model.is_builtin(callee, "isinstance") && model.qualified_name(callee) != "torch.jit.isinstance") return true;
    const TSNode first = strip_parens(ts_node_named_child(field(n, fld.arguments), 0));
    tested = is(first, sym.identifier) && text(model.source(), first) == name;
    return !tested;
  });
  return tested;
}

std::vector<Type> members_isinstance_keeps(const SemanticModel& model, const FunctionInfo& function,
                                           const Parameter& parameter, TSNode condition, bool tuple_only) {
  condition = strip_parens(condition);
  if (!is(condition, sym.call) || !model.is_builtin(field(condition, fld.function), "isinstance")) return {};
  const TSNode arguments = field(condition, fld.arguments);
  if (ts_node_named_child_count(arguments) != 2) return {};
  const TSNode value = strip_parens(ts_node_named_child(arguments, 0));
  const TSNode types = strip_parens(ts_node_named_child(arguments, 1));
  if (!is(value, sym.identifier) || text(model.source(), value) != parameter.name) return {};
  if (tuple_only && !is(types, sym.tuple)) return {};
  std::vector<TSNode> named;  // each type of `isinstance(p, (A, B))`, or the one of `isinstance(p, A)`
  if (is(types, sym.tuple)) {
    for (TSNode type : NamedChildren(types)) named.push_back(type);
  } else {
    named.push_back(types);
  }
  std::vector<Type::Kind> tested;
  for (TSNode type : named) {
    const auto kind = isinstance_kind(model, type);
    if (!kind) return {};  // a class, `np.ndarray`...: which members it keeps is not known
    tested.push_back(*kind);
  }
  const ExprTypes annotations(model, function);
  std::vector<Type> kept;
  for (TSNode member : union_members(model, parameter.annotation)) {
    if (is_none_member(model.source(), member)) continue;
    const auto type = annotations.annotation(member);
    if (!type || type->is(Type::Kind::Named)) return {};
    if (std::find(tested.begin(), tested.end(), type->kind) == tested.end()) continue;
    if (std::find(kept.begin(), kept.end(), *type) == kept.end()) kept.push_back(*type);
  }
  return kept;
}

std::optional<IsinstanceGuard> isinstance_guard_around(const SemanticModel& model, const FunctionInfo& function,
                                                       const NodePath& path, TSNode read) {
  if (!is(read, sym.identifier)) return std::nullopt;
  const Parameter* parameter = function.signature.find(text(model.source(), read));
  if (!parameter || ts_node_is_null(parameter->annotation)) return std::nullopt;
  const Binding* binding = function.scope.first_binding_read(parameter->name, read);
  if (!binding || binding->kind != Binding::Kind::Parameter) return std::nullopt;
  for (size_t up = 1; up < path.size(); ++up) {
    const TSNode n = path.ancestor(up);
    if (is_nested_scope(n)) return std::nullopt;
    if ((!is(n, sym.if_statement) && !is(n, sym.elif_clause)) || path.field_of(up - 1) != fld.consequence) continue;
    std::vector<Type> kept = members_isinstance_keeps(model, function, *parameter, field(n, fld.condition), false);
    if (kept.empty()) continue;
    if (tested_by_isinstance(model, field(n, fld.consequence), parameter->name)) return std::nullopt;
    return IsinstanceGuard{strip_parens(field(n, fld.condition)), std::move(kept)};
  }
  return std::nullopt;
}

std::string spelled_members(const std::vector<Type>& kept) {
  std::string members;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) members += i + 1 == kept.size() ? " and " : ", ";
    members += "`" + kept[i].spell() + "`";
  }
  return members;
}

std::vector<TSNode> union_members(const SemanticModel& model, TSNode annotation) {
  std::vector<TSNode> members;
  collect(model, annotation, members, 0);
  return members;
}

bool is_none_member(const Source& source, TSNode member) {
  if (ts_node_is_null(member)) return true;
  const std::string_view spelled = text(source, strip_parens(member));
  return spelled == "None" || spelled == "NoneType";
}

size_t members_besides_none(const SemanticModel& model, TSNode annotation) {
  size_t count = 0;
  for (TSNode member : union_members(model, annotation)) count += is_none_member(model.source(), member) ? 0 : 1;
  return count;
}

const Parameter* unrefined_union_parameter(const SemanticModel& model, const FunctionInfo& function,
                                           std::string_view name) {
  const Parameter* parameter = function.signature.find(name);
  if (!parameter || ts_node_is_null(parameter->annotation)) return nullptr;
  const std::vector<TSNode> members = union_members(model, parameter->annotation);
  if (members.size() < 2) return nullptr;  // no Union: no types to build
  if (!distinct_types(model, ExprTypes(model, function), members)) return nullptr;
  const Binding* binding = function.scope.single(name);
  if (!binding || binding->kind != Binding::Kind::Parameter) return nullptr;
  if (tested_by_isinstance(model, field(function.definition, fld.body), name)) return nullptr;
  return parameter;
}

}  // namespace jitlint
