// The module whose globals TorchScript looks a decorated function's free names up in. A decorator built on
// `functools.wraps` replaces the function with its wrapper; torch compiles the original source (it follows
// `__wrapped__`) but resolves the names from the wrapper's `__globals__`, the decorator's module.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/semantic_model.h"

namespace jitlint {

struct WrapperGlobals {
  TSNode decorator{};  // the `decorator` node
  TSNode expr{};       // its expression, as written (`torch.no_grad()`)
  std::string module;  // `torch.utils._contextlib`
  const std::unordered_set<std::string_view>* names = nullptr;  // what that module defines at module level
  // Names it defines as something else than model files mean by them: `F` is a `TypeVar` in
  // `torch.utils._contextlib`, not `torch.nn.functional`.
  std::string_view shadowed_name, shadowed_as;
  bool defines(std::string_view name) const { return names->count(name) > 0 && name != shadowed_name; }
};

// The module holding the `functools.wraps` wrapper of one of torch's grad-mode or autocast decorators, by qualified
// name (`torch.no_grad` -> `torch.utils._contextlib`); empty for any other decorator.
std::string_view torch_decorator_wrapper_module(std::string_view qualified);

// The outermost decorator of `function`, when it is one of torch's grad-mode or autocast decorators (torch 2.13.0
// wraps with `torch.utils._contextlib` / `torch.amp.autocast_mode`, whose module-level names are tabled here: the
// engine never reads torch). nullopt otherwise, and when `@torch.jit.script` is among the decorators.
std::optional<WrapperGlobals> torch_wrapper_globals(const SemanticModel& model, const FunctionInfo& function);

// The first read of each global name of this file (an import, a module-level function, class or variable) in the
// live body of `function` that `defined` says the wrapper's module lacks. Builtins resolve anywhere; names in
// annotations are left out.
std::vector<TSNode> global_reads_missing(const SemanticModel& model, const FunctionInfo& function,
                                         const std::function<bool(std::string_view)>& defined);

}  // namespace jitlint
