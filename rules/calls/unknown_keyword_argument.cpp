// JT510 unknown-keyword-argument: a keyword argument no overload of the torch operator (or torch function) takes.
#include <optional>
#include <string>
#include <string_view>

#include "core/edits.h"
#include "core/rule.h"
#include "core/torch_ops.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT510",
    "unknown-keyword-argument",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript matches keyword arguments against the operator's schema: use the schema's argument name",
    "Arguments for call are not valid\n"
    ") -> ",
    R"doc(## What it does
Finds keyword arguments that a torch operator does not take, in code that `torch.jit.script` compiles:
`x.sum(-1, keepdims=True)`, `torch.cat(xs, axis=-1)`, `x.max(dim=-1, keepdims=True)`,
`F.softmax(x, dimension=-1)`. The callee must certainly be that operator: `torch.<op>(...)`,
`torch.nn.functional.<op>(...)`, `torch.linalg` / `torch.special` / `torch.fft` functions resolved through the
file's imports, or `x.<op>(...)` with `x` certainly a Tensor (an unannotated or `Tensor`-annotated parameter, a
local assigned from a torch call). It reports a keyword only when **no** overload of the operator has an argument
of that name.

The operators' argument names come from a table generated from torch's own schemas
(`torch._C._jit_get_all_schemas()`, by `scripts/gen_op_schemas.py`) and, for the `torch.nn.functional` functions
TorchScript compiles from their Python source, from their signatures.

## Why TorchScript rejects it
A call of a builtin operator is matched against the operator's schemas, and a keyword must name an argument of the
schema. Eager PyTorch's argument parser is more lenient: it also takes numpy's names `axis` for `dim`, `keepdims`
for `keepdim` and `x` for `input`, so code that runs in eager mode fails to compile. A misspelt keyword fails in
both (eagerly only when the line runs).

## The error torch 2.13.0 prints
For an operator with several overloads:
```
RuntimeError: Arguments for call are not valid.
The following variants are available:
  aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor:
  Keyword argument keepdims unknown.
```
For a single schema (one overload, or a `torch.nn.functional` function compiled from source), the schema itself:
```
RuntimeError: softmax(Tensor input, int? dim=None, int _stacklevel=3, int? dtype=None) -> Tensor:
Keyword argument dimension unknown.
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    m = x.mean(axis=-1, keepdims=True)
    return torch.cat([x, m], axis=-1)
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    m = x.mean(dim=-1, keepdim=True)
    return torch.cat([x, m], dim=-1)
```

## Fix safety
Renaming numpy's alias to the schema's name (`axis` -> `dim`, `keepdims` -> `keepdim`, `x` / `a` / `x1` -> `input`,
`x2` -> `other`) is **safe** for operators eager PyTorch implements in C: its argument parser treats the two names
as one, so eager behaviour is unchanged. Other unknown keywords (typos, arguments of another function) have no
automatic fix: look the operator up and use one of its argument names.

## Known limitations
Only calls whose callee is certain are checked; a method called on a value not known to be a Tensor is not.
Ops taking `*args` or `**kwargs` and `boolean_dispatch` functions (`F.max_pool2d`) are not in the table.
)doc"};

// numpy's names eager PyTorch's C argument parser takes for an argument (python_arg_parser.cpp).
std::string_view numpy_alias_target(std::string_view name) {
  if (name == "axis") return "dim";
  if (name == "keepdims") return "keepdim";
  if (name == "x" || name == "a" || name == "x1") return "input";
  if (name == "x2") return "other";
  return {};
}

class UnknownKeywordArgument final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const TSNode arguments = field(node, fld.arguments);
    if (!is(arguments, sym.argument_list)) return;
    bool any_keyword = false;
    for (TSNode argument : NamedChildren(arguments)) any_keyword = any_keyword || is(argument, sym.keyword_argument);
    if (!any_keyword) return;

    const auto callee =
        resolve_torch_callee(context.model(), context.function(), strip_parens(field(node, fld.function)));
    if (!callee) return;
    const std::string_view keywords = callee->keywords;

    for (TSNode argument : NamedChildren(arguments)) {
      if (!is(argument, sym.keyword_argument)) continue;
      const std::string_view name = context.text(field(argument, fld.name));
      if (has_name(keywords, name)) continue;
      std::string message =
          "TorchScript's `" + callee->display + "` takes no keyword argument `" + std::string(name) + "`";
      std::optional<Fix> fix;
      const std::string_view target = numpy_alias_target(name);
      if (!target.empty() && has_name(keywords, target)) {
        message += " (its schema calls it `" + std::string(target) + "`)";
        if (callee->numpy_aliases && !passes_keyword(context, arguments, target)) {
          fix = Fix{};
          fix->message = "Rename `" + std::string(name) + "` to `" + std::string(target) + "`";
          fix->edits.push_back(replace_node(field(argument, fld.name), std::string(target)));
        }
      }
      context.report(argument, std::move(message), std::move(fix));
    }
  }

 private:
  static bool passes_keyword(RuleContext& context, TSNode arguments, std::string_view name) {
    for (TSNode argument : NamedChildren(arguments)) {
      if (is(argument, sym.keyword_argument) && context.text(field(argument, fld.name)) == name) return true;
      if (is(argument, sym.dictionary_splat)) return true;  // `**kw` may hold it
    }
    return false;
  }
};

}  // namespace

const Rule& unknown_keyword_argument_rule() {
  static const UnknownKeywordArgument rule;
  return rule;
}

}  // namespace jitlint
