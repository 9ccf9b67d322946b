// JT113 bare-raise: `raise` without an exception in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT113",
    "bare-raise",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript needs an exception to raise; raise one explicitly (`raise RuntimeError(\"...\")`)",
    "'NoneType' object has no attribute 'lineno'",
    R"doc(## What it does
Finds `raise` statements without an exception (a re-raise) in code that `torch.jit.script` compiles, also in
statically dead branches.

## Why TorchScript rejects it
A bare `raise` re-raises the exception being handled, and TorchScript has no `except` to handle one. Its frontend
(`torch/jit/frontend.py`, `build_Raise`) does not expect a `raise` without an exception: it builds the missing
expression (`None`) and crashes with an `AttributeError` that names no line of your code.

## The error torch 2.13.0 prints
```
AttributeError: 'NoneType' object has no attribute 'lineno'
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    if x.dim() != 2:
        raise
    return x
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    if x.dim() != 2:
        raise RuntimeError("expected a 2-D input")
    return x
```
TorchScript supports `raise SomeError("message")`, `raise SomeError` and `raise ... from ...`; the exception
surfaces as `torch.jit.Error` carrying the message.

## Fix safety
No automatic fix: which exception to raise is the author's choice.
)doc"};

class BareRaise final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.raise_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (NamedChildren(node).begin() != NamedChildren(node).end()) return;  // raises an exception
    context.report(node, "A bare `raise` (re-raise) is not supported by TorchScript");
  }
};

}  // namespace

const Rule& bare_raise_rule() {
  static const BareRaise rule;
  return rule;
}

}  // namespace jitlint
