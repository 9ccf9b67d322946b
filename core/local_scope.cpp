#include "core/local_scope.h"

namespace jitlint {
namespace {

bool is_target_tuple(TSNode node) {
  return is(node, "pattern_list") || is(node, "tuple_pattern") || is(node, "list_pattern") ||
         is(node, "expression_list") || is(node, "tuple") || is(node, "list");
}

}  // namespace

void LocalScope::add(const Source& source, TSNode target, Binding binding, int depth) {
  target = strip_parens(target);
  if (depth > 32) return;  // absurdly nested unpacking: not worth a stack
  if (is(target, "identifier")) {
    binding.target = target;
    bindings_[std::string(text(source, target))].push_back(binding);
    return;
  }
  if (is_target_tuple(target)) {
    // Nested unpacking or starred targets: record every name as an opaque binding.
    for (TSNode child : named_children(target)) {
      Binding opaque;
      opaque.kind = Binding::Kind::Other;
      add(source, child, opaque, depth + 1);
    }
  }
  // Attribute and subscript targets bind no local name.
}

void LocalScope::collect(const Source& source, TSNode function_definition) {
  // Parameters bind first; rules need to know a name is one (its annotation types it).
  for (TSNode param : named_children(field(function_definition, "parameters"))) {
    TSNode name = param;
    if (!is(param, "identifier")) name = is(param, "default_parameter") || is(param, "typed_default_parameter")
                                             ? field(param, "name")
                                             : ts_node_named_child(param, 0);
    if (is(name, "identifier")) {
      Binding binding;
      binding.kind = Binding::Kind::Parameter;
      add(source, name, binding);
    }
  }

  auto bind_elements = [&](TSNode target, TSNode value, Binding::Kind kind) {
    target = strip_parens(target);
    if (!is_target_tuple(target)) {
      Binding binding;
      binding.kind = kind;
      binding.value = value;
      add(source, target, binding);
      return;
    }
    const auto targets = named_children(target);
    const TSNode stripped_value = strip_parens(value);
    const bool literal_tuple = kind == Binding::Kind::Assignment &&
                               (is(stripped_value, "expression_list") || is(stripped_value, "tuple")) &&
                               named_children(stripped_value).size() == targets.size();
    const auto values = literal_tuple ? named_children(stripped_value) : std::vector<TSNode>{};
    for (size_t i = 0; i < targets.size(); ++i) {
      Binding binding;
      if (is_target_tuple(strip_parens(targets[i])) || is(targets[i], "list_splat_pattern")) {
        binding.kind = Binding::Kind::Other;
      } else if (literal_tuple) {
        binding.kind = kind;
        binding.value = values[i];
        binding.unpacked = true;
      } else {
        binding.kind = kind;
        binding.value = value;
        binding.element = static_cast<int>(i);
      }
      add(source, targets[i], binding);
    }
  };

  walk_descendants(field(function_definition, "body"), [&](TSNode node) {
    if (is_nested_scope(node)) {
      if (!is(node, "lambda")) {
        Binding binding;
        add(source, field(node, "name"), binding);
      }
      return false;
    }
    if (is(node, "assignment")) {
      TSNode left = field(node, "left");
      TSNode right = field(node, "right");
      if (ts_node_is_null(right)) return true;  // `x: int` declares, binds nothing
      if (is(right, "assignment")) {
        // Chained `a = b = value`: every target is opaque.
        Binding opaque;
        add(source, left, opaque);
        return true;
      }
      if (!ts_node_is_null(field(node, "type")) && is(strip_parens(left), "identifier")) {
        Binding binding;
        binding.kind = Binding::Kind::Assignment;
        binding.value = right;
        binding.annotation = field(node, "type");
        add(source, left, binding);
        return true;
      }
      bind_elements(left, right, Binding::Kind::Assignment);
      return true;
    }
    if (is(node, "for_statement")) {
      bind_elements(field(node, "left"), field(node, "right"), Binding::Kind::ForLoop);
      return true;
    }
    if (is(node, "for_in_clause")) {
      bind_elements(field(node, "left"), field(node, "right"), Binding::Kind::Comprehension);
      return true;
    }
    if (is(node, "augmented_assignment") || is(node, "named_expression")) {
      Binding opaque;
      add(source, is(node, "named_expression") ? field(node, "name") : field(node, "left"), opaque);
      return true;
    }
    // `with ... as x`, `except E as e` (both `as_pattern_target`), `global x`: opaque bindings.
    if (is(node, "as_pattern_target") || is(node, "global_statement") || is(node, "nonlocal_statement")) {
      for (TSNode child : named_children(node)) {
        Binding opaque;
        add(source, child, opaque);
      }
      return true;
    }
    if (is(node, "import_statement") || is(node, "import_from_statement")) {
      walk_descendants(node, [&](TSNode name) {
        if (is(name, "identifier")) {
          Binding opaque;
          add(source, name, opaque);
        }
        return true;
      });
      return false;
    }
    return true;
  });
}

const Binding* LocalScope::single(std::string_view name) const {
  auto it = bindings_.find(std::string(name));
  if (it == bindings_.end() || it->second.size() != 1) return nullptr;
  return &it->second.front();
}

}  // namespace jitlint

namespace jitlint {

const std::vector<Binding>* LocalScope::all(std::string_view name) const {
  auto it = bindings_.find(std::string(name));
  return it == bindings_.end() ? nullptr : &it->second;
}

}  // namespace jitlint
