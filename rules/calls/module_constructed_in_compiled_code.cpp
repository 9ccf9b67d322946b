// JT509 module-constructed-in-compiled-code: an nn.Module (or nn.Parameter) constructed inside compiled code.
#include "core/project_index.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT509",
    "module-constructed-in-compiled-code",
    "calls",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript cannot construct modules or parameters in compiled code; create them in `__init__`",
    "Cannot instantiate class\n"
    "does not have an __init__ function defined",
    R"doc(## What it does
Finds calls in compiled code that construct an `nn.Module`: a class of `torch.nn` (`nn.Linear(4, 4)`,
`nn.ReLU()`, `torch.nn.Softmax(dim=1)`), a module class of this file (a subclass of `nn.Module` or of a
`torch.nn` class), or a module class the project index knows from another file; also `nn.Parameter(...)`.
Names are resolved through the imports, so `from torch.nn import Linear` counts and a local function named
`Linear` does not.

## Why TorchScript rejects it
A module is compiled as a TorchScript class type from its instance: its attributes, submodules and parameters are
read from the object that `torch.jit.script` receives. Compiled code can only use modules that already exist as
attributes; it cannot run a module's `__init__` (arbitrary Python that registers parameters) while it runs, so
instantiating any module class, or a `Parameter`, is rejected.

## The errors torch 2.13.0 prints
```
torch.jit.frontend.FrontendError: Cannot instantiate class 'Linear' in a script function:
RuntimeError: Class Linear does not have an __init__ function defined:
```
The second when the class was already compiled as a module type in the process (for example because the model
also holds an `nn.Linear` submodule, which is compiled first).

## Example
```python
class Head(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return nn.ReLU()(x)
```

## Use instead
```python
class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.ReLU()

    def forward(self, x: Tensor) -> Tensor:
        return self.act(x)  # or the functional form: F.relu(x)
```

## Fix safety
No automatic fix: the module must move to `__init__` (its arguments may depend on the input, and a module built
per call has fresh parameters each time, which a module built once does not), or become a call of the functional
form (`torch.nn.functional`).

## Known limitations
Only classes named directly are recognised (not a class held in a variable or an attribute).
)doc"};

class ModuleConstructedInCompiledCode final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const SemanticModel& model = context.model();
    const Callee callee = model.resolve_call(context.function(), node);
    const TSNode function = strip_parens(field(node, fld.function));
    std::string what;
    if (!context.head_unbound_locally(function)) return;
    if (callee.kind == Callee::Kind::LocalClass) {
      if (!model.classes()[callee.index].is_module) return;
      what = "the module class `" + std::string(model.classes()[callee.index].name) + "`";
    } else if (callee.kind == Callee::Kind::Qualified) {
      if (callee.qualified == "torch.nn.Parameter") {
        what = "`" + std::string(context.text(function)) + "`";
        context.report(function, "Constructing a parameter with " + what +
                                     " in compiled code is not supported by TorchScript; create it in `__init__`");
        return;
      }
      if (is_torch_module_class(callee.qualified)) {
        what = "the module `" + std::string(context.text(function)) + "`";
      } else if (const ClassFacts* facts = model.project_class(callee.qualified); facts && facts->is_module) {
        what = "the module class `" + std::string(context.text(function)) + "`";
      } else {
        return;
      }
    } else {
      return;
    }
    context.report(function, "Constructing " + what +
                                 " in compiled code is not supported by TorchScript; create it in `__init__`");
  }
};

}  // namespace

const Rule& module_constructed_in_compiled_code_rule() {
  static const ModuleConstructedInCompiledCode rule;
  return rule;
}

}  // namespace jitlint
