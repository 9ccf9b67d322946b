// JT130 starred-list: `*xs` with `xs` a list (dynamic length) in compiled code.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"
#include "rules/syntax/certain_list.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT130",
    "starred-list",
    "syntax",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript can only star-unpack tuples (fixed length); pass the list itself or index it",
    "cannot statically infer the expected size of a list in this context",
    R"doc(## What it does
Finds star-unpacking of a value that is a TorchScript list in code that `torch.jit.script` compiles: in call
arguments (`x.view(*shape)`, `torch.zeros(*x.size())`, `x.view(*x.shape[:2], -1)`), in list and tuple displays
(`[*a, *b]`), and as an assignment target (`first, *rest = xs`). It reports only when the value is known to be a
list: a `List[...]` / `list[...]` annotated parameter or local, `x.shape` / `x.size()` of a tensor, slices of
those, list displays, `+` with a list display on one side (`[b] + size + [c]`, a list in Python too) or lists on
both, and locals assigned from them.

## Why TorchScript rejects it
Unpacking needs the number of elements at compile time. A tuple has a fixed length in its type and unpacks fine
(`f(*t)` with `t: Tuple[int, int]`, `a, *rest = t`); a list, and `x.shape` / `x.size()` (a `List[int]` in
TorchScript), has not. The error comes from the IR emitter, so a statically dead branch is skipped.

## The error torch 2.13.0 prints
```
RuntimeError: cannot statically infer the expected size of a list in this context
```

## Example
```python
def forward(self, x: Tensor, shape: List[int]) -> Tensor:
    y = x.view(*shape)
    return torch.zeros(*y.size()) + y
```

## Use instead
```python
def forward(self, x: Tensor, shape: List[int]) -> Tensor:
    y = x.view(shape)
    return torch.zeros(y.size()) + y
```
Tensor methods and factories that take sizes accept the list itself. Build lists with `+`
(`a + b`, `x.shape[:2] + [-1]`), and index instead of star-assigning (`first, rest = xs[0], xs[1:]`).

## Fix safety
`recv.view(*e)` (also `reshape`, `expand`, `permute`, `repeat`, `new_zeros`, `new_ones`, `new_empty`) with the
starred list the only argument becomes `recv.view(e)`. That is **safe**: these methods take the sizes as one list
(or `torch.Size`) argument in eager PyTorch and TorchScript alike. Other cases have no automatic fix.
)doc"};

using Kind = Type::Kind;

class StarredList final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.list_splat, sym.assignment}}; }

  void check(RuleContext& context, TSNode node) const override {
    const ExprTypes types(context.model(), context.function());
    if (is(node, sym.assignment)) {
      // `a, *rest = xs`
      const TSNode left = field(node, fld.left);
      if (!is(left, sym.pattern_list) && !is(left, sym.tuple_pattern) && !is(left, sym.list_pattern)) return;
      bool starred = false;
      for (TSNode target : NamedChildren(left)) starred = starred || is(target, sym.list_splat_pattern);
      if (!starred || !certain_list(context, types, field(node, fld.right), 0)) return;
      context.report(node, "Star-unpacking the list `" + std::string(context.text(field(node, fld.right))) +
                               "` in an assignment is not supported by TorchScript (its length is not known)");
      return;
    }
    const TSNode parent = context.parent();
    if (!is(parent, sym.argument_list) && !is(parent, sym.list) && !is(parent, sym.tuple) &&
        !is(parent, sym.expression_list)) {
      return;
    }
    const TSNode value = ts_node_named_child(node, 0);
    if (ts_node_is_null(value) || !certain_list(context, types, value, 0)) return;
    context.report(node, "Star-unpacking the list `" + std::string(context.text(value)) +
                             "` is not supported by TorchScript (its length is not known)",
                   pass_list_fix(context, types, node, value));
  }

  static bool is_tensor(const ExprTypes& types, TSNode expr) {
    const auto type = types.of(expr);
    return type && type->certain && type->type.is(Kind::Tensor);
  }

  // `x.view(*shape)` -> `x.view(shape)`
  static std::optional<Fix> pass_list_fix(RuleContext& context, const ExprTypes& types, TSNode splat, TSNode value) {
    const TSNode arguments = context.parent();
    if (!is(arguments, sym.argument_list) || ts_node_named_child_count(arguments) != 1) return std::nullopt;
    const TSNode call = context.path().ancestor(2);
    if (!is(call, sym.call)) return std::nullopt;
    const TSNode function = strip_parens(field(call, fld.function));
    if (!is(function, sym.attribute)) return std::nullopt;
    const std::string_view method = context.text(field(function, fld.attribute));
    static const char* const kSizeMethods[] = {"view",     "reshape",   "expand",   "permute",
                                               "repeat",   "new_zeros", "new_ones", "new_empty"};
    bool known = false;
    for (const char* m : kSizeMethods) known = known || method == m;
    if (!known || !is_tensor(types, field(function, fld.object))) return std::nullopt;
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Pass the list itself: `" + std::string(method) + "(" + std::string(context.text(value)) + ")`";
    fix.edits.push_back(Edit{ts_node_start_byte(splat), ts_node_start_byte(value), ""});
    return fix;
  }
};

}  // namespace

const Rule& starred_list_rule() {
  static const StarredList rule;
  return rule;
}

}  // namespace jitlint
