// JT203 module-value-call: calling a submodule that reached the call as a plain value TorchScript cannot call.
#include "core/rule.h"
#include "core/edits.h"
#include "core/loop_variables.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT203",
    "module-value-call",
    "containers",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Call `.forward(...)` on a module that comes from a slice, a tuple or a conditional expression",
    "object has no attribute or method '__call__'\n"
    "cannot call a value of type",
    R"doc(## What it does
Finds calls of a submodule that TorchScript sees as a plain object rather than as a module: an element of a slice
of a ModuleList/Sequential (`for layer in self.layers[1:]`, also through `enumerate` and `zip`, and
`self.layers[1:][0]`), an element of a
tuple or list of submodules (`for m in (self.a, self.b)`), a conditional expression choosing a submodule
(`m = self.a if flag else self.b`, both of one class), a name unpacked from a tuple (`rest, last = self.seq[:-1], self.seq[-1]`), a
local annotated with a `@torch.jit.interface` type, and a slice called directly (`self.seq[:2](x)`) or through a
local bound to it once (`ops = self.seq[:-1]` or `ops, last = self.seq[:-1], self.seq[-1]`, then `ops(x)` or
`for op in ops: op(x)`).

## Why TorchScript rejects it
Only a submodule reached through `self.<attr>`, iteration of a container or a literal index is a "module value"
that TorchScript knows how to call. Through these other paths the value has the submodule's class type (or an
interface or tuple type), and TorchScript class types define no `__call__`; their `forward` method can still be
called explicitly.

## The errors torch 2.13.0 prints
```
RuntimeError: '__torch__.torch.nn.modules.linear.Linear (of Python compilation unit at: 0x...)' object has no attribute or method '__call__'. Did you forget to initialize an attribute in __init__()?:
RuntimeError: cannot call a value of type 'Tuple[__torch__.torch.nn.modules.linear.Linear, ...]':
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    x = self.stem(x)
    for block in self.blocks[1:]:
        x = block(x)
    return x
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    x = self.stem(x)
    for block in self.blocks[1:]:
        x = block.forward(x)
    return x
```

## Fix safety
The fix calls `.forward(...)` explicitly and is **safe**: TorchScript ignores Python forward hooks anyway, and in
eager mode the only difference is that hooks registered on that submodule no longer run for this call. A Sequential slice
called directly in an assignment (`x = self.seq[:2](h)`) becomes a loop running the slice's modules in order
(`x = h`, then `for layer in self.seq[:2]: x = layer.forward(x)`), which is what calling the slice does in eager
mode: **safe**. The same holds for a local bound to the slice (`x = ops(x)` becomes `for layer in ops: x =
layer.forward(x)`). Elsewhere a called slice has no fix.

## Known limitations
Only values bound once in the function are followed; a name rebound on several paths is not reported.
)doc"};

class ModuleValueCall final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    TSNode callee = strip_parens(field(node, fld.function));
    if (is(callee, sym.conditional_expression)) {
      if (chooses_submodules(context, callee)) report(context, node, "a conditional expression");
      return;
    }
    if (is(callee, sym.subscript)) {
      // `self.layers[1:][0](x)`: an element of a slice.
      if (is_integer_literal(field(callee, fld.subscript)) && is_container_slice(context, field(callee, fld.value))) {
        report(context, node, "a slice of a module container");
        return;
      }
      if (is_container_slice(context, callee)) {
        context.report(node,
                       "`" + std::string(context.text(callee)) +
                           "` is a slice of a module container, a tuple TorchScript cannot call; loop over it "
                           "and call each module's `.forward(...)`",
                       slice_loop_fix(context, node, callee));
      }
      return;
    }
    if (!is(callee, sym.identifier)) return;
    if (TSNode slice = slice_alias(context, callee); !ts_node_is_null(slice)) {
      // `ops = self.pre[:-1]` (or `ops, last = self.pre[:-1], self.pre[-1]`), then `ops(x)`.
      context.report(node,
                     "`" + std::string(context.text(callee)) + "` is a slice of a module container (`" +
                         std::string(context.text(slice)) +
                         "`), a tuple TorchScript cannot call; loop over it and call each module's `.forward(...)`",
                     slice_loop_fix(context, node, slice));
      return;
    }
    const Binding* binding = context.function().scope.single(context.text(callee));
    if (!binding) return;
    if (binding->kind == Binding::Kind::ForLoop || binding->kind == Binding::Kind::Comprehension) {
      const char* why = loop_source(context, *binding);
      if (why) report(context, node, why);
      return;
    }
    if (binding->kind != Binding::Kind::Assignment || binding->element >= 0) return;
    if (context.model().is_interface_type(binding->annotation)) {
      report(context, node, "a local annotated with a module interface");
      return;
    }
    TSNode value = strip_parens(binding->value);
    if (is(value, sym.conditional_expression)) {
      if (chooses_submodules(context, value)) report(context, node, "a conditional expression");
      return;
    }
    if (binding->unpacked && (is_submodule(context, value) || is_container_element(context, value))) {
      report(context, node, "a tuple unpacking");
    }
  }

 private:
  // `x = self.seq[:2](h)` -> `x = h` + `for layer in self.seq[:2]: x = layer.forward(x)`: what calling a
  // Sequential slice does in eager mode. `slice` is the slice the callee is or names (`ops = self.seq[:2]`).
  static std::optional<Fix> slice_loop_fix(RuleContext& context, TSNode call, TSNode slice) {
    TSNode callee = strip_parens(field(call, fld.function));
    if (context.model().attribute_kind(context.function(), field(slice, fld.value)) != AttrKind::Sequential) {
      return std::nullopt;
    }
    auto args = named_children(field(call, fld.arguments));
    if (args.size() != 1 || is(args[0], sym.keyword_argument) || is(args[0], sym.list_splat) || has_comment(call)) {
      return std::nullopt;
    }
    auto place = statement_place(context);
    if (!place || !is(place->statement, sym.expression_statement)) return std::nullopt;
    TSNode assignment = ts_node_named_child(place->statement, 0);
    if (!is(assignment, sym.assignment) || !same_node(field(assignment, fld.right), call) ||
        !is(field(assignment, fld.left), sym.identifier) || !ts_node_is_null(field(assignment, fld.type))) {
      return std::nullopt;
    }
    const std::string target(context.text(field(assignment, fld.left)));
    const std::string input = render(context.source(), args[0], {});
    const std::string layer = fresh_name(context, "layer");
    std::string code;
    if (input != target) code += target + " = " + input + place->newline + place->indent;
    code += "for " + layer + " in " + std::string(context.text(callee)) + ":" + place->newline + place->indent +
            place->unit + target + " = " + layer + ".forward(" + target + ")";
    Fix fix;
    fix.message = "Run the slice's modules in a loop";
    fix.isolation_scope = naming_scope(context);
    fix.edits.push_back(replace_node(place->statement, code));
    return fix;
  }

  static void report(RuleContext& context, TSNode call, const char* source) {
    TSNode callee = field(call, fld.function);
    std::optional<Fix> fix = Fix{};
    fix->message = "Call `.forward(...)` explicitly";
    fix->edits.push_back(insert_after(callee, ".forward"));
    context.report(call, "`" + std::string(context.text(callee)) + "` is a module reached through " + source +
                             ", which TorchScript cannot call directly; call its `.forward(...)`",
                   std::move(fix));
  }

  static bool is_submodule(RuleContext& context, TSNode expr) {
    expr = strip_parens(expr);
    if (self_attribute(context.source(), expr, context.function().self_name).empty()) return false;
    return is_submodule_kind(context.model().attribute_kind(context.function(), expr));
  }

  // `self.layers[:2]` on a ModuleList / Sequential.
  static bool is_container_slice(RuleContext& context, TSNode expr) {
    expr = strip_parens(expr);
    if (!is(expr, sym.subscript) || !is(strip_parens(field(expr, fld.subscript)), sym.slice)) return false;
    const AttrKind kind = context.model().attribute_kind(context.function(), field(expr, fld.value));
    return kind == AttrKind::ModuleList || kind == AttrKind::Sequential;
  }

  // The slice of a module container a local is bound to, once: `ops = self.pre[:-1]` or the matching element of
  // `ops, last = self.pre[:-1], self.pre[-1]`; a null node otherwise.
  static TSNode slice_alias(RuleContext& context, TSNode name) {
    if (!is(name, sym.identifier)) return TSNode{};
    const Binding* binding = context.function().scope.single(context.text(name));
    if (!binding || binding->kind != Binding::Kind::Assignment || (binding->element >= 0 && !binding->unpacked) ||
        !ts_node_is_null(binding->annotation)) {
      return TSNode{};
    }
    const TSNode value = strip_parens(binding->value);
    return is_container_slice(context, value) ? value : TSNode{};
  }
  // `self.layers[-1]` on a ModuleList / Sequential.
  static bool is_container_element(RuleContext& context, TSNode expr) {
    if (!is(expr, sym.subscript) || !is_integer_literal(field(expr, fld.subscript))) return false;
    const AttrKind kind = context.model().attribute_kind(context.function(), field(expr, fld.value));
    return kind == AttrKind::ModuleList || kind == AttrKind::Sequential;
  }

  // Both branches are submodules of one class. (Of different classes, TorchScript rejects the conditional itself:
  // "if-expression's true branch has type ... but false branch has type ...", which `.forward` does not cure.)
  static bool chooses_submodules(RuleContext& context, TSNode conditional) {
    const ConditionalParts parts = conditional_parts(conditional);
    if (!parts.whole() || !is_submodule(context, parts.body) || !is_submodule(context, parts.alternative)) return false;
    const auto a = context.model().self_attribute_fact(context.function(), parts.body);
    const auto b = context.model().self_attribute_fact(context.function(), parts.alternative);
    return a && b && a->kind() == AttrKind::Module && b->kind() == AttrKind::Module && !a->module_class.empty() &&
           a->module_class == b->module_class;
  }

  // Why the loop variable is a plain module value, or nullptr when it is a module value TorchScript can call.
  static const char* loop_source(RuleContext& context, const Binding& binding) {
    TSNode iterable = strip_parens(binding.value);
    int element = binding.element;
    if (element >= 0) {
      // `for i, m in enumerate(...)`, `for a, m in zip(...)`: what `m` iterates.
      auto source = iterated_by(context.model(), iterable, element);
      if (!source || source->position) return nullptr;
      iterable = source->iterable;
    }
    if (is_container_slice(context, iterable) || !ts_node_is_null(slice_alias(context, iterable))) {
      return "a slice of a module container";
    }
    if (is(iterable, sym.tuple) || is(iterable, sym.list)) {
      auto elements = named_children(iterable);
      if (elements.empty()) return nullptr;
      for (TSNode e : elements) {
        if (!is_submodule(context, e)) return nullptr;
      }
      return is(iterable, sym.tuple) ? "a tuple of submodules" : "a list of submodules";
    }
    return nullptr;
  }
};

}  // namespace

const Rule& module_value_call_rule() {
  static const ModuleValueCall rule;
  return rule;
}

}  // namespace jitlint
