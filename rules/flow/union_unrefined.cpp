// JT616 union-unrefined: a parameter annotated a Union of two or more types, used as one of them without an
// `isinstance` test in the function.
#include <string>
#include <vector>

#include "core/rule.h"
#include "core/union_annotations.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT616",
    "union-unrefined",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Test `isinstance(x, T)` before using a Union as one of its types, or annotate the one type it holds",
    "object has no attribute or method\n"
    "object is not subscriptable\n"
    "is not iterable",
    R"doc(## What it does
Finds a parameter annotated as a `Union` of two or more types TorchScript tells apart (`torch.Tensor |
list[torch.Tensor]`, `int | torch.Tensor`, `Union[Tensor, Tuple[Tensor, Tensor]]`, with or without `None`) that
is read for an attribute or a method, subscripted or iterated in a function that never tests it with `isinstance`
(or `torch.jit.isinstance`). It reports the first such use of each parameter.

## Why TorchScript rejects it
A `Union` value is none of its members until an `isinstance` test refines it: TorchScript looks up attributes,
indexing and iteration on the `Union` type itself, which has none of them. Python simply uses whatever value was
passed, so the code runs in eager mode as long as callers pass the type the body expects.

## The error torch 2.13.0 prints
```
RuntimeError: 'Union[Tensor, List[Tensor]]' object has no attribute or method 'shape'.:
RuntimeError: 'Union[Tensor, Tuple[Tensor, Tensor]]' object is not subscriptable:
RuntimeError: 'Union[Tensor, List[Tensor]]' object is not iterable:
```

## Example
```python
def forward(self, pixel_values: Union[Tensor, List[Tensor]]) -> Tensor:
    return pixel_values.flatten(1)
```

## Use instead
```python
def forward(self, pixel_values: Union[Tensor, List[Tensor]]) -> Tensor:
    if isinstance(pixel_values, list):
        pixel_values = torch.stack(pixel_values)
    return pixel_values.flatten(1)
```
or annotate the one type the function takes (`pixel_values: Tensor`).

## Fix safety
No automatic fix: what the other members should become is the author's decision.

## Known limitations
Parameters bound once are checked, in functions with no `isinstance` test of them at all: where one exists, which
uses it refines is not followed. Members TorchScript sees as one type (`torch.FloatTensor | torch.LongTensor`), or
whose type the engine does not know (a class), leave the parameter alone; so do `int | float`, on which
TorchScript's arithmetic works. A Union tested `is None` before `isinstance` in one condition is JT615's.
)doc"};

class UnionUnrefined final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const TSNode body = field(function.definition, fld.body);
    for (const Parameter& parameter : function.signature.parameters) {
      if (parameter.name.empty() || !unrefined_union_parameter(context.model(), function, parameter.name)) continue;
      const TSNode use = first_use(context, body, parameter.name);
      if (ts_node_is_null(use)) continue;
      const std::string what = is(use, sym.subscript) ? "subscripted"
                               : is(use, sym.attribute)
                                   ? "read for `." + std::string(context.text(field(use, fld.attribute))) + "`"
                                   : "iterated";
      context.report(use, "`" + std::string(parameter.name) + "` is annotated `" +
                              std::string(context.text(parameter.annotation)) +
                              "`, a Union TorchScript refines only by `isinstance`; with no such test in the "
                              "function it cannot be " + what);
    }
  }

 private:
  // The first attribute read, subscript or iteration of the name in live code, outside nested scopes.
  static TSNode first_use(const RuleContext& context, TSNode body, std::string_view name) {
    TSNode found{};
    walk_descendants(body, [&](TSNode n) {
      if (!ts_node_is_null(found) || is_nested_scope(n) || context.in_dead_code(n)) return false;
      const auto named = [&](TSNode child) {
        child = strip_parens(child);
        return is(child, sym.identifier) && context.text(child) == name;
      };
      if (is(n, sym.subscript) && named(field(n, fld.value))) found = n;
      if (is(n, sym.attribute) && named(field(n, fld.object))) found = n;
      if ((is(n, sym.for_statement) || is(n, sym.for_in_clause)) && named(field(n, fld.right))) {
        found = field(n, fld.right);
      }
      return ts_node_is_null(found);
    });
    return found;
  }
};

}  // namespace

const Rule& union_unrefined_rule() {
  static const UnionUnrefined rule;
  return rule;
}

}  // namespace jitlint
