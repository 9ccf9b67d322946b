// The semantic model: computed once per file, asked by every rule.
//   - classes, their bases, and which are nn.Module subclasses (also through bases of this file);
//   - attribute facts: what `self.x` holds, from every assignment in the class's methods and its class body;
//   - the compiled region: which functions torch.jit.script compiles (design.md section 3);
//   - per compiled function: its local bindings and its statically dead branches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/imports.h"
#include "core/local_scope.h"
#include "core/syntax.h"

namespace jitlint {

// What an attribute of a module holds, as far as the source tells.
enum class AttrKind : uint16_t {
  Unknown = 1 << 0,
  None = 1 << 1,
  ModuleList = 1 << 2,
  Sequential = 1 << 3,
  ParameterList = 1 << 4,
  ModuleDict = 1 << 5,
  ParameterDict = 1 << 6,
  Module = 1 << 7,   // any other nn.Module
  Literal = 1 << 8,  // int / float / bool / str literal
};

inline bool is_indexed_container(AttrKind k) {
  return k == AttrKind::ModuleList || k == AttrKind::Sequential || k == AttrKind::ParameterList;
}
inline bool is_keyed_container(AttrKind k) { return k == AttrKind::ModuleDict || k == AttrKind::ParameterDict; }
// A value TorchScript treats as a submodule (can be called or iterated as a module).
inline bool is_submodule_kind(AttrKind k) {
  return k == AttrKind::Module || k == AttrKind::ModuleList || k == AttrKind::Sequential || k == AttrKind::ModuleDict;
}
std::string_view attr_kind_name(AttrKind kind);

struct AttrFact {
  uint16_t kinds = 0;               // union of the kinds of every assignment seen
  bool is_final = false;            // `Final[...]` annotation or listed in `__constants__`
  int local_class = -1;             // Module kind: the class of this file it instantiates, if every assignment agrees
  std::string module_class;         // Module kind: `torch.nn.Linear` or a class of this file, if every assignment agrees
  std::optional<bool> bool_value;   // Literal kind: the bool value when every assignment is the same bool literal

  static AttrFact of(AttrKind kind) {
    AttrFact fact;
    fact.kinds = static_cast<uint16_t>(kind);
    return fact;
  }
  // The one kind every assignment agrees on, or Unknown.
  AttrKind kind() const;
  void merge(const AttrFact& other);
};

struct Decorators {
  bool script = false, export_ = false, ignore = false, unused = false, property = false, staticmethod = false,
       classmethod = false, overload = false, interface = false;
};

struct FunctionInfo {
  TSNode definition{};  // function_definition
  std::string name;
  int owner_class = -1;
  Decorators decorators;
  std::string self_name;  // first parameter of a method that has one
  bool compiled = false;
  std::vector<std::pair<uint32_t, uint32_t>> dead_ranges;  // sorted byte ranges of statically dead code
  LocalScope scope;
  std::string qualified() const;
  std::string owner_name;
};

struct ClassInfo {
  TSNode definition{};
  std::string name;
  Decorators decorators;
  std::vector<int> local_bases;
  bool is_module = false;
  std::string torch_base;        // e.g. "torch.nn.ModuleList" when it derives from one directly
  std::unordered_map<std::string, int> methods;
  std::unordered_map<std::string, AttrFact> attributes;
  std::unordered_set<std::string> unused_properties;  // __jit_unused_properties__
};

class SemanticModel {
 public:
  static SemanticModel build(const Source& source, TSNode module);

  const Source& source() const { return *source_; }
  const ImportTable& imports() const { return imports_; }
  const std::vector<ClassInfo>& classes() const { return classes_; }
  const std::vector<FunctionInfo>& functions() const { return functions_; }

  int find_class(std::string_view name) const;
  int find_module_function(std::string_view name) const;
  // The class and its bases of this file, in lookup order (left to right, depth first).
  std::vector<int> local_mro(int class_index) const;
  // Method lookup through this file's bases (left to right, depth first).
  int find_method(int class_index, std::string_view name) const;
  // The merged fact about `self.<name>` over the class and its bases of this file; nullopt when never assigned.
  std::optional<AttrFact> attribute(int class_index, std::string_view name) const;

  bool is_dead(const FunctionInfo& function, TSNode node) const;

  // ---- questions about expressions inside a compiled function ----------------------------------------------------
  // The fact about the `self.x` an expression denotes: `self.x` itself, or a local bound once to it (`layers =
  // self.layers`). nullopt when the expression is not such a value.
  std::optional<AttrFact> self_attribute_fact(const FunctionInfo& function, TSNode expr) const;
  AttrKind attribute_kind(const FunctionInfo& function, TSNode expr) const;
  // The qualified name an expression refers to through the imports (empty when unknown).
  std::string qualified_name(TSNode expr) const { return imports_.qualified_name(*source_, expr); }
  // `name` is the builtin of that name here (an identifier not rebound by an import, a def or a class of the file).
  bool is_builtin(TSNode expr, std::string_view name) const;
  // A class of this file decorated @torch.jit.interface, named by a type annotation.
  bool is_interface_type(TSNode type) const;
  // `expr` is the value of `name: Iface = expr` with Iface a module interface: TorchScript types it by the
  // annotation, so a container lookup with a run-time key is allowed there.
  bool is_interface_typed_value(TSNode expr) const;
  // Statically known truth of a condition as TorchScript's compiler sees it (`torch.jit.is_scripting()`, `Final`
  // bool flags, `self.x is None` on attributes that are always / never None), or nullopt.
  std::optional<bool> static_condition(const FunctionInfo& function, TSNode condition, int depth = 0) const;
  // `isinstance(value, type)` when both types are plain and known (`x: Tensor` checked against `int`).
  std::optional<bool> static_isinstance(const FunctionInfo& function, TSNode value, TSNode type) const;

 private:
  void collect_definitions(TSNode module);
  void collect_attributes(ClassInfo& cls);
  void resolve_class_kinds();
  void compute_compiled_region(TSNode module);
  void compute_dead_ranges(FunctionInfo& function) const;
  Decorators read_decorators(TSNode definition) const;
  AttrFact classify_value(TSNode value, int depth = 0) const;
  void mark_compiled(int function_index, std::vector<int>& worklist);

  const Source* source_ = nullptr;
  ImportTable imports_;
  std::vector<ClassInfo> classes_;
  std::vector<FunctionInfo> functions_;
  std::unordered_map<std::string, int> class_by_name_;
  std::unordered_map<std::string, int> module_function_by_name_;
};

}  // namespace jitlint
