// JT516 iterator-as-value: `zip(...)`, `enumerate(...)` or `range(...)` used as a value (an argument, a returned
// value, an operand) in compiled code, where TorchScript only accepts them as what a loop iterates.
#include "core/edits.h"
#include "core/rule.h"
#include "rules/calls/builtin_names.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT516",
    "iterator-as-value",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript's `zip`, `enumerate` and `range` can only be iterated (a `for` loop, a comprehension, `list(...)`); "
    "make a list of it first",
    "iterabletree cannot be used as a value\n"
    "iterabletree cannot be used as a tuple\n"
    "range cannot be used as a value\n"
    "range cannot be used as a tuple",
    R"doc(## What it does
Finds `zip(...)`, `enumerate(...)` and `range(...)` in compiled code used anywhere but where TorchScript iterates
them: passed to a function (`len(range(n))`, `sorted(zip(a, b))`, `itertools.groupby(enumerate(xs), ...)`,
`",".join(zip(a, b))`), returned, tested (`k in range(n)`, `if range(n):`), put in a tuple, list or dict, indexed
(`zip(a, b)[0]`), given to `tuple(...)`, or unpacked (`firsts, seconds = zip(a, b)`).

Left alone, because TorchScript accepts them: the iterable of a `for` loop or of a comprehension; the argument of
`list(...)`, `dict(...)`, `zip(...)` and `enumerate(...)`; a plain name bound to one (`pairs = zip(a, b)`, later
iterated). `reversed(range(n))` is JT502's, and `zip(*xs)` JT130's.

## Why TorchScript rejects it
TorchScript has no iterator type. `zip`, `enumerate` and `range` are "sugared values" the compiler unrolls into the
loop that iterates them; `list(...)` and `dict(...)` are such loops. Anywhere else the compiler needs a value of a
type (a `List[int]`, a tuple), and there is none to give.

## The errors torch 2.13.0 prints
```
RuntimeError: iterabletree cannot be used as a value:         (zip, enumerate)
RuntimeError: iterabletree cannot be used as a tuple:         (tuple(zip(a, b)), a, b = zip(...))
RuntimeError: range cannot be used as a value:
RuntimeError: range cannot be used as a tuple:                (tuple(range(n)))
```

## Example
```python
def forward(self, x: Tensor, ids: List[int], n: int) -> Tensor:
    order = sorted(zip(ids, range(len(ids))))
    if n in range(len(ids)):
        x = x * len(range(n))
    return x[order[0][1]]
```

## Use instead
```python
def forward(self, x: Tensor, ids: List[int], n: int) -> Tensor:
    order = sorted(list(zip(ids, range(len(ids)))))
    if n in list(range(len(ids))):
        x = x * len(list(range(n)))
    return x[order[0][1]]
```
Or, shorter where it applies: `0 <= n < len(ids)`, `max(n, 0)`.

## Fix safety
Wrapping in `list(...)` is **safe** as the argument of `len`, `sorted`, and (for a `range`) of `sum`, `min` and
`max`, and as the right operand of `in` / `not in` with a `range`: those builtins consume the iterator once and
give the same value for the list. Elsewhere (a function of the user or a library, a returned value) the receiver
would get a list instead of an iterator, so there is no automatic fix.
)doc"};

class IteratorAsValue final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const std::string_view name = calls::called_builtin(context, node);
    if (name != "zip" && name != "enumerate" && name != "range") return;
    for (TSNode arg : NamedChildren(field(node, fld.arguments))) {
      if (is(arg, sym.list_splat) || is(arg, sym.dictionary_splat)) return;  // `zip(*xs)`: JT130's
    }
    const Use use = use_of(context, name);
    if (use == Use::Iterated) return;
    context.report(node,
                   "`" + std::string(name) + "(...)` is used as a value, which TorchScript does not support (" +
                       std::string(name == "range" ? "a range" : "an iterator") +
                       " can only be iterated by a loop, a comprehension or `list(...)`)",
                   use == Use::ListSafe ? list_fix(context, node) : std::nullopt);
  }

 private:
  enum class Use { Iterated, ListSafe, Value };

  // How the expression at the path's end is used: iterated where TorchScript allows it, consumed by a builtin whose
  // result is the same for a list, or used as a value.
  static Use use_of(RuleContext& context, std::string_view name) {
    const NodePath& path = context.path();
    size_t up = 1;
    TSNode parent = path.ancestor(up);
    while (is(parent, sym.parenthesized_expression)) parent = path.ancestor(++up);
    const TSFieldId field_in_parent = path.field_of(up - 1);
    if (is(parent, sym.for_statement) || is(parent, sym.for_in_clause)) {
      return field_in_parent == fld.right ? Use::Iterated : Use::Value;
    }
    if (is(parent, sym.assignment)) {
      // `pairs = zip(a, b)` compiles (the name is iterated later); an annotated one too. An attribute target is
      // JT401's, and `a, b = zip(...)` fails.
      const TSNode left = field(parent, fld.left);
      return is(left, sym.pattern_list) || is(left, sym.tuple_pattern) || is(left, sym.list_pattern)
                 ? Use::Value
                 : Use::Iterated;
    }
    if (is(parent, sym.argument_list)) {
      const TSNode call = path.ancestor(up + 1);
      if (!is(call, sym.call)) return Use::Iterated;
      const std::string_view consumer = calls::called_builtin(context, call);
      if (calls::one_of(consumer, {"list", "dict", "zip", "enumerate", "reversed"})) return Use::Iterated;
      if (named_children(parent).size() == 1 &&
          (consumer == "len" || consumer == "sorted" ||
           (name == "range" && calls::one_of(consumer, {"sum", "min", "max"})))) {
        return Use::ListSafe;
      }
      return Use::Value;
    }
    if (is(parent, sym.keyword_argument)) return Use::Value;
    if (is(parent, sym.comparison_operator)) {
      return name == "range" && is_membership_right(parent, path.ancestor(up - 1))
                 ? Use::ListSafe
                 : Use::Value;
    }
    if (is(parent, sym.return_statement) || is(parent, sym.list) || is(parent, sym.tuple) || is(parent, sym.set) ||
        is(parent, sym.pair) || is(parent, sym.expression_list) || is(parent, sym.conditional_expression) ||
        is(parent, sym.not_operator) || is(parent, sym.boolean_operator) || is(parent, sym.interpolation)) {
      return Use::Value;
    }
    if (is(parent, sym.subscript) || is(parent, sym.attribute)) {
      return field_in_parent == fld.value || field_in_parent == fld.object ? Use::Value : Use::Iterated;
    }
    if ((is(parent, sym.if_statement) || is(parent, sym.elif_clause) || is(parent, sym.while_statement)) &&
        field_in_parent == fld.condition) {
      return Use::Value;
    }
    return Use::Iterated;  // anything else: stay silent
  }

  // `len(list(range(n)))`: when `list` is the builtin here.
  static std::optional<Fix> list_fix(RuleContext& context, TSNode node) {
    if (context.function().scope.all("list") || context.model().module_bindings().all("list")) return std::nullopt;
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Make a list of it: `list(" + std::string(context.text(node)) + ")`";
    fix.edits.push_back(Edit{ts_node_start_byte(node), ts_node_start_byte(node), "list("});
    fix.edits.push_back(insert_after(node, ")"));
    return fix;
  }
};

}  // namespace

const Rule& iterator_as_value_rule() {
  static const IteratorAsValue rule;
  return rule;
}

}  // namespace jitlint
