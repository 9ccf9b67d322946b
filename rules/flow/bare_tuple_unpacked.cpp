// JT609 bare-tuple-unpacked: a parameter annotated `tuple` (or `list[tuple]`) without element types whose tuple is
// unpacked into names in compiled code (`h, w = size`, `for h, w in shapes`, `[h * w for h, w in shapes]`).
#include <string>

#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT609",
    "bare-tuple-unpacked",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Give the tuple its element types: `Tuple[int, int]` (`List[Tuple[int, int]]` for a list of them)",
    "Provided tuple is not fully defined/refined including its element types",
    R"doc(## What it does
Finds parameters of compiled functions annotated with the builtin `tuple` without element types, alone or as the
element of a list (`size: tuple`, `shapes: list[tuple]`), whose tuples the body unpacks into names: an assignment
`h, w = size`, a loop `for h, w in shapes:` or a comprehension `[h * w for h, w in shapes]`.

## Why TorchScript rejects it
TorchScript accepts the annotation but types such a value as a tuple with unknown elements. Unpacking needs each
element's type, so the statement that unpacks fails. (The typing spelling `List[Tuple]` fails earlier, at the
annotation: "Attempted to use Tuple without a contained type", which JT306 reports.)

## The error torch 2.13.0 prints
```
RuntimeError: Provided tuple is not fully defined/refined including its element types, please provide a value of type like Tuple[int, int]:
  File "model.py", line 91
        value_list = value.split([height * width for height, width in value_spatial_shapes_list], dim=1)
                                                                      ~~~~~~~~~~~~~~~~~~~~~~~~~ <--- HERE
```

## Example
```python
def forward(self, value: Tensor, spatial_shapes: list[tuple]) -> Tensor:
    return value.split([h * w for h, w in spatial_shapes], dim=1)[0]
```

## Use instead
```python
def forward(self, value: Tensor, spatial_shapes: List[Tuple[int, int]]) -> Tensor:
    return value.split([h * w for h, w in spatial_shapes], dim=1)[0]
```

## Fix safety
No automatic fix: the element types are what callers pass, which the code does not say.

## Known limitations
Only parameters bound once are followed, and only unpacking into names; indexing (`size[0]`) fails with another
error ("'tuple' object is not subscriptable") and is not reported.
)doc"};

enum class Bare { None, Tuple, ListOfTuple };

// `tuple` / `list[tuple]` / `List[tuple]` as written (no element types).
Bare bare_tuple(std::string_view spelled) {
  std::string s;
  for (char c : spelled) {
    if (c != ' ') s.push_back(c);
  }
  if (s == "tuple") return Bare::Tuple;
  if (s == "list[tuple]" || s == "List[tuple]" || s == "typing.List[tuple]") return Bare::ListOfTuple;
  return Bare::None;
}

bool is_unpacking_target(TSNode target) {
  target = strip_parens(target);
  return is(target, sym.pattern_list) || is(target, sym.tuple_pattern) || is(target, sym.list_pattern);
}

class BareTupleUnpacked final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    if (function.signature.type_comment) return;
    bool any = false;
    for (const Parameter& parameter : function.signature.parameters) {
      any = any || (!ts_node_is_null(parameter.annotation) && bare_tuple(context.text(parameter.annotation)) != Bare::None);
    }
    if (!any) return;
    const SemanticModel& model = context.model();
    NodePath path;
    walk(field(function.definition, fld.body), path, [&](const NodePath& at) {
      const TSNode node = at.node();
      if (is_nested_scope(node) || model.is_dead(function, node)) return false;
      TSNode target{}, value{};
      Bare wanted = Bare::None;
      if (is(node, sym.assignment)) {
        target = field(node, fld.left);
        value = field(node, fld.right);
        wanted = Bare::Tuple;
      } else if (is(node, sym.for_statement) || is(node, sym.for_in_clause)) {
        target = field(node, fld.left);
        value = field(node, fld.right);
        wanted = Bare::ListOfTuple;
      }
      if (ts_node_is_null(target) || ts_node_is_null(value) || !is_unpacking_target(target)) return true;
      value = strip_parens(value);
      if (!is(value, sym.identifier)) return true;
      const std::string_view name = context.text(value);
      const Binding* binding = function.scope.single(name);
      if (!binding || binding->kind != Binding::Kind::Parameter || !binding->parameter) return true;
      const TSNode annotation = binding->parameter->annotation;
      if (ts_node_is_null(annotation) || bare_tuple(context.text(annotation)) != wanted) return true;
      context.report(value, "`" + std::string(name) + "` is annotated `" + std::string(context.text(annotation)) +
                                "`, a tuple without element types, and is unpacked here: TorchScript cannot type " +
                                "its elements");
      return true;
    });
  }
};

}  // namespace

const Rule& bare_tuple_unpacked_rule() {
  static const BareTupleUnpacked rule;
  return rule;
}

}  // namespace jitlint
