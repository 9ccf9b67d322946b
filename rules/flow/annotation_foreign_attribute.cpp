// JT612 annotation-foreign-attribute: a parameter annotated `Tensor` (or `Optional[Tensor]`, read where it is
// refined) whose attribute or method the body reads where no Tensor has one of that name, or annotated `int`,
// `float` or `bool`, which have none: the annotation is wrong.
#include "core/expr_types.h"
#include "core/optional_locals.h"  // refinement_unclear
#include "core/refinement.h"
#include "core/rule.h"
#include "core/syntax.h"
#include "core/torch_ops.h"
#include "core/walk.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT612",
    "annotation-foreign-attribute",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Annotate the parameter with the type it holds (a class TorchScript can compile), or keep the use out of "
    "compiled code",
    "'Tensor' object has no attribute or method\n"
    "'int' object has no attribute or method\n"
    "'float' object has no attribute or method\n"
    "'bool' object has no attribute or method",
    R"doc(## What it does
Finds reads of an attribute or method, in compiled code, of a parameter annotated `Tensor` (also
`torch.FloatTensor` and the other dtype-specific names, or `Optional[Tensor]` where a `None` check TorchScript
understands covers the read) when no Tensor has an attribute or method of that name: transformers' Qwen2-VL family
annotates `past_key_values: torch.Tensor | None` and calls `past_key_values.get_seq_length()`. A parameter
annotated `int`, `float` or `bool` (or `Optional` of one, refined) has no attribute or method at all in TorchScript:
transformers' PVT annotates `hidden_states: int` and calls `hidden_states.size()`.

## Why TorchScript rejects it
TorchScript types the parameter as its annotation says, whatever callers pass. A Tensor's attributes and methods
are fixed (eager's `torch.Tensor` and the aten ops that take a Tensor `self`); any other name fails when the method
is compiled. TorchScript's numbers have no methods and no attributes (not even `real` or `is_integer`).

## The error torch 2.13.0 prints
```
RuntimeError: 'Tensor' object has no attribute or method 'get_seq_length'.:
RuntimeError: 'int' object has no attribute or method 'size'.:
RuntimeError: 'float' object has no attribute or method 'item'.:
RuntimeError: 'bool' object has no attribute or method 'float'.:
```

## Example
```python
def forward(self, x: Tensor, past_key_values: Optional[Tensor] = None) -> Tensor:
    past_length = 0 if past_key_values is None else past_key_values.get_seq_length()
    return x[:, past_length:]
```

## Use instead
Annotate the cache with its class when TorchScript can compile it, or compute `past_length` outside the scripted
module and pass it as an `int`.

## Fix safety
No automatic fix: the right annotation is the class of what callers pass, which the signature does not say.

## Known limitations
Only reads that still see the parameter (before the body binds the name again) are checked; an `Optional[Tensor]`
read without a `None` check is JT601's (torch stops there first).
)doc"};

class AnnotationForeignAttribute final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.attribute}}; }

  void check(RuleContext& context, TSNode node) const override {
    const TSNode object = strip_parens(field(node, fld.object));
    if (!is(object, sym.identifier)) return;
    const std::string_view attribute = context.text(field(node, fld.attribute));
    const std::string_view name = context.text(object);
    // Read while it holds the parameter (`hidden_states.size()` above `hidden_states = hidden_states.view(...)`).
    const Binding* binding = context.function().scope.first_binding_read(name, object);
    if (!binding || binding->kind != Binding::Kind::Parameter || ts_node_is_null(binding->annotation) ||
        name == context.function().self_name) {
      return;
    }
    ExprTypes types(context.model(), context.function());
    const auto declared = types.annotation(binding->annotation);
    if (!declared) return;
    const bool optional = declared->is(Type::Kind::Optional);
    if (optional && declared->args.size() != 1) return;
    const Type& held = optional ? declared->args[0] : *declared;
    const char* what = held.is(Type::Kind::Tensor) ? "a Tensor has"
                       : held.is(Type::Kind::Int)   ? "an int has"
                       : held.is(Type::Kind::Float) ? "a float has"
                       : held.is(Type::Kind::Bool)  ? "a bool has"
                                                    : nullptr;
    if (!what || (held.is(Type::Kind::Tensor) && tensor_may_have_attribute(attribute))) return;
    if (context.in_dead_code(node)) return;
    if (under_isinstance_test(context, name)) return;  // `if isinstance(x, Pair): x.first`: another type there
    // The object's read, refined: `x.get_seq_length()` under `if x is not None:` (unrefined reads are JT601's).
    if (optional && !refined_object(context, object)) return;
    context.report(node, "`" + std::string(name) + "` is annotated `" + std::string(context.text(binding->annotation)) +
                             "`, and " + what + " no attribute or method `" + std::string(attribute) + "`");
  }

 private:
  // Some condition above the node (`if`, `elif`, `while`, a conditional expression, `and` / `or`) tests
  // `isinstance(name, ...)`: TorchScript decides it, and the branch reads `name` as another type (or is dead).
  static bool under_isinstance_test(const RuleContext& context, std::string_view name) {
    const NodePath& path = context.path();
    for (size_t up = 1; up < path.size(); ++up) {
      const TSNode ancestor = path.ancestor(up);
      if (is(ancestor, sym.function_definition)) break;
      TSNode condition{};
      if (is(ancestor, sym.if_statement) || is(ancestor, sym.elif_clause) || is(ancestor, sym.while_statement)) {
        condition = field(ancestor, fld.condition);
      } else if (is(ancestor, sym.conditional_expression)) {
        condition = conditional_parts(ancestor).condition;
      } else if (is(ancestor, sym.boolean_operator)) {
        condition = field(ancestor, fld.left);
      }
      if (!ts_node_is_null(condition) && tests_isinstance(context, condition, name)) return true;
      // The clauses of an `if` before the one holding the node were tested too.
      if (is(ancestor, sym.if_statement)) {
        for (TSNode clause : NamedChildren(ancestor)) {
          if (is(clause, sym.elif_clause) && tests_isinstance(context, field(clause, fld.condition), name)) return true;
        }
      }
    }
    return false;
  }

  static bool tests_isinstance(const RuleContext& context, TSNode condition, std::string_view name) {
    auto is_test = [&](TSNode node) {
      if (!is(node, sym.call) || !context.model().is_builtin(field(node, fld.function), "isinstance")) return false;
      const TSNode first = strip_parens(ts_node_named_child(field(node, fld.arguments), 0));
      return is(first, sym.identifier) && context.text(first) == name;
    };
    bool found = is_test(condition);  // the walk visits what is below its root
    walk(condition, [&](const NodePath& at) {
      found = found || is_test(at.node());
      return !found;
    });
    return found;
  }

  // The object of the attribute at the path's node, as a read, is refined (not None) where it stands.
  static bool refined_object(RuleContext& context, TSNode object) {
    NodePath read = context.path();
    read.push(object, fld.object);
    return not_none_refinement(context.model(), context.function(), read) == Refinement::Refined &&
           !refinement_unclear(context.model(), read, context.text(object));
  }
};

}  // namespace

const Rule& annotation_foreign_attribute_rule() {
  static const AnnotationForeignAttribute rule;
  return rule;
}

}  // namespace jitlint
