// JT127 bytes-literal: `b"..."` in compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT127",
    "bytes-literal",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript has no bytes type; use a str, a List[int] or a uint8 tensor",
    "Unknown Constant expression type",
    R"doc(## What it does
Finds bytes literals (`b"..."`, `rb"..."`) in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript has no `bytes` type. The frontend (`torch/jit/frontend.py`, `build_Constant`) accepts only None, bool,
int, float, complex, str and `...` constants and raises `FrontendError` for a bytes constant, also in statically
dead branches and as a statement of its own (only str statements are skipped as docstrings).

## The error torch 2.13.0 prints
```
torch.jit.frontend.FrontendError: Unknown Constant expression type:
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    magic = b"\x89PNG"
    return x[: len(magic)]
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    magic = [0x89, 0x50, 0x4E, 0x47]     # or a str, or torch.tensor([...], dtype=torch.uint8)
    return x[: len(magic)]
```

## Fix safety
No automatic fix: the right replacement (str, list of ints, uint8 tensor) depends on how the bytes are used.
)doc"};

class BytesLiteral final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.string}}; }
  void check(RuleContext& context, TSNode node) const override {
    TSNode start = ts_node_child(node, 0);
    if (!is(start, sym.string_start)) return;
    const std::string_view opening = context.text(start);  // prefix and quote: `b"`, `Rb'''`
    for (char c : opening) {
      if (c == '"' || c == '\'') break;
      if (c == 'b' || c == 'B') {
        context.report(node, "Bytes literals are not supported by TorchScript");
        return;
      }
    }
  }
};

}  // namespace

const Rule& bytes_literal_rule() {
  static const BytesLiteral rule;
  return rule;
}

}  // namespace jitlint
