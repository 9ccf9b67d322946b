// Analysis across files: what one file's model needs to know about the classes and functions of others.
//
// Each file's model yields a FileSummary detached from its tree (classes with their bases as qualified names,
// attribute facts, methods, module-level functions, imports for re-exports). The ProjectIndex joins them by
// module path, resolves every class's bases across files (and into installed packages, read from their sources
// and never imported, or a small table of well-known module bases when the package is absent), and answers, read
// only and from any thread: is `pkg.layers.Block` an nn.Module, what does `self.x` hold in it, which functions of
// a file are compiled because compiled code elsewhere calls them.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/semantic_model.h"

namespace jitlint {

struct ClassSummary {
  std::string name;
  std::vector<std::string> bases;  // qualified (`torch.nn.Module`, `pkg.layers.Base`); empty string: unknown
  std::unordered_map<std::string, AttrFact> attributes;  // own assignments, without sites
  // Attributes whose value is a call of an imported name: that name (the index classifies it once resolved).
  std::unordered_map<std::string, std::string> attribute_calls;
  std::unordered_set<std::string> methods;
  std::optional<std::unordered_set<std::string>> unused_properties;  // __jit_unused_properties__, when defined
};

struct FileSummary {
  std::string module;  // `pkg.models.net`
  bool external = false;  // read from an installed package (never checked)
  std::unordered_map<std::string, ClassSummary> classes;
  std::unordered_set<std::string> functions;  // module-level functions
  std::unordered_map<std::string, std::string> imports;  // local name -> qualified (re-exports)

  static FileSummary of(const SemanticModel& model, std::string module);
};

// A class as files that use it see it.
struct ClassFacts {
  std::string qualified;     // where it is defined: `pkg.layers.Block`
  bool known = false;        // every base resolved: `is_module == false` then means "certainly not a module"
  bool is_module = false;
  std::string torch_base;    // the torch.nn class it derives from, when one
  std::unordered_map<std::string, AttrFact> attributes;  // merged over its bases
  std::unordered_set<std::string> methods;               // its own and its bases'
  // Method -> the class that defines it (`pkg.mixins.Head`), first in lookup order: where it is compiled when a
  // module of another file inherits it.
  std::unordered_map<std::string, std::string> method_owner;
  std::unordered_set<std::string> unused_properties;
};

// The dotted module name of a file (walking up the folders that hold an `__init__.py`) and whether it is a
// package's `__init__.py`.
std::pair<std::string, bool> module_name_of(const std::string& path);

class ProjectIndex {
 public:
  // Reads an installed module's source by dotted name (nullopt when there is none on the search path).
  using ExternalLoader = std::function<std::optional<FileSummary>(const std::string& module)>;

  // Adds a file of the checked tree. Two files with the same module name make that name ambiguous (neither
  // resolves), so the answer never depends on the order files come in.
  void add(FileSummary summary);
  // Resolves every class of the tree, loading installed modules through `loader` as their classes are needed.
  void resolve(const ExternalLoader& loader);

  // ---- read-only questions (any thread, after resolve) ------------------------------------------------------------
  const ClassFacts* find_class(const std::string& qualified) const;
  // `pkg.utils.pad` -> "pkg.utils.pad" when it is a module-level function of a checked file (through re-exports);
  // empty otherwise. Sets `module` to the file's module.
  std::string find_function(const std::string& qualified, std::string* module = nullptr) const;
  // `pkg.mixins.Head.forward` -> "Head.forward" when Head is a class of the checked file `pkg.mixins` (sets
  // `module`); empty otherwise.
  std::string find_method(const std::string& qualified, std::string* module) const;
  // Functions of `module` compiled because compiled code of other files calls them (`pad`), and methods of its
  // classes that modules of other files inherit (`Head.forward`).
  const std::unordered_set<std::string>* compiled_from_elsewhere(const std::string& module) const;
  bool has_module(const std::string& module) const { return modules_.count(module) > 0; }

  // ---- the compiled region across files (between resolve and the rules) --------------------------------------------
  // Adds `function` of `module` to the functions compiled from elsewhere; true when it is new.
  bool add_compiled_from_elsewhere(const std::string& module, const std::string& function);

 private:
  const FileSummary* summary_of(const std::string& module) const;
  const ClassFacts* resolve_class(const std::string& qualified, const ExternalLoader& loader, int depth);
  void ensure_loaded(const std::string& qualified, const ExternalLoader& loader);

  std::unordered_map<std::string, FileSummary> modules_;
  std::unordered_set<std::string> ambiguous_;
  std::unordered_set<std::string> tried_external_;
  std::deque<ClassFacts> storage_;
  std::unordered_map<std::string, const ClassFacts*> by_name_;  // every name asked (aliases too); nullptr: unknown
  std::unordered_set<std::string> resolving_;
  std::unordered_map<std::string, std::unordered_set<std::string>> compiled_from_elsewhere_;
};

}  // namespace jitlint
