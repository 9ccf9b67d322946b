// JT124 dict-unpack: `{**d}` in a dict display in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT124",
    "dict-unpack",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript cannot expand a dict inside a dict display; copy it and `update` it instead",
    "Dict expansion (e.g. `{**dict}`) is not supported\n"
    "'NoneType' object has no attribute 'lineno'",
    R"doc(## What it does
Finds `**mapping` entries inside dict displays (`{**a, **b}`, `{**defaults, "k": v}`) in code that
`torch.jit.script` compiles.

## Why TorchScript rejects it
The frontend (`torch/jit/frontend.py`, `build_Dict`) builds a dict display from its key/value pairs only. It looks
for the `**` entry (a `None` key in Python's AST) in first place only, and raises `NotSupportedError` there, also in
statically dead branches; a `**` entry after another entry (`{"k": v, **kwargs}`) reaches `build_expr(None)`, and
the frontend itself crashes with an `AttributeError` that names no line.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: Dict expansion (e.g. `{**dict}`) is not supported:
AttributeError: 'NoneType' object has no attribute 'lineno'          ({"k": v, **kwargs}: no line given)
```

## Example
```python
def forward(self, feats: Dict[str, Tensor], extra: Dict[str, Tensor]) -> Dict[str, Tensor]:
    return {**feats, **extra, "pooled": feats["p3"].mean()}
```

## Use instead
```python
def forward(self, feats: Dict[str, Tensor], extra: Dict[str, Tensor]) -> Dict[str, Tensor]:
    out = feats.copy()
    out.update(extra)
    out["pooled"] = feats["p3"].mean()
    return out
```
`dict.copy()` and `dict.update()` are TorchScript builtins; later entries win, as with `{**a, **b}`.

## Fix safety
No automatic fix.
)doc"};

class DictUnpack final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.dictionary_splat}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (!is(context.parent(), sym.dictionary)) return;  // `f(**kw)` is JT125
    context.report(node, "Dict unpacking (`**d`) in a dict display is not supported by TorchScript");
  }
};

}  // namespace

const Rule& dict_unpack_rule() {
  static const DictUnpack rule;
  return rule;
}

}  // namespace jitlint
