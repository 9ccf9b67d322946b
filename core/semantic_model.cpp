// Building the semantic model: definitions, class kinds and attribute facts.
// The compiled region and dead branches are in compiled_region.cpp and static_conditions.cpp.
#include "core/semantic_model.h"

#include <algorithm>

namespace jitlint {
namespace {

bool is_torch_module_class(const std::string& qualified) {
  static const char* const kNotModules[] = {"Parameter", "UninitializedParameter", "UninitializedBuffer", "Buffer"};
  const std::string_view prefix = "torch.nn.";
  if (qualified.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string rest = qualified.substr(prefix.size());
  if (rest.empty() || rest.find('.') != std::string::npos || !(rest[0] >= 'A' && rest[0] <= 'Z')) return false;
  for (const char* name : kNotModules) {
    if (rest == name) return false;
  }
  return true;
}

AttrKind container_kind(const std::string& qualified) {
  if (qualified == "torch.nn.ModuleList") return AttrKind::ModuleList;
  if (qualified == "torch.nn.Sequential") return AttrKind::Sequential;
  if (qualified == "torch.nn.ParameterList") return AttrKind::ParameterList;
  if (qualified == "torch.nn.ModuleDict") return AttrKind::ModuleDict;
  if (qualified == "torch.nn.ParameterDict") return AttrKind::ParameterDict;
  return AttrKind::Unknown;
}

TSNode definition_of(TSNode node) {
  return is(node, "decorated_definition") ? field(node, "definition") : node;
}

}  // namespace

std::string_view attr_kind_name(AttrKind kind) {
  switch (kind) {
    case AttrKind::None: return "None";
    case AttrKind::ModuleList: return "nn.ModuleList";
    case AttrKind::Sequential: return "nn.Sequential";
    case AttrKind::ParameterList: return "nn.ParameterList";
    case AttrKind::ModuleDict: return "nn.ModuleDict";
    case AttrKind::ParameterDict: return "nn.ParameterDict";
    case AttrKind::Module: return "nn.Module";
    case AttrKind::Literal: return "literal";
    case AttrKind::Unknown: break;
  }
  return "unknown";
}

AttrKind AttrFact::kind() const {
  if (kinds == 0 || (kinds & (kinds - 1)) != 0) return AttrKind::Unknown;
  return static_cast<AttrKind>(kinds);
}

void AttrFact::merge(const AttrFact& other) {
  const bool first = kinds == 0;
  kinds |= other.kinds;
  is_final = is_final || other.is_final;
  if (first) {
    local_class = other.local_class;
    module_class = other.module_class;
    bool_value = other.bool_value;
  } else {
    if (local_class != other.local_class) local_class = -1;
    if (module_class != other.module_class) module_class.clear();
    if (bool_value != other.bool_value) bool_value.reset();
  }
}

std::string FunctionInfo::qualified() const { return owner_name.empty() ? name : owner_name + "." + name; }

SemanticModel SemanticModel::build(const Source& source, TSNode module) {
  SemanticModel model;
  model.source_ = &source;
  model.imports_.collect(source, module);
  model.collect_definitions(module);
  model.resolve_class_kinds();
  for (ClassInfo& cls : model.classes_) model.collect_attributes(cls);
  model.compute_compiled_region(module);
  return model;
}

Decorators SemanticModel::read_decorators(TSNode definition) const {
  Decorators d;
  TSNode parent = ts_node_parent(definition);
  if (!is(parent, "decorated_definition")) return d;
  for (TSNode decorator : named_children(parent)) {
    if (!is(decorator, "decorator")) continue;
    TSNode expr = strip_parens(ts_node_named_child(decorator, 0));
    if (is(expr, "call")) expr = field(expr, "function");
    const std::string name = qualified_name(expr);
    const std::string_view plain = is(expr, "identifier") ? text(*source_, expr) : std::string_view();
    if (name == "torch.jit.script" || name == "torch.jit.script_if_tracing") d.script = true;
    else if (name == "torch.jit.export") d.export_ = true;
    else if (name == "torch.jit.ignore") d.ignore = true;
    else if (name == "torch.jit.unused") d.unused = true;
    else if (name == "torch.jit.interface") d.interface = true;
    else if (name == "typing.overload" || name == "torch.jit._overload_method" || name == "torch.jit._overload" ||
             name == "torch.jit.overload") d.overload = true;
    else if (plain == "property" && name.empty()) d.property = true;
    else if (plain == "staticmethod" && name.empty()) d.staticmethod = true;
    else if (plain == "classmethod" && name.empty()) d.classmethod = true;
    else if (name == "functools.cached_property") d.property = true;
    // `@x.setter` / `@x.deleter` define no new root: the getter is the property.
  }
  return d;
}

void SemanticModel::collect_definitions(TSNode module) {
  auto add_function = [&](TSNode definition, int owner) {
    FunctionInfo fn;
    fn.definition = definition;
    fn.name = std::string(text(*source_, field(definition, "name")));
    fn.owner_class = owner;
    fn.decorators = read_decorators(definition);
    if (owner >= 0) {
      fn.owner_name = classes_[owner].name;
      if (!fn.decorators.staticmethod) {
        auto params = named_children(field(definition, "parameters"));
        if (!params.empty()) {
          TSNode first = params[0];
          if (is(first, "typed_parameter")) first = ts_node_named_child(first, 0);
          if (is(first, "identifier")) fn.self_name = std::string(text(*source_, first));
        }
      }
    }
    functions_.push_back(std::move(fn));
    return static_cast<int>(functions_.size()) - 1;
  };

  walk_descendants(module, [&](TSNode node) {
    if (is(node, "function_definition")) {
      const int index = add_function(node, -1);
      // A later definition of the same name wins, as in Python.
      module_function_by_name_[functions_[index].name] = index;
      return false;
    }
    if (!is(node, "class_definition")) return !is(node, "lambda");
    ClassInfo cls;
    cls.definition = node;
    cls.name = std::string(text(*source_, field(node, "name")));
    cls.decorators = read_decorators(node);
    classes_.push_back(std::move(cls));
    const int class_index = static_cast<int>(classes_.size()) - 1;
    class_by_name_[classes_[class_index].name] = class_index;
    for (TSNode statement : named_children(field(node, "body"))) {
      TSNode definition = definition_of(statement);
      if (!is(definition, "function_definition")) continue;
      const int index = add_function(definition, class_index);
      // Overload stubs do not replace the implementation.
      if (!functions_[index].decorators.overload || !classes_[class_index].methods.count(functions_[index].name)) {
        classes_[class_index].methods[functions_[index].name] = index;
      }
    }
    return false;  // classes nested in classes are not modelled
  });
}

void SemanticModel::resolve_class_kinds() {
  for (ClassInfo& cls : classes_) {
    TSNode bases = field(cls.definition, "superclasses");
    if (ts_node_is_null(bases)) continue;
    for (TSNode base : named_children(bases)) {
      if (is(base, "keyword_argument")) continue;  // metaclass=...
      const std::string qualified = qualified_name(base);
      if (is_torch_module_class(qualified)) {
        cls.is_module = true;
        if (cls.torch_base.empty()) cls.torch_base = qualified;
        continue;
      }
      if (is(base, "identifier") && qualified.empty()) {
        auto it = class_by_name_.find(std::string(text(*source_, base)));
        if (it != class_by_name_.end() && &classes_[it->second] != &cls) {
          cls.local_bases.push_back(it->second);
          continue;
        }
      }
      // Any other base (imported from elsewhere): nothing is known of it, and it does not make a module.
    }
  }
  // Module-ness flows down through bases of this file (iterate to a fixpoint; base chains are short).
  for (bool changed = true; changed;) {
    changed = false;
    for (ClassInfo& cls : classes_) {
      if (cls.is_module) continue;
      for (int base : cls.local_bases) {
        if (classes_[base].is_module) {
          cls.is_module = true;
          changed = true;
          break;
        }
      }
    }
  }
}

AttrFact SemanticModel::classify_value(TSNode value, int depth) const {
  AttrFact fact;
  if (depth > 32) return AttrFact::of(AttrKind::Unknown);  // a pathological chain of conditional expressions
  value = strip_parens(value);
  if (is(value, "none")) {
    fact.kinds = static_cast<uint16_t>(AttrKind::None);
  } else if (is(value, "true") || is(value, "false")) {
    fact.kinds = static_cast<uint16_t>(AttrKind::Literal);
    fact.bool_value = is(value, "true");
  } else if (is(value, "integer") || is(value, "float") || is_plain_string(*source_, value)) {
    fact.kinds = static_cast<uint16_t>(AttrKind::Literal);
  } else if (is(value, "conditional_expression")) {
    auto parts = named_children(value);  // body, condition, alternative
    if (parts.size() == 3) {
      fact = classify_value(parts[0], depth + 1);
      fact.merge(classify_value(parts[2], depth + 1));
    } else {
      fact.kinds = static_cast<uint16_t>(AttrKind::Unknown);
    }
  } else if (is(value, "call")) {
    TSNode function = field(value, "function");
    const std::string qualified = qualified_name(function);
    const AttrKind container = container_kind(qualified);
    if (container != AttrKind::Unknown) {
      fact.kinds = static_cast<uint16_t>(container);
    } else if (is_torch_module_class(qualified)) {
      fact.kinds = static_cast<uint16_t>(AttrKind::Module);
      fact.module_class = qualified;
    } else if (is(function, "identifier") && qualified.empty() && class_by_name_.count(std::string(text(*source_, function)))) {
      const int index = class_by_name_.at(std::string(text(*source_, function)));
      if (classes_[index].is_module) {
        // Even a subclass of ModuleList counts as a plain module value: its own forward makes it callable.
        fact.kinds = static_cast<uint16_t>(AttrKind::Module);
        fact.local_class = index;
        fact.module_class = classes_[index].name;
      } else {
        fact.kinds = static_cast<uint16_t>(AttrKind::Unknown);
      }
    } else {
      fact.kinds = static_cast<uint16_t>(AttrKind::Unknown);
    }
  } else {
    fact.kinds = static_cast<uint16_t>(AttrKind::Unknown);
  }
  return fact;
}

void SemanticModel::collect_attributes(ClassInfo& cls) {
  auto record = [&](std::string name, AttrFact fact) { cls.attributes[std::move(name)].merge(fact); };
  auto mark_final = [&](const std::string& name) { cls.attributes[name].is_final = true; };
  auto is_final_annotation = [&](TSNode type) {
    if (ts_node_is_null(type)) return false;
    TSNode expr = ts_node_named_child(type, 0);  // `type` wraps the expression
    if (ts_node_is_null(expr)) expr = type;
    if (is(expr, "generic_type")) expr = ts_node_named_child(expr, 0);
    if (is(expr, "subscript")) expr = field(expr, "value");
    const std::string name = qualified_name(expr);
    return name == "typing.Final" || name == "torch.jit.Final" ||
           (name.empty() && is(expr, "identifier") && text(*source_, expr) == "Final");
  };

  // Class body: `x: Final[int] = 3`, `__constants__ = [...]`, `__jit_unused_properties__ = [...]`.
  for (TSNode statement : named_children(field(cls.definition, "body"))) {
    if (!is(statement, "expression_statement")) continue;
    TSNode assignment = ts_node_named_child(statement, 0);
    if (!is(assignment, "assignment")) continue;
    TSNode left = field(assignment, "left");
    if (!is(left, "identifier")) continue;
    const std::string name(text(*source_, left));
    if (is_final_annotation(field(assignment, "type"))) {
      // `use_bias: Final[bool] = False` in the class body is the value as well as the declaration.
      if (!ts_node_is_null(field(assignment, "right"))) record(name, classify_value(field(assignment, "right")));
      mark_final(name);
      continue;
    }
    if (name == "__constants__" || name == "__jit_unused_properties__") {
      TSNode right = strip_parens(field(assignment, "right"));
      if (!is(right, "list") && !is(right, "tuple") && !is(right, "set")) continue;
      for (TSNode element : named_children(right)) {
        if (!is_plain_string(*source_, element)) continue;
        const std::string literal = string_value(*source_, element);
        if (name == "__constants__") mark_final(literal);
        else cls.unused_properties.insert(literal);
      }
    }
  }

  // Every method's `self.x = value` (helpers called from __init__ build attributes too).
  for (const auto& [method_name, index] : cls.methods) {
    const FunctionInfo& method = functions_[index];
    if (method.self_name.empty()) continue;
    const std::string& self_name = method.self_name;
    walk_descendants(field(method.definition, "body"), [&](TSNode node) {
      if (is_nested_scope(node)) return false;
      if (is(node, "assignment")) {
        TSNode right = field(node, "right");
        std::vector<TSNode> targets{field(node, "left")};
        // `self.a = self.b = value`
        while (is(right, "assignment")) {
          targets.push_back(field(right, "left"));
          right = field(right, "right");
        }
        for (TSNode target : targets) {
          target = strip_parens(target);
          std::string_view attr = self_attribute(*source_, target, self_name);
          if (!attr.empty()) {
            AttrFact fact;
            if (ts_node_is_null(right)) fact.kinds = static_cast<uint16_t>(AttrKind::Unknown);
            else fact = classify_value(right);
            if (is_final_annotation(field(node, "type"))) fact.is_final = true;
            record(std::string(attr), fact);
          } else if (is(target, "pattern_list") || is(target, "tuple_pattern") || is(target, "expression_list")) {
            for (TSNode element : named_children(target)) {
              std::string_view name = self_attribute(*source_, element, self_name);
              if (!name.empty()) record(std::string(name), AttrFact::of(AttrKind::Unknown));
            }
          }
        }
        return true;
      }
      if (is(node, "augmented_assignment")) {
        std::string_view attr = self_attribute(*source_, field(node, "left"), self_name);
        if (!attr.empty()) record(std::string(attr), AttrFact::of(AttrKind::Unknown));
        return true;
      }
      if (is(node, "call")) {
        // self.register_buffer("name", value) / register_parameter / add_module / register_module, setattr(self, ...)
        TSNode function = field(node, "function");
        auto args = named_children(field(node, "arguments"));
        std::string_view method_called;
        size_t name_arg = 0;
        if (is(function, "attribute") && is(field(function, "object"), "identifier") &&
            text(*source_, field(function, "object")) == self_name) {
          method_called = text(*source_, field(function, "attribute"));
        } else if (is(function, "identifier") && text(*source_, function) == "setattr" && !args.empty() &&
                   text(*source_, args[0]) == self_name) {
          method_called = "setattr";
          name_arg = 1;
        }
        if (method_called != "register_buffer" && method_called != "register_parameter" &&
            method_called != "add_module" && method_called != "register_module" && method_called != "setattr") {
          return true;
        }
        if (args.size() <= name_arg + 1 || !is_plain_string(*source_, args[name_arg]) ||
            is(args[name_arg], "concatenated_string")) {
          return true;  // a computed name: no fact about any attribute
        }
        const std::string literal = string_value(*source_, args[name_arg]);
        AttrFact fact = classify_value(args[name_arg + 1]);
        if ((method_called == "add_module" || method_called == "register_module") && fact.kind() == AttrKind::Unknown) {
          fact.kinds = static_cast<uint16_t>(AttrKind::Module);
        }
        record(literal, fact);
        return true;
      }
      return true;
    });
  }
}

int SemanticModel::find_class(std::string_view name) const {
  auto it = class_by_name_.find(std::string(name));
  return it == class_by_name_.end() ? -1 : it->second;
}

int SemanticModel::find_module_function(std::string_view name) const {
  auto it = module_function_by_name_.find(std::string(name));
  return it == module_function_by_name_.end() ? -1 : it->second;
}

std::vector<int> SemanticModel::local_mro(int class_index) const {
  std::vector<int> order;
  std::vector<int> stack{class_index};
  std::vector<bool> seen(classes_.size(), false);
  while (!stack.empty()) {
    const int current = stack.back();
    stack.pop_back();
    if (current < 0 || seen[current]) continue;
    seen[current] = true;
    order.push_back(current);
    const auto& bases = classes_[current].local_bases;
    stack.insert(stack.end(), bases.rbegin(), bases.rend());  // leftmost base first
  }
  return order;
}

int SemanticModel::find_method(int class_index, std::string_view name) const {
  for (int current : local_mro(class_index)) {
    auto it = classes_[current].methods.find(std::string(name));
    if (it != classes_[current].methods.end()) return it->second;
  }
  return -1;
}

std::optional<AttrFact> SemanticModel::attribute(int class_index, std::string_view name) const {
  std::optional<AttrFact> merged;
  for (int current : local_mro(class_index)) {
    auto it = classes_[current].attributes.find(std::string(name));
    if (it == classes_[current].attributes.end()) continue;
    if (!merged) merged = it->second;
    else merged->merge(it->second);
  }
  return merged;
}

bool SemanticModel::is_dead(const FunctionInfo& function, TSNode node) const {
  const uint32_t start = ts_node_start_byte(node);
  const auto& ranges = function.dead_ranges;
  auto it = std::upper_bound(ranges.begin(), ranges.end(), std::make_pair(start, UINT32_MAX));
  if (it == ranges.begin()) return false;
  --it;
  return start >= it->first && start < it->second;
}

std::optional<AttrFact> SemanticModel::self_attribute_fact(const FunctionInfo& function, TSNode expr) const {
  if (function.owner_class < 0) return std::nullopt;
  expr = strip_parens(expr);
  for (int depth = 0; depth < 4 && is(expr, "identifier"); ++depth) {
    // A local alias bound exactly once: `layers = self.layers`.
    const Binding* binding = function.scope.single(text(*source_, expr));
    if (!binding || binding->kind != Binding::Kind::Assignment || binding->element >= 0 ||
        !ts_node_is_null(binding->annotation)) {
      return std::nullopt;
    }
    expr = strip_parens(binding->value);
  }
  std::string_view name = self_attribute(*source_, expr, function.self_name);
  if (name.empty()) return std::nullopt;
  return attribute(function.owner_class, name);
}

AttrKind SemanticModel::attribute_kind(const FunctionInfo& function, TSNode expr) const {
  auto fact = self_attribute_fact(function, expr);
  return fact ? fact->kind() : AttrKind::Unknown;
}

bool SemanticModel::is_builtin(TSNode expr, std::string_view name) const {
  expr = strip_parens(expr);
  if (!is(expr, "identifier") || text(*source_, expr) != name) return false;
  return !imports_.binds(name) && find_class(name) < 0 && find_module_function(name) < 0;
}

bool SemanticModel::is_interface_typed_value(TSNode expr) const {
  TSNode holder = ts_node_parent(expr);
  return is(holder, "assignment") && same_node(field(holder, "right"), expr) && is_interface_type(field(holder, "type"));
}

bool SemanticModel::is_interface_type(TSNode type) const {
  if (ts_node_is_null(type)) return false;
  TSNode expr = is(type, "type") ? ts_node_named_child(type, 0) : type;
  if (is(expr, "string")) return false;
  if (!is(expr, "identifier")) return false;
  const int index = find_class(text(*source_, expr));
  return index >= 0 && classes_[index].decorators.interface;
}

}  // namespace jitlint
