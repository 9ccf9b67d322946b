// JT616 union-unrefined: a parameter annotated a Union of two or more types, used as one of them without an
// `isinstance` test in the function.
#include <string>
#include <vector>

#include "core/expr_types.h"
#include "core/optional_locals.h"
#include "core/refinement.h"
#include "core/rule.h"
#include "core/union_annotations.h"
#include "core/walk.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT616",
    "union-unrefined",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Test `isinstance(x, T)` before using a Union as one of its types, or annotate the one type it holds",
    "object has no attribute or method\n"
    "object is not subscriptable\n"
    "is not iterable\n"
    "Arguments for call are not valid",
    R"doc(## What it does
Finds a parameter annotated as a `Union` of two or more types TorchScript tells apart (`torch.Tensor |
list[torch.Tensor]`, `int | torch.Tensor`, `Union[Tensor, Tuple[Tensor, Tensor]]`, with or without `None`) that
is read for an attribute or a method, subscripted or iterated in a function that never tests it with `isinstance`
(or `torch.jit.isinstance`), or given as the `device=` / `dtype=` of a torch function or a Tensor method, or to a
Tensor's `.to(...)` (`device: torch.device | str` passed to `torch.arange(n, device=device)`; an `Optional[Tensor]`
refined where it stands counts, as in `video.to(device) if video is not None else None`). It reports the first
such use of each parameter. Also inside `if isinstance(x, (list,
tuple)):` (a tuple of builtin types) where two or more members of the annotation are among the types tested
(`axis: int | tuple[int] | list[int]`, Funnel's `stride_pool`): the first such use in that block.

## Why TorchScript rejects it
A `Union` value is none of its members until an `isinstance` test refines it: TorchScript looks up attributes,
indexing and iteration on the `Union` type itself, which has none of them. Python simply uses whatever value was
passed, so the code runs in eager mode as long as callers pass the type the body expects.

A test of several types at once refines the value to the Union of the members it names: `isinstance(axis, (list,
tuple))` leaves `Union[Tuple[int], List[int]]`, still neither a list nor a tuple.

torch's operators take a `Device` or a `ScalarType` (an int to TorchScript), never a Union: a `torch.device | str`
does not match a `device` argument, though a plain `str` would (TorchScript converts a string to a device).

## The error torch 2.13.0 prints
```
RuntimeError: 'Union[Tensor, List[Tensor]]' object has no attribute or method 'shape'.:
RuntimeError: 'Union[Tensor, Tuple[Tensor, Tensor]]' object is not subscriptable:
RuntimeError: 'Union[Tensor, List[Tensor]]' object is not iterable:
RuntimeError: 'Union[Tuple[int], List[int]]' object is not iterable:
RuntimeError: Arguments for call are not valid.
  Expected a value of type 'Optional[Device]' for argument 'device' but instead found type 'Union[str, Device]'.
```

## Example
```python
def forward(self, pixel_values: Union[Tensor, List[Tensor]]) -> Tensor:
    return pixel_values.flatten(1)
```

## Use instead
```python
def forward(self, pixel_values: Union[Tensor, List[Tensor]]) -> Tensor:
    if isinstance(pixel_values, list):
        pixel_values = torch.stack(pixel_values)
    return pixel_values.flatten(1)
```
or annotate the one type the function takes (`pixel_values: Tensor`).

## Fix safety
No automatic fix: what the other members should become is the author's decision.

## Known limitations
Parameters bound once are checked, in functions with no `isinstance` test of them at all: where one exists, which
uses it refines is not followed, except inside an `if` whose condition is one `isinstance` of a tuple of builtin
types (and whose block tests the parameter no further). Members TorchScript sees as one type
(`torch.FloatTensor | torch.LongTensor`, `torch.dtype | int`), or whose type the engine does not know (a class),
leave the parameter alone; so do `int | float`, on which TorchScript's arithmetic works. Arguments are checked only
where torch's schema is certain to refuse a Union (`device=`, `dtype=`, `.to(...)`): a torch function written in
Python may take one. A Union tested `is None` before `isinstance` in one condition is JT615's.
)doc"};

class UnionUnrefined final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const TSNode body = field(function.definition, fld.body);
    for (const Parameter& parameter : function.signature.parameters) {
      if (parameter.name.empty()) continue;
      if (unrefined_union_parameter(context.model(), function, parameter.name)) {
        const Use use = first_use(context, function, body, parameter.name);
        if (ts_node_is_null(use.node)) continue;
        context.report(use.node, "`" + std::string(parameter.name) + "` is annotated `" +
                                     std::string(context.text(parameter.annotation)) +
                                     "`, a Union TorchScript refines only by `isinstance`; with no such test in the "
                                     "function it cannot be " + use.kind);
      } else if (!ts_node_is_null(parameter.annotation) &&
                 members_besides_none(context.model(), parameter.annotation) >= 2) {
        check_partial_refinements(context, function, body, parameter);
      }
    }
  }

 private:
  // A use of the parameter TorchScript cannot make of a Union: the node reported, and what it does (for the message).
  struct Use {
    TSNode node{};
    std::string kind;
  };

  // `name` given as the `device=` or `dtype=` of a torch function (`torch.arange(n, device=device)`) or of a method
  // of a certain Tensor (`x.new_zeros(s, dtype=dtype)`), or to a Tensor's `.to(...)`: the schemas take a Device or
  // a ScalarType, never a Union ("Expected a value of type 'Optional[Device]' for argument 'device' but instead
  // found type 'Union[str, Device]'"). Only these: a torch function written in Python may take a Union.
  static Use torch_argument(const RuleContext& context, const FunctionInfo& function, const NodePath& at,
                            std::string_view name) {
    const TSNode call = at.node();
    const TSNode callee = strip_parens(field(call, fld.function));
    bool tensor_method = false;
    if (is(callee, sym.attribute)) {
      const TSNode object = strip_parens(field(callee, fld.object));
      const auto receiver = ExprTypes(context.model(), function).of(object);
      tensor_method = receiver && receiver->certain &&
                      (receiver->type.is(Type::Kind::Tensor) ||
                       (receiver->type.is(Type::Kind::Optional) && receiver->type.args[0].is(Type::Kind::Tensor) &&
                        refined_read(context, function, at, callee, object)));
    }
    const std::string qualified = context.model().qualified_name(callee);
    const bool torch_function = qualified.rfind("torch.", 0) == 0 && qualified.rfind("torch.jit.", 0) != 0;
    if (!tensor_method && !torch_function) return {};
    const bool to = tensor_method && context.text(field(callee, fld.attribute)) == "to";
    for (TSNode argument : NamedChildren(field(call, fld.arguments))) {
      TSNode value = argument;
      std::string_view key;
      if (is(argument, sym.keyword_argument)) {
        key = context.text(field(argument, fld.name));
        if (key != "device" && key != "dtype") continue;
        value = field(argument, fld.value);
      } else if (!to) {
        continue;
      }
      if (!is(value, sym.identifier) || context.text(value) != name) continue;
      const std::string spelled = "`" + std::string(context.text(callee)) + "`";
      return Use{value, key.empty() ? "passed to " + spelled : "passed as `" + std::string(key) + "=` to " + spelled};
    }
    return {};
  }

  // `if isinstance(axis, (list, tuple)):` with `axis: int | tuple[int] | list[int]` (Funnel's `stride_pool`): the
  // block sees a Union of the two sequence members, which it cannot iterate either. Only where the use reads the
  // parameter (no rebinding before it), in a block with no other `isinstance` test of it that could refine it
  // further.
  static void check_partial_refinements(RuleContext& context, const FunctionInfo& function, TSNode body,
                                        const Parameter& parameter) {
    walk_descendants(body, [&](TSNode n) {
      if (is_nested_scope(n) || context.in_dead_code(n)) return false;
      if (!is(n, sym.if_statement) && !is(n, sym.elif_clause)) return true;
      const std::vector<Type> kept =
          members_isinstance_keeps(context.model(), function, parameter, field(n, fld.condition), true);
      const TSNode block = field(n, fld.consequence);
      if (kept.size() < 2 || ts_node_is_null(block)) return true;
      if (tested_by_isinstance(context.model(), block, parameter.name)) return true;
      const Use use = first_use(context, function, block, parameter.name);
      if (ts_node_is_null(use.node)) return true;
      // the use still reads the parameter (Funnel rebinds `axis %= tensor.ndim` only after the block)
      const Binding* read = function.scope.first_binding_read(parameter.name, read_in(use.node));
      if (!read || read->kind != Binding::Kind::Parameter) return true;
      context.report(use.node, "`" + std::string(context.text(strip_parens(field(n, fld.condition)))) +
                                   "` refines `" + std::string(parameter.name) + "` only to a Union of " +
                                   spelled_members(kept) +
                                   ", which TorchScript cannot treat as either: it cannot be " + use.kind +
                                   " here; test each type on its own");
      return true;
    });
  }

  // An `Optional[Tensor]` local read as the receiver of the call at `at` (`video.to(device) if video is not None
  // else None`, EdgeTAM's inference session) that TorchScript has refined to the Tensor where it stands.
  static bool refined_read(const RuleContext& context, const FunctionInfo& function, const NodePath& at,
                           TSNode callee, TSNode object) {
    if (!is(object, sym.identifier)) return false;
    NodePath read = at;
    read.push(callee, fld.function);
    read.push(object, fld.object);
    return not_none_refinement(context.model(), function, read) == Refinement::Refined &&
           !refinement_unclear(context.model(), read, context.text(object), &function);
  }

  // The identifier `first_use` matched in `use`: a subscript's value, an attribute's object, or the iterable itself.
  static TSNode read_in(TSNode use) {
    if (is(use, sym.subscript)) return strip_parens(field(use, fld.value));
    if (is(use, sym.attribute)) return strip_parens(field(use, fld.object));
    return strip_parens(use);
  }

  // The first attribute read, subscript, iteration or torch argument (`torch_argument`) of the name in live code,
  // outside nested scopes.
  static Use first_use(const RuleContext& context, const FunctionInfo& function, TSNode within,
                       std::string_view name) {
    Use found;
    const uint32_t from = ts_node_start_byte(within), to = ts_node_end_byte(within);
    // the walk starts at the definition, as refinement asks of a path; only `within` is searched
    walk(function.definition, [&](const NodePath& at) {
      const TSNode n = at.node();
      if (!ts_node_is_null(found.node) || ts_node_end_byte(n) <= from || ts_node_start_byte(n) >= to) return false;
      const bool inside = ts_node_start_byte(n) >= from;
      if (!inside) return true;
      if (is_nested_scope(n) || context.in_dead_code(n)) return false;
      const auto named = [&](TSNode child) {
        child = strip_parens(child);
        return is(child, sym.identifier) && context.text(child) == name;
      };
      if (is(n, sym.subscript) && named(field(n, fld.value))) found = Use{n, "subscripted"};
      if (is(n, sym.attribute) && named(field(n, fld.object))) {
        found = Use{n, "read for `." + std::string(context.text(field(n, fld.attribute))) + "`"};
      }
      if ((is(n, sym.for_statement) || is(n, sym.for_in_clause)) && named(field(n, fld.right))) {
        found = Use{field(n, fld.right), "iterated"};
      }
      if (is(n, sym.call) && ts_node_is_null(found.node)) found = torch_argument(context, function, at, name);
      return ts_node_is_null(found.node);
    });
    return found;
  }
};

}  // namespace

const Rule& union_unrefined_rule() {
  static const UnionUnrefined rule;
  return rule;
}

}  // namespace jitlint
