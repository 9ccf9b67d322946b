#include "core/local_scope.h"

#include "core/walk.h"

namespace jitlint {
namespace {

bool is_target_tuple(TSNode node) {
  const TSSymbol kind = ts_node_symbol(node);
  return kind == sym.pattern_list || kind == sym.tuple_pattern || kind == sym.list_pattern ||
         kind == sym.expression_list || kind == sym.tuple || kind == sym.list;
}

}  // namespace

void LocalScope::add(const Source& source, TSNode target, Binding binding, int depth) {
  target = strip_parens(target);
  if (depth > 32) return;  // absurdly nested unpacking: not worth a stack
  if (is(target, sym.identifier)) {
    binding.target = target;
    bindings_[text(source, target)].push_back(binding);
    return;
  }
  if (is_target_tuple(target)) {
    // Nested unpacking or starred targets: record every name as an opaque binding.
    for (TSNode child : NamedChildren(target)) add(source, child, Binding{}, depth + 1);
  }
  // Attribute and subscript targets bind no local name.
}

void LocalScope::add_parameters(const Source& source, const Signature& signature) {
  for (const Parameter& parameter : signature.parameters) {
    if (ts_node_is_null(parameter.name_node)) continue;
    Binding binding;
    binding.kind = Binding::Kind::Parameter;
    binding.annotation = parameter.annotation;
    binding.parameter = &parameter;
    add(source, parameter.name_node, binding);
  }
}

void LocalScope::bind_elements(const Source& source, TSNode target, TSNode value, Binding::Kind kind,
                               TSNode statement) {
  target = strip_parens(target);
  if (!is_target_tuple(target)) {
    Binding binding;
    binding.kind = kind;
    binding.value = value;
    binding.statement = statement;
    add(source, target, binding);
    return;
  }
  const TSNode stripped_value = strip_parens(value);
  uint32_t target_count = 0;
  for (TSNode element : NamedChildren(target)) (void)element, ++target_count;
  uint32_t value_count = 0;
  const bool literal_tuple_value =
      kind == Binding::Kind::Assignment && (is(stripped_value, sym.expression_list) || is(stripped_value, sym.tuple));
  if (literal_tuple_value) {
    for (TSNode element : NamedChildren(stripped_value)) (void)element, ++value_count;
  }
  const bool literal_tuple = literal_tuple_value && value_count == target_count;
  NamedChildren values(literal_tuple ? stripped_value : TSNode{});
  auto next_value = values.begin();
  int index = 0;
  for (TSNode element : NamedChildren(target)) {
    Binding binding;
    if (is_target_tuple(strip_parens(element)) || is(element, sym.list_splat_pattern)) {
      binding.kind = Binding::Kind::Other;
    } else if (literal_tuple) {
      binding.kind = kind;
      binding.value = *next_value;
      binding.unpacked = true;
    } else {
      binding.kind = kind;
      binding.value = value;
      binding.element = index;
    }
    binding.statement = statement;
    if (literal_tuple) ++next_value;
    ++index;
    add(source, element, binding);
  }
}

bool LocalScope::record(const Source& source, TSNode node) {
  const TSSymbol kind = ts_node_symbol(node);
  if (kind == sym.function_definition || kind == sym.class_definition) {
    add(source, field(node, fld.name), Binding{});  // a nested def or class binds its name
    return true;
  }
  if (kind == sym.assignment) {
    TSNode left = field(node, fld.left);
    TSNode right = field(node, fld.right);
    if (ts_node_is_null(right)) return true;  // `x: int` declares, binds nothing
    if (is(right, sym.assignment)) {
      // chained `a = b = value`: a name is bound to the value (the inner assignment binds the next target), any
      // other target is opaque
      TSNode value = right;
      while (is(value, sym.assignment) && ts_node_is_null(field(value, fld.type))) value = field(value, fld.right);
      if (is(left, sym.identifier) && !ts_node_is_null(value) && !is(value, sym.assignment)) {
        Binding binding;
        binding.kind = Binding::Kind::Assignment;
        binding.value = value;
        binding.statement = node;
        add(source, left, binding);
      } else {
        add(source, left, Binding{});
      }
      return true;
    }
    if (!ts_node_is_null(field(node, fld.type)) && is(strip_parens(left), sym.identifier)) {
      Binding binding;
      binding.kind = Binding::Kind::Assignment;
      binding.value = right;
      binding.annotation = field(node, fld.type);
      binding.statement = node;
      add(source, left, binding);
      return true;
    }
    bind_elements(source, left, right, Binding::Kind::Assignment, node);
    return true;
  }
  if (kind == sym.for_statement) {
    bind_elements(source, field(node, fld.left), field(node, fld.right), Binding::Kind::ForLoop);
    return true;
  }
  if (kind == sym.for_in_clause) {
    bind_elements(source, field(node, fld.left), field(node, fld.right), Binding::Kind::Comprehension);
    return true;
  }
  if (kind == sym.augmented_assignment) {
    Binding binding;
    binding.kind = Binding::Kind::Augmented;
    binding.value = field(node, fld.right);
    binding.statement = node;
    add(source, field(node, fld.left), binding);
    return true;
  }
  if (kind == sym.named_expression) {
    add(source, field(node, fld.name), Binding{});
    return true;
  }
  // `with ... as x`, `except E as e` (both `as_pattern_target`), `global x`: opaque bindings.
  if (kind == sym.as_pattern_target || kind == sym.global_statement || kind == sym.nonlocal_statement) {
    for (TSNode child : NamedChildren(node)) add(source, child, Binding{});
    return true;
  }
  if (kind == sym.import_statement || kind == sym.import_from_statement) {
    walk(node, [&](const NodePath& path) {
      if (is(path.node(), sym.identifier)) add(source, path.node(), Binding{});
      return true;
    });
    return false;
  }
  return true;
}

const Binding* LocalScope::single(std::string_view name) const {
  auto it = bindings_.find(name);
  if (it == bindings_.end() || it->second.size() != 1) return nullptr;
  return &it->second.front();
}

const std::vector<Binding>* LocalScope::all(std::string_view name) const {
  auto it = bindings_.find(name);
  return it == bindings_.end() ? nullptr : &it->second;
}

const Binding* LocalScope::first_binding_read(std::string_view name, TSNode read) const {
  const std::vector<Binding>* bindings = all(name);
  if (!bindings || bindings->empty()) return nullptr;
  if (bindings->size() > 1) {
    const Binding& rebinding = (*bindings)[1];
    if (ts_node_is_null(rebinding.statement)) return nullptr;
    if (!read_by_own_assignment(rebinding, read) && ts_node_end_byte(read) > ts_node_start_byte(rebinding.statement)) {
      return nullptr;
    }
  }
  return &bindings->front();
}

bool read_by_own_assignment(const Binding& binding, TSNode read) {
  return binding.kind == Binding::Kind::Assignment && !ts_node_is_null(binding.statement) &&
         contains(field(binding.statement, fld.right), read);
}

bool in_other_branch(TSNode body, const Binding& binding, TSNode read) {
  if (binding.kind == Binding::Kind::Parameter || ts_node_is_null(binding.target)) return false;
  // Down from the body to the innermost node holding both (nodes keep no parent), noting a loop on the way.
  TSNode common = body;
  if (!contains(common, binding.target) || !contains(common, read)) return false;
  bool in_loop = false;
  for (;;) {
    TSNode next{};
    for (TSNode child : NamedChildren(common)) {
      if (contains(child, binding.target) && contains(child, read)) {
        next = child;
        break;
      }
    }
    if (ts_node_is_null(next)) break;
    in_loop = in_loop || is(next, sym.for_statement) || is(next, sym.while_statement);
    common = next;
  }
  if (!is(common, sym.if_statement) || in_loop) return false;
  TSNode binding_side{}, read_side{};
  for (TSNode child : NamedChildren(common)) {
    if (contains(child, binding.target)) binding_side = child;
    if (contains(child, read)) read_side = child;
  }
  const TSNode condition = field(common, fld.condition);
  if (ts_node_is_null(read_side) || ts_node_is_null(binding_side) || same_node(read_side, binding_side) ||
      same_node(read_side, condition) || same_node(binding_side, condition)) {
    return false;
  }
  // Inside an `elif`, its condition is read on every path through the clause.
  return !(is(read_side, sym.elif_clause) && contains(field(read_side, fld.condition), read));
}

}  // namespace jitlint
