// The semantic model's questions, class kinds and value classification. Building it is model_index.cpp; the
// compiled region and dead branches are compiled_region.cpp and static_conditions.cpp.
#include "core/semantic_model.h"

#include <algorithm>
#include <unordered_map>

#include "core/project_index.h"

namespace jitlint {
namespace {

AttrKind container_kind(const std::string& qualified) {
  if (qualified == "torch.nn.ModuleList") return AttrKind::ModuleList;
  if (qualified == "torch.nn.Sequential") return AttrKind::Sequential;
  if (qualified == "torch.nn.ParameterList") return AttrKind::ParameterList;
  if (qualified == "torch.nn.ModuleDict") return AttrKind::ModuleDict;
  if (qualified == "torch.nn.ParameterDict") return AttrKind::ParameterDict;
  return AttrKind::Unknown;
}

// torch.nn layers whose forward takes one Tensor first (no Optional overload), and whether it certainly returns one
// Tensor whatever the construction (not nn.Identity, nn.Sequential, the max pools with `return_indices`).
const std::unordered_map<std::string_view, bool>& tensor_layers() {
  static const std::unordered_map<std::string_view, bool> layers{
      {"Linear", true}, {"Conv1d", true}, {"Conv2d", true}, {"Conv3d", true}, {"ConvTranspose1d", true},
      {"ConvTranspose2d", true}, {"ConvTranspose3d", true}, {"LayerNorm", true}, {"GroupNorm", true},
      {"RMSNorm", true}, {"BatchNorm1d", true}, {"BatchNorm2d", true}, {"BatchNorm3d", true},
      {"InstanceNorm1d", true}, {"InstanceNorm2d", true}, {"Dropout", true}, {"Dropout1d", true},
      {"Dropout2d", true}, {"Embedding", true}, {"ReLU", true}, {"GELU", true}, {"SiLU", true}, {"Tanh", true},
      {"Sigmoid", true}, {"Softmax", true}, {"LeakyReLU", true}, {"Mish", true}, {"Hardswish", true},
      {"ELU", true}, {"Flatten", true}, {"AvgPool1d", true}, {"AvgPool2d", true}, {"AdaptiveAvgPool1d", true},
      {"AdaptiveAvgPool2d", true}, {"Upsample", true}, {"PixelShuffle", true}, {"Identity", false},
      {"MaxPool1d", false}, {"MaxPool2d", false}, {"Sequential", false}};
  return layers;
}

const bool* tensor_layer(std::string_view qualified) {
  const std::string_view prefix = "torch.nn.";
  if (qualified.substr(0, prefix.size()) != prefix) return nullptr;
  const auto found = tensor_layers().find(qualified.substr(prefix.size()));
  return found == tensor_layers().end() ? nullptr : &found->second;
}

}  // namespace

bool torch_layer_takes_tensor(std::string_view qualified) { return tensor_layer(qualified) != nullptr; }

bool torch_layer_returns_tensor(std::string_view qualified) {
  const bool* returns = tensor_layer(qualified);
  return returns && *returns;
}

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

std::string_view attr_kind_name(AttrKind kind) {
  switch (kind) {
    case AttrKind::None: return "None";
    case AttrKind::ModuleList: return "nn.ModuleList";
    case AttrKind::Sequential: return "nn.Sequential";
    case AttrKind::ParameterList: return "nn.ParameterList";
    case AttrKind::ModuleDict: return "nn.ModuleDict";
    case AttrKind::ParameterDict: return "nn.ParameterDict";
    case AttrKind::Module: return "nn.Module";
    case AttrKind::Int: return "int";
    case AttrKind::Float: return "float";
    case AttrKind::Bool: return "bool";
    case AttrKind::Str: return "str";
    case AttrKind::EmptyList: return "empty list";
    case AttrKind::EmptyDict: return "empty dict";
    case AttrKind::Lambda: return "lambda";
    case AttrKind::Object: return "object";
    case AttrKind::Unknown: break;
  }
  return "unknown";
}

AttrKind AttrFact::kind() const {
  if (kinds == 0 || (kinds & (kinds - 1)) != 0) return AttrKind::Unknown;
  return static_cast<AttrKind>(kinds);
}

void AttrFact::merge(const AttrFact& other) {
  // `None` names no class: a module class stays agreed on across `nn.LayerNorm(d) if use else None`.
  const uint32_t none = static_cast<uint32_t>(AttrKind::None);
  if (other.kinds == none && kinds != 0) {
    kinds |= none;
    is_final = is_final || other.is_final;
    sites.insert(sites.end(), other.sites.begin(), other.sites.end());
    return;
  }
  const bool first = kinds == 0 || kinds == none;
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
  sites.insert(sites.end(), other.sites.begin(), other.sites.end());
}

std::string FunctionInfo::qualified() const {
  return owner_name.empty() ? std::string(name) : std::string(owner_name) + "." + std::string(name);
}

Decorators SemanticModel::read_decorators(TSNode decorated) const {
  Decorators d;
  if (!is(decorated, sym.decorated_definition)) return d;
  for (TSNode decorator : NamedChildren(decorated)) {
    if (!is(decorator, sym.decorator)) continue;
    TSNode expr = strip_parens(ts_node_named_child(decorator, 0));
    if (is(expr, sym.call)) expr = field(expr, fld.function);
    const std::string name = qualified_name(expr);
    const std::string_view plain = is(expr, sym.identifier) ? text(*source_, expr) : std::string_view();
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
    else if (name == "dataclasses.dataclass") d.dataclass = true;
    else if (name == "functools.cache" || name == "functools.lru_cache") d.cache = decorator;
    // `@x.setter` / `@x.deleter` define no new root: the getter is the property.
  }
  return d;
}

void SemanticModel::resolve_class_kinds() {
  for (ClassInfo& cls : classes_) {
    TSNode bases = field(cls.definition, fld.superclasses);
    if (ts_node_is_null(bases)) continue;
    for (TSNode base : NamedChildren(bases)) {
      if (is(base, sym.keyword_argument)) continue;  // metaclass=...
      const std::string qualified = qualified_name(base);
      if (is_torch_module_class(qualified)) {
        cls.is_module = true;
        if (cls.torch_base.empty()) cls.torch_base = qualified;
        continue;
      }
      if (is(base, sym.identifier) && qualified.empty()) {
        auto it = class_by_name_.find(text(*source_, base));
        if (it != class_by_name_.end() && &classes_[it->second] != &cls) {
          cls.local_bases.push_back(it->second);
          continue;
        }
      }
      // A base of another file or package: what the project index knows of it (nothing without one).
      if (const ClassFacts* facts = qualified.empty() ? nullptr : project_class(qualified)) {
        cls.remote_bases.push_back(facts);
        if (facts->is_module) {
          cls.is_module = true;
          if (cls.torch_base.empty()) cls.torch_base = facts->torch_base;
        }
        if (!cls.defines_unused_properties) {
          cls.unused_properties.insert(facts->unused_properties.begin(), facts->unused_properties.end());
        }
      }
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
  // Lookup order: left to right, depth first.
  std::vector<bool> seen(classes_.size());
  for (size_t index = 0; index < classes_.size(); ++index) {
    std::fill(seen.begin(), seen.end(), false);
    std::vector<int> stack{static_cast<int>(index)};
    while (!stack.empty()) {
      const int current = stack.back();
      stack.pop_back();
      if (current < 0 || seen[current]) continue;
      seen[current] = true;
      classes_[index].mro.push_back(current);
      const auto& bases = classes_[current].local_bases;
      stack.insert(stack.end(), bases.rbegin(), bases.rend());  // leftmost base first
    }
  }
  // `__jit_unused_properties__` is looked up through the bases, as torch does (getattr on the instance).
  for (ClassInfo& cls : classes_) {
    if (cls.defines_unused_properties) continue;
    for (int base : cls.mro) {
      if (!classes_[base].defines_unused_properties) continue;
      cls.unused_properties.insert(classes_[base].unused_properties.begin(), classes_[base].unused_properties.end());
      break;
    }
  }
}

AttrFact SemanticModel::classify_value(TSNode value, int depth) const {
  if (depth > 32) return AttrFact::of(AttrKind::Unknown);  // a pathological chain of conditional expressions
  value = strip_parens(value);
  const TSSymbol kind = ts_node_symbol(value);
  if (kind == sym.conditional_expression) {
    const ConditionalParts parts = conditional_parts(value);
    if (!parts.whole()) return AttrFact::of(AttrKind::Unknown);
    AttrFact fact = classify_value(parts.body, depth + 1);
    fact.merge(classify_value(parts.alternative, depth + 1));
    return fact;
  }
  if (kind == sym.call) {
    TSNode function = field(value, fld.function);
    const std::string qualified = qualified_name(function);
    const AttrKind container = container_kind(qualified);
    if (container != AttrKind::Unknown) return AttrFact::of(container);
    if (is_torch_module_class(qualified)) {
      AttrFact fact = AttrFact::of(AttrKind::Module);
      fact.module_class = qualified;
      return fact;
    }
    const int index = is(function, sym.identifier) && qualified.empty() ? find_class(text(*source_, function)) : -1;
    if (index < 0) {
      // A class of another file or package: a module when the index says so, an object when it is certainly not.
      const ClassFacts* facts = qualified.empty() ? nullptr : project_class(qualified);
      if (!facts || (!facts->is_module && !facts->known)) return AttrFact::of(AttrKind::Unknown);
      AttrFact fact = AttrFact::of(facts->is_module ? AttrKind::Module : AttrKind::Object);
      if (facts->is_module) fact.module_class = facts->qualified;
      return fact;
    }
    // Even a subclass of ModuleList counts as a plain module value: its own forward makes it callable.
    AttrFact fact = AttrFact::of(classes_[index].is_module ? AttrKind::Module : AttrKind::Object);
    fact.local_class = index;
    if (classes_[index].is_module) fact.module_class = std::string(classes_[index].name);
    return fact;
  }
  switch (literal_kind(*source_, value)) {
    case LiteralKind::None: return AttrFact::of(AttrKind::None);
    case LiteralKind::Bool: {
      AttrFact fact = AttrFact::of(AttrKind::Bool);
      fact.bool_value = kind == sym.true_;
      return fact;
    }
    case LiteralKind::Int: return kind == sym.integer ? AttrFact::of(AttrKind::Int) : AttrFact::of(AttrKind::Unknown);
    case LiteralKind::Float: return kind == sym.float_ ? AttrFact::of(AttrKind::Float) : AttrFact::of(AttrKind::Unknown);
    case LiteralKind::Str: return AttrFact::of(AttrKind::Str);
    case LiteralKind::EmptyList: return AttrFact::of(AttrKind::EmptyList);
    case LiteralKind::EmptyDict: return AttrFact::of(AttrKind::EmptyDict);
    case LiteralKind::Lambda: return AttrFact::of(AttrKind::Lambda);
    default: return AttrFact::of(AttrKind::Unknown);
  }
}

int SemanticModel::find_class(std::string_view name) const {
  auto it = class_by_name_.find(name);
  return it == class_by_name_.end() ? -1 : it->second;
}

int SemanticModel::find_module_function(std::string_view name) const {
  auto it = module_function_by_name_.find(name);
  return it == module_function_by_name_.end() ? -1 : it->second;
}

int SemanticModel::find_method(int class_index, std::string_view name) const {
  for (int current : local_mro(class_index)) {
    auto it = classes_[current].methods.find(name);
    if (it != classes_[current].methods.end()) return it->second;
  }
  return -1;
}

const std::unordered_map<std::string_view, AttrFact>& SemanticModel::attributes_of(int class_index) const {
  const ClassInfo& cls = classes_[class_index];
  return has_inherited_attributes(cls) ? cls.inherited_attributes : cls.attributes;
}

const AttrFact* SemanticModel::attribute(int class_index, std::string_view name) const {
  const auto& facts = attributes_of(class_index);
  auto it = facts.find(name);
  return it == facts.end() ? nullptr : &it->second;
}

void SemanticModel::merge_inherited_attributes() {
  for (ClassInfo& cls : classes_) {
    if (!has_inherited_attributes(cls)) continue;
    for (int current : cls.mro) {
      for (const auto& [name, fact] : classes_[current].attributes) cls.inherited_attributes[name].merge(fact);
      for (const ClassFacts* remote : classes_[current].remote_bases) {
        for (const auto& [name, fact] : remote->attributes) cls.inherited_attributes[own(name)].merge(fact);
      }
    }
  }
}

bool SemanticModel::has_inherited_attributes(const ClassInfo& cls) const {
  if (cls.mro.size() > 1) return true;
  return !cls.remote_bases.empty();
}

const ClassFacts* SemanticModel::project_class(const std::string& qualified) const {
  asked_project_ = true;
  return context_.project ? context_.project->find_class(qualified) : nullptr;
}

const FileSummary* SemanticModel::forward_wrapper_module(const std::string& qualified) const {
  asked_project_ = true;
  return context_.project && !qualified.empty() ? context_.project->forward_wrapper_module(qualified) : nullptr;
}

const FileSummary* SemanticModel::subclass_forward_wrapper(int class_index) const {
  asked_project_ = true;
  if (!context_.project) return nullptr;
  for (int current : classes_[class_index].mro) {
    for (const ClassFacts* remote : classes_[current].remote_bases) {
      const std::string module = remote->subclasses_forward_wrapped_in();
      if (!module.empty()) return context_.project->module_summary(module);
    }
  }
  return nullptr;
}

const FileSummary* SemanticModel::wraps_decorator_module(const std::string& qualified) const {
  asked_project_ = true;
  return context_.project && !qualified.empty() ? context_.project->wraps_decorator_module(qualified) : nullptr;
}

const std::string* SemanticModel::project_python_value(const std::string& qualified) const {
  asked_project_ = true;
  return context_.project && !qualified.empty() ? context_.project->python_value(qualified) : nullptr;
}

const std::string* SemanticModel::project_cached_function(const std::string& qualified) const {
  asked_project_ = true;
  return context_.project && !qualified.empty() ? context_.project->cached_function(qualified) : nullptr;
}

const ClassFacts* SemanticModel::project_plain_object(const std::string& qualified) const {
  asked_project_ = true;
  if (!context_.project || qualified.empty()) return nullptr;
  const std::string* cls = context_.project->python_object(qualified);
  const ClassFacts* facts = cls ? context_.project->find_class(*cls) : nullptr;
  if (!facts || !facts->known || facts->is_module || facts->value_type || !facts->dataclass.empty()) return nullptr;
  return facts;
}

TSNode SemanticModel::cache_decorator(const FunctionInfo& function) const {
  return function.owner_class >= 0 ? TSNode{} : function.decorators.cache;
}

bool SemanticModel::compiled_from_elsewhere() const {
  if (!context_.project || context_.module.empty()) return false;
  const auto* names = context_.project->compiled_from_elsewhere(context_.module);
  return names && !names->empty();
}

std::string_view SemanticModel::own(std::string name) {
  owned_names_.push_back(std::move(name));
  return owned_names_.back();
}

bool SemanticModel::is_dead(const FunctionInfo& function, TSNode node) const {
  const uint32_t start = ts_node_start_byte(node);
  const auto& ranges = function.dead_ranges;
  auto it = std::upper_bound(ranges.begin(), ranges.end(), std::make_pair(start, UINT32_MAX));
  if (it == ranges.begin()) return false;
  --it;
  return start >= it->first && start < it->second;
}

const AttrFact* SemanticModel::self_attribute_fact(const FunctionInfo& function, TSNode expr) const {
  if (function.owner_class < 0) return nullptr;
  expr = strip_parens(expr);
  for (int depth = 0; depth < 4 && is(expr, sym.identifier); ++depth) {
    // A local alias bound exactly once: `layers = self.layers`.
    const Binding* binding = function.scope.single(text(*source_, expr));
    if (!binding || binding->kind != Binding::Kind::Assignment || binding->element >= 0 ||
        !ts_node_is_null(binding->annotation)) {
      return nullptr;
    }
    expr = strip_parens(binding->value);
  }
  return attribute_chain_fact(function, expr, 0);
}

// `self.x`, or `self.a.b.x` through submodules whose class every assignment agrees on (of this file, or of another
// through the project index): what that class's own methods know of `x`.
const AttrFact* SemanticModel::attribute_chain_fact(const FunctionInfo& function, TSNode expr, int depth) const {
  const std::string_view name = self_attribute(*source_, expr, function.self_name);
  if (!name.empty()) return attribute(function.owner_class, name);
  if (depth > 4 || !is(expr, sym.attribute)) return nullptr;
  const AttrFact* owner = attribute_chain_fact(function, strip_parens(field(expr, fld.object)), depth + 1);
  if (!owner || owner->kind() != AttrKind::Module) return nullptr;
  const std::string_view member = text(*source_, field(expr, fld.attribute));
  if (owner->local_class >= 0) return attribute(owner->local_class, member);
  const ClassFacts* facts = owner->module_class.empty() ? nullptr : project_class(owner->module_class);
  if (!facts) return nullptr;
  auto it = facts->attributes.find(std::string(member));
  return it == facts->attributes.end() ? nullptr : &it->second;
}

AttrKind SemanticModel::attribute_kind(const FunctionInfo& function, TSNode expr) const {
  auto fact = self_attribute_fact(function, expr);
  return fact ? fact->kind() : AttrKind::Unknown;
}

namespace {

bool is_config_parameter(const Source& source, const Parameter& parameter) {
  if (parameter.name == "config") return true;
  if (ts_node_is_null(parameter.annotation)) return false;
  const std::string_view type = text(source, parameter.annotation);
  return type.size() > 6 && type.substr(type.size() - 6) == "Config";
}

// `config.x`, `config.x.y`, and numbers made of them and of literals (`config.hidden_size //
// config.num_attention_heads`): a config read at least once, and nothing else.
bool reads_config(const Source& source, const FunctionInfo& init, TSNode value, bool& read, int depth = 0) {
  value = strip_parens(value);
  if (depth > 8) return false;
  if (is(value, sym.integer) || is(value, sym.float_)) return true;
  if (is(value, sym.binary_operator)) {
    return reads_config(source, init, field(value, fld.left), read, depth + 1) &&
           reads_config(source, init, field(value, fld.right), read, depth + 1);
  }
  if (!is(value, sym.attribute)) return false;
  TSNode root = value;
  while (is(root, sym.attribute)) root = strip_parens(field(root, fld.object));
  if (!is(root, sym.identifier)) return false;
  const Parameter* parameter = init.signature.find(text(source, root));
  const bool config = parameter && is_config_parameter(source, *parameter);
  read = read || config;
  return config;
}

}  // namespace

bool SemanticModel::holds_config_value(const AttrFact& fact) const {
  if (fact.sites.empty()) return false;
  for (const AttrSite& site : fact.sites) {
    if (site.function < 0 || ts_node_is_null(site.value)) return false;
    const FunctionInfo& init = functions_[static_cast<size_t>(site.function)];
    bool read = false;
    if (init.name != "__init__" || !reads_config(*source_, init, site.value, read) || !read) return false;
  }
  return true;
}

AttrKind SemanticModel::indexed_kind(const FunctionInfo& function, TSNode expr) const {
  expr = strip_parens(expr);
  if (function.owner_class < 0 || function.self_name.empty() || !is(expr, sym.identifier) ||
      text(*source_, expr) != function.self_name) {
    return attribute_kind(function, expr);
  }
  const Binding* self = function.scope.single(function.self_name);
  if (!self || self->kind != Binding::Kind::Parameter) return AttrKind::Unknown;
  for (int index : classes_[function.owner_class].mro) {
    const AttrKind kind = container_kind(classes_[index].torch_base);
    if (kind != AttrKind::Unknown) return kind;
  }
  return AttrKind::Unknown;
}

bool SemanticModel::is_builtin(TSNode expr, std::string_view name) const {
  expr = strip_parens(expr);
  if (!is(expr, sym.identifier) || text(*source_, expr) != name) return false;
  return !imports_.binds(name) && find_class(name) < 0 && find_module_function(name) < 0;
}

bool SemanticModel::is_interface_typed_value(const NodePath& path) const {
  TSNode holder = path.parent();
  return is(holder, sym.assignment) && path.field() == fld.right && is_interface_type(field(holder, fld.type));
}

bool SemanticModel::is_interface_type(TSNode type) const {
  if (ts_node_is_null(type)) return false;
  TSNode expr = is(type, sym.type) ? ts_node_named_child(type, 0) : type;
  if (is(expr, sym.string)) return false;
  if (!is(expr, sym.identifier)) return false;
  const int index = find_class(text(*source_, expr));
  return index >= 0 && classes_[index].decorators.interface;
}

}  // namespace jitlint
