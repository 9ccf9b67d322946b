// Analysis across files: what one file's model needs to know about the classes and functions of others.
//
// Each file's model yields a FileSummary detached from its tree (classes with their bases as qualified names,
// attribute facts, methods, module-level functions, imports for re-exports). The ProjectIndex joins them by
// module path, resolves each class's bases across files (and into installed packages, read from their sources
// and never imported, or a small table of well-known module bases when the package is absent), and answers, read
// from any thread: is `pkg.layers.Block` an nn.Module, what does `self.x` hold in it, which functions of
// a file are compiled because compiled code elsewhere calls them.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
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
  std::unordered_set<std::string> tensor_input_methods;  // methods whose first input TorchScript types Tensor
  std::unordered_set<std::string> body_names;  // ClassInfo::body_names
  bool dataclass = false;  // decorated `@dataclasses.dataclass`
  std::optional<std::unordered_set<std::string>> unused_properties;  // __jit_unused_properties__, when defined
  // Its `__init_subclass__` replaces each subclass's `forward` with a `functools.wraps` wrapper defined there
  // (transformers' `GradientCheckpointingLayer`): TorchScript resolves the subclasses' global names in this module.
  bool wraps_subclass_forward = false;
};

struct FileSummary {
  std::string module;  // `pkg.models.net`
  bool external = false;  // read from an installed package (never checked)
  std::unordered_map<std::string, ClassSummary> classes;
  std::unordered_set<std::string> functions;  // module-level functions
  std::unordered_map<std::string, std::string> imports;  // local name -> qualified (re-exports)
  std::unordered_set<std::string> globals;  // names module-level assignments bind (`logger = ...`)
  // Names bound once at module level to a Python value compiled code cannot use however it reads it
  // (`GlobalValue::Plain`): name -> what it is ("list", "object of class `ClassInstantier`"), for JT511 in files
  // that import them.
  std::unordered_map<std::string, std::string> python_values;
  // Names bound once at module level to an instance of a plain class of this file (not scripted, not a module)
  // that has bases: name -> the class, qualified. Whether TorchScript can read an attribute of it depends on those
  // bases, which the index resolves (`ALL_ATTENTION_FUNCTIONS = AttentionInterface()`, a MutableMapping).
  std::unordered_map<std::string, std::string> python_objects;
  // Module-level functions that give a class a `forward` of their own, a `functools.wraps` wrapper (transformers'
  // `use_experts_implementation`): TorchScript compiles the wrapped body but looks its global names up here.
  std::unordered_set<std::string> forward_wrappers;
  // Other module-level functions that return a `functools.wraps` wrapper (a method decorator such as transformers'
  // `@dynamic_rope_update`): TorchScript compiles the wrapped source with this module's global names.
  std::unordered_set<std::string> wraps_decorators;
  // Module-level functions under `@functools.cache` / `@functools.lru_cache(...)` -> the decorator as written: the
  // name holds a cache object, which compiled code calls in Python (JT901 in files that import it).
  std::unordered_map<std::string, std::string> cached_functions;

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
  std::unordered_set<std::string> body_names;            // its own and its bases' (ClassInfo::body_names)
  // Method -> the class that defines it (`pkg.mixins.Head`), first in lookup order: where it is compiled when a
  // module of another file inherits it.
  std::unordered_map<std::string, std::string> method_owner;
  // Methods (as `method_owner` finds them) whose first input TorchScript types Tensor: `self.sub(x)` with an
  // Optional `x` fails when `forward` is one.
  std::unordered_set<std::string> tensor_input_methods;
  // It or a base is a `@dataclass`: TorchScript cannot type an instance (the generated `__init__` has no source).
  std::string dataclass;  // the dataclass (itself or the base), qualified; empty when none
  // It or a base is an Enum or a NamedTuple: TorchScript may take an instance as a value.
  bool value_type = false;
  std::unordered_set<std::string> unused_properties;
  // It defines the `__init_subclass__` hook of `ClassSummary::wraps_subclass_forward` (wrapping its subclasses).
  bool wraps_subclass_forward = false;
  // The module of a base's such hook, which wraps this class's `forward` (`transformers.modeling_layers`); empty
  // when none does.
  std::string forward_wrapped_in;
  // The module whose hook wraps the `forward` of this class's subclasses: its own, else a base's; empty when none.
  std::string subclasses_forward_wrapped_in() const {
    return wraps_subclass_forward ? qualified.substr(0, qualified.rfind('.')) : forward_wrapped_in;
  }
};

// The dotted module name of a file (walking up the folders that hold an `__init__.py`) and whether it is a
// package's `__init__.py`.
std::pair<std::string, bool> module_name_of(const std::string& path);

// Answers are computed on demand, each once, from any thread: a file's summary when a question first needs it
// (or when its own check makes it from its tree), a class when a model first asks for it. An answer depends only
// on the summaries, never on which thread asked first: a class whose bases (or attribute values) lead back to
// itself is unknown, whichever class of the loop was asked about first.
class ProjectIndex {
 public:
  // Makes the summary of a file of the checked tree (its position in `set_tree`'s list); nullopt when it cannot
  // be read or parsed.
  using TreeSummariser = std::function<std::optional<FileSummary>(size_t file)>;
  // Reads an installed module's source by dotted name (nullopt when there is none on the search path).
  using ExternalLoader = std::function<std::optional<FileSummary>(const std::string& module)>;

  // The checked tree, one module name per file. Two files with the same module name make that name ambiguous
  // (neither resolves), so the answer never depends on the order files come in.
  void set_tree(const std::vector<std::string>& modules, TreeSummariser summarise, ExternalLoader load_external);
  // The summary of `file`, made by `make` when no question has needed it yet (a file's own check passes the one
  // its tree gives, so the file is parsed once).
  const FileSummary* summary_of_file(size_t file, const std::function<std::optional<FileSummary>()>& make) const;

  // ---- questions (any thread) ---------------------------------------------------------------------------------
  const ClassFacts* find_class(const std::string& qualified) const;
  // `pkg.utils.pad` -> "pkg.utils.pad" when it is a module-level function of a checked file (through re-exports);
  // empty otherwise. Sets `module` to the file's module.
  std::string find_function(const std::string& qualified, std::string* module = nullptr) const;
  // `pkg.mixins.Head.forward` -> "Head.forward" when Head is a class of the checked file `pkg.mixins` (sets
  // `module`); empty otherwise.
  std::string find_method(const std::string& qualified, std::string* module) const;
  // `pkg.cache.Cache` -> "Cache" when it names a plain class (certainly not a module, no dataclass) of a checked file
  // (through re-exports; sets `module`): compiled code that constructs it makes TorchScript compile its methods in
  // that file. Empty otherwise.
  std::string find_script_class(const std::string& qualified, std::string* module) const;
  // The summary of the module defining the function `qualified` names (through re-exports, installed packages
  // too) when that function is one of its `forward_wrappers`; null otherwise.
  const FileSummary* forward_wrapper_module(const std::string& qualified) const;
  // The same for a function of `FileSummary::wraps_decorators`.
  const FileSummary* wraps_decorator_module(const std::string& qualified) const;
  // The summary of a module named by its dotted name (a checked file, or an installed package's); null when none.
  const FileSummary* module_summary(const std::string& module) const { return summary_of(module, true); }
  // `pkg.activations.ACT2FN` -> what the module-level value it names is (`FileSummary::python_values`, through
  // re-exports, installed packages too); null when it is no such value.
  const std::string* python_value(const std::string& qualified) const;
  // `pkg.utils.is_available` -> its cache decorator (`FileSummary::cached_functions`, through re-exports, installed
  // packages too); null when it names no cached function.
  const std::string* cached_function(const std::string& qualified) const;
  // `pkg.registry.REGISTRY` -> the class of the plain object it is bound to (`FileSummary::python_objects`, through
  // re-exports, installed packages too); null otherwise.
  const std::string* python_object(const std::string& qualified) const;
  // Functions of `module` compiled because compiled code of other files calls them (`pad`), methods of its
  // classes that modules of other files inherit (`Head.forward`), and its plain classes they construct (`Cache`).
  const std::unordered_set<std::string>* compiled_from_elsewhere(const std::string& module) const;

  // ---- the compiled region across files (between passes over the files, one thread) ----------------------------
  // Adds `function` of `module` to the functions compiled from elsewhere; true when it is new.
  bool add_compiled_from_elsewhere(const std::string& module, const std::string& function);

 private:
  // The summary of the module that defines the name `qualified` ends in (`defines` says it does), following
  // re-exports (`from .layers import Block` in an `__init__.py`) through checked files and, with `external`,
  // installed packages; the name there. Null when none does (torch's modules are never read).
  std::pair<const FileSummary*, std::string> defining_module(
      const std::string& qualified, bool (*defines)(const FileSummary&, const std::string&),
      bool external = true) const;
  // The same for a module-level function.
  std::pair<const FileSummary*, std::string> defining_function(const std::string& qualified,
                                                               bool external = true) const;
  struct TreeFile {
    std::once_flag once;
    std::optional<FileSummary> summary;
  };
  struct Resolution {
    const ClassFacts* facts = nullptr;
    bool cyclic = false;  // the class leads back to itself: unknown, and so is every class that leads to it
  };
  // A checked file's summary (`external`: also installed modules, read on first use).
  const FileSummary* summary_of(const std::string& module, bool external) const;
  Resolution resolve_class(const std::string& qualified) const;
  Resolution compute_class(const std::string& qualified) const;
  Resolution remember(const std::string& qualified, Resolution resolution, std::optional<ClassFacts> facts) const;

  TreeSummariser summarise_;
  ExternalLoader load_external_;
  std::unordered_map<std::string, size_t> tree_modules_;  // module -> file, unambiguous names only
  std::unordered_set<std::string> ambiguous_;
  // Filled on demand behind `const` questions (each guarded: once flags, mutexes).
  mutable std::deque<TreeFile> tree_files_;

  mutable std::mutex external_mutex_;
  mutable std::unordered_map<std::string, std::unique_ptr<const FileSummary>> external_;  // nullptr: not installed

  mutable std::shared_mutex classes_mutex_;
  mutable std::deque<ClassFacts> storage_;
  mutable std::unordered_map<std::string, Resolution> by_name_;  // every name asked (aliases too)

  std::unordered_map<std::string, std::unordered_set<std::string>> compiled_from_elsewhere_;
};

}  // namespace jitlint
