// JT125 keyword-argument-unpack: `f(**kwargs)` in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT125",
    "keyword-argument-unpack",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript cannot expand a dict into keyword arguments; pass each argument by name",
    "keyword-arg expansion is not supported",
    R"doc(## What it does
Finds `**mapping` arguments in calls (`f(x, **kwargs)`) in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript resolves every call against a fixed schema at compile time, so the keyword names must be written in
the source. The frontend (`torch/jit/frontend.py`, `build_Call`) raises `NotSupportedError` for a keyword entry
without a name, also in statically dead branches.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: keyword-arg expansion is not supported:
```

## Example
```python
def forward(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
    return F.dropout(x, **opts)
```

## Use instead
```python
def forward(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
    return F.dropout(x, p=opts["p"])
```
Pass each argument explicitly; values that vary per instance belong in typed attributes set in `__init__`.

## Fix safety
No automatic fix: the keys of the mapping are not known statically.
)doc"};

class KeywordArgumentUnpack final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.dictionary_splat}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (!is(context.parent(), sym.argument_list)) return;  // `{**d}` is JT124
    context.report(node, "Keyword-argument unpacking (`**kwargs`) in a call is not supported by TorchScript");
  }
};

}  // namespace

const Rule& keyword_argument_unpack_rule() {
  static const KeywordArgumentUnpack rule;
  return rule;
}

}  // namespace jitlint
