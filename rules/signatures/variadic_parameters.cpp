// JT301 variadic-parameters: `*args`, `**kwargs` or a keyword-only parameter with a default in a compiled signature.
#include "core/edits.h"
#include "core/parameter_uses.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT301",
    "variadic-parameters",
    "signatures",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript compiles fixed signatures only: name every parameter, and give keyword-only parameters no default",
    "Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults",
    R"doc(## What it does
Finds `*args`, `**kwargs` (also `**kwargs: Unpack[...]`) and keyword-only parameters with a default value in the
signature of a function that `torch.jit.script` compiles: `forward`, exported methods, properties,
`@torch.jit.script` functions and everything they call in the same file, `@staticmethod`s included.

## Why TorchScript rejects it
A compiled function has one fixed schema (`forward(Tensor x, int k=2) -> Tensor`). TorchScript's frontend
(`build_param_list` in `torch/jit/frontend.py`) raises as soon as the signature has a `*args` or `**kwargs`
parameter, or a keyword-only parameter with a default. Keyword-only parameters *without* a default compile.
It is the most common first error on real code: wrappers that forward `**kwargs` to attention implementations,
`*args` pass-through helpers, and `def f(x, *, scale=1.0)` APIs.

## The error torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults:
```

## Example
```python
class Block(nn.Module):
    def forward(self, x: Tensor, *, scale: float = 1.0, **kwargs) -> Tensor:
        return self.proj(x) * scale
```

## Use instead
```python
class Block(nn.Module):
    def forward(self, x: Tensor, scale: float = 1.0) -> Tensor:
        return self.proj(x) * scale
```
Replace `*args` by the parameters the function really takes (or one `List[Tensor]` / `Tuple[...]` parameter),
and `**kwargs` by the keyword parameters it uses. Keep a Python-only path behind `@torch.jit.unused` when the
variadic API must stay for eager callers.

## Fix safety
- A keyword-only parameter with a default: the fix drops the bare `*` so the parameters become ordinary ones. It is
  **unsafe**: callers passing them by keyword are unaffected, but the function now also accepts them by position,
  and a caller that passed too many positional arguments no longer raises. Offered only when the bare `*` is
  followed by parameters that all keep a valid order (each has a default once one has).
- `**kwargs` or `*args` that the body never reads: the fix deletes the parameter. It is **unsafe**: callers that
  passed extra arguments (ignored until now) get a `TypeError`.
- `*args` / `**kwargs` that the body reads: no automatic fix.

## Known limitations
Decorators that wrap a compiled function in `def wrapper(*args, **kwargs)` without `functools.wraps` compile the
wrapper instead; jitlint reports the signature it sees, which is the decorated function's.
)doc"};

// The span to delete for a parameter node (or the `*` separator): it and the comma before it, or the comma after it
// when it is the first entry.
std::optional<Edit> delete_entry(const Source& source, TSNode parameters, TSNode entry) {
  TSNode previous{};
  TSNode next{};
  bool found = false;
  for (TSNode child : NamedChildren(parameters)) {
    if (is(child, sym.comment)) return std::nullopt;  // a comment between entries: leave the signature alone
    if (found && ts_node_is_null(next)) next = child;
    if (ts_node_eq(child, entry)) found = true;
    if (!found) previous = child;
  }
  if (!found) return std::nullopt;
  if (!ts_node_is_null(previous)) return Edit{ts_node_end_byte(previous), ts_node_end_byte(entry), ""};
  if (!ts_node_is_null(next)) return Edit{ts_node_start_byte(entry), ts_node_start_byte(next), ""};
  (void)source;
  return Edit{ts_node_start_byte(entry), ts_node_end_byte(entry), ""};
}

// Dropping the bare `*` keeps a valid signature: no parameter without a default follows one with a default.
bool order_survives(const Signature& signature) {
  bool seen_default = false;
  for (const Parameter& parameter : signature.parameters) {
    if (parameter.kind == Parameter::Kind::VarArgs || parameter.kind == Parameter::Kind::VarKwargs) return false;
    const bool has_default = !ts_node_is_null(parameter.default_value);
    if (seen_default && !has_default) return false;
    seen_default = seen_default || has_default;
  }
  return true;
}

TSNode keyword_separator(const Signature& signature) {
  for (TSNode child : NamedChildren(signature.parameters_node)) {
    if (is(child, sym.keyword_separator)) return child;
  }
  return TSNode{};
}

class VariadicParameters final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const Signature& signature = function.signature;
    for (size_t i = 0; i < signature.parameters.size(); ++i) {
      const Parameter& parameter = signature.parameters[i];
      const std::string name(parameter.name);
      if (parameter.kind == Parameter::Kind::VarArgs || parameter.kind == Parameter::Kind::VarKwargs) {
        const bool star_args = parameter.kind == Parameter::Kind::VarArgs;
        const std::string spelled = (star_args ? "*" : "**") + name;
        std::optional<Fix> fix;
        const bool unread = !parameter.name.empty() && !parameter_is_read(context.model(), function, i);
        if (unread) {
          if (auto edit = delete_entry(context.source(), signature.parameters_node, parameter.node)) {
            // `*args` followed by keyword-only parameters: deleting it would make them positional.
            const bool star_is_separator = star_args && &parameter != &signature.parameters.back();
            if (!star_is_separator) {
              fix = Fix{Applicability::Unsafe, "Remove the unused `" + spelled + "`", {*edit}, {}, {}};
            }
          }
        }
        context.report(parameter.node,
                       "`" + spelled + "` in the signature of a compiled function is not supported by TorchScript",
                       std::move(fix));
      } else if (parameter.kind == Parameter::Kind::KeywordOnly && !ts_node_is_null(parameter.default_value)) {
        std::optional<Fix> fix;
        const TSNode separator = keyword_separator(signature);
        if (!ts_node_is_null(separator) && order_survives(signature)) {
          if (auto edit = delete_entry(context.source(), signature.parameters_node, separator)) {
            fix = Fix{Applicability::Unsafe, "Make the keyword-only parameters ordinary ones (drop the `*`)",
                      {*edit}, {}, {}};
          }
        }
        context.report(parameter.node,
                       "Keyword-only parameter `" + name +
                           "` has a default value, which TorchScript does not support in a compiled signature",
                       std::move(fix));
      }
    }
  }
};

}  // namespace

const Rule& variadic_parameters_rule() {
  static const VariadicParameters rule;
  return rule;
}

}  // namespace jitlint
