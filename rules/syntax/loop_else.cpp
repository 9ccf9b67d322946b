// JT107 loop-else: `for ... else:` and `while ... else:` in compiled code.
#include <string>

#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT107",
    "loop-else",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript loops cannot have an `else` branch; set a flag before `break` and test it after the loop",
    "else branches of for loops aren't supported\n"
    "__init__(): incompatible constructor arguments",
    R"doc(## What it does
Finds `for` and `while` loops with an `else:` branch in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript's loops have no `else` branch. The frontend (`torch/jit/frontend.py`) rejects it in `build_For`, also
in statically dead branches. For `while ... else:` it means to raise "else branches of while loops aren't
supported" but passes no source range, so torch 2.13.0 crashes while building the error report and prints a
`TypeError` about the `ErrorReport` constructor instead, with no location in your file.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: else branches of for loops aren't supported:
TypeError: __init__(): incompatible constructor arguments. The following argument types are supported:
    1. torch._C.ErrorReport(arg0: torch._C._jit_tree_views.SourceRange)

Invoked with: None
```
(the second for `while ... else:`).

## Example
```python
def forward(self, x: Tensor, ids: List[int]) -> Tensor:
    for i in ids:
        if i < 0:
            break
    else:
        x = x + 1
    return x
```

## Use instead
```python
def forward(self, x: Tensor, ids: List[int]) -> Tensor:
    found_negative = False
    for i in ids:
        if i < 0:
            found_negative = True
            break
    if not found_negative:
        x = x + 1
    return x
```
The `else` branch runs when the loop ends without `break`: set a flag right before each `break` of this loop (not
of a loop nested in it) and test it after the loop. A `return` inside the loop skips the `else` branch too, which
the rewrite keeps, since the code after the loop is not reached.

## Fix safety
No automatic fix.

## Known limitations
The diagnostic is on the loop's header (where torch points for `for ... else:`); the `else:` is given as a
related location.
)doc"};


class LoopElse final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.for_statement, sym.while_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    TSNode alternative = field(node, fld.alternative);
    if (!is(alternative, sym.else_clause)) return;
    const bool is_for = is(node, sym.for_statement);
    Diagnostic& d = context.report_range(
        ts_node_start_byte(node), header_end(node),
        std::string(is_for ? "`for`" : "`while`") + " loops with an `else` branch are not supported by TorchScript");
    d.related.push_back(Related{ts_node_start_byte(alternative), header_end(alternative), "the `else` branch"});
  }
};

}  // namespace

const Rule& loop_else_rule() {
  static const LoopElse rule;
  return rule;
}

}  // namespace jitlint
