// JT305 unannotated-parameter-nontensor-use: an unannotated (hence `Tensor`) parameter used as an int, a string
// or a function.
#include "core/edits.h"
#include "core/nontensor_uses.h"
#include "core/rule.h"
#include "core/schema_match.h"
#include "core/torch_ops.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT305",
    "unannotated-parameter-nontensor-use",
    "signatures",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript types an unannotated parameter `Tensor`; annotate it with the type the body uses it as",
    "all inputs of range must be ints, found Tensor\n"
    "cannot call a value of type 'Tensor'\n"
    "Arguments for call are not valid\n"
    "'Tensor (inferred)' object has no attribute or method\n"
    "Tensor (inferred) cannot be used as a tuple\n"
    "Tensor cannot be used as a tuple\n"
    "indexing tensor with unsupported index type 'str'\n"
    "Expected a value of type",
    R"doc(## What it does
Finds uses of parameters of compiled functions that have no annotation and no default, where the body uses the
parameter as something a `Tensor` cannot be (reported at the first such use, as torch does, with the parameter as
a related location): the bound of `range(n)` (also through arithmetic: `range(-before, after + 1)`), a function it calls (`fn(x)`), a value compared with
a string literal (`mode == "bilinear"`), the list of tensors `torch.cat(xs, dim=1)` joins (also `torch.stack`,
`concat`, `concatenate`, `hstack`, `vstack`, `dstack`, `column_stack`), an object whose attribute or method the
body reads where no Tensor has one of that name (`state.obj_ids`, `cache.update(k)`), a tuple the body unpacks
(`a, b = pair`) or a sequence of tuples a loop or comprehension unpacks (`for h, w in spatial_shapes`, `for i,
(src, _) in enumerate(indices)`), a mapping
indexed with a string (`d["key"]`), a sequence of mappings (`targets[0]["boxes"]`, `[len(t["labels"]) for t in
targets]`, `for t in targets: t["boxes"]`: RT-DETR's denoising group), or an argument of a torch op that no overload takes as a Tensor there (`torch.arange(n, device=device)`, `x.sum(1, keepdim=keep)`, `F.pad(x, padding)`), also as an
element of a tuple or list the op takes as a list of ints (`torch.zeros((b, n, d))`), or an element of a tuple added to
a list of ints (`x.size()[:-1] + (num_heads, -1)`, the head split of GPT-Neo, GPT-J, DeBERTa-v2; also arithmetic
with it there, `x.size()[:-2] + (num_heads * head_size,)`) or compared with one (`mask.size() == (bs, slen)`,
XLM's `get_masks`). Only uses that
prove it are reported; the parameter must not be rebound.

A parameter whose default is `None` is typed `Tensor` too (JT304 reports it at the parameter); its uses as a
function, an object, a tuple or a mapping are reported here as well, where torch stops (`if cache is not None:
cache.update(x)`: TorchScript decides the test statically, since a `Tensor` is never `None`).

## Why TorchScript rejects it
An unannotated parameter is `Tensor` in TorchScript ("Tensor (inferred)"); nothing is inferred from how the body
uses it or from what callers pass. `range` takes ints, a tensor cannot be called, `==` has no overload for a
tensor and a string, and `torch.cat` takes a `List[Tensor]` (its schema's `Tensor[] tensors`), not a tensor. A
Tensor has no attribute `obj_ids`, cannot be unpacked, and takes no string index; neither do its elements, which
are Tensors. A torch op's schema says what
each argument takes: TorchScript converts a Tensor to an int or a float (a `dim`, a `dtype`, one size among
`x.view(2, n)`), never to a `Device`, a `bool`, a `str` or a list, and never converts a tuple holding a Tensor
to a list of ints (nor adds such a tuple to a `List[int]`, nor compares one with it). Arithmetic with a Tensor is a
Tensor. Which names a Tensor has comes from
torch's own tables (`dir(torch.Tensor)` and every aten op taking a Tensor `self`, in core/op_schemas.inc), so a name
torch knows in any form keeps the rule silent.

## The error torch 2.13.0 prints
```
RuntimeError: all inputs of range must be ints, found Tensor (inferred) in argument 0:   (`-n`: found Tensor)
RuntimeError: cannot call a value of type 'Tensor':
RuntimeError: Arguments for call are not valid.                  (mode == "a"; torch.cat(xs, dim=1); x.size()[:-1] + (n, -1))
RuntimeError: 'Tensor (inferred)' object has no attribute or method 'obj_ids'.:
RuntimeError: Tensor (inferred) cannot be used as a tuple:
RuntimeError: Tensor cannot be used as a tuple:                    (for h, w in spatial_shapes: an element)
RuntimeError: Unsupported operation: indexing tensor with unsupported index type 'str'. Only ints, slices, lists and tensors are supported:
RuntimeError: Arguments for call are not valid.                  (torch.arange(n, device=device); then, per overload:)
  Expected a value of type 'Optional[Device]' for argument 'device' but instead found type 'Tensor (inferred)'.
  Expected a value of type 'int' for argument '<varargs>' but instead found type 'Tuple[int, Tensor, int]'.
RuntimeError: pad(Tensor input, int[] pad, str mode="constant", float? value=None) -> Tensor:
Expected a value of type 'List[int]' for argument 'pad' but instead found type 'Tensor (inferred)'.
```

## Example
```python
def repeat(x: Tensor, times, mode) -> Tensor:
    for _ in range(times):
        x = x * 2
    if mode == "neg":
        x = -x
    return x
```

## Use instead
```python
def repeat(x: Tensor, times: int, mode: str) -> Tensor:
    ...
```

## Fix safety
The fix annotates `int` for a `range` bound, `str` for a value compared with a string and `List[Tensor]` for the
tensors `torch.cat` joins (adding the `typing` import). It is **unsafe**: the use shows what the body needs, not
what callers pass (eager code may pass a 0-dim tensor to `range`, a value that only compares equal to the string,
or a tuple of tensors to `torch.cat`, which a `List[Tensor]` parameter then refuses in TorchScript). A torch
op's argument gets the annotation its schema names when every overload names the same: `bool`,
`torch.device`, `List[int]`, or `int` (`float`) for an element of a tuple the op takes as a list of ints
(floats); a caller may still pass a device as a string, which the annotation then refuses. A parameter called as
a function gets no fix: TorchScript cannot take functions as arguments; make it a module attribute or a method.
Nor does an object, a tuple or a mapping: the body does not say their type (annotate the class, `Tuple[...]` or
`Dict[str, ...]` by hand).

## Known limitations
Uses that TorchScript accepts for a tensor are not reported (`x.view(k, -1)`, `xs[i]`, `if flag:`, `len(xs)`,
iteration). Neither are uses through a local alias. A torch op's argument is checked against the schemas where
the table types it: a `Generator` or a fixed-size list (`int[2]`, into which torch 2.13.0 fails an internal
assertion) is taken to fit. A parameter with a literal default used so is JT303's (at the parameter).
)doc"};

// The annotation that makes the call fit, when every overload wants the same there: `bool`, `torch.device`,
// `List[int]` for the parameter itself, `int` or `float` for an element of a display.
std::string torch_argument_annotation(const RuleContext& context, const TorchArgument& use, bool in_display,
                                      bool& needs_list) {
  // A display's element is an element of the list an overload takes there; the overloads taking one value
  // (`interpolate`'s `int? size`) cannot take the display at all, whatever the parameter is.
  std::vector<std::string_view> wanted;
  for (std::string_view other : use.wanted) {
    std::string_view bare = other;
    if (!bare.empty() && bare.back() == '?') bare.remove_suffix(1);
    if (!in_display || (!bare.empty() && bare.front() == '[')) wanted.push_back(bare);
  }
  if (wanted.empty()) return {};
  std::string_view type = wanted.front();
  for (std::string_view other : wanted) {
    if (other != type) return {};
  }
  if (in_display) {
    if (type == "[I]") return "int";
    if (type == "[F]") return "float";
    return {};
  }
  if (type == "B") return "bool";
  if (type == "D" && context.model().imports().imported_as("torch") == "torch") return "torch.device";
  if (type == "[I]") {
    needs_list = true;
    return "List[int]";
  }
  return {};
}

class UnannotatedParameterNontensorUse final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const auto& parameters = function.signature.parameters;
    // `first_nontensor_use` walks the body only for a parameter TorchScript types Tensor by itself.
    for (size_t i = 0; i < parameters.size(); ++i) {
      const Parameter& parameter = parameters[i];
      const auto found = first_nontensor_use(context.model(), function, i);
      if (!found) continue;
      const NontensorUse& first = *found;
      const bool none_default = !ts_node_is_null(parameter.default_value);
      const std::string name(parameter.name);
      std::string annotation;
      std::string as;
      bool list_import = first.kind == NontensorUse::Kind::TensorList;
      switch (first.kind) {
        case NontensorUse::Kind::RangeBound: annotation = "int"; as = "a `range` bound"; break;
        case NontensorUse::Kind::ComparedWithString: annotation = "str"; as = "a string"; break;
        case NontensorUse::Kind::TensorList: {
          // `Tensor` as the file spells it (`torch.Tensor` without `from torch import Tensor`).
          const std::string tensor = tensor_type_spelling(context.model());
          if (!tensor.empty()) annotation = "List[" + tensor + "]";
          as = "a list of tensors";
          break;
        }
        case NontensorUse::Kind::ForeignAttribute:
          as = "an object with `." + std::string(context.text(field(first.read->parent, fld.attribute))) +
               "`, which a Tensor does not have";
          break;
        case NontensorUse::Kind::TorchArgument: {
          const TorchArgument& use = *first.argument;
          const std::string display = is(first.read->parent, sym.list) ? "list" : "tuple";
          as = (first.read->in_display ? "an element of the " + display + " given as `" : std::string("`")) +
               use.callee + "`'s " + use.where + ", which takes " + describe_schema_types(use.wanted);
          if (!none_default) annotation = torch_argument_annotation(context, use, first.read->in_display, list_import);
          break;
        }
        case NontensorUse::Kind::Unpacked: as = "a tuple"; break;
        case NontensorUse::Kind::IteratedUnpacked: as = "a sequence of tuples the loop unpacks"; break;
        case NontensorUse::Kind::StringIndexed: as = "a mapping with string keys"; break;
        case NontensorUse::Kind::ElementStringIndexed: as = "a sequence of mappings with string keys"; break;
        case NontensorUse::Kind::ShapeElement:
          annotation = "int";
          as = std::string("an int, in the tuple ") +
               (is(first.at, sym.comparison_operator) ? "compared with" : "added to") + " the list of ints `" +
               std::string(context.text(shape_list_operand(first.at))) + "`";
          break;
        default: as = "a function"; break;
      }
      std::optional<Fix> fix;
      if (!annotation.empty()) {
        fix = Fix{Applicability::Unsafe, "Annotate `" + name + ": " + annotation + "`",
                  {insert_after(parameter.name_node, ": " + annotation)}, {}, {}};
        if (list_import) fix->typing_imports.push_back("List");
      }
      // torch points at the use (`range(times)`, `fn(x)`, `mode == "a"`); the parameter is the related location.
      const bool argument = first.kind == NontensorUse::Kind::RangeBound || first.kind == NontensorUse::Kind::TensorList ||
                            first.kind == NontensorUse::Kind::ShapeElement;
      // A torch op's argument: torch points at the call (its first line).
      const TSNode use = first.kind == NontensorUse::Kind::TorchArgument          ? first.read->call
                         : first.kind == NontensorUse::Kind::ElementStringIndexed ||
                                   first.kind == NontensorUse::Kind::ShapeElement
                             ? first.at
                         : argument                                      ? first.read->grandparent
                                                                         : first.read->parent;
      Diagnostic& diagnostic = context.report(
          use, "Parameter `" + name + "` has no annotation, so TorchScript types it `Tensor`, but it is used as " + as,
          std::move(fix));
      diagnostic.related.push_back(Related{ts_node_start_byte(parameter.node), ts_node_end_byte(parameter.node),
                                           "`" + name + "` is declared here without an annotation"});
    }
  }
};

}  // namespace

const Rule& unannotated_parameter_nontensor_use_rule() {
  static const UnannotatedParameterNontensorUse rule;
  return rule;
}

}  // namespace jitlint
