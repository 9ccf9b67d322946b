// JT000 syntax-error: the file does not parse as Python. Reported by the engine itself (core/engine.cpp); no other
// rule runs on such a file.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT000",
    "syntax-error",
    "engine",
    Phase::Frontend,
    FixAvailability::None,
    "The file is not valid Python, so neither Python nor TorchScript can load it",
    "SyntaxError",
    R"doc(## What it does
Reports the places where the file does not parse as Python.

## Why TorchScript rejects it
`torch.jit.script` reads the source with Python's own parser (`ast.parse` in `torch/jit/frontend.py`); a file
Python cannot import never reaches it. jitlint reports the syntax error and runs no other rule on the file, because
a tree with errors is only a guess at what was meant. No fix is applied to such a file.

## The error Python prints
`SyntaxError: invalid syntax` (or a more specific message), when the file is imported.

## Example
```python
def forward(self, x)
    return x
```

## Use instead
```python
def forward(self, x):
    return x
```

## Fix safety
No automatic fix.
)doc"};

class SyntaxError final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {}; }  // reported by the engine from the parse
};

}  // namespace

const Rule& syntax_error_rule() {
  static const SyntaxError rule;
  return rule;
}

}  // namespace jitlint
