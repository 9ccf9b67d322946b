// JT307 mutable-default: TODO one line on what it finds.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT307",
    "mutable-default",
    "signatures",
    Phase::Frontend,
    FixAvailability::None,
    "TODO: one-line help shown under each diagnostic",
    "TODO: a stable substring of the first line torch 2.13.0 prints",
    R"doc(## What it does
TODO

## Why TorchScript rejects it
TODO

## The error torch 2.13.0 prints
```
TODO: a stable substring of the first line torch 2.13.0 prints
```

## Example
```python
TODO
```

## Use instead
```python
TODO
```

## Fix safety
No automatic fix.
)doc"};

class MutableDefault final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  // Node kinds by grammar id (core/kinds.h); hooks for functions, classes, the file: docs/engine.md.
  Subscriptions subscriptions() const override { return {{sym.call}}; }
  void check(RuleContext& context, TSNode node) const override {
    (void)context;
    (void)node;
  }
};

}  // namespace

const Rule& mutable_default_rule() {
  static const MutableDefault rule;
  return rule;
}

}  // namespace jitlint
