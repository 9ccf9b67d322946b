// JT904 len-of-optional: `len(x)` of a value TorchScript types as an Optional, a Union or Any, which compiles to the
// length of `[x]`: always 1.
#include <string>

#include "core/optional_locals.h"
#include "core/rule.h"
#include "core/union_annotations.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT904",
    "len-of-optional",
    "deployment",
    Phase::Semantic,
    FixAvailability::None,
    "Refine the value first (`if xs is not None:`, `isinstance(xs, list)`), then take its length",
    "Tensor-likes are not close!",
    R"doc(## What it does
Finds `len(x)` in compiled code where TorchScript types `x` as an `Optional` that no `None` check refined there
(`xs: Optional[List[int]]`), a `Union` of two or more types with no `isinstance` test of it in the function or one
that an `isinstance` of a tuple of types refines only to a smaller Union, or `Any`.

## Why TorchScript rejects it
The model compiles, saves and loads, and returns a different number. TorchScript has no `len` for these types, and
instead of rejecting the call it matches `len(List[t])` by wrapping the value in a one-element list: the graph is
`prim::ListConstruct(%x)` then `aten::len`, so `len(x)` is **always 1** in the compiled model, whatever `x` holds.
Measured on torch 2.13.0: `len(xs)` of an `Optional[List[int]]` holding `[1, 2, 3]` is 3 in eager mode and 1
scripted; the same for `Union[List[int], Tuple[int, int]]`, `Union[Tensor, List[Tensor]]`, `Optional[Tensor]` and
`Any`.

## The error torch 2.13.0 prints
Nothing: the model scripts, saves and loads. Comparing the scripted model's output with eager's
(`torch.testing.assert_close`, as `jitlint verify` does) fails:
```
AssertionError: Tensor-likes are not close!
```

## Example
```python
def forward(self, x: Tensor, sizes: Optional[List[int]] = None) -> Tensor:
    return x * len(sizes)
```

## Use instead
```python
def forward(self, x: Tensor, sizes: Optional[List[int]] = None) -> Tensor:
    if sizes is None:
        return x
    return x * len(sizes)
```

## Fix safety
No automatic fix: what the `None` case (or the other members of the Union) should give is the author's decision.

## Known limitations
Locals and parameters declared once are checked, as JT601 checks them; a Union parameter is reported in a
function with no `isinstance` test of it at all, or inside an `if isinstance(xs, (list, tuple)):` that keeps two
or more of its members (and whose block tests it no further).
)doc"};

class LenOfOptional final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode call) const override {
    const SemanticModel& model = context.model();
    if (!model.is_builtin(field(call, fld.function), "len")) return;
    const TSNode arguments = field(call, fld.arguments);
    if (ts_node_named_child_count(arguments) != 1) return;
    const TSNode argument = ts_node_named_child(arguments, 0);
    if (!is(argument, sym.identifier)) return;
    const std::string_view name = context.text(argument);
    const FunctionInfo& function = context.function();
    std::string typed;
    auto local = optional_local(model, function, name);
    if (!local) local = optional_before_rebinding(model, function, name, argument);
    if (local) {
      NodePath read = context.path();
      read.push(arguments, fld.arguments);
      read.push(argument, 0);
      if (optional_refinement(model, function, read, *local) != Refinement::NotRefined) return;
      if (refinement_unclear(model, read, name, &function)) return;
      typed = "`" + std::string(context.text(local->annotation)) + "` here (no `None` check refines it)";
    } else if (const Parameter* parameter = unrefined_union_parameter(model, function, name)) {
      typed = "`" + std::string(context.text(parameter->annotation)) + "`, a Union no `isinstance` test refines";
    } else if (const std::string kept = union_kept_around(context, function, argument); !kept.empty()) {
      typed = kept;
    } else {
      const Parameter* declared = function.signature.find(name);
      const Binding* binding = function.scope.single(name);
      const TSNode type = declared ? declared->annotation : TSNode{};
      if (ts_node_is_null(type) || !binding || binding->kind != Binding::Kind::Parameter ||
          model.qualified_name(is(type, sym.type) ? ts_node_named_child(type, 0) : type) != "typing.Any") {
        return;
      }
      typed = "`Any`";
    }
    context.report(call, "`" + std::string(context.text(call)) + "` is always 1 in TorchScript: `" +
                             std::string(name) + "` is " + typed + ", and TorchScript takes the length of `[" +
                             std::string(name) + "]` instead");
  }

 private:
  // Inside `if isinstance(xs, (list, tuple)):` with `xs: List[int] | Tuple[int, int] | Tensor`, TorchScript refines
  // `xs` only to the Union of the two sequence members, whose `len` is 1 just the same (measured on 2.13.0). Only
  // where the `len` reads the parameter itself. What the block's `xs` is, spelled for the message; empty otherwise.
  static std::string union_kept_around(const RuleContext& context, const FunctionInfo& function, TSNode argument) {
    const auto guard = isinstance_guard_around(context.model(), function, context.path(), argument);
    if (!guard || guard->kept.size() < 2) return {};
    return "refined by `" + std::string(context.text(guard->condition)) + "` only to a Union of " +
           spelled_members(guard->kept);
  }
};

}  // namespace

const Rule& len_of_optional_rule() {
  static const LenOfOptional rule;
  return rule;
}

}  // namespace jitlint
