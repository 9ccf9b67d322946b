// JT507 dynamic-getattr: `getattr(obj, name)` / `hasattr(obj, name)` with a name that is not a string literal.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT507",
    "dynamic-getattr",
    "calls",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript resolves `getattr`/`hasattr` at compile time: the attribute name must be a string literal",
    "getattr's second argument must be a string literal\n"
    "hasattr's second argument must be a string literal",
    R"doc(## What it does
Finds calls of the builtins `getattr` and `hasattr` in compiled code whose second argument is not a plain string
literal: an f-string (even one without placeholders), a variable, an attribute (`self.name`), a concatenation or a
`.format(...)` call.

## Why TorchScript rejects it
TorchScript has no run-time attribute lookup. `getattr(obj, "name")` and `hasattr(obj, "name")` are special forms
the compiler resolves while compiling, against the static type of `obj`; that needs the name itself in the source.
A name computed at run time (`getattr(self, f"layer{i}")`) cannot be resolved, even when its value never changes.

## The error torch 2.13.0 prints
```
RuntimeError: getattr's second argument must be a string literal:
RuntimeError: hasattr's second argument must be a string literal:
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    for i in range(3):
        x = getattr(self, f"layer{i}")(x)
    return x
```

## Use instead
```python
# in __init__: self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(3)])
def forward(self, x: Tensor) -> Tensor:
    for layer in self.layers:
        x = layer(x)
    return x
```
Or spell the names out (`x = self.layer0(x)`, `x = self.layer1(x)`, ...), which keeps the `state_dict` keys.
`getattr(self, "name")`, `getattr(self, "name", default)` and `hasattr(self, "name")` with literal names script.

## Fix safety
No automatic fix: unrolling needs the loop's bounds, and moving the modules into an `nn.ModuleList` changes the
`state_dict` keys (checkpoints no longer load).

## Known limitations
Keyword arguments and star-unpacked arguments are not examined (torch rejects them with another message).
)doc"};

class DynamicGetattr final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const TSNode callee = strip_parens(field(node, fld.function));
    const char* which = nullptr;
    if (context.model().is_builtin(callee, "getattr")) which = "getattr";
    else if (context.model().is_builtin(callee, "hasattr")) which = "hasattr";
    if (!which) return;
    std::vector<TSNode> args;
    for (TSNode arg : NamedChildren(field(node, fld.arguments))) {
      if (is(arg, sym.keyword_argument) || is(arg, sym.list_splat) || is(arg, sym.dictionary_splat)) return;
      args.push_back(arg);
    }
    if (args.size() < 2 || (std::string_view(which) == "hasattr" && args.size() != 2) || args.size() > 3) return;
    const TSNode name = strip_parens(args[1]);
    if (is_plain_string(context.source(), name)) return;
    context.report(node, "`" + std::string(which) + "` with the computed attribute name `" +
                             std::string(context.text(args[1])) +
                             "` is not supported by TorchScript, which needs a string literal");
  }
};

}  // namespace

const Rule& dynamic_getattr_rule() {
  static const DynamicGetattr rule;
  return rule;
}

}  // namespace jitlint
