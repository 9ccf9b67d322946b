// JT903 dropped-decorator: a grad-mode or autocast decorator on a compiled function. TorchScript compiles the
// undecorated function (it follows `__wrapped__`), so the decorator's effect is silently lost.
#include "core/decorator_wrappers.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT903",
    "dropped-decorator",
    "deployment",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript compiles the undecorated function: grad-mode and autocast decorators have no effect there",
    "The values for attribute 'requires_grad' do not match\n"
    "The values for attribute 'dtype' do not match",
    R"doc(## What it does
Finds grad-mode and autocast decorators on compiled functions and methods whose body calls a submodule with
parameters (`self.proj(x)` with `self.proj` a `nn.Linear`, a convolution, an embedding, a recurrent layer, or a
module class of this file holding one): `@torch.no_grad()`, `@torch.enable_grad()`, `@torch.inference_mode()`,
`@torch.set_grad_enabled(...)`, `@torch.autocast(...)` (also `torch.cuda.amp.autocast`, `torch.cpu.amp.autocast`,
`torch.amp.autocast`, the `torch.autograd` spellings).

## Why TorchScript rejects it
It does not reject it: these decorators wrap the function with `functools.wraps`, and `torch.jit.script` follows
`__wrapped__` to compile the original, undecorated source. The compiled function runs with the caller's grad mode
and without autocast: a `@torch.no_grad()` forward records autograd history (outputs `requires_grad=True`, memory
held for backward), an autocast region keeps float32. A decorator applied above `@torch.jit.script` (to the scripted
function) is not reported.

## The error torch 2.13.0 prints
Nothing: the model scripts, saves and loads. Comparing the scripted model's output with eager's
(`torch.testing.assert_close`, and `requires_grad`) fails:
```
AssertionError: The values for attribute 'requires_grad' do not match: True != False.
AssertionError: The values for attribute 'dtype' do not match: torch.float32 != torch.bfloat16.
```

## Example
```python
class Teacher(nn.Module):
    @torch.no_grad()
    def forward(self, x: Tensor) -> Tensor:
        return self.backbone(x)
```

## Use instead
The context manager form compiles:
```python
class Teacher(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        with torch.no_grad():
            return self.backbone(x)
```
`with torch.autocast("cpu", dtype=torch.bfloat16):` likewise: TorchScript compiles autocast regions.

## Fix safety
No automatic fix: moving the body under a `with` statement re-indents it (the doc above shows the recipe).

## Known limitations
When the body reads a global name of the file that the decorator's module lacks (`torch` itself, for the grad-mode
decorators), the function does not compile at all: that is JT512's. Other decorators built on `functools.wraps` are
dropped the same way, but whether that changes behaviour depends on
what they do: only the torch decorators above are reported. A decorated function computing only from buffers and
inputs (rotary embeddings) is not reported: there the decorator is dropped too, but nothing observable changes
unless the inputs require grad. Eager behaviour differs only where grad mode or
autocast matters (parameters or inputs that require grad; a device autocast applies to).
)doc"};

// torch.nn modules that own parameters (which require grad by default) and run autocast ops.
bool parametrized_torch_module(std::string_view qualified) {
  static constexpr std::string_view kNames[] = {
      "Linear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
      "Embedding", "EmbeddingBag", "LSTM", "GRU", "RNN", "MultiheadAttention",
  };
  for (std::string_view prefix : {std::string_view("torch.nn."), std::string_view("torch.nn.modules.")}) {
    if (qualified.substr(0, prefix.size()) != prefix) continue;
    const std::string_view rest = qualified.substr(qualified.rfind('.') + 1);
    for (std::string_view name : kNames) {
      if (rest == name) return true;
    }
  }
  return false;
}

// A submodule with parameters: a parametrized torch.nn module, or a module class of this file holding one.
bool parametrized(const SemanticModel& model, const AttrFact& fact) {
  if (fact.kind() != AttrKind::Module) return false;
  if (parametrized_torch_module(fact.module_class)) return true;
  if (fact.local_class < 0) return false;
  for (int owner : model.local_mro(fact.local_class)) {
    for (const auto& [name, inner] : model.classes()[owner].attributes) {
      if (inner.kind() == AttrKind::Module && parametrized_torch_module(inner.module_class)) return true;
    }
  }
  return false;
}

// The function's live code calls a submodule with parameters (`self.proj(x)`): the grad mode and autocast then
// certainly change what it computes (outputs requiring grad, reduced-precision matmuls).
bool calls_parametrized_submodule(const SemanticModel& model, const FunctionInfo& function) {
  for (TSNode call : function.calls) {
    if (model.is_dead(function, call)) continue;
    TSNode callee = strip_parens(field(call, fld.function));
    const AttrFact* fact = model.self_attribute_fact(function, callee);
    if (fact && parametrized(model, *fact)) return true;
  }
  return false;
}

class DroppedDecorator final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const SemanticModel& model = context.model();
    if (!calls_parametrized_submodule(model, function)) return;
    // A body reading a global name the wrapper's module lacks does not compile at all (JT512 reports it).
    if (const auto wrapper = torch_wrapper_globals(model, function);
        wrapper && !global_reads_missing(model, function, [&](std::string_view name) {
                       return wrapper->defines(name);
                     }).empty()) {
      return;
    }
    // Decorators apply bottom-up: walk from the one nearest the `def`; above `@torch.jit.script`, a decorator wraps
    // the scripted function and keeps its effect for Python callers.
    for (TSNode node = ts_node_prev_named_sibling(function.definition);
         is(node, sym.decorator) || is(node, sym.comment); node = ts_node_prev_named_sibling(node)) {
      if (!is(node, sym.decorator)) continue;
      TSNode expr = strip_parens(ts_node_named_child(node, 0));
      TSNode callee = is(expr, sym.call) ? field(expr, fld.function) : expr;
      const std::string name = model.qualified_name(callee);
      if (name == "torch.jit.script" || name == "torch.jit.script_if_tracing") return;
      if (torch_decorator_wrapper_module(name).empty()) continue;
      const bool autocast = name.find("autocast") != std::string::npos;
      context.report_range(ts_node_start_byte(node), ts_node_end_byte(expr), "`@" + std::string(context.text(expr)) +
                               "` is dropped by TorchScript, which compiles the undecorated function: " +
                               (autocast ? "the compiled code runs without autocast"
                                         : "the compiled code runs in the caller's grad mode") +
                               "; use a `with` statement in the body");
    }
  }
};

}  // namespace

const Rule& dropped_decorator_rule() {
  static const DroppedDecorator rule;
  return rule;
}

}  // namespace jitlint
