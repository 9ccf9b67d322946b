// JT104 comprehension-multi-for: a comprehension with more than one `for` clause in compiled code.
#include "core/rule.h"
#include "rules/fixes/comprehension_loop.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT104",
    "comprehension-multi-for",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript supports one `for` per comprehension; use nested loops",
    "Only a single generator is currently supported",
    R"doc(## What it does
Finds list, dict and generator comprehensions with two or more `for` clauses in compiled code.

## Why TorchScript rejects it
The frontend (`build_ListComp` / `build_DictComp` in `torch/jit/frontend.py`) accepts exactly one generator per
comprehension. It checks this before anything else, in dead branches too.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: Only a single generator is currently supported:
```

## Example
```python
def pairs(xs: List[int], ys: List[int]) -> List[int]:
    return [x * y for x in xs for y in ys]
```

## Use instead
```python
def pairs(xs: List[int], ys: List[int]) -> List[int]:
    out: List[int] = []
    for x in xs:
        for y in ys:
            out.append(x * y)
    return out
```
A nested comprehension `[[x * y for y in ys] for x in xs]` has one `for` per comprehension and scripts.

## Fix safety
The fix writes nested loops filling a typed container, with the same typing and safety rules as JT101's fix:
**safe** when the element type is plain from the source, **unsafe** when it is only likely, none when it is not
known, where the comprehension is evaluated conditionally or where it holds a comment.
)doc"};

class ComprehensionMultiFor final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override {
    // Set comprehensions are JT102 already: torch rejects them before counting generators.
    return {{sym.list_comprehension, sym.dictionary_comprehension, sym.generator_expression}};
  }
  void check(RuleContext& context, TSNode node) const override {
    int fors = 0;
    for (TSNode child : NamedChildren(node)) {
      if (!is(child, sym.for_in_clause)) continue;
      if (++fors == 2) {
        context.report(child, "A comprehension with more than one `for` clause is not supported by TorchScript",
                       comprehension_to_loop(context, node));
        return;
      }
    }
  }
};

}  // namespace

const Rule& comprehension_multi_for_rule() {
  static const ComprehensionMultiFor rule;
  return rule;
}

}  // namespace jitlint
