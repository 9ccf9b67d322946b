// Which qualified name a local name stands for, from the file's top-level imports:
// `import torch.nn as nn` makes `nn.ModuleList` mean `torch.nn.ModuleList`.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/syntax.h"

namespace jitlint {

class ImportTable {
 public:
  // The dotted name of the file's module (`pkg.models.net`) and whether it is a package's `__init__.py`: with
  // it, relative imports resolve (`from .layers import Block` -> `pkg.models.layers.Block`); without, they are
  // not recorded (a lone file's relative imports name nothing jitlint can see).
  void set_module(std::string module, bool is_package) {
    module_ = std::move(module);
    is_package_ = is_package;
  }
  // An import statement at module level (the model's walk hands each over; nested scopes' imports are local).
  void record(const Source& source, TSNode statement);
  // The whole file's module-level imports (for callers outside the model).
  void collect(const Source& source, TSNode module);
  // `nn.ModuleList` -> "torch.nn.ModuleList"; `torch.nn.modules.container.ModuleList` -> "torch.nn.ModuleList".
  // Empty when the head of the dotted name was not imported.
  std::string qualified_name(const Source& source, TSNode expr) const;
  // What a top-level name was imported as (`Tensor` -> "torch.Tensor"); empty when no import binds it.
  std::string_view imported_as(std::string_view name) const {
    const auto found = names_.find(name);
    return found == names_.end() ? std::string_view{} : std::string_view{found->second};
  }
  // Whether a top-level name is bound by an import (so a builtin like `set` is shadowed).
  bool binds(std::string_view name) const { return names_.count(name) > 0; }
  // Some import names torch or one of its modules.
  bool imports_torch() const { return imports_torch_; }
  // Every name bound by an import, with what it stands for (the project index follows re-exports with it).
  const std::unordered_map<std::string_view, std::string>& names() const { return names_; }

 private:
  void add(std::string_view local, std::string qualified);
  // The absolute module a relative import names (`..utils` from `pkg.models.net` -> `pkg.utils`), or empty.
  std::string absolute_module(const Source& source, TSNode relative_import) const;
  std::unordered_map<std::string_view, std::string> names_;  // keys view the source
  bool imports_torch_ = false;
  std::string module_;
  bool is_package_ = false;
};

// Canonical form of a qualified name: drops torch's private module paths (`torch.nn.modules.linear.Linear` ->
// `torch.nn.Linear`, `torch.jit._script.Final`... -> `torch.jit.Final`) and maps typing_extensions to typing.
std::string canonical_name(std::string qualified);

}  // namespace jitlint
