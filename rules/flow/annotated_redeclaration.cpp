// JT610 annotated-redeclaration: `x: T = v` in compiled code where `x` is already a parameter or a local.
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT610",
    "annotated-redeclaration",
    "flow",
    Phase::Semantic,
    FixAvailability::Always,
    "TorchScript types a variable once: drop the annotation of a name that is already defined",
    "Attempting to declare and annotate the type of variable",
    R"doc(## What it does
Finds an annotated assignment `x: T = value` inside an `if`, `for` or `while` block of compiled code where `x` is
already a parameter of the function, or a local bound earlier in the function's top-level block.

## Why TorchScript rejects it
An annotation declares a new variable with a fixed type. TorchScript's blocks each open a scope, and it refuses to
declare a name in a block when an enclosing block already defines it: the variable lives on after the block with
one type. (Declaring it again in the same block is accepted.) Python never evaluates the annotation of a local (PEP 526), so eager code runs. transformers writes
`inputs_embeds: torch.Tensor = self.embed_tokens(input_ids)` under `if inputs_embeds is None:` in most decoders'
`forward`, where `inputs_embeds` is a parameter.

## The error torch 2.13.0 prints
```
RuntimeError: Attempting to declare and annotate the type of variable 'inputs_embeds' but it is already defined in an outer block:
```

## Example
```python
def forward(self, input_ids: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
    if inputs_embeds is None:
        inputs_embeds: Tensor = self.embed_tokens(input_ids)
    return inputs_embeds
```

## Use instead
```python
def forward(self, input_ids: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
    if inputs_embeds is None:
        inputs_embeds = self.embed_tokens(input_ids)
    return inputs_embeds
```
TorchScript refines `inputs_embeds` to `Tensor` after the `if`, as it does for any `Optional` assigned on its
`None` branch.

## Fix safety
The fix deletes the annotation (`: Tensor`). It is **safe**: Python never evaluates a local's annotation, so the
program does the same. TorchScript then checks the value against the variable's existing type; when that type
differs (a parameter annotated `int` re-annotated `float`), it reports the type change instead, which is the real
problem the annotation hid.

## Known limitations
A name bound earlier only inside a nested block (an `if` or a loop) is not reported: whether TorchScript carries it
out of the block depends on the other branches. Nor is an annotation inside a `with` block, nor one whose type
jitlint cannot resolve (a dataclass such as transformers' `BaseModelOutput`: TorchScript fails on the type first).
)doc"};

class AnnotatedRedeclaration final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const TSNode body = field(function.definition, fld.body);
    const ExprTypes types(context.model(), function);
    for (const auto& [name, bindings] : function.scope.bindings()) {
      bool defined = false;  // by a parameter or a top-level statement met before
      for (const Binding& binding : bindings) {
        const bool annotated = binding.kind == Binding::Kind::Assignment && !ts_node_is_null(binding.annotation) &&
                               !ts_node_is_null(binding.statement);
        // An annotation TorchScript cannot resolve (a dataclass, `Callable`) fails first, with its own error.
        if (annotated && defined && in_nested_block(body, binding.statement) &&
            builtin_type(types.annotation(binding.annotation)) &&
            !context.in_dead_code(binding.statement))
          report(context, binding);
        if (binding.kind == Binding::Kind::Parameter ||
            (binding.kind == Binding::Kind::Assignment && top_level(body, binding.statement) &&
             !context.in_dead_code(binding.statement)))
          defined = true;
      }
    }
  }

 private:
  // A type made only of TorchScript's own types (no class, whose resolution may fail first).
  static bool builtin_type(const std::optional<Type>& type) {
    if (!type || type->kind == Type::Kind::Named) return false;
    for (const Type& arg : type->args)
      if (!builtin_type(arg)) return false;
    return true;
  }

  // The statement of the function's own block holding `node` (null when there is none).
  static TSNode top_level_statement(TSNode body, TSNode node) {
    const uint32_t start = ts_node_start_byte(node);
    for (uint32_t i = 0, n = ts_node_named_child_count(body); i < n; ++i) {
      const TSNode child = ts_node_named_child(body, i);
      if (ts_node_end_byte(child) <= start) continue;
      return ts_node_start_byte(child) <= start ? child : TSNode{};
    }
    return TSNode{};
  }

  // `statement` (an assignment) is a whole statement of the function's own block, not one nested in an if or loop.
  static bool top_level(TSNode body, TSNode statement) {
    if (ts_node_is_null(statement)) return false;
    const TSNode holder = top_level_statement(body, statement);
    return !ts_node_is_null(holder) && is(holder, sym.expression_statement) && ts_node_start_byte(holder) == ts_node_start_byte(statement) &&
           ts_node_named_child_count(holder) == 1;
  }

  // `statement` lies in a block an `if`, `for` or `while` of the function's own block opens: a scope of its own.
  static bool in_nested_block(TSNode body, TSNode statement) {
    const TSNode holder = top_level_statement(body, statement);
    return !ts_node_is_null(holder) &&
           (is(holder, sym.if_statement) || is(holder, sym.for_statement) || is(holder, sym.while_statement));
  }

  static void report(RuleContext& context, const Binding& binding) {
    const TSNode target = binding.target;
    const TSNode annotation = binding.annotation;
    Fix fix{Applicability::Safe, "Remove the annotation",
            {Edit{ts_node_end_byte(target), ts_node_end_byte(annotation), ""}}, {}, {}};
    context.report_range(ts_node_start_byte(target), ts_node_end_byte(annotation),
                         "`" + std::string(context.text(target)) + "` is already defined, and TorchScript cannot "
                         "declare it again with the annotation `" + std::string(context.text(annotation)) + "`",
                         std::move(fix));
  }
};

}  // namespace

const Rule& annotated_redeclaration_rule() {
  static const AnnotatedRedeclaration rule;
  return rule;
}

}  // namespace jitlint
