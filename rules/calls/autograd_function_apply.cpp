// JT508 autograd-function-apply: `Fn.apply(...)` of a torch.autograd.Function subclass in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT508",
    "autograd-function-apply",
    "calls",
    Phase::Semantic,
    FixAvailability::None,
    "A custom autograd Function stays a Python call in TorchScript: the module scripts but cannot be saved",
    "Could not export Python function call",
    R"doc(## What it does
Finds calls `Fn.apply(...)` in compiled code where `Fn` is a class of this file deriving (directly or through other
classes of the file) from `torch.autograd.Function`.

## Why TorchScript rejects it
TorchScript cannot compile a custom autograd Function (its `forward`/`backward` are Python static methods working
on a `ctx` object). On torch 2.13.0 `torch.jit.script` accepts the call by turning it into an opaque Python
operation (`^Fn()` in the graph): the scripted module runs in the Python process that scripted it, but
`torch.jit.save` refuses to serialize it, so it can never be loaded in C++ or another process. Calls with keyword
arguments already fail while scripting (`Function.apply(Tensor cls, ...) -> Tensor 0`).

## The error torch 2.13.0 prints
At `torch.jit.save`:
```
RuntimeError: Could not export Python function call 'Fn'. Remove calls to Python functions before export. Did you forget to add @script or @script_method annotation? If this is a nn.ModuleList, add it to __constants__:
```

## Example
```python
class ScaleGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g * 0.5

class Block(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return ScaleGrad.apply(x)
```

## Use instead
```python
class Block(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            return x.clone()  # inference: the forward computation without the custom backward
        return ScaleGrad.apply(x)
```
TorchScript skips the branch it knows is not taken. When the custom backward matters in the exported model,
implement it as a C++ custom operator with an autograd kernel (`torch.library`) and call that.

## Fix safety
No automatic fix: the scripted replacement must compute what `forward` computes, which only its author knows.

## Known limitations
Only Functions defined in this file are recognised; `Fn.apply` bound to a name (`scale = ScaleGrad.apply`) and
Functions imported from other modules are not followed.
)doc"};

class AutogradFunctionApply final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const TSNode function = strip_parens(field(node, fld.function));
    if (!is(function, sym.attribute) || context.text(field(function, fld.attribute)) != "apply") return;
    const TSNode object = strip_parens(field(function, fld.object));
    if (!is(object, sym.identifier)) return;
    const std::string_view name = context.text(object);
    if (context.function().scope.all(name) != nullptr) return;  // a local of that name hides the class
    const SemanticModel& model = context.model();
    if (model.find_module_function(name) >= 0) return;
    const int cls = model.find_class(name);
    if (cls < 0 || !is_autograd_function(model, cls, 0)) return;
    context.report(function, "`" + std::string(context.text(function)) + "` calls the autograd Function `" +
                                 std::string(name) +
                                 "`, which TorchScript keeps as a Python call that `torch.jit.save` cannot export");
  }

 private:
  static bool is_autograd_function(const SemanticModel& model, int cls, int depth) {
    if (depth > 8) return false;
    const ClassInfo& info = model.classes()[cls];
    for (TSNode base : NamedChildren(field(info.definition, fld.superclasses))) {
      if (is(base, sym.keyword_argument)) continue;
      const std::string qualified = model.qualified_name(base);
      if (qualified == "torch.autograd.Function" || qualified == "torch.autograd.function.Function" ||
          qualified == "torch.autograd.function.InplaceFunction") {
        return true;
      }
      if (qualified.empty() && is(base, sym.identifier)) {
        const int local = model.find_class(text(model.source(), base));
        if (local >= 0 && local != cls && is_autograd_function(model, local, depth + 1)) return true;
      }
    }
    return false;
  }
};

}  // namespace

const Rule& autograd_function_apply_rule() {
  static const AutogradFunctionApply rule;
  return rule;
}

}  // namespace jitlint
