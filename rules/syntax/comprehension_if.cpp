// JT101 comprehension-if: a list, dict or generator comprehension with an `if` clause in compiled code.
#include "core/rule.h"
#include "rules/fixes/comprehension_loop.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT101",
    "comprehension-if",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript does not support `if` clauses in comprehensions; build the result with a loop",
    "Comprehension ifs are not supported yet",
    R"doc(## What it does
Finds list, dict and generator comprehensions with an `if` clause in code that `torch.jit.script` compiles. The
diagnostic starts where torch's error points, at the comprehension's opening bracket, and runs through the `if` clause.

## Why TorchScript rejects it
TorchScript's frontend (`build_ListComp` / `build_DictComp` in `torch/jit/frontend.py`) builds a comprehension
from its single generator and rejects any condition on it. Generator expressions are built as list
comprehensions, so they are rejected the same way. The frontend runs over the whole function body before any
branch is evaluated, so the error fires even under `if not torch.jit.is_scripting():`.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: Comprehension ifs are not supported yet:
```

## Example
```python
def forward(self, xs: List[int]) -> List[int]:
    return [x for x in xs if x > 0]
```

## Use instead
```python
def forward(self, xs: List[int]) -> List[int]:
    out: List[int] = []
    for x in xs:
        if x > 0:
            out.append(x)
    return out
```
A comprehension without `if` (also with a conditional element, `[x if x > 0 else 0 for x in xs]`) scripts.

## Fix safety
The fix writes the loop form with a typed container (`out: List[int] = []`, `out: Dict[str, Tensor] = {}`) and adds
`from typing import List` (or `Dict`) when the file lacks it. A comprehension that is a whole assignment fills the
assigned name; anywhere else its result is built in a fresh local just before the statement. Comprehension
variables that the rest of the function also uses are renamed, since loop variables outlive the loop.
The element type comes from the source: literals, `len`, `.size()`, `.shape[...]`, torch functions, annotated
parameters and locals, a module attribute's class-level annotation (`lengths: List[int]`) or the value `__init__`
assigns it (`self.scales = [0.5, 1.0]`), what methods' return annotations say, and what is derived from them; or
from the statement itself (`out: List[int] = [...]`, a `return` of a function annotated `-> List[int]`). The fix is
**safe** when that type is certain and nothing with side effects runs before the comprehension in its statement,
**unsafe** when the type is only likely (a torch function that may return a tuple) or when moving the
comprehension ahead changes the order of calls. When jitlint does not know the element type, it does not guess
one (`Tensor`, TorchScript's default for an empty list, would often be wrong: `[v for v in (h, all_h) if v is not
None]` mixes tensors and tuples): there is no fix. There is no fix where the comprehension is
evaluated conditionally or repeatedly (inside `and`/`or`, a conditional expression, a `while` condition, another
comprehension or a lambda), where it holds a comment, or where its statement shares a line with another.

## Known limitations
Only code jitlint can see is compiled: comprehensions in library code reached from the model are not reported.
)doc"};

class ComprehensionIf final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override {
    return {{sym.list_comprehension, sym.dictionary_comprehension, sym.generator_expression}};
  }
  void check(RuleContext& context, TSNode node) const override {
    for (TSNode child : NamedChildren(node)) {
      if (!is(child, sym.if_clause)) continue;
      const char* what = is(node, sym.list_comprehension)   ? "list comprehension"
                         : is(node, sym.generator_expression) ? "generator expression"
                                                            : "dict comprehension";
      // From the comprehension's start, where torch points (a multi-line `tuple(...)` shows its `if` lines
      // below), through the `if` clause that is the problem.
      context.report_range(ts_node_start_byte(node), ts_node_end_byte(child),
                           std::string("`if` clause in a ") + what + " is not supported by TorchScript",
                           comprehension_to_loop(context, node));
      return;  // one diagnostic per comprehension
    }
  }
};

}  // namespace

const Rule& comprehension_if_rule() {
  static const ComprehensionIf rule;
  return rule;
}

}  // namespace jitlint
