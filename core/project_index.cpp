#include "core/project_index.h"

#include "core/global_values.h"

#include <algorithm>
#include <filesystem>

namespace jitlint {
namespace {

// Module bases of packages jitlint may not find installed: enough to know a subclass is an nn.Module. Lightning's
// entries carry its `__jit_unused_properties__` (lightning 2.x, LightningModule and its device mixin).
struct WellKnownModule {
  const char* qualified;
  bool lightning;
};
constexpr WellKnownModule kWellKnownModules[] = {
    {"pytorch_lightning.LightningModule", true},
    {"pytorch_lightning.core.LightningModule", true},
    {"pytorch_lightning.core.module.LightningModule", true},
    {"lightning.LightningModule", true},
    {"lightning.pytorch.LightningModule", true},
    {"lightning.pytorch.core.LightningModule", true},
    {"lightning.pytorch.core.module.LightningModule", true},
    {"transformers.PreTrainedModel", false},
    {"transformers.modeling_utils.PreTrainedModel", false},
    {"transformers.modeling_layers.GradientCheckpointingLayer", false},
    {"timm.layers.Mlp", false},
    {"timm.layers.DropPath", false},
    {"timm.layers.PatchEmbed", false},
    {"timm.layers.ConvNormAct", false},
    {"timm.layers.SqueezeExcite", false},
    {"torchvision.ops.Conv2dNormActivation", false},
    {"torchvision.ops.misc.Conv2dNormActivation", false},
    {"torchvision.ops.SqueezeExcitation", false},
    {"torchvision.ops.misc.SqueezeExcitation", false},
    {"torchvision.ops.MLP", false},
    {"torchvision.ops.misc.MLP", false},
    {"torchvision.ops.StochasticDepth", false},
};
constexpr const char* kLightningUnusedProperties[] = {
    "example_input_array", "on_gpu", "current_epoch", "global_step", "global_rank", "local_rank", "logger",
    "loggers", "automatic_optimization", "trainer", "fabric", "strict_loading", "device_mesh", "device", "dtype"};

// Bases that are certainly not modules and add nothing TorchScript sees.
bool is_plain_base(const std::string& qualified) {
  static const char* const kPlain[] = {"object", "abc.ABC", "typing.Generic", "typing.Protocol", "enum.Enum",
                                       "enum.IntEnum", "typing.NamedTuple", "collections.abc.Mapping",
                                       "collections.abc.MutableMapping", "collections.abc.Sequence",
                                       "collections.abc.MutableSequence", "collections.abc.Iterable",
                                       "typing.Mapping", "typing.MutableMapping"};
  for (const char* name : kPlain) {
    if (qualified == name) return true;
  }
  return false;
}

// Bases whose instances TorchScript may take as values (an enum member, a named tuple).
bool is_value_base(const std::string& qualified) {
  static const char* const kValue[] = {"enum.Enum", "enum.IntEnum", "enum.Flag", "enum.IntFlag", "typing.NamedTuple"};
  for (const char* name : kValue) {
    if (qualified == name) return true;
  }
  return false;
}

std::pair<std::string, std::string> split_last(const std::string& qualified) {
  const size_t dot = qualified.rfind('.');
  if (dot == std::string::npos) return {std::string(), qualified};
  return {qualified.substr(0, dot), qualified.substr(dot + 1)};
}

}  // namespace

std::pair<std::string, bool> module_name_of(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path file = fs::absolute(fs::path(path), error);
  if (error) file = fs::path(path);
  const bool is_package = file.filename() == "__init__.py";
  std::vector<std::string> parts;
  if (!is_package) parts.push_back(file.stem().string());
  // Each folder holding an `__init__.py` is a package: its name is part of the module's.
  for (fs::path folder = file.parent_path(); folder != folder.parent_path() && fs::exists(folder / "__init__.py", error);
       folder = folder.parent_path()) {
    parts.push_back(folder.filename().string());
  }
  std::string module;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) module += (module.empty() ? "" : ".") + *it;
  return {module, is_package};
}

namespace {

void add_targets(const Source& source, TSNode target, std::unordered_set<std::string>& out) {
  target = strip_parens(target);
  if (is(target, sym.identifier)) {
    out.insert(std::string(text(source, target)));
  } else if (is(target, sym.pattern_list) || is(target, sym.tuple_pattern) || is(target, sym.list_pattern)) {
    for (TSNode element : NamedChildren(target)) add_targets(source, element, out);
  }
}

// Names module-level assignments bind, also in the blocks of module-level `if` / `try` / `with` statements.
void collect_globals(const Source& source, TSNode node, std::unordered_set<std::string>& out) {
  for (TSNode child : NamedChildren(node)) {
    const TSSymbol kind = ts_node_symbol(child);
    if (kind == sym.expression_statement) {
      for (TSNode expr : NamedChildren(child)) {
        while (is(expr, sym.assignment) || is(expr, sym.augmented_assignment)) {  // chains: `a = b = v`
          add_targets(source, field(expr, fld.left), out);
          expr = field(expr, fld.right);
        }
      }
    } else if (kind == sym.if_statement || kind == sym.elif_clause || kind == sym.else_clause ||
               kind == sym.block || kind == sym.try_statement || kind == sym.except_clause ||
               kind == sym.finally_clause || kind == sym.with_statement) {
      collect_globals(source, child, out);
    }
  }
}

// `NAME = value` statements at the top level of the module, each name bound by that one statement only (not again,
// not in a block, not by a chain or an augmented assignment): those whose value compiled code cannot use
// (`GlobalValue::Plain`), with what the value is. (A summary's model has no module bindings: they are indexed for
// compiled code only.)
void collect_python_values(const SemanticModel& model, const std::string& prefix,
                           std::unordered_map<std::string, std::string>& out,
                           std::unordered_map<std::string, std::string>& objects) {
  const Source& source = model.source();
  std::unordered_map<std::string, int> times;
  std::unordered_map<std::string, TSNode> values;
  std::unordered_set<std::string> elsewhere;  // names bound in module-level blocks, chains, augmented assignments
  for (TSNode child : NamedChildren(model.module_node())) {
    if (!is(child, sym.expression_statement)) {
      if (!is(child, sym.function_definition) && !is(child, sym.class_definition) &&
          !is(child, sym.decorated_definition)) {
        collect_globals(source, child, elsewhere);
      }
      continue;
    }
    if (ts_node_named_child_count(child) != 1) continue;
    const TSNode expr = ts_node_named_child(child, 0);
    if (!is(expr, sym.assignment)) continue;
    const TSNode left = field(expr, fld.left);
    const TSNode right = field(expr, fld.right);
    if (!is(left, sym.identifier) || ts_node_is_null(right) || is(right, sym.assignment)) {
      for (TSNode chain = expr; is(chain, sym.assignment); chain = field(chain, fld.right)) {
        add_targets(source, field(chain, fld.left), elsewhere);
      }
      continue;
    }
    const std::string name(text(source, left));
    ++times[name];
    values[name] = right;
  }
  for (const auto& [name, count] : times) {
    if (count != 1 || elsewhere.count(name) || model.find_class(name) >= 0) continue;
    const TSNode value = values[name];
    const GlobalValue kind = classify_global_value(model, value);
    if (kind == GlobalValue::Plain) {
      out.emplace(name, describe_global_value(model, value));
      continue;
    }
    // `NAME = Cls(...)` of a class of this file: the index judges its bases for the files that import NAME.
    const TSNode callee = is(value, sym.call) ? strip_parens(field(value, fld.function)) : TSNode{};
    const int cls = is(callee, sym.identifier) ? model.find_class(text(source, callee)) : -1;
    if (cls < 0) continue;
    const ClassInfo& info = model.classes()[cls];
    if (info.is_module || info.decorators.script || info.decorators.dataclass) continue;
    objects.emplace(name, prefix + std::string(info.name));
  }
}

// The function defines, anywhere in its body, a function decorated `@wraps(...)` / `@functools.wraps(...)`, named
// `forward` when `name` is given.
bool defines_wraps_wrapper(const Source& source, const FunctionInfo& fn, std::string_view name = {}) {
  const TSNode body = field(fn.definition, fld.body);
  const std::string_view spelled = text(source, body);
  if ((!name.empty() && spelled.find(name) == std::string_view::npos) ||
      spelled.find("wraps") == std::string_view::npos) {
    return false;
  }
  bool found = false;
  walk_descendants(body, [&](TSNode node) {
    if (found) return false;
    if (!is(node, sym.decorated_definition)) return true;
    const TSNode definition = field(node, fld.definition);
    if (is(definition, sym.function_definition) &&
        (name.empty() || text(source, field(definition, fld.name)) == name)) {
      for (TSNode decorator : NamedChildren(node)) {
        if (!is(decorator, sym.decorator)) continue;
        TSNode expr = strip_parens(ts_node_named_child(decorator, 0));
        if (is(expr, sym.call)) expr = field(expr, fld.function);
        const std::string_view name = text(source, expr);
        found = found || name == "wraps" || name == "functools.wraps";
      }
    }
    return !found;
  });
  return found;
}

}  // namespace

FileSummary FileSummary::of(const SemanticModel& model, std::string module) {
  FileSummary summary;
  summary.module = std::move(module);
  const Source& source = model.source();
  for (const auto& [local, qualified] : model.imports().names()) summary.imports.emplace(std::string(local), qualified);
  for (const FunctionInfo& fn : model.functions()) {
    if (fn.owner_class >= 0) continue;
    summary.functions.insert(std::string(fn.name));
    if (defines_wraps_wrapper(source, fn, "forward")) summary.forward_wrappers.insert(std::string(fn.name));
    else if (defines_wraps_wrapper(source, fn)) summary.wraps_decorators.insert(std::string(fn.name));
    if (const TSNode cache = model.cache_decorator(fn); !ts_node_is_null(cache)) {
      summary.cached_functions.emplace(std::string(fn.name), std::string(text(source, ts_node_named_child(cache, 0))));
    }
  }
  collect_globals(source, model.module_node(), summary.globals);
  const std::string prefix = summary.module.empty() ? std::string() : summary.module + ".";
  collect_python_values(model, prefix, summary.python_values, summary.python_objects);
  for (const ClassInfo& cls : model.classes()) {
    ClassSummary out;
    out.name = std::string(cls.name);
    TSNode bases = field(cls.definition, fld.superclasses);
    if (!ts_node_is_null(bases)) {
      for (TSNode base : NamedChildren(bases)) {
        if (is(base, sym.keyword_argument)) continue;
        std::string qualified = model.qualified_name(base);
        if (qualified.empty() && is(base, sym.identifier)) {
          const std::string_view name = text(source, base);
          if (model.find_class(name) >= 0) qualified = prefix + std::string(name);
          else if (name == "object") qualified = "object";
        }
        out.bases.push_back(std::move(qualified));
      }
    }
    for (const auto& [name, fact] : cls.attributes) {
      AttrFact detached = fact;
      detached.sites.clear();
      if (detached.local_class >= 0) {
        const std::string local = prefix + std::string(model.classes()[detached.local_class].name);
        if (detached.kind() == AttrKind::Module) detached.module_class = local;
        detached.local_class = -1;
      }
      if (fact.kind() == AttrKind::Unknown && !fact.sites.empty()) {
        // Every assignment calls the same imported name: the index classifies it once it knows that name.
        std::string callee;
        bool agree = true;
        for (const AttrSite& site : fact.sites) {
          TSNode value = strip_parens(site.value);
          std::string qualified = is(value, sym.call) ? model.qualified_name(field(value, fld.function)) : "";
          if (qualified.empty() || (!callee.empty() && qualified != callee)) agree = false;
          callee = std::move(qualified);
        }
        if (agree) out.attribute_calls.emplace(std::string(name), std::move(callee));
      }
      out.attributes.emplace(std::string(name), std::move(detached));
    }
    for (const auto& [name, index] : cls.methods) {
      out.methods.insert(std::string(name));
      const FunctionInfo& method = model.functions()[index];
      if (!method.decorators.ignore && !method.decorators.unused && method.signature.first_input_is_tensor(source)) {
        out.tensor_input_methods.insert(std::string(name));
      }
    }
    for (std::string_view name : cls.body_names) out.body_names.emplace(name);
    if (cls.defines_unused_properties) out.unused_properties = cls.unused_properties;
    if (const auto hook = cls.methods.find("__init_subclass__"); hook != cls.methods.end()) {
      const FunctionInfo& method = model.functions()[hook->second];
      out.wraps_subclass_forward = defines_wraps_wrapper(source, method) &&
                                   text(source, field(method.definition, fld.body)).find("cls.forward =") !=
                                       std::string_view::npos;
    }
    // A `@torch.jit.script` dataclass is TorchScript's opt-in: it synthesizes the methods and types the fields.
    out.dataclass = cls.decorators.dataclass && !cls.decorators.script;
    summary.classes.emplace(out.name, std::move(out));
  }
  return summary;
}

void ProjectIndex::set_tree(const std::vector<std::string>& modules, TreeSummariser summarise,
                            ExternalLoader load_external) {
  summarise_ = std::move(summarise);
  load_external_ = std::move(load_external);
  tree_modules_.clear();
  ambiguous_.clear();
  tree_files_.clear();
  tree_files_.resize(modules.size());
  for (size_t file = 0; file < modules.size(); ++file) {
    const std::string& module = modules[file];
    if (module.empty() || ambiguous_.count(module)) continue;
    if (!tree_modules_.emplace(module, file).second) {
      tree_modules_.erase(module);
      ambiguous_.insert(module);
    }
  }
}

const FileSummary* ProjectIndex::summary_of_file(size_t file,
                                                 const std::function<std::optional<FileSummary>()>& make) const {
  TreeFile& slot = tree_files_[file];
  // Making a summary never asks the index (the model is built alone), so a once flag cannot wait on itself.
  std::call_once(slot.once, [&] { slot.summary = make(); });
  return slot.summary ? &*slot.summary : nullptr;
}

const FileSummary* ProjectIndex::summary_of(const std::string& module, bool external) const {
  if (module.empty() || ambiguous_.count(module)) return nullptr;
  if (const auto it = tree_modules_.find(module); it != tree_modules_.end()) {
    return summary_of_file(it->second, [&] { return summarise_ ? summarise_(it->second) : std::nullopt; });
  }
  if (!external || !load_external_) return nullptr;
  if (module == "torch" || module.compare(0, 6, "torch.") == 0) return nullptr;  // torch's classes are known by name
  {
    std::lock_guard<std::mutex> lock(external_mutex_);
    if (const auto it = external_.find(module); it != external_.end()) return it->second.get();
  }
  // Read outside the lock: two threads may read the same module, and the first one's summary is kept.
  std::unique_ptr<FileSummary> loaded;
  if (std::optional<FileSummary> summary = load_external_(module)) {
    loaded = std::make_unique<FileSummary>(std::move(*summary));
    loaded->external = true;
    loaded->module = module;
  }
  std::lock_guard<std::mutex> lock(external_mutex_);
  return external_.emplace(module, std::move(loaded)).first->second.get();
}

ProjectIndex::Resolution ProjectIndex::resolve_class(const std::string& qualified) const {
  {
    std::shared_lock<std::shared_mutex> lock(classes_mutex_);
    if (const auto it = by_name_.find(qualified); it != by_name_.end()) return it->second;
  }
  // The classes this thread is resolving, outermost first: meeting one again is a loop.
  thread_local std::vector<std::string> resolving;
  if (std::find(resolving.begin(), resolving.end(), qualified) != resolving.end()) return {nullptr, true};
  resolving.push_back(qualified);
  const Resolution resolution = compute_class(qualified);
  resolving.pop_back();
  return resolution;
}

ProjectIndex::Resolution ProjectIndex::remember(const std::string& qualified, Resolution resolution,
                                                std::optional<ClassFacts> facts) const {
  std::unique_lock<std::shared_mutex> lock(classes_mutex_);
  // Another thread may have answered meanwhile: its answer is the same, keep it.
  if (const auto it = by_name_.find(qualified); it != by_name_.end()) return it->second;
  if (facts) resolution.facts = &storage_.emplace_back(std::move(*facts));
  by_name_.emplace(qualified, resolution);
  return resolution;
}

ProjectIndex::Resolution ProjectIndex::compute_class(const std::string& qualified) const {
  constexpr Resolution kCyclic{nullptr, true};
  // Follow re-exports (`from .layers import Block` in a package's __init__.py) to the defining file.
  std::string current = qualified;
  const ClassSummary* cls = nullptr;
  for (int hop = 0; hop < 8 && !cls; ++hop) {
    auto [module, name] = split_last(current);
    if (module.empty()) break;
    const FileSummary* summary = summary_of(module, true);
    if (!summary) break;
    if (const auto found = summary->classes.find(name); found != summary->classes.end()) {
      cls = &found->second;
      break;
    }
    const auto imported = summary->imports.find(name);
    if (imported == summary->imports.end() || imported->second == current) break;
    current = imported->second;
  }
  if (!cls) {
    for (const WellKnownModule& known : kWellKnownModules) {
      if (qualified != known.qualified && current != known.qualified) continue;
      ClassFacts facts;
      facts.qualified = known.qualified;
      facts.is_module = true;
      if (known.lightning) facts.unused_properties.insert(std::begin(kLightningUnusedProperties), std::end(kLightningUnusedProperties));
      return remember(qualified, {}, std::move(facts));
    }
    return remember(qualified, {}, std::nullopt);
  }
  if (current != qualified) {
    const Resolution target = resolve_class(current);
    return remember(qualified, target.cyclic ? kCyclic : target, std::nullopt);
  }
  ClassFacts facts;
  facts.qualified = qualified;
  facts.known = true;
  std::optional<std::unordered_set<std::string>> base_unused;
  for (const std::string& base : cls->bases) {
    if (base.empty()) {
      facts.known = false;
      continue;
    }
    if (is_torch_module_class(base)) {
      facts.is_module = true;
      if (facts.torch_base.empty()) facts.torch_base = base;
      continue;
    }
    if (is_value_base(base)) facts.value_type = true;
    if (is_plain_base(base) || base.compare(0, 6, "torch.") == 0) continue;
    const Resolution base_resolution = resolve_class(base);
    if (base_resolution.cyclic) return remember(qualified, kCyclic, std::nullopt);
    const ClassFacts* resolved = base_resolution.facts;
    if (!resolved) {
      facts.known = false;
      continue;
    }
    facts.known = facts.known && resolved->known;
    if (facts.dataclass.empty()) facts.dataclass = resolved->dataclass;
    if (facts.forward_wrapped_in.empty()) facts.forward_wrapped_in = resolved->subclasses_forward_wrapped_in();
    facts.value_type = facts.value_type || resolved->value_type;
    if (resolved->is_module) {
      facts.is_module = true;
      if (facts.torch_base.empty()) facts.torch_base = resolved->torch_base;
    }
    for (const auto& [name, fact] : resolved->attributes) facts.attributes[name].merge(fact);
    facts.methods.insert(resolved->methods.begin(), resolved->methods.end());
    facts.body_names.insert(resolved->body_names.begin(), resolved->body_names.end());
    for (const auto& [method, owner] : resolved->method_owner) {
      if (facts.method_owner.emplace(method, owner).second && resolved->tensor_input_methods.count(method)) {
        facts.tensor_input_methods.insert(method);
      }
    }
    if (!base_unused) base_unused.emplace();
    base_unused->insert(resolved->unused_properties.begin(), resolved->unused_properties.end());
  }
  for (const auto& [name, fact] : cls->attributes) {
    AttrFact own = fact;
    if (const auto call = cls->attribute_calls.find(name); call != cls->attribute_calls.end()) {
      const Resolution value_resolution = resolve_class(call->second);
      if (value_resolution.cyclic) return remember(qualified, kCyclic, std::nullopt);
      const ClassFacts* value = value_resolution.facts;
      if (value && (value->is_module || value->known)) {
        const bool is_final = own.is_final;
        own = AttrFact::of(value->is_module ? AttrKind::Module : AttrKind::Object);
        if (value->is_module) own.module_class = value->qualified;
        own.is_final = is_final;
      }
    }
    facts.attributes[name].merge(own);
  }
  if (cls->dataclass) facts.dataclass = qualified;
  facts.wraps_subclass_forward = cls->wraps_subclass_forward;
  facts.methods.insert(cls->methods.begin(), cls->methods.end());
  facts.body_names.insert(cls->body_names.begin(), cls->body_names.end());
  for (const std::string& method : cls->methods) {
    facts.method_owner[method] = qualified;
    if (cls->tensor_input_methods.count(method)) facts.tensor_input_methods.insert(method);
    else facts.tensor_input_methods.erase(method);
  }
  if (cls->unused_properties) facts.unused_properties = *cls->unused_properties;
  else if (base_unused) facts.unused_properties = std::move(*base_unused);
  return remember(qualified, {}, std::move(facts));
}

const ClassFacts* ProjectIndex::find_class(const std::string& qualified) const {
  return resolve_class(qualified).facts;
}

std::string ProjectIndex::find_function(const std::string& qualified, std::string* module_out) const {
  // torch's own Python functions are mostly TorchScript builtins, registered ops or special-cased by the compiler:
  // calling one does not compile its source as written (defining_module never reads torch's modules).
  const auto [summary, name] = defining_function(qualified, false);
  if (!summary) return {};
  if (module_out) *module_out = summary->module;
  return summary->module + "." + name;
}

std::pair<const FileSummary*, std::string> ProjectIndex::defining_module(const std::string& qualified,
                                                                          bool (*defines)(const FileSummary&,
                                                                                          const std::string&),
                                                                          bool external) const {
  std::string current = qualified;
  for (int hop = 0; hop < 8; ++hop) {
    auto [module, name] = split_last(current);
    if (module.empty() || module == "torch" || module.compare(0, 6, "torch.") == 0) return {nullptr, {}};
    const FileSummary* summary = summary_of(module, external);
    if (!summary) return {nullptr, {}};
    if (defines(*summary, name)) return {summary, name};
    const auto imported = summary->imports.find(name);
    if (imported == summary->imports.end() || imported->second == current) return {nullptr, {}};
    current = imported->second;
  }
  return {nullptr, {}};
}

std::pair<const FileSummary*, std::string> ProjectIndex::defining_function(const std::string& qualified,
                                                                            bool external) const {
  return defining_module(
      qualified, [](const FileSummary& s, const std::string& n) { return s.functions.count(n) > 0; }, external);
}

const FileSummary* ProjectIndex::forward_wrapper_module(const std::string& qualified) const {
  const auto [summary, name] = defining_function(qualified);
  return summary && summary->forward_wrappers.count(name) ? summary : nullptr;
}

const std::string* ProjectIndex::cached_function(const std::string& qualified) const {
  const auto [summary, name] = defining_function(qualified);
  if (!summary) return nullptr;
  const auto found = summary->cached_functions.find(name);
  return found == summary->cached_functions.end() ? nullptr : &found->second;
}

const FileSummary* ProjectIndex::wraps_decorator_module(const std::string& qualified) const {
  const auto [summary, name] = defining_function(qualified);
  return summary && summary->wraps_decorators.count(name) ? summary : nullptr;
}

const std::string* ProjectIndex::python_object(const std::string& qualified) const {
  const auto [summary, name] = defining_module(
      qualified, [](const FileSummary& s, const std::string& n) { return s.python_objects.count(n) > 0; });
  return summary ? &summary->python_objects.at(name) : nullptr;
}

const std::string* ProjectIndex::python_value(const std::string& qualified) const {
  const auto [summary, name] = defining_module(
      qualified, [](const FileSummary& s, const std::string& n) { return s.python_values.count(n) > 0; });
  return summary ? &summary->python_values.at(name) : nullptr;
}

std::string ProjectIndex::find_method(const std::string& qualified, std::string* module_out) const {
  auto [class_name, method] = split_last(qualified);
  auto [module, name] = split_last(class_name);
  if (module.empty() || module == "torch" || module.compare(0, 6, "torch.") == 0) return {};
  const FileSummary* summary = summary_of(module, false);
  if (!summary) return {};
  const auto cls = summary->classes.find(name);
  if (cls == summary->classes.end() || !cls->second.methods.count(method)) return {};
  *module_out = module;
  return name + "." + method;
}

std::string ProjectIndex::find_script_class(const std::string& qualified, std::string* module_out) const {
  const auto [summary, name] = defining_module(
      qualified, [](const FileSummary& s, const std::string& n) { return s.classes.count(n) > 0; }, false);
  if (!summary) return {};
  const ClassFacts* facts = find_class(summary->module + "." + name);
  if (!facts || !facts->known || facts->is_module || !facts->dataclass.empty()) return {};
  *module_out = summary->module;
  return name;
}

const std::unordered_set<std::string>* ProjectIndex::compiled_from_elsewhere(const std::string& module) const {
  const auto it = compiled_from_elsewhere_.find(module);
  return it == compiled_from_elsewhere_.end() ? nullptr : &it->second;
}

bool ProjectIndex::add_compiled_from_elsewhere(const std::string& module, const std::string& function) {
  return compiled_from_elsewhere_[module].insert(function).second;
}

}  // namespace jitlint
