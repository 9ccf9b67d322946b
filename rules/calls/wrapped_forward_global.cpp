// JT512 wrapped-forward-global: the `forward` of a module class whose decorator (from another module) replaces it
// with a `functools.wraps` wrapper reads a global name that the decorator's module does not define. TorchScript
// compiles the wrapped source but resolves its global names in the wrapper's module.
#include <unordered_set>

#include "core/class_attributes.h"
#include "core/edits.h"
#include "core/project_index.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT512",
    "wrapped-forward-global",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Spell the name through a module the decorator's module imports (`torch.nn.functional.linear` for "
    "`F.linear`), or keep the decorator off classes that are scripted",
    "undefined value",
    R"doc(## What it does
Finds global names read by the `forward` of a module class whose class decorator comes from another module and
replaces `forward` with a wrapper made by `functools.wraps` (transformers' `@use_experts_implementation`, on the
experts of every mixture-of-experts model), when the decorator's module does not define the name: `nn`, `F` or
a helper of the model's own file. The decorator's module is read from the checked tree or the installed package.

## Why TorchScript rejects it
Scripting the module compiles its `forward` attribute, which is now the wrapper. torch follows `__wrapped__` to
the source of the original `forward`, but builds the resolution of its free names from the wrapper function,
whose globals are the decorator's module. A name the model's file imports (`from torch import nn`) and that
module does not is undefined there. torch also names the decorator's file in the error, at the line number of the
original source.

## The error torch 2.13.0 prints
```
RuntimeError: undefined value nn:
  File ".../transformers/integrations/moe.py", line 188
            gate, up = nn.functional.linear(current_state, self.gate_up_proj[expert_idx]).chunk(2, dim=-1)
                       ~~ <--- HERE
```

## Example
```python
from torch import nn
from transformers.integrations import use_experts_implementation


@use_experts_implementation
class Experts(nn.Module):
    def forward(self, hidden_states, top_k_index, top_k_weights):
        ...
        gate, up = nn.functional.linear(current_state, self.gate_up_proj[expert_idx]).chunk(2, dim=-1)
```

## Use instead
```python
        gate, up = torch.nn.functional.linear(current_state, self.gate_up_proj[expert_idx]).chunk(2, dim=-1)
```

## Fix safety
When the name is an import of a `torch` submodule (`nn` = `torch.nn`, `F` = `torch.nn.functional`), this file
imports `torch`, and the decorator's module imports `torch` too, the fix spells the name out
(`torch.nn.functional`): the same module object in both places, so eager behaviour is unchanged. It is **safe**.
Other names (a helper function of the model's file) have no automatic fix.

## Known limitations
Only class decorators whose function defines `def forward` under `@wraps(...)` / `@functools.wraps(...)` are
followed, and only names this file binds at module level are checked (a builtin resolves anywhere). Names in
annotations are not checked.
)doc"};

// What the decorator's module defines at module level.
bool defines(const FileSummary& module, const std::string& name) {
  return module.imports.count(name) || module.functions.count(name) || module.classes.count(name) ||
         module.globals.count(name);
}

class WrappedForwardGlobal final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    if (function.owner_class < 0 || function.name != "forward" || !function.compiled) return;
    const SemanticModel& model = context.model();
    const ClassInfo& cls = model.classes()[function.owner_class];
    if (!cls.is_module) return;
    const FileSummary* wrapper = nullptr;
    std::string decorator;
    for (TSNode expr : class_decorators(cls)) {
      const std::string qualified = model.qualified_name(expr);  // empty: a decorator of this file
      if (qualified.empty()) continue;
      wrapper = model.forward_wrapper_module(qualified);
      if (wrapper) {
        decorator = std::string(context.text(expr));
        break;
      }
    }
    if (!wrapper) return;
    std::unordered_set<std::string_view> seen;
    NodePath path;
    walk(field(function.definition, fld.body), path, [&](const NodePath& at) {
      const TSNode node = at.node();
      if (is_nested_scope(node) || is(node, sym.type) || model.is_dead(function, node)) return false;
      if (!is(node, sym.identifier)) return true;
      const TSNode parent = at.parent();
      if ((is(parent, sym.attribute) && at.field() == fld.attribute) ||
          (is(parent, sym.keyword_argument) && at.field() == fld.name)) {
        return false;
      }
      const std::string_view name = context.text(node);
      if (function.scope.all(name) || seen.count(name)) return false;
      const bool global = model.imports().binds(name) || model.find_module_function(name) >= 0 ||
                          model.find_class(name) >= 0 || model.module_bindings().all(name);
      if (!global || defines(*wrapper, std::string(name))) return false;
      seen.insert(name);
      context.report(node,
                     "`" + std::string(name) + "` is not defined in `" + wrapper->module + "`, the module of the `@" +
                         decorator + "` wrapper that replaces this `forward`: TorchScript compiles this body but " +
                         "looks its global names up there",
                     spelled_out(context, *wrapper, node, name));
      return false;
    });
  }

 private:
  // `nn` -> `torch.nn` when both modules import `torch` itself.
  static std::optional<Fix> spelled_out(const RuleContext& context, const FileSummary& wrapper, TSNode node,
                                        std::string_view name) {
    const std::string_view qualified = context.model().imports().imported_as(name);
    if (qualified.substr(0, 6) != "torch." || context.model().imports().imported_as("torch") != "torch") {
      return std::nullopt;
    }
    const auto torch = wrapper.imports.find("torch");
    if (torch == wrapper.imports.end() || torch->second != "torch") return std::nullopt;
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Spell `" + std::string(name) + "` as `" + std::string(qualified) + "`";
    fix.edits.push_back(replace_node(node, std::string(qualified)));
    return fix;
  }
};

}  // namespace

const Rule& wrapped_forward_global_rule() {
  static const WrappedForwardGlobal rule;
  return rule;
}

}  // namespace jitlint
