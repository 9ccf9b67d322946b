#include "core/parameter_uses.h"

#include <algorithm>
#include <memory>

#include "core/walk.h"

namespace jitlint {

namespace {

// A name in a position that reads the variable: not the attribute of `a.b`, not the keyword of `f(k=v)`.
bool is_read_position(const NodePath& at) {
  const TSNode parent = at.parent();
  if (ts_node_is_null(parent)) return false;
  const TSFieldId field = at.field();
  if (is(parent, sym.attribute) && field == fld.attribute) return false;
  if (is(parent, sym.keyword_argument) && field == fld.name) return false;
  return true;
}

// The call whose argument the read at `at` is, as `ParameterRead::call` says; null for any other read.
TSNode argument_of_call(const NodePath& at, bool& in_display) {
  size_t up = 1;
  in_display = is(at.ancestor(up), sym.tuple) || is(at.ancestor(up), sym.list);
  if (in_display) ++up;
  if (is(at.ancestor(up), sym.keyword_argument)) {
    if (at.field_of(up - 1) != fld.value) return TSNode{};
    ++up;
  }
  if (!is(at.ancestor(up), sym.argument_list) || !is(at.ancestor(up + 1), sym.call)) return TSNode{};
  return at.ancestor(up + 1);
}

std::vector<ParameterUse> compute(const SemanticModel& model, const FunctionInfo& function) {
  const Source& source = model.source();
  const auto& parameters = function.signature.parameters;
  std::vector<ParameterUse> uses(parameters.size());
  for (size_t i = 0; i < parameters.size(); ++i) {
    const std::vector<Binding>* bindings = function.scope.all(parameters[i].name);
    uses[i].rebound = bindings != nullptr && bindings->size() > 1;
  }
  NodePath path;
  walk(function.definition, path, [&](const NodePath& at) {
    const TSNode node = at.node();
    if (at.size() == 2 && (at.field() == fld.parameters || at.field() == fld.return_type)) return false;
    if (is_nested_scope(node)) {
      // A closure over a parameter: find the names but do not classify their reads (another scope).
      NodePath inner;
      walk(node, inner, [&](const NodePath& in) {
        if (!is(in.node(), sym.identifier)) return true;
        for (size_t i = 0; i < parameters.size(); ++i) {
          if (text(source, in.node()) == parameters[i].name) uses[i].read_in_nested_scope = true;
        }
        return false;
      });
      return false;
    }
    if (!is(node, sym.identifier)) return true;
    if (!is_read_position(at)) return false;
    const std::string_view name = text(source, node);
    const bool dead = model.is_dead(function, node);
    for (size_t i = 0; i < parameters.size(); ++i) {
      if (parameters[i].name != name) continue;
      if (dead) {
        uses[i].read_in_dead_code = true;
        continue;
      }
      const bool none_default = parameters[i].default_kind == LiteralKind::None && !ts_node_is_null(parameters[i].default_value);
      ParameterRead read{node, at.parent(), at.field(), at.ancestor(2), at.ancestor(3),
                         none_default ? not_none_refinement(model, function, at) : Refinement::Unknown};
      read.call = argument_of_call(at, read.in_display);
      uses[i].reads.push_back(read);
    }
    return false;
  });
  return uses;
}

}  // namespace

const std::vector<ParameterUse>& parameter_uses(const SemanticModel& model, const FunctionInfo& function) {
  auto& cache = model.parameter_uses_cache();
  auto found = cache.find(&function);
  if (found != cache.end()) return found->second->parameters;
  auto computed = std::make_shared<ParameterUses>();
  if (function.compiled) computed->parameters = compute(model, function);
  return cache.emplace(&function, std::move(computed)).first->second->parameters;
}

bool parameter_is_read(const SemanticModel& model, const FunctionInfo& function, size_t index) {
  const auto& parameters = function.signature.parameters;
  if (index >= parameters.size() || !function.compiled) return false;
  const std::string_view name = parameters[index].name;
  if (name.empty()) return false;
  auto& cache = model.parameter_uses_cache();
  if (auto found = cache.find(&function); found != cache.end()) {
    const ParameterUse& use = found->second->parameters[index];
    return !use.reads.empty() || use.read_in_nested_scope;
  }
  const Source& source = model.source();
  if (!mentions_word(text(source, field(function.definition, fld.body)), name)) return false;
  bool read = false;
  NodePath path;
  walk(field(function.definition, fld.body), path, [&](const NodePath& at) {
    if (read) return false;
    const TSNode node = at.node();
    if (is_nested_scope(node)) {
      walk_descendants(node, [&](TSNode inner) {
        if (is(inner, sym.identifier) && text(source, inner) == name) read = true;
        return !read;
      });
      return false;
    }
    if (!is(node, sym.identifier)) return true;
    if (text(source, node) == name && is_read_position(at) && !model.is_dead(function, node)) read = true;
    return false;
  });
  return read;
}

bool inferred_as_tensor(const FunctionInfo& function, size_t index) {
  const Signature& signature = function.signature;
  if (index >= signature.parameters.size() || signature.type_comment) return false;
  const Parameter& parameter = signature.parameters[index];
  if (!ts_node_is_null(parameter.annotation) || parameter.name.empty()) return false;
  if (parameter.kind == Parameter::Kind::VarArgs || parameter.kind == Parameter::Kind::VarKwargs) return false;
  return !(index == 0 && !function.self_name.empty());
}

std::string literal_annotation(const Source& source, TSNode value, std::vector<std::string>& typing_names) {
  value = strip_parens(value);
  switch (literal_kind(source, value)) {
    case LiteralKind::Int: return "int";
    case LiteralKind::Float: return "float";
    case LiteralKind::Bool: return "bool";
    case LiteralKind::Str: return "str";
    case LiteralKind::Tuple: {
      std::string elements;
      for (TSNode element : NamedChildren(value)) {
        if (is(element, sym.comment)) return {};
        const std::string inner = literal_annotation(source, element, typing_names);
        if (inner.empty()) return {};
        elements += (elements.empty() ? "" : ", ") + inner;
      }
      if (elements.empty()) return {};  // `()`: Tuple[()] reads badly; leave it to the user
      if (std::find(typing_names.begin(), typing_names.end(), "Tuple") == typing_names.end()) {
        typing_names.push_back("Tuple");
      }
      return "Tuple[" + elements + "]";
    }
    default: return {};
  }
}

}  // namespace jitlint
