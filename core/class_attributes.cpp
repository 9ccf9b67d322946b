// Class-body facts about module attributes (see class_attributes.h).
#include "core/class_attributes.h"

#include <algorithm>

#include "core/project_index.h"

namespace jitlint {
namespace {

// The `assignment` of a class-body statement `name ...` (annotated or not), or null.
TSNode body_assignment(const SemanticModel& model, const ClassInfo& cls, std::string_view name) {
  for (TSNode statement : NamedChildren(field(cls.definition, fld.body))) {
    if (!is(statement, sym.expression_statement)) continue;
    TSNode assignment = ts_node_named_child(statement, 0);
    if (!is(assignment, sym.assignment)) continue;
    TSNode left = field(assignment, fld.left);
    if (is(left, sym.identifier) && text(model.source(), left) == name) return assignment;
  }
  return TSNode{};
}

bool annotates_anything(const ClassInfo& cls) {
  for (TSNode statement : NamedChildren(field(cls.definition, fld.body))) {
    if (!is(statement, sym.expression_statement)) continue;
    TSNode assignment = ts_node_named_child(statement, 0);
    if (is(assignment, sym.assignment) && is(field(assignment, fld.left), sym.identifier) &&
        !ts_node_is_null(field(assignment, fld.type))) {
      return true;
    }
  }
  return false;
}

// A base of another file whose instances' attributes the summaries account for: every base of it resolved, it
// derives from `nn.Module` itself (a container's items are no attributes), and it leaves attribute lookup alone.
bool transparent_remote_module(const ClassFacts& facts) {
  return facts.known && facts.is_module && facts.torch_base == "torch.nn.Module" &&
         !facts.methods.count("__getattr__") && !facts.methods.count("__getattribute__") &&
         !facts.methods.count("__setattr__");
}

// Whether every base written in the class's header is a class of this file or `torch.nn.Module` (or, with
// `remote_modules`, a `transparent_remote_module`).
bool own_bases_known(const SemanticModel& model, const ClassInfo& cls, bool remote_modules) {
  TSNode bases = field(cls.definition, fld.superclasses);
  if (ts_node_is_null(bases)) return true;
  for (TSNode base : NamedChildren(bases)) {
    if (is(base, sym.keyword_argument)) return false;  // a metaclass may add anything
    const std::string qualified = model.qualified_name(base);
    if (qualified == "torch.nn.Module") continue;
    if (remote_modules && !qualified.empty()) {
      const ClassFacts* facts = model.project_class(qualified);
      if (facts && transparent_remote_module(*facts)) continue;
    }
    if (qualified.empty() && is(base, sym.identifier) && model.find_class(text(model.source(), base)) >= 0) continue;
    if (qualified.empty() && is(base, sym.identifier) && text(model.source(), base) == "object" &&
        model.is_builtin(base, "object")) {
      continue;
    }
    return false;
  }
  return true;
}

TSNode unwrap_type(TSNode type) {
  while (is(type, sym.type)) {
    TSNode inner = ts_node_named_child(type, 0);
    if (ts_node_is_null(inner)) break;
    type = inner;
  }
  return strip_parens(type);
}

}  // namespace

TSNode class_body_annotation(const SemanticModel& model, int class_index, std::string_view name) {
  for (int current : model.local_mro(class_index)) {
    TSNode assignment = body_assignment(model, model.classes()[current], name);
    if (!ts_node_is_null(assignment) && !ts_node_is_null(field(assignment, fld.type))) {
      return field(assignment, fld.type);
    }
  }
  return TSNode{};
}

TSNode effective_class_annotation(const SemanticModel& model, int class_index, std::string_view name) {
  for (int current : model.local_mro(class_index)) {
    const ClassInfo& cls = model.classes()[current];
    if (annotates_anything(cls)) {
      TSNode assignment = body_assignment(model, cls, name);
      return ts_node_is_null(assignment) ? TSNode{} : field(assignment, fld.type);
    }
    // A base from elsewhere may annotate (and come before the next base of this file): nothing known.
    if (!own_bases_known(model, cls, false)) return TSNode{};
  }
  return TSNode{};
}

TSNode class_body_assignment(const SemanticModel& model, int class_index, std::string_view name) {
  for (int current : model.local_mro(class_index)) {
    TSNode assignment = body_assignment(model, model.classes()[current], name);
    if (!ts_node_is_null(assignment) && !ts_node_is_null(field(assignment, fld.right))) return assignment;
  }
  return TSNode{};
}

bool class_body_has_assignment(const SemanticModel& model, int class_index, bool annotated) {
  for (int current : model.local_mro(class_index)) {
    for (TSNode statement : NamedChildren(field(model.classes()[current].definition, fld.body))) {
      if (!is(statement, sym.expression_statement)) continue;
      TSNode assignment = ts_node_named_child(statement, 0);
      if (!is(assignment, sym.assignment) || !is(field(assignment, fld.left), sym.identifier)) continue;
      if (!ts_node_is_null(field(assignment, annotated ? fld.type : fld.right))) return true;
    }
  }
  return false;
}

bool bases_all_known(const SemanticModel& model, int class_index) {
  for (int current : model.local_mro(class_index)) {
    if (!own_bases_known(model, model.classes()[current], true)) return false;
  }
  return true;
}

namespace {

// `del self.<name>` among the top-level statements of the class's own `__init__` (transformers' modular files delete
// what the base's `__init__` made: Bamba's `del self.self_attn`, then assigned again on one layer type only).
bool init_deletes(const SemanticModel& model, int class_index, std::string_view name) {
  auto& cache = model.init_deletions_cache();
  auto found = cache.find(class_index);
  if (found == cache.end()) {
    std::vector<std::string_view> deleted;
    const ClassInfo& info = model.classes()[class_index];
    const auto init = info.methods.find("__init__");
    if (init != info.methods.end()) {
      const FunctionInfo& function = model.functions()[init->second];
      const Source& source = model.source();
      for (TSNode statement : NamedChildren(field(function.definition, fld.body))) {
        if (!is(statement, sym.delete_statement)) continue;
        walk_descendants(statement, [&](TSNode node) {
          if (is(node, sym.attribute)) {
            const TSNode object = strip_parens(field(node, fld.object));
            if (is(object, sym.identifier) && text(source, object) == function.self_name) {
              deleted.push_back(text(source, field(node, fld.attribute)));
            }
            return false;
          }
          return true;
        });
      }
    }
    found = cache.emplace(class_index, std::move(deleted)).first;
  }
  return std::find(found->second.begin(), found->second.end(), name) != found->second.end();
}

}  // namespace

bool remote_base_binds(const SemanticModel& model, int class_index, std::string_view name) {
  const std::string key(name);
  for (int current : model.local_mro(class_index)) {
    if (init_deletes(model, current, name)) return false;  // what a base made is gone, whatever it was
    for (const ClassFacts* remote : model.classes()[current].remote_bases) {
      if (remote->attributes.count(key) || remote->methods.count(key) || remote->body_names.count(key) ||
          remote->unused_properties.count(key)) {
        return true;
      }
    }
  }
  return false;
}

bool is_optional_annotation(const SemanticModel& model, TSNode type) {
  TSNode expr = unwrap_type(type);
  if (is(expr, sym.binary_operator)) {  // `T | None` in a string or a subscript
    for (TSNode side : {field(expr, fld.left), field(expr, fld.right)}) {
      if (is(unwrap_type(side), sym.none)) return true;
    }
    return false;
  }
  if (is(expr, sym.union_type)) {  // `T | None` as the grammar reads an annotation
    for (TSNode side : NamedChildren(expr)) {
      if (is(unwrap_type(side), sym.none)) return true;
    }
    return false;
  }
  const TypeApplication application = type_application(expr);
  if (ts_node_is_null(application.head)) return false;
  const std::string head = model.qualified_name(application.head);
  const std::string_view plain = is(application.head, sym.identifier) ? text(model.source(), application.head) : "";
  if (head == "typing.Optional" || (head.empty() && plain == "Optional")) return application.arguments.size() == 1;
  if (head == "typing.Union" || (head.empty() && plain == "Union")) {
    for (TSNode argument : application.arguments) {
      if (is(unwrap_type(argument), sym.none)) return true;
    }
  }
  return false;
}

bool called_eagerly(const SemanticModel& model, int class_index, std::string_view name) {
  for (int current : model.local_mro(class_index)) {
    for (const auto& [method_name, index] : model.classes()[current].methods) {
      const FunctionInfo& fn = model.functions()[index];
      if (fn.compiled || fn.self_name.empty()) continue;
      bool found = false;
      walk_descendants(field(fn.definition, fld.body), [&](TSNode node) {
        if (found) return false;
        if (is(node, sym.call)) {
          TSNode callee = field(node, fld.function);
          if (is(callee, sym.attribute) && text(model.source(), field(callee, fld.attribute)) == name &&
              is(field(callee, fld.object), sym.identifier) &&
              text(model.source(), field(callee, fld.object)) == fn.self_name) {
            found = true;
          }
        }
        return !found;
      });
      if (found) return true;
    }
  }
  return false;
}

std::vector<TSNode> class_decorators(const ClassInfo& cls) {
  std::vector<TSNode> out;
  // Module-level classes only: the decorated_definition is a child of the root (no parent links are asked).
  for (TSNode statement : NamedChildren(ts_tree_root_node(cls.definition.tree))) {
    if (!is(statement, sym.decorated_definition) || !same_node(field(statement, fld.definition), cls.definition)) {
      continue;
    }
    for (TSNode decorator : NamedChildren(statement)) {
      if (!is(decorator, sym.decorator)) continue;
      TSNode expr = strip_parens(ts_node_named_child(decorator, 0));
      if (is(expr, sym.call)) expr = field(expr, fld.function);
      out.push_back(expr);
    }
  }
  return out;
}

int known_module_method_class(const SemanticModel& model, const FunctionInfo& function) {
  if (function.owner_class < 0 || function.self_name.empty()) return -1;
  const int class_index = function.owner_class;
  if (!model.classes()[class_index].is_module || !bases_all_known(model, class_index)) return -1;
  return class_index;
}

std::vector<const AttrSite*> eager_sites(const SemanticModel& model, int class_index, const AttrFact& fact) {
  std::vector<const AttrSite*> sites;
  for (const AttrSite& site : fact.sites) {
    const FunctionInfo* in = site.function >= 0 ? &model.functions()[site.function] : nullptr;
    if (!in || !in->compiled || called_eagerly(model, class_index, in->name)) sites.push_back(&site);
  }
  return sites;
}

bool under_instance_decided_condition(const SemanticModel& model, const FunctionInfo& function, const NodePath& at) {
  for (size_t i = 1; i + 1 < at.size(); ++i) {
    TSNode node = at[i].node;
    TSNode condition{};
    if ((is(node, sym.if_statement) || is(node, sym.elif_clause) || is(node, sym.while_statement)) &&
        at[i + 1].field != fld.condition) {
      condition = field(node, fld.condition);
    } else if (is(node, sym.conditional_expression)) {
      // `a if c else b`: children value, condition, alternative (no fields); a read in `c` itself is not guarded.
      const TSNode test = ts_node_named_child(node, 1);
      if (!same_node(at[i + 1].node, test)) condition = test;
    } else if (is(node, sym.boolean_operator) && at[i + 1].field == fld.right) {
      condition = field(node, fld.left);  // `c and read`: evaluated only as `c` decides
    }
    if (!ts_node_is_null(condition) && instance_decided_condition(model, function, condition)) return true;
  }
  return false;
}

bool instance_decided_condition(const SemanticModel& model, const FunctionInfo& function, TSNode condition) {
  bool decided = false;
  auto visit = [&](TSNode inner) {
    if (decided) return false;
    const std::string_view name = self_attribute(model.source(), inner, function.self_name);
    if (!name.empty()) {
      const AttrFact* fact = model.attribute(function.owner_class, name);
      if (fact && fact->is_final) decided = true;
    }
    // `self.y is None`: torch decides it from the instance's value of `y` (NoneType or not), which the same
    // branch of __init__ may set.
    if (is(inner, sym.comparison_operator)) {
      auto test = none_test(inner);
      if (test && !self_attribute(model.source(), test->operand, function.self_name).empty()) decided = true;
    }
    return !decided;
  };
  if (visit(condition)) walk_descendants(condition, visit);
  return decided;
}

InstanceValue instance_value(const SemanticModel& model, int class_index, const AttrFact* fact) {
  InstanceValue value;
  if (!fact) return value;
  bool agree = true;
  for (const AttrSite* eager : eager_sites(model, class_index, *fact)) {
    const AttrSite& site = *eager;
    const LiteralKind kind = ts_node_is_null(site.value) ? LiteralKind::Other : literal_kind(model.source(), site.value);
    if (!value.assigned) {
      value.site = site.node;
      value.literal = kind;
    }
    agree = agree && kind == *value.literal && !is(site.node, sym.call) && kind != LiteralKind::Other;
    value.assigned = true;
  }
  if (!agree) value.literal.reset();
  return value;
}

// `self.<sub>(value, ...)`: the submodule's forward takes a Tensor first. A torch.nn layer (and nn.Sequential), or
// a module class of this file whose forward's first parameter is `Tensor` or unannotated without a default
// (TorchScript infers Tensor). The submodule's description for the message; nullopt otherwise.
std::optional<std::string> submodule_takes_tensor(const SemanticModel& model, const FunctionInfo& function,
                                                  TSNode callee) {
  if (function.owner_class < 0 || function.self_name.empty()) return std::nullopt;
  const std::string_view sub = self_attribute(model.source(), callee, function.self_name);
  if (sub.empty()) return std::nullopt;
  const AttrFact* fact = model.attribute(function.owner_class, sub);
  if (!fact) return std::nullopt;
  if (fact->kind() == AttrKind::Sequential) return std::string("an `nn.Sequential`");
  if (fact->kind() != AttrKind::Module) return std::nullopt;
  if (torch_layer_takes_tensor(fact->module_class)) return "a `" + fact->module_class + "`";
  // `nn.LayerNorm(d) if is_cross_attention else nn.Identity()` (Perceiver): every value every assignment can give is
  // a torch layer that takes a Tensor.
  if (fact->module_class.empty() && !fact->sites.empty()) {
    std::vector<std::string> layers;
    bool all = true;
    for (const AttrSite& site : fact->sites) {
      std::vector<TSNode> values;
      const TSNode value = strip_parens(site.value);
      const ConditionalParts parts = conditional_parts(value);
      if (parts.whole()) {
        values = {strip_parens(parts.body), strip_parens(parts.alternative)};
      } else {
        values = {value};
      }
      for (TSNode one : values) {
        const std::string qualified = is(one, sym.call) ? model.qualified_name(field(one, fld.function)) : "";
        if (!torch_layer_takes_tensor(qualified)) {
          all = false;
          break;
        }
        if (std::find(layers.begin(), layers.end(), qualified) == layers.end()) layers.push_back(qualified);
      }
      if (!all) break;
    }
    if (all && !layers.empty()) {
      std::string named = "`" + layers.front() + "`";
      for (size_t i = 1; i < layers.size(); ++i) named += (i + 1 == layers.size() ? " or `" : ", `") + layers[i] + "`";
      return "a " + named;
    }
  }
  if (fact->local_class < 0) {
    // A module class of another file: its summary says what its forward takes.
    const ClassFacts* remote = fact->module_class.empty() ? nullptr : model.project_class(fact->module_class);
    if (!remote || !remote->tensor_input_methods.count("forward")) return std::nullopt;
    return "a `" + fact->module_class + "`, whose `forward` takes a Tensor";
  }
  const int forward = model.find_method(fact->local_class, "forward");
  if (forward < 0) return std::nullopt;
  const FunctionInfo& target = model.functions()[forward];
  if (!target.compiled || !target.signature.first_input_is_tensor(model.source())) return std::nullopt;
  return "a `" + std::string(model.classes()[fact->local_class].name) + "`, whose `forward` takes a Tensor `" +
         std::string(target.signature.parameters[1].name) + "`";
}

bool submodule_is_computing_torch_layer(const SemanticModel& model, const FunctionInfo& function, TSNode callee) {
  if (function.owner_class < 0 || function.self_name.empty()) return false;
  const std::string_view sub = self_attribute(model.source(), callee, function.self_name);
  const AttrFact* fact = sub.empty() ? nullptr : model.attribute(function.owner_class, sub);
  return fact && fact->kind() == AttrKind::Module && torch_layer_returns_tensor(fact->module_class);
}

std::optional<ArgumentSite> argument_site(const NodePath& path) {
  size_t up = 1;
  while (is(path.ancestor(up), sym.parenthesized_expression)) ++up;
  const TSNode parent = path.ancestor(up);
  const bool keyword = is(parent, sym.keyword_argument);
  if (keyword ? path.field_of(up - 1) != fld.value : !is(parent, sym.argument_list)) return std::nullopt;
  const TSNode arguments = keyword ? path.ancestor(up + 1) : parent;
  const TSNode call = keyword ? path.ancestor(up + 2) : path.ancestor(up + 1);
  if (!is(arguments, sym.argument_list) || !is(call, sym.call)) return std::nullopt;
  return ArgumentSite{call, arguments, keyword ? parent : path.ancestor(up - 1)};
}

std::optional<CalleeTarget> callee_target(const SemanticModel& model, const FunctionInfo& function, TSNode call) {
  const Callee callee = model.resolve_call(function, call);
  CalleeTarget out;
  if (callee.kind == Callee::Kind::Method || callee.kind == Callee::Kind::ModuleFunction) {
    out.target = &model.functions()[callee.index];
    out.bound_self = callee.kind == Callee::Kind::Method && !out.target->self_name.empty();
  } else if (function.owner_class >= 0 && !function.self_name.empty()) {
    // `self.<sub>(...)`: the forward of the submodule's class of this file
    const std::string_view sub = self_attribute(model.source(), field(call, fld.function), function.self_name);
    const AttrFact* fact = sub.empty() ? nullptr : model.attribute(function.owner_class, sub);
    if (!fact || fact->kind() != AttrKind::Module || fact->local_class < 0) return std::nullopt;
    const int forward = model.find_method(fact->local_class, "forward");
    if (forward < 0) return std::nullopt;
    out.target = &model.functions()[forward];
    if (!out.target->compiled) return std::nullopt;
    out.bound_self = true;
    out.submodule_forward = true;
  }
  if (!out.target || out.target->signature.type_comment || out.target->decorators.ignore ||
      out.target->decorators.unused) {
    return std::nullopt;
  }
  return out;
}

const Parameter* bound_parameter(const SemanticModel& model, const CalleeTarget& callee, TSNode arguments,
                                 TSNode argument) {
  const std::vector<Parameter>& parameters = callee.target->signature.parameters;
  const Parameter* parameter = nullptr;
  if (is(argument, sym.keyword_argument)) {
    parameter = callee.target->signature.find(text(model.source(), field(argument, fld.name)));
  } else {
    size_t position = 0;
    for (TSNode other : NamedChildren(arguments)) {
      if (is(other, sym.list_splat) || is(other, sym.dictionary_splat)) return nullptr;
      if (same_node(other, argument)) break;
      if (!is(other, sym.keyword_argument)) ++position;
    }
    const size_t skip = callee.bound_self ? 1 : 0;
    if (position + skip < parameters.size()) parameter = &parameters[position + skip];
  }
  if (!parameter || (parameter->kind != Parameter::Kind::Positional && parameter->kind != Parameter::Kind::KeywordOnly &&
                     parameter->kind != Parameter::Kind::PositionalOnly)) {
    return nullptr;
  }
  return parameter;
}

std::optional<CalleeParameter> callee_parameter(const SemanticModel& model, const FunctionInfo& function, TSNode call,
                                                TSNode arguments, TSNode argument) {
  const auto callee = callee_target(model, function, call);
  if (!callee) return std::nullopt;
  const Parameter* parameter = bound_parameter(model, *callee, arguments, argument);
  if (!parameter) return std::nullopt;
  return CalleeParameter{callee->target, parameter, callee->submodule_forward};
}

}  // namespace jitlint
