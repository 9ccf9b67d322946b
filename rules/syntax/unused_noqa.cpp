// JT001 unused-noqa: `# noqa: JT...` codes that suppress nothing. Reported by the engine itself after the other
// rules ran (core/engine.cpp, core/suppression.cpp): whether a code is used depends on every other diagnostic.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT001",
    "unused-noqa",
    "engine",
    Phase::Frontend,
    FixAvailability::Always,
    "Remove `# noqa` codes that suppress no diagnostic",
    "",
    R"doc(## What it does
Finds jitlint codes in `# noqa: ...` comments that suppress nothing: no diagnostic of that rule starts on the
comment's line. Like ruff's `RUF100`.

## Why it matters
A suppression outlives the code it was written for: once the construct is fixed (or the rule stops reporting it),
the comment keeps hiding whatever that rule would report on the line next, and tells the reader about a failure
that is no longer there. This is not a TorchScript failure: `torch.jit.script` never reads comments.

## When a code counts
Only codes of jitlint's own rules (`JT...`) that ran on the file are judged: the codes of other linters (`E501`,
`F401`) sharing the comment, rules left out by `--select`/`ignore`, a blanket `# noqa` and the file-wide
`# jitlint: noqa` are left alone. A file with a syntax error is not judged (no other rule ran). A `# noqa`
that lists `JT001` itself keeps its other codes.

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    for layer in self.layers:  # noqa: JT201
        x = layer(x)
    return x
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    for layer in self.layers:
        x = layer(x)
    return x
```

## Fix safety
The fix removes the unused codes from the comment (`# noqa: JT201, E501` becomes `# noqa: E501`), or the whole
directive when none is left, with the comment when the directive was all of it. It is **safe**: comments do not
change what the code does, and the codes removed suppressed nothing.
)doc"};

class UnusedNoqa final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {}; }  // reported by the engine after the other rules
};

}  // namespace

const Rule& unused_noqa_rule() {
  static const UnusedNoqa rule;
  return rule;
}

}  // namespace jitlint
