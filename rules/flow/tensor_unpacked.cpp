// JT617 tensor-unpacked: a parameter annotated Tensor (or an element of one, or of a `List[Tensor]`) unpacked into
// several names, which TorchScript cannot do.
#include <string>

#include "core/expr_types.h"
#include "core/rule.h"
#include "core/union_annotations.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT617",
    "tensor-unpacked",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Unpack `x.unbind(0)` (or `x.tolist()` into annotated names) instead of the Tensor, or annotate the tuple the "
    "parameter really holds",
    "cannot be used as a tuple",
    R"doc(## What it does
Finds a Tensor unpacked into several names in compiled code: `h, w = image_sizes[i]` or `cos, sin =
position_embeddings` where the parameter is annotated `torch.Tensor` (also `torch.LongTensor` and the other
dtype-specific names, or `Optional[Tensor]`), and loops that unpack each element of one, `for h, w in
spatial_shapes` over a Tensor parameter or over a parameter annotated `List[Tensor]`.

## Why TorchScript rejects it
Python unpacks any iterable, and iterating a Tensor yields its rows, so `h, w = sizes[i]` runs in eager mode.
TorchScript unpacks only tuples and lists (a list's length checked when the code runs); a Tensor is neither, and the
annotation is what it types the parameter by, whatever callers pass. Often the annotation is simply wrong:
transformers' Gemma-style attention declares `position_embeddings: torch.Tensor` and is passed a `(cos, sin)`
tuple.

## The error torch 2.13.0 prints
```
RuntimeError: Tensor cannot be used as a tuple:
RuntimeError: Optional[Tensor] cannot be used as a tuple:
```

## Example
```python
def forward(self, x: Tensor, image_sizes: Tensor) -> Tensor:
    h, w = image_sizes[0]
    return x[:, :h, :w]
```

## Use instead
```python
def forward(self, x: Tensor, image_sizes: Tensor) -> Tensor:
    h, w = image_sizes[0].unbind(0)  # two 0-dim Tensors, as eager's unpacking gives
    return x[:, :h, :w]
```
Where the values are used as sizes, `sizes: List[int] = image_sizes[0].tolist()` then `h, w = sizes[0],
sizes[1]` gives ints. Where the parameter holds a tuple, annotate it so: `position_embeddings: Tuple[Tensor,
Tensor]`.

## Fix safety
No automatic fix: whether the annotation or the unpacking is wrong is the author's call (`.unbind(0)` on the tuple
Gemma's callers pass would break eager mode).

## Known limitations
Only parameters bound once, unpacked directly, through subscripts of a Tensor, or through an index of a `List[Tensor]`
parameter, in functions with no `isinstance` test of them, are checked. Locals holding Tensors, attributes and call
results are left alone (a call such as `x.max(dim=1)` returns a tuple). An unannotated parameter used this way is
JT305's. Starred targets (`a, *rest = t`) are not reported.
)doc"};

class TensorUnpacked final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.assignment, sym.for_statement, sym.for_in_clause}}; }

  void check(RuleContext& context, TSNode node) const override {
    const bool loop = !is(node, sym.assignment);
    check_unpacking(context, context.function(), node, field(node, fld.left), field(node, fld.right), loop);
  }

 private:
  enum class Held { Other, Tensor, TensorList };

  // A parameter bound once, never tested by `isinstance`, annotated Tensor (or Optional of it) or `List[Tensor]`.
  static Held parameter_holds(const RuleContext& context, const FunctionInfo& function, std::string_view name,
                              std::string* annotation) {
    const std::vector<Binding>* bindings = function.scope.all(name);
    if (!bindings || bindings->size() != 1 || bindings->front().kind != Binding::Kind::Parameter) return Held::Other;
    const Parameter* parameter = bindings->front().parameter;
    if (!parameter || ts_node_is_null(parameter->annotation) ||
        tested_by_isinstance(context.model(), field(function.definition, fld.body), name)) {
      return Held::Other;
    }
    auto type = ExprTypes(context.model(), function).annotation(parameter->annotation);
    if (!type) return Held::Other;
    if (type->is(Type::Kind::Optional) && type->args.size() == 1) type = type->args[0];
    *annotation = std::string(context.text(parameter->annotation));
    if (type->is(Type::Kind::Tensor)) return Held::Tensor;
    if (type->is(Type::Kind::List) && type->element() && type->element()->is(Type::Kind::Tensor)) {
      return Held::TensorList;
    }
    return Held::Other;
  }

  // What `expr` holds, when it is such a parameter, a subscript of a Tensor one, or an index of a `List[Tensor]`
  // one; the parameter's name and annotation through the out-parameters.
  static Held value_holds(const RuleContext& context, const FunctionInfo& function, TSNode expr, std::string* name,
                          std::string* annotation) {
    expr = strip_parens(expr);
    if (is(expr, sym.identifier)) {
      *name = std::string(context.text(expr));
      return parameter_holds(context, function, *name, annotation);
    }
    if (!is(expr, sym.subscript)) return Held::Other;
    const Held inner = value_holds(context, function, field(expr, fld.value), name, annotation);
    if (inner == Held::Tensor) return Held::Tensor;  // any subscript of a Tensor is a Tensor
    if (inner == Held::TensorList && ts_node_named_child_count(expr) == 2 &&
        !is(ts_node_named_child(expr, 1), sym.slice)) {
      return Held::Tensor;  // `sizes[i]` of a `List[Tensor]`
    }
    return Held::Other;
  }

  static void check_unpacking(RuleContext& context, const FunctionInfo& function, TSNode statement, TSNode targets,
                              TSNode value, bool loop) {
    if (!(is(targets, sym.pattern_list) || is(targets, sym.tuple_pattern) || is(targets, sym.list_pattern))) return;
    for (TSNode target : NamedChildren(targets)) {
      if (is(target, sym.list_splat_pattern)) return;
    }
    if (!loop && !ts_node_is_null(field(statement, fld.type))) return;
    std::string name;
    std::string annotation;
    const Held held = value_holds(context, function, value, &name, &annotation);
    // A loop unpacks each element: a Tensor's rows, a `List[Tensor]`'s Tensors.
    const bool unpacks_tensor = loop ? held != Held::Other : held == Held::Tensor;
    if (!unpacks_tensor) return;
    const std::string what = loop ? "each element of `" + std::string(context.text(value)) + "`, a Tensor,"
                                  : "`" + std::string(context.text(value)) + "`, a Tensor,";
    context.report(targets, "Unpacking " + what + " into names is not supported by TorchScript (`" + name +
                                "` is annotated `" + annotation +
                                "`); unpack `.unbind(0)` of it, or annotate the tuple it holds");
  }
};

}  // namespace

const Rule& tensor_unpacked_rule() {
  static const TensorUnpacked rule;
  return rule;
}

}  // namespace jitlint
