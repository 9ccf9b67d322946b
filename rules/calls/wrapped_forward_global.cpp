// JT512 wrapped-forward-global: a compiled function replaced by a `functools.wraps` wrapper of another module (a
// class decorator that wraps `forward`, or torch's `@torch.no_grad()` / `@torch.autocast(...)`) reads a global name
// that the wrapper's module does not define. TorchScript compiles the wrapped source but resolves its global names
// in the wrapper's module.

#include <utility>

#include "core/class_attributes.h"
#include "core/decorator_wrappers.h"
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
    "`F.linear`), put a grad-mode decorator in the body as a `with` statement, or keep the decorator off classes "
    "that are scripted",
    "undefined value\n"
    "attribute lookup is not defined on python value of type 'TypeVar'\n"
    "Unknown type name",
    R"doc(## What it does
Finds global names read by a compiled function that a decorator of another module has replaced with a wrapper made
by `functools.wraps`, when the wrapper's module does not define the name:
- `@torch.no_grad()`, `@torch.enable_grad()`, `@torch.inference_mode()`, `@torch.set_grad_enabled(...)` as the
  outermost decorator: their wrapper lives in `torch.utils._contextlib`, which does not even import `torch`, and
  whose `F` is a `TypeVar` (transformers' rotary embeddings: `@torch.no_grad()` on a `forward` that reads
  `torch.float`);
- `@torch.autocast(...)` (and the `torch.cuda.amp` / `torch.cpu.amp` spellings): `torch.amp.autocast_mode`
  imports `torch`, not `nn` or `F`;
- a class decorator that replaces `forward` (transformers' `@use_experts_implementation`, on the experts of every
  mixture-of-experts model), read from the checked tree or the installed package: `nn`, `F` or a helper of the
  model's own file;
- a base class of another file whose `__init_subclass__` replaces each subclass's `forward` with a
  `functools.wraps` wrapper (transformers' `GradientCheckpointingLayer`, the base of every encoder and decoder
  layer, wraps them in `transformers.modeling_layers`): `F`, `apply_chunking_to_forward`, a helper of the model's
  file.

## Why TorchScript rejects it
Scripting the module compiles its `forward` attribute, which is now the wrapper. torch follows `__wrapped__` to
the source of the original `forward`, but builds the resolution of its free names from the wrapper function,
whose globals are the decorator's module. A name the model's file imports (`from torch import nn`) and that
module does not is undefined there. torch also names the decorator's file in the error, at the line number of the
original source.

## The error torch 2.13.0 prints
```
RuntimeError: undefined value torch:
  File ".../torch/utils/_contextlib.py", line 82
    @dynamic_rope_update  # power user: used with advanced RoPE types (e.g. dynamic rope)
    def forward(self, x, position_ids):
        freqs = position_ids[..., None].float() * self.inv_freq.to(device=x.device, dtype=torch.float)
                                                                                          ~~~~~ <--- HERE
```
```
RuntimeError: attribute lookup is not defined on python value of type 'TypeVar':
```
(`F.normalize` under `@torch.no_grad()`: `F` is the wrapper module's `TypeVar`.)
```
RuntimeError: Unknown type name 'EncoderDecoderCache':
  File ".../transformers/modeling_layers.py", line 506
    if isinstance(self_attn_cache, EncoderDecoderCache):
                                   ~~~~~~~~~~~~~~~~~~~ <--- HERE
```
(a class of the model's imports as `isinstance`'s type, in a layer that `GradientCheckpointingLayer` wraps.)
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
For torch's grad-mode and autocast decorators, the context manager in the body compiles (and keeps the effect
TorchScript would drop with the decorator, see JT903):
```python
    def forward(self, x, position_ids):
        with torch.no_grad():
            freqs = position_ids[..., None].float() * self.inv_freq.to(device=x.device, dtype=torch.float)
            ...
```

## Fix safety
When the name is an import of a `torch` submodule (`nn` = `torch.nn`, `F` = `torch.nn.functional`), this file
imports `torch`, and the wrapper's module imports `torch` too (a class decorator's module that does, or
`torch.amp.autocast_mode`), the fix spells the name out
(`torch.nn.functional`): the same module object in both places, so eager behaviour is unchanged. It is **safe**.
When `@torch.no_grad()` or `@torch.enable_grad()` (no arguments) is the function's only decorator and the file
imports `torch`, the fix moves it into the body: `with torch.no_grad():` around every statement after the docstring,
one level deeper. It is **safe**: the body runs in the same grad mode in eager code, and TorchScript compiles the
context manager, so the scripted function keeps the grad mode the decorator would have lost (JT903). With one more
decorator below it that returns a `functools.wraps` wrapper and whose module (of the checked tree or an installed
package) defines every global name the body reads (transformers' `@dynamic_rope_update` on the rotary embeddings),
the same fix is **unsafe**: that wrapper's own code then runs outside the grad mode. There is no fix under other
decorators, in a generator, or when a string literal spans lines in the body (indenting would change it). Other
names (a helper function of the model's file) have no automatic fix.

## Known limitations
Only class decorators whose function defines `def forward` under `@wraps(...)` / `@functools.wraps(...)`, and
`__init_subclass__` hooks that assign `cls.forward` a function defined under `@wraps(...)`, are followed, and of
method decorators only torch's, as the outermost decorator (their modules' names are those of torch 2.13.0). Only names this file binds at module level are checked (a builtin resolves anywhere). Names in
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
    if (!function.compiled) return;
    if (const auto torch_wrapper = torch_wrapper_globals(context.model(), function)) {
      check_torch_decorator(context, function, *torch_wrapper);
      return;
    }
    if (function.owner_class < 0 || function.name != "forward") return;
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
    // a base class's `__init_subclass__` that wraps every subclass's `forward` (transformers'
    // `GradientCheckpointingLayer`, the base of every encoder and decoder layer)
    const FileSummary* hook = wrapper ? nullptr : model.subclass_forward_wrapper(function.owner_class);
    if (!wrapper && !hook) return;
    if (hook) wrapper = hook;
    const std::string whose = hook ? "the wrapper a base class's `__init_subclass__` puts around this `forward`"
                                   : "the `@" + decorator + "` wrapper that replaces this `forward`";
    const auto defined = [&](std::string_view name) { return defines(*wrapper, std::string(name)); };
    for (TSNode node : global_reads_missing(model, function, defined)) {
      const std::string_view name = context.text(node);
      context.report(node,
                     "`" + std::string(name) + "` is not defined in `" + wrapper->module + "`, the module of " +
                         whose + ": TorchScript compiles this body but looks its global names up there",
                     spelled_out(context, wrapper->imports.count("torch") && wrapper->imports.at("torch") == "torch",
                                 node, name));
    }
  }

 private:
  // `@torch.no_grad()` / `@torch.autocast(...)` on any compiled function: their wrappers live in torch modules
  // that do not import what model files do (`torch.utils._contextlib` not even `torch`).
  static void check_torch_decorator(RuleContext& context, const FunctionInfo& function,
                                    const WrapperGlobals& wrapper) {
    const auto defined = [&](std::string_view name) { return wrapper.defines(name); };
    std::optional<Fix> into_body = with_statement_fix(context, function, wrapper);
    for (TSNode node : global_reads_missing(context.model(), function, defined)) {
      const std::string name(context.text(node));
      const std::string what = name == wrapper.shadowed_name
                                   ? " is " + std::string(wrapper.shadowed_as) + " in `" + wrapper.module + "`"
                                   : " is not defined in `" + wrapper.module + "`";
      context.report(node,
                     "`" + name + "`" + what + ", the module of the `@" + std::string(context.text(wrapper.expr)) +
                         "` wrapper around this function: TorchScript compiles this body but looks its global names "
                         "up there; use `with " + std::string(context.text(wrapper.expr)) + ":` in the body instead",
                     into_body ? std::exchange(into_body, std::nullopt)
                               : spelled_out(context, wrapper.defines("torch"), node, name));
    }
  }

  // `@torch.no_grad()` / `@torch.enable_grad()`, the function's outermost decorator, moved into the body as a
  // `with` statement around every statement after the docstring (TorchScript compiles the context manager, so the
  // grad mode is kept too). Safe when it is the only decorator; unsafe above one `functools.wraps` decorator whose
  // module defines the body's global names (its wrapper then runs outside the grad mode). None otherwise, for a
  // generator, when a string literal spans lines in the body, or when the file does not import `torch` itself.
  static std::optional<Fix> with_statement_fix(const RuleContext& context, const FunctionInfo& function,
                                               const WrapperGlobals& wrapper) {
    const SemanticModel& model = context.model();
    const TSNode expr = wrapper.expr;
    if (!is(expr, sym.call) || ts_node_named_child_count(field(expr, fld.arguments)) != 0) return std::nullopt;
    const std::string name = model.qualified_name(field(expr, fld.function));
    if (name.substr(name.rfind('.') + 1) != "no_grad" && name.substr(name.rfind('.') + 1) != "enable_grad") {
      return std::nullopt;
    }
    if (model.imports().imported_as("torch") != "torch") return std::nullopt;
    if (!ts_node_is_null(ts_node_prev_named_sibling(wrapper.decorator))) return std::nullopt;
    const TSNode following = ts_node_next_named_sibling(wrapper.decorator);
    Applicability applicability = Applicability::Safe;
    std::string inner;  // the decorator left outermost, when there is one
    if (!same_node(following, function.definition)) {
      // One more decorator below: its wrapper becomes the outermost. Only a `functools.wraps` wrapper (torch
      // compiles the wrapped source) whose module defines every global name the body reads (torch looks them up
      // there): transformers' `@dynamic_rope_update` under `@torch.no_grad()` on the rotary embeddings.
      if (!is(following, sym.decorator)) return std::nullopt;  // a comment among the decorators
      TSNode rest = ts_node_next_named_sibling(following);
      while (is(rest, sym.comment)) rest = ts_node_next_named_sibling(rest);
      if (!same_node(rest, function.definition)) return std::nullopt;
      TSNode callee = strip_parens(ts_node_named_child(following, 0));
      if (is(callee, sym.call)) callee = field(callee, fld.function);
      const FileSummary* module = model.wraps_decorator_module(model.qualified_name(callee));
      if (!module) return std::nullopt;
      const auto defined = [&](std::string_view global) { return defines(*module, std::string(global)); };
      if (!global_reads_missing(model, function, defined).empty()) return std::nullopt;
      // Its code now runs outside the grad mode: what it computes may differ.
      applicability = Applicability::Unsafe;
      inner = std::string(context.text(ts_node_named_child(following, 0)));
    }
    const TSNode body = field(function.definition, fld.body);
    if (mentions_word(context.text(body), "yield")) return std::nullopt;
    TSNode first = ts_node_named_child(body, 0);
    if (is(first, sym.expression_statement) && is(ts_node_named_child(first, 0), sym.string)) {
      first = ts_node_next_named_sibling(first);  // the docstring stays the function's first statement
    }
    const Source& source = context.source();
    auto edits = nest_statements(source, function.definition, first, body,
                                 "with " + std::string(context.text(expr)),
                                 indent_unit(source, function.definition, ts_node_named_child(body, 0)));
    if (!edits) return std::nullopt;
    // The decorator's line goes when it stands alone on it, what follows it on the next line.
    const uint32_t deco_line = source.line_of(ts_node_start_byte(wrapper.decorator));
    const uint32_t next_line = source.line_of(ts_node_start_byte(following));
    const std::string_view deco_text = source.line_text(deco_line);
    if (deco_line + 1 != next_line ||
        source.line_start(deco_line) + deco_text.find_first_not_of(" \t") != ts_node_start_byte(wrapper.decorator)) {
      return std::nullopt;
    }
    edits->push_back(Edit{source.line_start(deco_line), source.line_start(next_line), ""});
    Fix fix;
    fix.applicability = applicability;
    fix.message = "Move `@" + std::string(context.text(expr)) + "` into the body as a `with` statement" +
                  (inner.empty() ? "" : " (the `@" + inner + "` wrapper then runs outside it)");
    fix.edits = std::move(*edits);
    return fix;
  }

  // `nn` -> `torch.nn` when both modules import `torch` itself.
  static std::optional<Fix> spelled_out(const RuleContext& context, bool wrapper_has_torch, TSNode node,
                                        std::string_view name) {
    const std::string_view qualified = context.model().imports().imported_as(name);
    if (qualified.substr(0, 6) != "torch." || context.model().imports().imported_as("torch") != "torch") {
      return std::nullopt;
    }
    if (!wrapper_has_torch) return std::nullopt;
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
