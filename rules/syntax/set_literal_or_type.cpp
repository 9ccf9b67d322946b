// JT103 set-literal-or-type: set literals, `set(...)`/`frozenset(...)` calls and set annotations in compiled code.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT103",
    "set-literal-or-type",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript has no set type; use a list or tuple for membership tests, or a `Dict[T, bool]`",
    "Set aren't supported\n"
    "set(Tensor 0) -> Tensor 0\n"
    "frozenset(Tensor 0) -> Tensor 0\n"
    "Unknown type constructor Set\n"
    "Unknown type constructor set\n"
    "Unknown type constructor FrozenSet\n"
    "Unknown type name 'set'\n"
    "Unknown type name 'frozenset'",
    R"doc(## What it does
Finds set literals (`{a, b}`), calls of the builtins `set(...)` and `frozenset(...)` with an argument, and set
types in annotations (`Set[int]`, `FrozenSet[int]`, `set[int]`, `set`) in code that `torch.jit.script`
compiles.

## Why TorchScript rejects it
TorchScript has no set type. A set literal is rejected by the frontend (`torch/jit/frontend.py`), also in
statically dead branches. `set` and `frozenset` are not TorchScript builtins: called with an argument they are
treated as opaque Python functions whose assumed signature takes a Tensor, so the call fails to type-check (the
IR emitter skips this in a statically dead branch). Set types are unknown to the annotation parser.

## The errors torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: Set aren't supported:
RuntimeError: set(Tensor 0) -> Tensor 0:
RuntimeError: frozenset(Tensor 0) -> Tensor 0:
RuntimeError: Unknown type constructor Set:
RuntimeError: Unknown type constructor set:
RuntimeError: Unknown type constructor FrozenSet:
RuntimeError: Unknown type name 'set':
RuntimeError: Unknown type name 'frozenset':
```

## Example
```python
def forward(self, x: Tensor, mode: str) -> Tensor:
    if mode in {"train", "finetune"}:
        return x * 2
    return x
```

## Use instead
```python
def forward(self, x: Tensor, mode: str) -> Tensor:
    if mode in ["train", "finetune"]:
        return x * 2
    return x
```
For de-duplication or counting, fill a `Dict[T, bool]`; annotate parameters as `List[T]`.

## Fix safety
`len(set(xs))` and `x in set(xs)`, where the elements of `xs` are `int`, `float`, `str` or `bool` by the source
(an annotated parameter, a class-level annotation, a list `__init__` assigns), become a `Dict[T, bool]` whose keys
are the elements, filled by a loop just before the statement: `len(seen)` / `x in seen`. It is **unsafe**: the
elements are now collected before the rest of the statement runs, and the dict is not a set for any other use.
A set literal of plain literals (strings, numbers, booleans, or attributes only ever assigned such literals) used only as the right side of `in` / `not in` becomes a
list literal: `mode in ["train", "finetune"]`. This is **safe**: for such elements membership in a list and in a
set give the same answer. Other uses have no automatic fix.

## Known limitations
`set()` with no argument compiles (as a call to Python) but the model cannot be saved; that is a deployment
problem, not reported here. String annotations (`"Set[int]"`) are not inspected.
)doc"};

class SetLiteralOrType final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.set, sym.call, sym.type}}; }

  void check(RuleContext& context, TSNode node) const override {
    if (is(node, sym.set)) {
      context.report(node, "Set literals are not supported by TorchScript", membership_fix(context, node));
      return;
    }
    if (is(node, sym.call)) {
      TSNode function = field(node, fld.function);
      const bool is_set = context.model().is_builtin(function, "set");
      if (!is_set && !context.model().is_builtin(function, "frozenset")) return;
      if (named_children(field(node, fld.arguments)).empty()) return;  // scripts (but cannot be saved)
      if (context.in_dead_code(node)) return;                        // a semantic-phase error
      context.report(node,
                     std::string("`") + (is_set ? "set" : "frozenset") +
                         "(...)` is not supported by TorchScript, which has no set type",
                     set_call_fix(context, node));
      return;
    }
    // An annotation: find the first set type inside it (`Optional[Set[int]]` too). Only the outermost `type`
    // node: the ones nested in it (`Set[int]` inside `Optional[...]`) are searched from there.
    const NodePath& path = context.path();
    for (size_t up = 1; up < path.size() && !is(path.ancestor(up), sym.function_definition); ++up) {
      if (is(path.ancestor(up), sym.type)) return;
    }
    if (is(context.parent(), sym.assignment) && context.in_dead_code(node)) return;  // a local's annotation
    TSNode found{};
    walk(node, [&](const NodePath& inner) {
      if (!ts_node_is_null(found)) return false;
      if (is(inner.node(), sym.string)) return false;
      if (is_set_type(context, inner)) {
        found = inner.node();
        return false;
      }
      return true;
    });
    if (!ts_node_is_null(found)) {
      context.report(found, "Set types are not supported in TorchScript annotations");
    }
  }

 private:
  // `len(set(xs))` / `x in set(xs)` -> a `Dict[T, bool]` keyed by the elements, filled by a loop before the statement
  // and used in the call's place (a dict answers `len` and `in` as the set did).
  static std::optional<Fix> set_call_fix(RuleContext& context, TSNode call) {
    const SemanticModel& model = context.model();
    const NodePath& path = context.path();
    auto args = named_children(field(call, fld.arguments));
    if (args.size() != 1 || is(args[0], sym.keyword_argument) || is(args[0], sym.list_splat) ||
        is(args[0], sym.dictionary_splat) || has_comment(args[0])) {
      return std::nullopt;
    }
    const TSNode parent = context.parent();
    bool counted_or_tested = false;
    if (is(parent, sym.argument_list) && named_children(parent).size() == 1) {
      const TSNode outer = path.ancestor(2);
      counted_or_tested = is(outer, sym.call) && model.is_builtin(field(outer, fld.function), "len");
    } else if (is(parent, sym.comparison_operator)) {
      counted_or_tested = is_membership_right(parent, call);
    }
    if (!counted_or_tested) return std::nullopt;
    auto place = statement_place(context);
    bool reorders = false;
    if (!place || !hoistable(path, place->statement, &reorders)) return std::nullopt;
    // The key type: what iterating the argument gives, from the source; only types a Dict key and a set element
    // compare alike (by value).
    auto element = ExprTypes(model, context.function()).element_of(args[0]);
    if (!element) return std::nullopt;
    using Kind = Type::Kind;
    const Type& key = element->type;
    if (!key.is(Kind::Int) && !key.is(Kind::Float) && !key.is(Kind::Str) && !key.is(Kind::Bool)) return std::nullopt;
    const std::string seen = fresh_name(context, "seen");
    const std::string item = fresh_name(context, "item", {seen});
    const std::string& nl = place->newline;
    Fix fix;
    fix.applicability = Applicability::Unsafe;
    fix.message = "Collect the elements as the keys of a `Dict[" + key.spell() + ", bool]`";
    fix.isolation_scope = naming_scope(context);
    fix.typing_imports.push_back("Dict");
    fix.edits.push_back(insert_before(
        *place, seen + ": Dict[" + key.spell() + ", bool] = {}" + nl + place->indent + "for " + item + " in " +
                    render(context.source(), args[0], {}) + ":" + nl + place->indent + place->unit + seen + "[" +
                    item + "] = True" + nl));
    fix.edits.push_back(replace_node(call, seen));
    return fix;
  }

  // `x in {"a", "b"}` -> `x in ["a", "b"]`
  static std::optional<Fix> membership_fix(RuleContext& context, TSNode set) {
    const Source& source = context.source();
    TSNode parent = context.parent();
    if (!is(parent, sym.comparison_operator) || !is_membership_right(parent, set)) return std::nullopt;
    for (TSNode element : named_children(set)) {
      TSNode e = strip_parens(element);
      const bool literal = is_plain_string(source, e) || is_integer_literal(e) || is(e, sym.float_) || is(e, sym.true_) ||
                           is(e, sym.false_);
      // `self.pad_id` where every assignment is a literal: a number or string too.
      const auto fact = context.model().self_attribute_fact(context.function(), e);
      if (!literal && !(fact && fact->is_literal())) return std::nullopt;
    }
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Test membership in a list literal";
    // The braces are the set's first and last children.
    fix.edits.push_back(replace_node(ts_node_child(set, 0), "["));
    fix.edits.push_back(replace_node(ts_node_child(set, ts_node_child_count(set) - 1), "]"));
    return fix;
  }

  static bool is_set_type(RuleContext& context, const NodePath& path) {
    const TSNode node = path.node();
    TSNode head = node;
    if (is(node, sym.generic_type)) head = ts_node_named_child(node, 0);
    else if (is(node, sym.subscript)) head = field(node, fld.value);
    else if (!is(node, sym.identifier) && !is(node, sym.attribute)) return false;
    // A bare identifier inside a generic (the `Set` of `Set[int]`) is found through its generic_type parent.
    if (is(node, sym.identifier) && (is(path.parent(), sym.generic_type) || is(path.parent(), sym.attribute))) {
      return false;
    }
    const SemanticModel& model = context.model();
    if (model.is_builtin(head, "set") || model.is_builtin(head, "frozenset")) return true;
    const std::string name = model.qualified_name(head);
    return name == "typing.Set" || name == "typing.FrozenSet";
  }
};

}  // namespace

const Rule& set_literal_or_type_rule() {
  static const SetLiteralOrType rule;
  return rule;
}

}  // namespace jitlint
