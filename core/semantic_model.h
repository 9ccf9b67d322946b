// The semantic model: built once per file, asked by every rule.
//   - imports, classes (bases, nn.Module-ness through bases of this file), functions with their signatures;
//   - attribute facts: what `self.x` holds and where it was assigned, from every method and the class body;
//   - the compiled region: which functions torch.jit.script compiles (design.md section 3);
//   - per function: its local bindings, the calls it makes, and (compiled ones) its statically dead code.
// Building it walks the file once (model_index.cpp); the questions below walk nothing.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/imports.h"
#include "core/local_scope.h"
#include "core/signature.h"
#include "core/syntax.h"
#include "core/types.h"
#include "core/walk.h"

namespace jitlint {

class ProjectIndex;  // core/project_index.h
struct ClassFacts;
struct FileSummary;

// What an attribute of a module holds, as far as the source tells. Facts merge as bit sets over assignments.
enum class AttrKind : uint32_t {
  Unknown = 1u << 0,
  None = 1u << 1,
  ModuleList = 1u << 2,
  Sequential = 1u << 3,
  ParameterList = 1u << 4,
  ModuleDict = 1u << 5,
  ParameterDict = 1u << 6,
  Module = 1u << 7,      // any other nn.Module
  Int = 1u << 8,         // literals
  Float = 1u << 9,
  Bool = 1u << 10,
  Str = 1u << 11,
  EmptyList = 1u << 12,  // `[]`
  EmptyDict = 1u << 13,  // `{}`
  Lambda = 1u << 14,
  Object = 1u << 15,     // an instance of a plain (not nn.Module) class of this file
};
constexpr uint32_t kLiteralKinds = static_cast<uint32_t>(AttrKind::Int) | static_cast<uint32_t>(AttrKind::Float) |
                                   static_cast<uint32_t>(AttrKind::Bool) | static_cast<uint32_t>(AttrKind::Str);

inline bool is_indexed_container(AttrKind k) {
  return k == AttrKind::ModuleList || k == AttrKind::Sequential || k == AttrKind::ParameterList;
}
inline bool is_keyed_container(AttrKind k) { return k == AttrKind::ModuleDict || k == AttrKind::ParameterDict; }
// Any torch container of modules or parameters, indexed or keyed.
inline bool is_module_container(AttrKind k) { return is_indexed_container(k) || is_keyed_container(k); }
// A value TorchScript treats as a submodule (can be called or iterated as a module).
inline bool is_submodule_kind(AttrKind k) {
  return k == AttrKind::Module || k == AttrKind::ModuleList || k == AttrKind::Sequential || k == AttrKind::ModuleDict;
}
std::string_view attr_kind_name(AttrKind kind);
// `torch.nn.Linear`, `torch.nn.Module`: a class of torch.nn that is an nn.Module (not Parameter, Buffer...).
bool is_torch_module_class(const std::string& qualified);
// `torch.nn.Linear`, `torch.nn.LayerNorm`, ...: a torch.nn layer whose forward takes one Tensor first (nn.Identity
// and nn.Sequential too), and one that also returns one Tensor whatever its construction (not nn.Identity,
// nn.Sequential, the max pools with `return_indices`, the RNNs).
bool torch_layer_takes_tensor(std::string_view qualified);
bool torch_layer_returns_tensor(std::string_view qualified);

// One place an attribute is given a value: `self.x = value` (in which method), `x: T = value` in the class body,
// `self.register_buffer("x", value)`.
struct AttrSite {
  TSNode node{};     // the assignment or call
  TSNode value{};    // the value assigned (null when there is none to see, e.g. `self.a, self.b = pair`)
  int function = -1; // the method it is in; -1 for the class body
};

struct AttrFact {
  uint32_t kinds = 0;               // union of the kinds of every assignment seen
  bool is_final = false;            // `Final[...]` annotation or listed in `__constants__`
  int local_class = -1;             // Module/Object kind: the class of this file it instantiates, if all agree
  std::string module_class;         // Module kind: `torch.nn.Linear` or a class of this file, if all agree
  std::optional<bool> bool_value;   // Bool kind: the value when every assignment is the same bool literal
  std::vector<AttrSite> sites;      // every assignment, in the order met

  static AttrFact of(AttrKind kind) {
    AttrFact fact;
    fact.kinds = static_cast<uint32_t>(kind);
    return fact;
  }
  // The one kind every assignment agrees on, or Unknown.
  AttrKind kind() const;
  // Every assignment is an int, float, bool or str literal.
  bool is_literal() const { return kinds != 0 && (kinds & ~kLiteralKinds) == 0; }
  void merge(const AttrFact& other);
};

struct Decorators {
  bool script = false, export_ = false, ignore = false, unused = false, property = false, staticmethod = false,
       classmethod = false, overload = false, interface = false;
  bool dataclass = false;  // @dataclasses.dataclass: its generated methods have no source
  // The `@functools.cache` / `@functools.lru_cache(...)` decorator, when there is one: the name holds a cache
  // object, not a function. Torch never compiles its body; a call stays a Python call (module-level) or fails with
  // no source line (a method).
  TSNode cache{};
};

// A statement or expression whose condition may be static, and the block holding it (if / assert statements).
struct ConditionSite {
  TSNode node{};
  TSNode block{};
};

struct FunctionInfo {
  TSNode definition{};  // function_definition
  std::string_view name;
  int owner_class = -1;
  Decorators decorators;
  std::string self_name;  // first parameter of a method that has one
  Signature signature;
  bool compiled = false;
  std::vector<std::pair<uint32_t, uint32_t>> dead_ranges;  // sorted byte ranges of statically dead code
  LocalScope scope;
  std::vector<TSNode> calls;                 // calls in the body, outside nested scopes, in source order
  std::vector<ConditionSite> conditions;     // if / assert statements and conditional expressions, likewise
  std::vector<TSNode> returns;               // return statements, likewise
  std::string qualified() const;
  std::string_view owner_name;
};

struct ClassInfo {
  TSNode definition{};
  std::string_view name;
  Decorators decorators;
  std::vector<int> local_bases;
  bool is_module = false;
  std::string torch_base;        // e.g. "torch.nn.ModuleList" when it derives from one directly
  std::unordered_map<std::string_view, int> methods;
  std::unordered_map<std::string_view, AttrFact> attributes;  // assigned in this class
  std::vector<int> mro;  // this class and its bases of this file, in lookup order
  // With bases of this file: the facts merged over `mro` (what `self.x` holds in this class's methods).
  std::unordered_map<std::string_view, AttrFact> inherited_attributes;
  std::unordered_set<std::string> unused_properties;  // __jit_unused_properties__
  bool defines_unused_properties = false;
  // Names its body binds by assignment or annotation (`norm = None`, `eps: float`): a class attribute, or a
  // declaration TorchScript reads. What a subclass in another file cannot see in `attributes`.
  std::unordered_set<std::string_view> body_names;
  // Bases defined in other files (the project index's facts): they make a module and bring attributes.
  std::vector<const ClassFacts*> remote_bases;
};

// What a call in a function calls, as far as the file tells.
struct Callee {
  enum class Kind { Unknown, Method, ModuleFunction, LocalClass, Builtin, Qualified };
  Kind kind = Kind::Unknown;
  int index = -1;          // Method / ModuleFunction: the function; LocalClass: the class
  std::string qualified;   // Qualified: `torch.cat`, `math.sqrt`; Builtin: `len`
};

struct ParameterUses;  // core/parameter_uses.h
struct OptionalLocal;  // core/optional_locals.h

// What a file's model may know beyond the file: its module name (for relative imports) and the project index
// (classes and functions of other files). Without a context the model sees the file alone.
struct ModelContext {
  const ProjectIndex* project = nullptr;
  std::string module;       // `pkg.models.net`; empty when unknown
  bool is_package = false;  // the file is a package's __init__.py
  // Only what a FileSummary reads (classes, attributes, functions, imports): no compiled region, no bodies.
  bool summary_only = false;
};

class SemanticModel {
 public:
  static SemanticModel build(const Source& source, TSNode module, const ModelContext& context = {});
  // Turns a summary model (built with `summary_only`) into the model `build(source, module, context)` gives, in
  // place, when nothing in it depends on the index: it asked the index nothing (it had none to ask) and no function
  // of the file is compiled from elsewhere while its bodies were left unread. False (the model is then unusable,
  // build again) otherwise. Saves reading the declarations twice when a file's check makes its own summary.
  bool complete(TSNode module, const ModelContext& context);

  const Source& source() const { return *source_; }
  // The file's `module` node (the tree's root).
  TSNode module_node() const { return module_; }
  const ImportTable& imports() const { return imports_; }
  const std::vector<ClassInfo>& classes() const { return classes_; }
  const std::vector<FunctionInfo>& functions() const { return functions_; }
  // The file imports torch: the only files where anything can be compiled, so the only ones whose function
  // bodies are indexed. (Signatures of every function are always there.)
  bool indexed_bodies() const { return indexed_bodies_; }

  int find_class(std::string_view name) const;
  int find_module_function(std::string_view name) const;
  // The class and its bases of this file, in lookup order (left to right, depth first).
  const std::vector<int>& local_mro(int class_index) const { return classes_[class_index].mro; }
  // Method lookup through this file's bases (left to right, depth first).
  int find_method(int class_index, std::string_view name) const;
  // The merged fact about `self.<name>` over the class and its bases of this file; nullopt when never assigned.
  const AttrFact* attribute(int class_index, std::string_view name) const;
  // Every merged fact of the class (what `attribute` looks names up in).
  const std::unordered_map<std::string_view, AttrFact>& attributes_of(int class_index) const;
  // The module-level bindings of the file (nested scopes left out); filled when some function is compiled.
  const LocalScope& module_bindings() const { return module_bindings_; }

  bool is_dead(const FunctionInfo& function, TSNode node) const;

  // ---- across files ------------------------------------------------------------------------------------------------
  const ModelContext& context() const { return context_; }
  // What the project knows of a class named by a qualified name (imported from another file or package); nullptr
  // when nothing is known.
  const ClassFacts* project_class(const std::string& qualified) const;
  // The summary of the module whose function `qualified` names, when that function gives a class a wrapped
  // `forward` (`FileSummary::forward_wrappers`); nullptr otherwise.
  const FileSummary* forward_wrapper_module(const std::string& qualified) const;
  // The summary of the module whose function `qualified` names, when that function returns a `functools.wraps`
  // wrapper (`FileSummary::wraps_decorators`); nullptr otherwise.
  const FileSummary* wraps_decorator_module(const std::string& qualified) const;
  // The summary of the module whose `__init_subclass__` hook, on a base of another file (transformers'
  // `GradientCheckpointingLayer`), replaces this class's `forward` with a `functools.wraps` wrapper
  // (`ClassFacts::forward_wrapped_in`); nullptr when none does.
  const FileSummary* subclass_forward_wrapper(int class_index) const;
  // What the module-level Python value an imported name (`pkg.activations.ACT2FN`) holds, when it is one compiled
  // code cannot use (`FileSummary::python_values`); nullptr otherwise.
  const std::string* project_python_value(const std::string& qualified) const;
  // The cache decorator of the module-level function an imported name (`pkg.utils.is_available`) names
  // (`FileSummary::cached_functions`); nullptr when it is no cached function.
  const std::string* project_cached_function(const std::string& qualified) const;
  // The class of the module-level object an imported name (`pkg.registry.REGISTRY`) is bound to, when that class
  // is certainly a plain one (every base resolved; no module, Enum, NamedTuple, dataclass): reading an attribute of
  // it fails in compiled code. Null otherwise.
  const ClassFacts* project_plain_object(const std::string& qualified) const;
  // The `@functools.cache` / `@functools.lru_cache(...)` decorator node of a module-level function of this file
  // (`Decorators::cache`); a null node for a method or an uncached function.
  TSNode cache_decorator(const FunctionInfo& function) const;
  // Module-level functions of other checked files that this file's live compiled code calls (`pkg.utils.pad`),
  // and methods of other files' classes that this file's modules inherit and compile (`pkg.mixins.Head.forward`).
  const std::vector<std::string>& compiled_calls_elsewhere() const { return compiled_calls_elsewhere_; }

  // ---- questions about expressions inside a function --------------------------------------------------------------
  // The fact about the `self.x` an expression denotes: `self.x` itself, a local bound once to it (`layers =
  // self.layers`), or `self.a.b.x` through submodules whose class every assignment agrees on (BridgeTower's
  // `self.text_model.encoder.layer`). nullopt when the expression is not such a value.
  const AttrFact* self_attribute_fact(const FunctionInfo& function, TSNode expr) const;
  AttrKind attribute_kind(const FunctionInfo& function, TSNode expr) const;
  // Every assignment of the attribute is in an `__init__` and reads its config (`self.n_head =
  // config.num_attention_heads`, `config.hidden_size // config.num_attention_heads`): a value of a config, which
  // holds numbers, strings, lists, dicts and None, never a Tensor. `config` is the parameter so named or annotated
  // with a class whose name ends in `Config`.
  bool holds_config_value(const AttrFact& fact) const;
  // `attribute_kind`, and for `self` in a method of a class deriving from a torch container (`class
  // Experts(nn.ModuleDict)`) that container's kind: `self[key]` is indexed like `self.experts[key]`.
  AttrKind indexed_kind(const FunctionInfo& function, TSNode expr) const;
  // The qualified name an expression refers to through the imports (empty when unknown).
  std::string qualified_name(TSNode expr) const { return imports_.qualified_name(*source_, expr); }
  // `name` is the builtin of that name here (an identifier not rebound by an import, a def or a class of the file).
  bool is_builtin(TSNode expr, std::string_view name) const;
  // What `call` in `function` calls: a method of self (or of a submodule of a class of this file, or a static
  // method through the class), a module-level function or class of this file, a builtin, or an imported name.
  Callee resolve_call(const FunctionInfo& function, TSNode call) const;
  // A class of this file decorated @torch.jit.interface, named by a type annotation.
  bool is_interface_type(TSNode type) const;
  // The current node of `path` is the value of `name: Iface = expr` with Iface a module interface: TorchScript
  // types it by the annotation, so a container lookup with a run-time key is allowed there.
  bool is_interface_typed_value(const NodePath& path) const;
  // The expression service's cache (core/expr_types.h): a node's inferred type, once asked. The model is built
  // and asked by one thread, so the cache needs no lock.
  std::unordered_map<const void*, std::optional<InferredType>>& expression_types() const { return expression_types_; }
  // The same for the method-lookup view (`ExprTypes::none_default_parameters_as_tensor`).
  std::unordered_map<const void*, std::optional<InferredType>>& receiver_types() const { return receiver_types_; }
  // The parameter-use service's cache (core/parameter_uses.h), per compiled function, likewise.
  std::unordered_map<const FunctionInfo*, std::shared_ptr<const ParameterUses>>& parameter_uses_cache() const {
    return parameter_uses_;
  }
  // The Optional-locals service's answers (core/optional_locals.h), per function and name, likewise.
  using OptionalLocalsCache = std::map<std::pair<const FunctionInfo*, std::string_view>, std::shared_ptr<const OptionalLocal>>;
  OptionalLocalsCache& optional_locals_cache() const { return optional_locals_; }
  // Its answers about rebindings that keep a parameter Optional on some paths, per assignment (start byte): the
  // end of the `if` at the top of the body holding it, or 0 when it does not.
  std::unordered_map<uint32_t, uint32_t>& rebinding_cache() const { return rebindings_; }
  // `remote_base_binds`: per class, the names its own `__init__` deletes (`del self.x` at its top level).
  std::unordered_map<int, std::vector<std::string_view>>& init_deletions_cache() const { return init_deletions_; }
  // Statically known truth of a condition as TorchScript's compiler sees it (`torch.jit.is_scripting()`, `Final`
  // bool flags, `self.x is None` on attributes that are always / never None), or nullopt.
  // `name` is a parameter of `function`, not rebound before the test, whose TorchScript type cannot be None (unannotated, hence a
  // Tensor; or annotated `int`, `List[int]`...): `name is None` is statically false.
  bool parameter_never_none(const FunctionInfo& function, TSNode operand) const;
  std::optional<bool> static_condition(const FunctionInfo& function, TSNode condition, int depth = 0) const;
  // `isinstance(value, type)` when both types are plain and known (`x: Tensor` checked against `int`).
  std::optional<bool> static_isinstance(const FunctionInfo& function, TSNode value, TSNode type) const;
  // `isinstance(value, tuple)` (or another type that is not a Tensor) on a value whose type jitlint does not know:
  // TorchScript decides it when compiling, and the branch is live only for the configurations where the value is
  // not a Tensor (a head that returns a tuple). Such a branch is left alone: precision first. A parameter annotated
  // as a Union of two or more types, read before any rebinding, is known (TorchScript tests it when it runs).
  bool isinstance_of_unknown(const FunctionInfo& function, TSNode condition) const;
  // `int`, `float`, `str`, `bool`, `list`, `dict`, `tuple` naming the builtin (not shadowed): the name, else empty.
  std::string_view builtin_value_type(TSNode type) const;

 private:
  const AttrFact* attribute_chain_fact(const FunctionInfo& function, TSNode expr, int depth) const;
  friend class ModelIndexer;
  void resolve_class_kinds();
  void compute_compiled_region();
  void compute_dead_ranges(FunctionInfo& function) const;
  Decorators read_decorators(TSNode decorated) const;
  AttrFact classify_value(TSNode value, int depth = 0) const;
  void mark_compiled(int function_index, std::vector<int>& worklist);
  void index_body(FunctionInfo& function);
  void merge_inherited_attributes();
  bool has_inherited_attributes(const ClassInfo& cls) const;
  // Some function of this file is compiled because another file's compiled code calls it.
  bool compiled_from_elsewhere() const;
  void inherited_forward_elsewhere(int class_index);
  std::string inherited_method_elsewhere(const FunctionInfo& caller, TSNode call) const;
  bool is_plain_class(int class_index) const;
  std::string annotated_class_elsewhere(const std::string& qualified) const;
  template <typename Visit>
  void for_each_annotated_name(const FunctionInfo& function, Visit&& visit) const;
  // A name that is not a slice of the source (the value of a string literal with escapes), kept alive here.
  std::string_view own(std::string name);

  const Source* source_ = nullptr;
  ModelContext context_;
  std::vector<std::string> compiled_calls_elsewhere_;
  ImportTable imports_;
  std::vector<ClassInfo> classes_;
  std::vector<FunctionInfo> functions_;
  std::unordered_map<std::string_view, int> class_by_name_;
  std::unordered_map<std::string_view, int> module_function_by_name_;
  std::deque<std::string> owned_names_;
  mutable std::unordered_map<const void*, std::optional<InferredType>> expression_types_;
  mutable std::unordered_map<const void*, std::optional<InferredType>> receiver_types_;
  mutable std::unordered_map<const FunctionInfo*, std::shared_ptr<const ParameterUses>> parameter_uses_;
  mutable OptionalLocalsCache optional_locals_;  // a null entry: not an Optional local
  mutable std::unordered_map<uint32_t, uint32_t> rebindings_;
  mutable std::unordered_map<int, std::vector<std::string_view>> init_deletions_;
  std::vector<TSNode> script_calls_;  // calls whose callee's last name is `script` (candidates for torch.jit.script)
  bool indexed_bodies_ = false;
  // Some question went to the project index (or would have, had there been one): the declarations depend on it.
  mutable bool asked_project_ = false;
  std::vector<TSNode> module_expressions_;  // module-level and class-body statements the declarations left unread
  TSNode module_{};
  LocalScope module_bindings_;
};

}  // namespace jitlint
