// JT303 unannotated-nontensor-default: `eps=1e-6` without an annotation in a compiled signature.
#include "core/edits.h"
#include "core/parameter_uses.h"
#include "core/rule.h"
#include "core/torch_ops.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT303",
    "unannotated-nontensor-default",
    "signatures",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript types an unannotated parameter `Tensor`; annotate the parameter with its default's type",
    "Expected a default value of type Tensor (inferred) on parameter",
    R"doc(## What it does
Finds parameters of compiled functions that have no annotation and a default that is not a tensor: a number,
a bool, a string, a tuple, a bytes literal (`eps=1e-6`, `flag=False`, `mode="a"`, `dims=(0, 1)`), or one of
torch's dtypes (`dtype=torch.float32`), in methods, `@staticmethod`s and functions of the compiled closure alike.

## Why TorchScript rejects it
TorchScript does not infer a parameter's type from its default: an unannotated parameter is `Tensor`
("Tensor (inferred)"). When it builds the function's schema it converts the default to that type and fails.
A type comment (`# type: (Tensor, float) -> Tensor`) types the parameters too; jitlint leaves such functions
alone.

## The error torch 2.13.0 prints
```
RuntimeError: Expected a default value of type Tensor (inferred) on parameter "eps".Because "eps" was not annotated with an explicit type it is assumed to be type 'Tensor'.
```

## Example
```python
class Norm(nn.Module):
    def forward(self, x: Tensor, eps=1e-6, center=True) -> Tensor:
        ...
```

## Use instead
```python
class Norm(nn.Module):
    def forward(self, x: Tensor, eps: float = 1e-6, center: bool = True) -> Tensor:
        ...
```

## Fix safety
The fix adds the annotation the literal default implies: `int`, `float`, `bool`, `str`, or `Tuple[...]` of
those (importing `Tuple` from `typing` when needed), or `torch.dtype` for a dtype (where the file imports `torch`
by that name). It is **safe**: Python never checks annotations, so eager
behaviour is unchanged, and TorchScript now accepts the default. If callers pass a float where the default is an
int literal (`scale=1` called with `0.5`), scripting the caller then reports a type mismatch: change the
annotation to `float` (a `float` parameter accepts an int default). Defaults that are not literals (a module
constant) get no fix: annotate them by hand.

## Known limitations
A default that names a module-level constant or another expression (other than a torch dtype) is not reported:
jitlint cannot always tell it is not a tensor. `None` defaults are JT304; list and dict defaults are JT307.
)doc"};

bool is_not_a_tensor(LiteralKind kind) {
  switch (kind) {
    case LiteralKind::Int:
    case LiteralKind::Float:
    case LiteralKind::Bool:
    case LiteralKind::Str:
    case LiteralKind::Bytes:
    case LiteralKind::Tuple:
      return true;
    default:
      return false;
  }
}

std::string describe(LiteralKind kind) {
  switch (kind) {
    case LiteralKind::Int: return "an int";
    case LiteralKind::Float: return "a float";
    case LiteralKind::Bool: return "a bool";
    case LiteralKind::Str: return "a str";
    case LiteralKind::Bytes: return "bytes";
    default: return "a tuple";
  }
}

class UnannotatedNontensorDefault final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const auto& parameters = function.signature.parameters;
    for (size_t i = 0; i < parameters.size(); ++i) {
      const Parameter& parameter = parameters[i];
      if (ts_node_is_null(parameter.default_value) || !inferred_as_tensor(function, i)) continue;
      // `dtype=torch.float32`: a dtype, which TorchScript types `torch.dtype` only when annotated
      const bool dtype = is(parameter.default_value, sym.attribute) &&
                         is_torch_dtype(context.model().qualified_name(parameter.default_value));
      if (!dtype && !is_not_a_tensor(parameter.default_kind)) continue;
      std::optional<Fix> fix;
      std::vector<std::string> typing_names;
      const std::string annotation =
          dtype ? (context.model().imports().imported_as("torch") == "torch" ? "torch.dtype" : "")
                : literal_annotation(context.source(), parameter.default_value, typing_names);
      if (!annotation.empty()) {
        const std::string spelled = std::string(parameter.name) + ": " + annotation + " = " +
                                    std::string(context.text(parameter.default_value));
        fix = Fix{Applicability::Safe, "Annotate `" + std::string(parameter.name) + ": " + annotation + "`",
                  {replace_node(parameter.node, spelled)}, typing_names, {}};
      }
      context.report(parameter.node,
                     "Parameter `" + std::string(parameter.name) + "` has no annotation, so TorchScript types it " +
                         "`Tensor`, but its default is " + (dtype ? "a dtype" : describe(parameter.default_kind)),
                     std::move(fix));
    }
  }
};

}  // namespace

const Rule& unannotated_nontensor_default_rule() {
  static const UnannotatedNontensorDefault rule;
  return rule;
}

}  // namespace jitlint
