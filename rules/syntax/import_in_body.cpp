// JT110 import-in-body: `import x` / `from x import y` inside compiled code.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT110",
    "import-in-body",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript cannot execute imports; import at module level, or move the code into a `@torch.jit.unused` "
    "helper",
    "import statements aren't supported",
    R"doc(## What it does
Finds `import x` and `from x import y` statements inside code that `torch.jit.script` compiles, including those
under `if TYPE_CHECKING:` and in statically dead branches.

## Why TorchScript rejects it
A compiled function cannot run Python's import machinery. The frontend (`torch/jit/frontend.py`) rejects
`ast.Import` / `ast.ImportFrom` with `UnsupportedNodeError` wherever they are in the body: it parses dead branches
(`if not torch.jit.is_scripting():`, `if TYPE_CHECKING:`, `if False:`) before deciding they are dead.

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: import statements aren't supported:
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    import math
    return x * math.pi
```

## Use instead
```python
import math

class Model(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x * math.pi
```
Import at module level: TorchScript resolves module-level names (modules, functions, constants) when it compiles.
A lazy import that exists to avoid an optional dependency belongs in a `@torch.jit.unused` helper.

## Fix safety
No automatic fix. Hoisting an import to the top of the module is not behaviour-preserving in general: the import
then runs when the module is imported (side effects, import cycles, an optional dependency that may be missing),
and the imported name may shadow, or be shadowed by, a module-level name of the same spelling.
)doc"};

class ImportInBody final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.import_statement, sym.import_from_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    context.report(node, is(node, sym.import_statement)
                             ? "`import` statements inside compiled code are not supported by TorchScript"
                             : "`from ... import` statements inside compiled code are not supported by TorchScript");
  }
};

}  // namespace

const Rule& import_in_body_rule() {
  static const ImportInBody rule;
  return rule;
}

}  // namespace jitlint
