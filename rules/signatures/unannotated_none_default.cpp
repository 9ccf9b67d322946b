// JT304 unannotated-none-default: `mask=None` without an annotation in a compiled signature.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/parameter_uses.h"
#include "core/rule.h"
#include "core/torch_ops.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT304",
    "unannotated-none-default",
    "signatures",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "An unannotated `None` default makes TorchScript type the parameter `Tensor`; annotate it `Optional[...]`",
    "Unsupported value kind: Tensor",
    R"doc(## What it does
Finds parameters of compiled functions that default to `None` and have no annotation (`mask=None`).

## Why TorchScript rejects it
An unannotated parameter is `Tensor` in TorchScript, whatever its default. `mask=None` compiles to
`Tensor mask=<undefined tensor>`, `mask is not None` becomes statically true, and the function breaks when it is
used: a compiled caller that omits the argument fails while inlining the default, a caller that passes `None`
fails to match the schema, and a call from Python or C++ without the argument fails at run time ("Expected a
proper Tensor but got None"). The error shows up far from the parameter, in the caller.

## The error torch 2.13.0 prints
A compiled caller that omits the argument:
```
RuntimeError: Unsupported value kind: Tensor
```
A compiled caller that passes `None` (the first line is the callee's schema, with its undefined-tensor default):
```
RuntimeError: forward(Tensor x, Tensor mask=[ Tensor (undefined) ]) -> Tensor:
Expected a value of type 'Tensor (inferred)' for argument 'mask' but instead found type 'NoneType'.
```

## Example
```python
class Attention(nn.Module):
    def forward(self, x: Tensor, mask=None) -> Tensor:
        if mask is not None:
            x = x.masked_fill(mask, 0.0)
        return x
```

## Use instead
```python
class Attention(nn.Module):
    def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        if mask is not None:
            x = x.masked_fill(mask, 0.0)
        return x
```

## Fix safety
The fix annotates `Optional[Tensor]` (importing `Optional`), the type TorchScript assumed all along plus `None`;
`Optional[torch.device]` / `Optional[torch.dtype]` when the body passes the parameter as a `device=` / `dtype=`
argument (always **unsafe**). Reads that point to different types get no fix.
It is **safe** when the body proves it: every read of the parameter is a `None` test or, refined to not-None by
such a test, is used as a tensor (an attribute or method of it, an index into it), and the parameter is never
rebound. Otherwise it is **unsafe**: a read that is not refined becomes an `Optional` misuse, or the parameter may
hold another type (then annotate `Optional[int]`, ...). Eager behaviour never changes (Python does not check
annotations).

## Known limitations
The parameter's real type is taken to be `Tensor`; a parameter used only as an int or a string gets no fix, nor
does one read as an object (`cache.update(x)`: an attribute no Tensor has), a mapping (`opts["k"]`) or a `range`
bound.
)doc"};

enum class Proof { Tensor, Neutral, Unknown, Device, Dtype, Other };

// A read that compares the parameter with None: `mask is None`, `mask is not None`.
bool is_none_test(const ParameterRead& read) {
  if (!is(read.parent, sym.comparison_operator) || ts_node_named_child_count(read.parent) != 2) return false;
  for (TSNode operand : NamedChildren(read.parent)) {
    if (is(operand, sym.none)) return true;
  }
  return false;
}

bool certainly_tensor(const ExprTypes& types, TSNode expr) {
  const std::optional<InferredType> type = types.of(expr);
  return type && type->certain && type->type.is(Type::Kind::Tensor);
}

Proof classify(const RuleContext& context, const ExprTypes& types, const ParameterRead& read) {
  if (is_none_test(read)) return Proof::Neutral;
  // `torch.arange(n, device=device)`: the parameter is a device (or a dtype), refined or not.
  if (is(read.parent, sym.keyword_argument) && read.field == fld.value) {
    const std::string_view keyword = context.text(field(read.parent, fld.name));
    if (keyword == "device") return Proof::Device;
    if (keyword == "dtype") return Proof::Dtype;
  }
  // `cache.update(x)`, `cfg["k"]`: an object or a mapping, not a tensor (JT305 reports the use); no annotation.
  if (is(read.parent, sym.attribute) && read.field == fld.object &&
      !tensor_may_have_attribute(context.text(field(read.parent, fld.attribute)))) {
    return Proof::Other;
  }
  if (is(read.parent, sym.subscript) && read.field == fld.value &&
      literal_kind(context.source(), field(read.parent, fld.subscript)) == LiteralKind::Str) {
    return Proof::Other;
  }
  if (is(read.parent, sym.argument_list) && is(read.grandparent, sym.call) &&
      context.model().is_builtin(field(read.grandparent, fld.function), "range")) {
    return Proof::Other;  // an int
  }
  if (read.refinement != Refinement::Refined) return Proof::Unknown;
  if (is(read.parent, sym.attribute) && read.field == fld.object) return Proof::Tensor;
  if (is(read.parent, sym.subscript) && read.field == fld.value) return Proof::Tensor;
  if (is(read.parent, sym.argument_list) && is(read.grandparent, sym.call)) {
    const std::string callee = context.model().qualified_name(field(read.grandparent, fld.function));
    if (callee.rfind("torch.", 0) == 0) return Proof::Tensor;
    // `x.masked_fill(mask, 0.0)`: an argument of a method of a tensor.
    const TSNode function = field(read.grandparent, fld.function);
    if (is(function, sym.attribute) && certainly_tensor(types, field(function, fld.object))) return Proof::Tensor;
  }
  if (is(read.parent, sym.binary_operator)) {
    for (TSNode operand : NamedChildren(read.parent)) {
      if (!ts_node_eq(operand, read.node) && certainly_tensor(types, operand)) return Proof::Tensor;
    }
  }
  return Proof::Unknown;
}

// An implementation with `@overload` stubs (torch.nn's RNN `forward`) is compiled once per stub, with the stub's
// annotations: its own unannotated defaults do not matter.
bool has_overload_stubs(const SemanticModel& model, const FunctionInfo& function) {
  for (const FunctionInfo& other : model.functions()) {
    if (&other != &function && other.decorators.overload && other.owner_class == function.owner_class &&
        other.name == function.name) {
      return true;
    }
  }
  return false;
}

class UnannotatedNoneDefault final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    if (has_overload_stubs(context.model(), function)) return;
    const auto& parameters = function.signature.parameters;
    for (size_t i = 0; i < parameters.size(); ++i) {
      const Parameter& parameter = parameters[i];
      if (ts_node_is_null(parameter.default_value) || parameter.default_kind != LiteralKind::None) continue;
      if (!inferred_as_tensor(function, i)) continue;
      const std::string name(parameter.name);
      std::optional<Fix> fix;
      const Evidence evidence = weigh(context, function, i);
      std::string type;
      if (evidence.kind == Proof::Tensor) type = tensor_type_spelling(context.model());
      if (evidence.kind == Proof::Device || evidence.kind == Proof::Dtype) {
        // Spelled through `torch`, which the file imports (the rule runs only in files that do).
        if (context.model().imports().imported_as("torch") == "torch") {
          type = evidence.kind == Proof::Device ? "torch.device" : "torch.dtype";
        }
      }
      if (!type.empty()) {
        const std::string annotation = "Optional[" + type + "]";
        fix = Fix{evidence.proven ? Applicability::Safe : Applicability::Unsafe,
                  "Annotate `" + name + ": " + annotation + "`",
                  {replace_node(parameter.node, name + ": " + annotation + " = " +
                                                    std::string(context.text(parameter.default_value)))},
                  {"Optional"},
                  {}};
      }
      context.report(parameter.node,
                     "Parameter `" + name + "` defaults to `None` but has no annotation: TorchScript types it " +
                         "`Tensor`, and calls that omit it or pass `None` fail",
                     std::move(fix));
    }
  }

 private:
  struct Evidence {
    Proof kind = Proof::Tensor;  // the type the reads point to: Tensor (TorchScript's own guess), Device, Dtype;
                                 // Unknown when they disagree
    bool proven = false;         // every read is a None test or a refined use of that type, never rebound
  };

  static Evidence weigh(const RuleContext& context, const FunctionInfo& function, size_t index) {
    Evidence evidence;
    const auto& uses = parameter_uses(context.model(), function);
    if (index >= uses.size()) return evidence;
    const ParameterUse& use = uses[index];
    bool all_plain = !use.rebound && !use.read_in_nested_scope;
    bool tensor = false;
    bool other = false;
    bool not_tensor = false;  // an attribute no Tensor has, a string index: no annotation is right
    const ExprTypes types(context.model(), function);
    for (const ParameterRead& read : use.reads) {
      const Proof proof = classify(context, types, read);
      if (proof == Proof::Tensor) tensor = true;
      if (proof == Proof::Device || proof == Proof::Dtype) {
        if (other && evidence.kind != proof) evidence.kind = Proof::Unknown;
        else evidence.kind = proof;
        other = true;
        all_plain = false;  // keyword uses are not refined reads: the fix stays unsafe
      }
      if (proof == Proof::Unknown) all_plain = false;
      if (proof == Proof::Other) not_tensor = true;
    }
    if ((other && tensor) || not_tensor) evidence.kind = Proof::Unknown;
    evidence.proven = all_plain && tensor && !other;
    return evidence;
  }
};

}  // namespace

const Rule& unannotated_none_default_rule() {
  static const UnannotatedNoneDefault rule;
  return rule;
}

}  // namespace jitlint
