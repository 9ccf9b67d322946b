// JT305 unannotated-parameter-nontensor-use: an unannotated (hence `Tensor`) parameter used as an int, a string
// or a function.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/parameter_uses.h"
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
    "all inputs of range must be ints, found Tensor (inferred)\n"
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
a related location): the bound of `range(n)`, a function it calls (`fn(x)`), a value compared with
a string literal (`mode == "bilinear"`), the list of tensors `torch.cat(xs, dim=1)` joins (also `torch.stack`,
`concat`, `concatenate`, `hstack`, `vstack`, `dstack`, `column_stack`), an object whose attribute or method the
body reads where no Tensor has one of that name (`state.obj_ids`, `cache.update(k)`), a tuple the body unpacks
(`a, b = pair`) or a sequence of tuples a loop or comprehension unpacks (`for h, w in spatial_shapes`, `for i,
(src, _) in enumerate(indices)`), a mapping
indexed with a string (`d["key"]`), a sequence of mappings (`targets[0]["boxes"]`, `[len(t["labels"]) for t in
targets]`, `for t in targets: t["boxes"]`: RT-DETR's denoising group), or an argument of a torch op that no overload takes as a Tensor there (`torch.arange(n, device=device)`, `x.sum(1, keepdim=keep)`, `F.pad(x, padding)`), also as an
element of a tuple or list the op takes as a list of ints (`torch.zeros((b, n, d))`), or an element of a tuple added to
a list of ints (`x.size()[:-1] + (num_heads, -1)`, the head split of GPT-Neo, GPT-J, DeBERTa-v2). Only uses that
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
to a list of ints (nor adds such a tuple to a `List[int]`). Which names a Tensor has comes from
torch's own tables (`dir(torch.Tensor)` and every aten op taking a Tensor `self`, in core/op_schemas.inc), so a name
torch knows in any form keeps the rule silent.

## The error torch 2.13.0 prints
```
RuntimeError: all inputs of range must be ints, found Tensor (inferred) in argument 0:
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

// `torch.arange(n, device=device)`, `torch.zeros((b, n, d))`: the parameter (or a tuple or list display holding
// it) is an argument of a torch op that no overload takes there as a Tensor, whatever the other arguments are.
struct TorchArgument {
  std::string callee;                   // `torch.arange`
  std::string where;                    // "`device`", "argument 1"
  std::vector<std::string_view> wanted; // the types the overloads have there (core/torch_ops.h's codes)
};

std::optional<TorchArgument> torch_argument(const RuleContext& context, const ParameterRead& read) {
  if (ts_node_is_null(read.call)) return std::nullopt;
  const auto callee = resolve_torch_callee(context.model(), context.function(),
                                           strip_parens(field(read.call, fld.function)));
  if (!callee || !callee->schemas || callee->schemas->empty()) return std::nullopt;
  const TSNode argument = read.in_display ? read.parent : read.node;
  const ArgumentKind kind = read.in_display ? ArgumentKind::TensorInDisplay : ArgumentKind::Tensor;
  CallArguments call;
  const auto kind_of = [&](TSNode value) { return same_node(value, argument) ? kind : ArgumentKind::Unknown; };
  if (!read_call_arguments(context.source(), read.call, *callee, kind_of, call)) return std::nullopt;
  size_t index = call.size();
  for (size_t i = 0; i < call.size() && index == call.size(); ++i) {
    if (same_node(call.at(i).node, argument)) index = i;
  }
  if (index == call.size() || any_schema_fits(*callee, call, static_cast<size_t>(-1))) return std::nullopt;
  TorchArgument out{callee->display, {}, wanted_types(*callee, call, index)};
  if (out.wanted.empty()) return std::nullopt;  // no overload takes the call whatever this argument is
  if (index >= call.positional.size()) {
    out.where = "`" + std::string(call.keywords[index - call.positional.size()].first) + "`";
  } else {
    out.where = "argument " + std::to_string(index + (callee->method ? 0 : 1));
  }
  return out;
}

struct Use {
  enum class Kind {
    None, RangeBound, Called, ComparedWithString, TensorList, ForeignAttribute, Unpacked, IteratedUnpacked,
    StringIndexed, ElementStringIndexed, TorchArgument, ShapeElement
  } kind = Kind::None;
  const ParameterRead* read = nullptr;
  TSNode at{};  // ElementStringIndexed: the string subscript of an element, where torch stops
  std::optional<TorchArgument> argument;  // TorchArgument: the op and what it takes there
};

// Inside `if p is None:` with `p` an unannotated parameter defaulting to `None` (JT304's): torch types `p` Tensor
// and drops the body as written, but compiles it once `p` is annotated `Optional`, as JT304 asks. Which world the
// use belongs to is not certain: no finding.
bool under_none_default_test(const RuleContext& context, const FunctionInfo& function, TSNode read) {
  for (const ConditionSite& site : function.conditions) {
    if (!is(site.node, sym.if_statement)) continue;
    const auto test = none_test(strip_parens(field(site.node, fld.condition)));
    if (!test || test->is_not || !is(strip_parens(test->operand), sym.identifier)) continue;
    const Parameter* parameter = function.signature.find(context.text(strip_parens(test->operand)));
    if (!parameter || !ts_node_is_null(parameter->annotation) || parameter->default_kind != LiteralKind::None ||
        ts_node_is_null(parameter->default_value)) {
      continue;
    }
    const TSNode body = field(site.node, fld.consequence);
    if (ts_node_start_byte(body) <= ts_node_start_byte(read) && ts_node_end_byte(read) <= ts_node_end_byte(body)) {
      return true;
    }
  }
  return false;
}

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

bool joins_tensor_list(const RuleContext& context, TSNode callee) {
  const std::string qualified = context.model().qualified_name(callee);
  for (const char* op : {"torch.cat", "torch.concat", "torch.concatenate", "torch.stack", "torch.hstack",
                         "torch.vstack", "torch.dstack", "torch.column_stack"}) {
    if (qualified == op) return true;
  }
  return false;
}

// The other operand of the `+` whose tuple display holds the read (`x.size()[:-1]` of `x.size()[:-1] + (heads, -1)`).
TSNode other_operand(const ParameterRead& read) {
  const TSNode left = field(read.grandparent, fld.left);
  return same_node(left, read.parent) ? field(read.grandparent, fld.right) : left;
}

// `targets[0]["boxes"]`, `[len(t["labels"]) for t in targets]`, `for t in targets: ... t["boxes"]`: an element of
// a Tensor (an index of it, or what a loop over it binds) is a Tensor, which takes no string index. The subscript,
// or null.
TSNode string_indexed_element(const RuleContext& context, const FunctionInfo& function, const ParameterRead& read) {
  const Source& source = context.source();
  auto string_subscript = [&](TSNode subscript) {
    return is(subscript, sym.subscript) && ts_node_named_child_count(subscript) == 2 &&
           literal_kind(source, field(subscript, fld.subscript)) == LiteralKind::Str;
  };
  if (is(read.parent, sym.subscript) && read.field == fld.value && string_subscript(read.grandparent) &&
      same_node(field(read.grandparent, fld.value), read.parent)) {
    return read.grandparent;
  }
  if (!(is(read.parent, sym.for_statement) || is(read.parent, sym.for_in_clause)) || read.field != fld.right) {
    return TSNode{};
  }
  const TSNode target = field(read.parent, fld.left);
  if (!is(target, sym.identifier)) return TSNode{};
  const std::string_view name = text(source, target);
  TSNode scope{};
  if (is(read.parent, sym.for_statement)) {
    const std::vector<Binding>* bindings = function.scope.all(name);
    if (!bindings || bindings->size() != 1) return TSNode{};  // bound again: another value may be indexed
    scope = field(read.parent, fld.body);
  } else {
    scope = read.grandparent;  // the comprehension: its element and its other clauses
    size_t binders = 0;
    for (TSNode clause : NamedChildren(scope)) {
      if (is(clause, sym.for_in_clause) && text(source, field(clause, fld.left)) == name) ++binders;
    }
    if (binders != 1) return TSNode{};
  }
  TSNode found{};
  walk_descendants(scope, [&](TSNode node) {
    if (!ts_node_is_null(found) || is(node, sym.function_definition) || is(node, sym.lambda) ||
        is(node, sym.class_definition)) {
      return false;
    }
    if (string_subscript(node)) {
      const TSNode value = strip_parens(field(node, fld.value));
      if (is(value, sym.identifier) && text(source, value) == name) found = node;
    }
    return ts_node_is_null(found);
  });
  return found;
}

Use::Kind classify_kind(const RuleContext& context, const ParameterRead& read) {
  if (is(read.parent, sym.call) && read.field == fld.function) return Use::Kind::Called;
  if (is(read.parent, sym.attribute) && read.field == fld.object &&
      !tensor_may_have_attribute(context.text(field(read.parent, fld.attribute)))) {
    return Use::Kind::ForeignAttribute;
  }
  if (is(read.parent, sym.assignment) && read.field == fld.right) {
    const TSNode left = field(read.parent, fld.left);
    if (is(left, sym.pattern_list) || is(left, sym.tuple_pattern) || is(left, sym.list_pattern)) {
      return Use::Kind::Unpacked;
    }
  }
  // `for h, w in spatial_shapes:` / `(h * w for h, w in spatial_shapes)`: the elements of a Tensor are Tensors.
  auto is_pattern = [](TSNode target) {
    return is(target, sym.pattern_list) || is(target, sym.tuple_pattern) || is(target, sym.list_pattern);
  };
  if ((is(read.parent, sym.for_statement) || is(read.parent, sym.for_in_clause)) && read.field == fld.right &&
      is_pattern(field(read.parent, fld.left))) {
    return Use::Kind::IteratedUnpacked;
  }
  // `for i, (src, _) in enumerate(indices)`: the same through `enumerate`.
  const TSNode loop = read.great_grandparent;
  if (is(read.parent, sym.argument_list) && ts_node_named_child_count(read.parent) == 1 &&
      (is(loop, sym.for_statement) || is(loop, sym.for_in_clause)) &&
      same_node(field(loop, fld.right), read.grandparent) &&
      context.model().is_builtin(field(read.grandparent, fld.function), "enumerate")) {
    const TSNode left = field(loop, fld.left);
    if (is_pattern(left) && ts_node_named_child_count(left) == 2 && is_pattern(ts_node_named_child(left, 1))) {
      return Use::Kind::IteratedUnpacked;
    }
  }

  if (is(read.parent, sym.subscript) && read.field == fld.value && ts_node_named_child_count(read.parent) == 2 &&
      literal_kind(context.source(), field(read.parent, fld.subscript)) == LiteralKind::Str) {
    return Use::Kind::StringIndexed;
  }
  if (is(read.parent, sym.argument_list) && is(read.grandparent, sym.call)) {
    const TSNode callee = field(read.grandparent, fld.function);
    if (context.model().is_builtin(callee, "range")) return Use::Kind::RangeBound;
    // The first positional argument of an op whose schema starts `Tensor[] tensors`.
    if (same_node(ts_node_named_child(read.parent, 0), read.node) && joins_tensor_list(context, callee)) {
      return Use::Kind::TensorList;
    }
  }
  // `x.size()[:-1] + (heads, -1)`: TorchScript adds a tuple to a `List[int]` only when every element is an int.
  if (is(read.parent, sym.tuple) && is(read.grandparent, sym.binary_operator) &&
      context.text(field(read.grandparent, fld.operator_)) == "+") {
    const auto type = ExprTypes(context.model(), context.function()).of(other_operand(read));
    if (type && type->certain && type->type.is(Type::Kind::List) && type->type.element() &&
        type->type.element()->is(Type::Kind::Int)) {
      return Use::Kind::ShapeElement;
    }
  }
  if (is(read.parent, sym.comparison_operator) && ts_node_named_child_count(read.parent) == 2) {
    bool equality = false;
    for (uint32_t i = 0; i < ts_node_child_count(read.parent); ++i) {
      const std::string_view op = context.text(ts_node_child(read.parent, i));
      if (op == "==" || op == "!=") equality = true;
    }
    if (!equality) return Use::Kind::None;
    for (TSNode operand : NamedChildren(read.parent)) {
      if (literal_kind(context.source(), operand) == LiteralKind::Str) return Use::Kind::ComparedWithString;
    }
  }
  return Use::Kind::None;
}

Use classify(const RuleContext& context, const ParameterRead& read) {
  Use use{classify_kind(context, read), &read, {}, std::nullopt};
  if (use.kind != Use::Kind::None) return use;
  use.at = string_indexed_element(context, context.function(), read);
  if (!ts_node_is_null(use.at)) {
    use.kind = Use::Kind::ElementStringIndexed;
    return use;
  }
  use.argument = torch_argument(context, read);
  if (use.argument && !under_none_default_test(context, context.function(), read.node)) {
    use.kind = Use::Kind::TorchArgument;
  }
  return use;
}

// No default, or `None` (JT304's): TorchScript types both `Tensor`; any other default is JT303's.
bool checked_default(const Parameter& parameter) {
  return ts_node_is_null(parameter.default_value) || parameter.default_kind == LiteralKind::None;
}

class UnannotatedParameterNontensorUse final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const auto& parameters = function.signature.parameters;
    // Only parameters TorchScript will type Tensor by itself: without one there is no walk over the body.
    bool any_inferred = false;
    for (size_t i = 0; i < parameters.size() && !any_inferred; ++i) {
      any_inferred = checked_default(parameters[i]) && inferred_as_tensor(function, i);
    }
    if (!any_inferred) return;
    const auto& uses = parameter_uses(context.model(), function);
    for (size_t i = 0; i < parameters.size() && i < uses.size(); ++i) {
      const Parameter& parameter = parameters[i];
      if (!checked_default(parameter) || !inferred_as_tensor(function, i)) continue;
      if (uses[i].rebound) continue;
      const bool none_default = !ts_node_is_null(parameter.default_value);
      Use first;
      for (const ParameterRead& read : uses[i].reads) {
        Use use = classify(context, read);
        const Use::Kind kind = use.kind;
        // With a `None` default the annotation a `range` bound, a string or a tensor list asks for would still
        // refuse the default (JT304 says what to write); an object, a tuple, a mapping or a function has none.
        if (none_default && (kind == Use::Kind::RangeBound || kind == Use::Kind::ComparedWithString ||
                             kind == Use::Kind::TensorList)) {
          continue;
        }
        if (kind != Use::Kind::None) {
          first = std::move(use);
          break;
        }
      }
      if (first.kind == Use::Kind::None) continue;
      const std::string name(parameter.name);
      std::string annotation;
      std::string as;
      bool list_import = first.kind == Use::Kind::TensorList;
      switch (first.kind) {
        case Use::Kind::RangeBound: annotation = "int"; as = "a `range` bound"; break;
        case Use::Kind::ComparedWithString: annotation = "str"; as = "a string"; break;
        case Use::Kind::TensorList: {
          // `Tensor` as the file spells it (`torch.Tensor` without `from torch import Tensor`).
          const std::string tensor = tensor_type_spelling(context.model());
          if (!tensor.empty()) annotation = "List[" + tensor + "]";
          as = "a list of tensors";
          break;
        }
        case Use::Kind::ForeignAttribute:
          as = "an object with `." + std::string(context.text(field(first.read->parent, fld.attribute))) +
               "`, which a Tensor does not have";
          break;
        case Use::Kind::TorchArgument: {
          const TorchArgument& use = *first.argument;
          const std::string display = is(first.read->parent, sym.list) ? "list" : "tuple";
          as = (first.read->in_display ? "an element of the " + display + " given as `" : std::string("`")) +
               use.callee + "`'s " + use.where + ", which takes " + describe_schema_types(use.wanted);
          if (!none_default) annotation = torch_argument_annotation(context, use, first.read->in_display, list_import);
          break;
        }
        case Use::Kind::Unpacked: as = "a tuple"; break;
        case Use::Kind::IteratedUnpacked: as = "a sequence of tuples the loop unpacks"; break;
        case Use::Kind::StringIndexed: as = "a mapping with string keys"; break;
        case Use::Kind::ElementStringIndexed: as = "a sequence of mappings with string keys"; break;
        case Use::Kind::ShapeElement:
          annotation = "int";
          as = "an int, in the tuple added to the list of ints `" +
               std::string(context.text(other_operand(*first.read))) + "`";
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
      const bool argument = first.kind == Use::Kind::RangeBound || first.kind == Use::Kind::TensorList ||
                            first.kind == Use::Kind::ShapeElement;
      // A torch op's argument: torch points at the call (its first line).
      const TSNode use = first.kind == Use::Kind::TorchArgument          ? first.read->call
                         : first.kind == Use::Kind::ElementStringIndexed ? first.at
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
