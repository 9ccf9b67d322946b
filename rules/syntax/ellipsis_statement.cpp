// JT129 ellipsis-statement: a statement that is only `...` in compiled code.
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT129",
    "ellipsis-statement",
    "syntax",
    Phase::Semantic,
    FixAvailability::Always,
    "TorchScript cannot compile a bare `...` statement; write `pass`",
    "Cannot emit expr for: (dots)",
    R"doc(## What it does
Finds statements that are only `...` (or `Ellipsis`) in the live code of functions that `torch.jit.script`
compiles: placeholder bodies, stubs left in a method that is reached from `forward`.

## Why TorchScript rejects it
The frontend turns `...` into a `Dots` expression, which the IR emitter can only use inside a subscript
(`x[..., 0]`); as an expression statement it has nothing to emit. The error comes from the emitter, so a `...` in a
statically dead branch (`if not torch.jit.is_scripting():`) is skipped and scripts. Overload declarations
(`@torch.jit._overload_method`, `@torch.jit._overload`, `@typing.overload`), `@torch.jit.ignore` / `unused` methods
and stubs nothing compiled calls are never compiled and are not reported.

## The error torch 2.13.0 prints
```
RuntimeError: Cannot emit expr for: (dots)
```

## Example
```python
def reset_state(self) -> None:
    ...
```

## Use instead
```python
def reset_state(self) -> None:
    pass
```

## Fix safety
The fix replaces `...` with `pass`. It is **safe**: a bare `...` statement evaluates a constant and discards it, so
the function behaves the same, and returns None implicitly exactly as before.
)doc"};

class EllipsisStatement final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.expression_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (ts_node_named_child_count(node) != 1) return;
    const TSNode value = ts_node_named_child(node, 0);
    static const TSSymbol kEllipsis = named_kind_id("ellipsis");
    const bool dots = ts_node_symbol(value) == kEllipsis ||
                      (is(value, sym.identifier) && context.model().is_builtin(value, "Ellipsis"));
    if (!dots) return;
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Replace the bare `...` with `pass`";
    fix.edits.push_back(replace_node(node, "pass"));
    context.report(node, "A bare `" + std::string(context.text(value)) + "` statement is not supported by TorchScript",
                   std::move(fix));
  }
};

}  // namespace

const Rule& ellipsis_statement_rule() {
  static const EllipsisStatement rule;
  return rule;
}

}  // namespace jitlint
