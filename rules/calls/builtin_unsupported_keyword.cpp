// JT503 builtin-unsupported-keyword: an argument of a builtin that Python accepts and TorchScript's version of the
// builtin does not (`sorted(key=...)`, `max(default=...)`, `print(end=...)`, `round(x, 2)`).
#include "core/rule.h"
#include "rules/calls/builtin_names.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT503",
    "builtin-unsupported-keyword",
    "calls",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript's version of this builtin takes fewer arguments than Python's; drop the argument or compute the "
    "result another way",
    "Arguments for call are not valid\n"
    "print doesn't accept any keyword arguments\n"
    "cannot be used as a value",
    R"doc(## What it does
Finds arguments of builtins that Python accepts but TorchScript's version of the builtin does not, in code that
`torch.jit.script` compiles:
- `sorted(xs, key=...)`, `sorted(xs, reverse=...)`;
- `max(..., key=...)`, `max(xs, default=...)`, and the same for `min`;
- `print(..., sep=..., end=..., file=..., flush=...)`;
- `sum(xs, start)` (also `start=`), `round(x, ndigits)`, `int(s, base)`, `pow(x, y, mod)` and keywords of `pow`.

## Why TorchScript rejects it
TorchScript's builtins are operators with fixed schemas (`aten::sorted(t[] input) -> t[]`, `aten::round(float a)`,
`prim::max(t[] l)`, ...): no `key`, `reverse`, `default`, `start` or `ndigits` parameter, and no functions as
values at all, so `key=len` fails on the value first. `print` accepts no keyword argument.

## The errors torch 2.13.0 prints
```
RuntimeError: Arguments for call are not valid.
RuntimeError: print doesn't accept any keyword arguments:
RuntimeError: __len__ cannot be used as a value:                  (key=len; "function cannot be used as a value" for key=f)
```

## Example
```python
def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
    largest = sorted(sizes, reverse=True)[0]
    print("largest:", largest, end="")
    return x * round(float(largest) / 3.0, 2)
```

## Use instead
```python
def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
    ordered = sorted(sizes)
    ordered.reverse()
    largest = ordered[0]
    print("largest:", largest)
    return x * (round(float(largest) / 3.0 * 100.0) / 100.0)
```
`max(xs, default=d)`: `max(xs) if len(xs) > 0 else d`; `sum(xs, s)`: `s + sum(xs)`; `sorted(xs, key=f)` or
`max(xs, key=f)`: a loop that keeps the best element; `round(v, 2)`: `round(v * 100.0) / 100.0` (not always the
same float); `xs.sort(reverse=True)` (the list method) does take
`reverse`.

A `key=lambda ...` is left to JT120 (lambda), which TorchScript reports first.

## Fix safety
No automatic fix: the rewrites change evaluation (a value computed twice), output text, or rounding.
)doc"};

// Per builtin: the keywords TorchScript rejects, and the first positional index it rejects (-1: none).
struct BuiltinArguments {
  const char* builtin;
  std::initializer_list<std::string_view> keywords;
  int positional;
  const char* positional_name;
};
const BuiltinArguments kArguments[] = {
    {"sorted", {"key", "reverse"}, -1, ""},
    {"max", {"key", "default"}, -1, ""},
    {"min", {"key", "default"}, -1, ""},
    {"print", {"sep", "end", "file", "flush"}, -1, ""},
    {"sum", {"start"}, 1, "start"},
    {"round", {"ndigits"}, 1, "ndigits"},
    {"int", {"base"}, 1, "base"},
    {"pow", {"base", "exp", "mod"}, 2, "mod"},
};

class BuiltinUnsupportedKeyword final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const std::string_view name = calls::called_builtin(context, node);
    if (name.empty()) return;
    const BuiltinArguments* entry = nullptr;
    for (const BuiltinArguments& candidate : kArguments) {
      if (name == candidate.builtin) entry = &candidate;
    }
    if (!entry) return;
    const TSNode arguments = field(node, fld.arguments);
    if (!is(arguments, sym.argument_list)) return;  // `sum(x for x in xs)`: one generator argument
    int position = 0;
    for (TSNode arg : NamedChildren(arguments)) {
      if (is(arg, sym.list_splat) || is(arg, sym.dictionary_splat)) return;  // not ours to count
      if (is(arg, sym.keyword_argument)) {
        const std::string_view key = context.text(field(arg, fld.name));
        if (is(strip_parens(field(arg, fld.value)), sym.lambda)) continue;  // JT120 reports the lambda
        for (std::string_view rejected : entry->keywords) {
          if (key == rejected) {
            context.report(arg, message(name, key));
            break;
          }
        }
        continue;
      }
      if (entry->positional >= 0 && position == entry->positional) {
        context.report(arg, message(name, entry->positional_name));
      }
      ++position;
    }
  }

 private:
  static std::string message(std::string_view builtin, std::string_view argument) {
    if (builtin == "print") {
      return "`print` does not accept keyword arguments such as `" + std::string(argument) + "=` in TorchScript";
    }
    return "TorchScript's `" + std::string(builtin) + "` does not accept the `" + std::string(argument) +
           "` argument";
  }
};

}  // namespace

const Rule& builtin_unsupported_keyword_rule() {
  static const BuiltinUnsupportedKeyword rule;
  return rule;
}

}  // namespace jitlint
