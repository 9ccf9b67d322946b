// JT613 tuple-grown: a local tuple grown by concatenation (`t = t + (x,)`, `t += (x,)`) where TorchScript cannot
// give it one type: from `()` or `None`, or inside a loop or branch.
#include <optional>

#include "core/expr_types.h"
#include "core/loop_variables.h"
#include "core/optional_locals.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT613",
    "tuple-grown",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Collect the values in a list (`xs: List[Tensor] = []`, then `xs.append(x)`): a TorchScript tuple has a fixed "
    "length",
    "Arguments for call are not valid\npreviously had type",
    R"doc(## What it does
Finds a local tuple grown by concatenation, `t = t + (x,)` or `t += (x,)`, in code that `torch.jit.script`
compiles, where TorchScript cannot keep one type for it:
- it starts as `() if flag else None` (or `None if ... else ()`): transformers' `all_hidden_states = () if
  output_hidden_states else None`, then `all_hidden_states = all_hidden_states + (hidden_states,)` in the layer loop;
- it starts as `()` and grows with `+=`;
- it grows inside an `if` / `elif` / `else` branch or a loop that TorchScript compiles as a loop (a `range`, a list,
  a tensor), relative to where it starts.

## Why TorchScript rejects it
A TorchScript tuple's length and element types are part of its type: `()` is `Tuple[()]`, `(h,)` is
`Tuple[Tensor]`. A variable keeps one type across a loop or a branch, so the longer tuple cannot flow out of the
block ("previously had type Tuple[()] but is now being assigned to a value of type Tuple[Tensor]"). `+` has no schema
for an `Optional` tuple, and `+=` none for the empty tuple ("Arguments for call are not valid", the candidates
being `aten::add`'s Tensor schemas). Loops over a module container or a tuple are unrolled (each iteration is
straight-line code), so a tuple grown directly in their body, starting from a tuple, compiles.

## The errors torch 2.13.0 prints
```
RuntimeError: Arguments for call are not valid.
RuntimeError: Variable 'all_hidden_states' previously had type Tuple[()] but is now being assigned to a value of type Tuple[Tensor]
```
(the first for an `Optional` tuple or `+=` on `()`: "Expected a value of type 'Tensor' for argument 'self' but
instead found type 'Optional[Tuple[()]]'".)

## Example
```python
def forward(self, hidden_states: Tensor, output_hidden_states: bool = False) -> Tensor:
    all_hidden_states = () if output_hidden_states else None
    for layer in self.layers:
        if output_hidden_states:
            all_hidden_states = all_hidden_states + (hidden_states,)
        hidden_states = layer(hidden_states)
    return hidden_states
```

## Use instead
```python
def forward(self, hidden_states: Tensor, output_hidden_states: bool = False) -> Tensor:
    all_hidden_states: List[Tensor] = []
    for layer in self.layers:
        if output_hidden_states:
            all_hidden_states.append(hidden_states)
        hidden_states = layer(hidden_states)
    return hidden_states
```
A list has one type whatever its length; `torch.stack(xs)` and indexing read it as they read the tuple. Where the
tuple is returned, the caller gets a list.

## Fix safety
No automatic fix: the variable's type changes from a tuple (or `None`) to a list, which callers and `isinstance`
tests see.

## Known limitations
Only locals whose every binding is a tuple display, `() if c else None`, or the growth itself are checked; a
condition reading `self` (a module constant) or calling a test TorchScript decides while compiling
(`torch.jit.is_scripting()`, `hasattr`, `isinstance`), and loops the engine cannot classify (an iterable of unknown
type) are left alone.
)doc"};

// The concatenation `name = name + (x, ...)` or `name += (x, ...)` (a non-empty tuple display): the name, and
// whether it is the augmented form. nullopt for any other statement.
struct Growth {
  std::string_view name;
  bool augmented = false;
};

bool nonempty_tuple(TSNode node) {
  node = strip_parens(node);
  return is(node, sym.tuple) && ts_node_named_child_count(node) > 0;
}

std::optional<Growth> growth(const Source& source, TSNode statement) {
  const TSNode left = field(statement, fld.left);
  if (!is(left, sym.identifier)) return std::nullopt;
  if (is(statement, sym.augmented_assignment)) {
    if (text(source, field(statement, fld.operator_)) != "+=" || !nonempty_tuple(field(statement, fld.right))) {
      return std::nullopt;
    }
    return Growth{text(source, left), true};
  }
  if (!is(statement, sym.assignment) || !ts_node_is_null(field(statement, fld.type))) return std::nullopt;
  const TSNode value = strip_parens(field(statement, fld.right));
  if (!is(value, sym.binary_operator) || text(source, field(value, fld.operator_)) != "+") return std::nullopt;
  const TSNode grown = strip_parens(field(value, fld.left));
  if (!is(grown, sym.identifier) || text(source, grown) != text(source, left)) return std::nullopt;
  if (!nonempty_tuple(field(value, fld.right))) return std::nullopt;
  return Growth{text(source, left), false};
}

// How a tuple starts: `(...)`, or `() if c else None` / `None if c else ()` (optional). nullopt for anything else,
// and for a condition reading `self` (a constant attribute) or calling a compile-time test (`is_scripting`,
// `hasattr`, `isinstance`), which TorchScript may decide while compiling.
struct Start {
  bool empty = false;
  bool optional = false;
};

std::optional<Start> start_of(const Source& source, TSNode value) {
  value = strip_parens(value);
  if (is(value, sym.tuple)) return Start{ts_node_named_child_count(value) == 0, false};
  if (!is(value, sym.conditional_expression)) return std::nullopt;
  const ConditionalParts parts = conditional_parts(value);
  const std::string_view condition = text(source, parts.condition);
  if (!parts.whole() || mentions_word(condition, "self") || calls_compile_time_test(source, parts.condition)) {
    return std::nullopt;  // a condition TorchScript may decide while compiling
  }
  const TSNode body = strip_parens(parts.body), alternative = strip_parens(parts.alternative);
  const TSNode tuple = is(body, sym.none) ? alternative : body;
  const TSNode other = is(body, sym.none) ? body : alternative;
  if (!is(tuple, sym.tuple) || !is(other, sym.none)) return std::nullopt;
  return Start{ts_node_named_child_count(tuple) == 0, true};
}

class TupleGrown final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.assignment, sym.augmented_assignment}}; }
  void check(RuleContext& context, TSNode node) const override {
    const Source& source = context.source();
    const auto grown = growth(source, node);
    if (!grown) return;
    const std::vector<Binding>* bindings = context.function().scope.all(grown->name);
    if (!bindings) return;
    // Every binding is this kind of growth, or the one start.
    const Binding* origin = nullptr;
    for (const Binding& binding : *bindings) {
      const bool is_growth = (binding.kind == Binding::Kind::Augmented || binding.kind == Binding::Kind::Assignment) &&
                             !ts_node_is_null(binding.statement) && growth(source, binding.statement);
      if (is_growth) continue;
      if (binding.kind != Binding::Kind::Assignment || origin || binding.element >= 0 || binding.unpacked ||
          !ts_node_is_null(binding.annotation)) {
        return;
      }
      origin = &binding;
    }
    if (!origin || ts_node_start_byte(origin->statement) >= ts_node_start_byte(node)) return;
    const auto start = start_of(source, origin->value);
    if (!start) return;
    std::string why;
    if (start->optional) {
      why = "it starts as a tuple or `None` (an `Optional` tuple, which `+` does not take), and a longer tuple is "
            "another type";
    } else if (grown->augmented && start->empty) {
      why = "TorchScript has no `+=` for the empty tuple `()`";
    } else {
      const auto nested = nested_below(context, origin->statement);
      if (!nested || !*nested) return;
      why = "it grows inside a loop or branch, and a tuple's length is part of its type, so the longer tuple cannot "
            "flow out of the block";
    }
    const std::string name(grown->name);
    Diagnostic& diagnostic = context.report(
        node, "`" + name + "` is a tuple grown by concatenation, which TorchScript cannot compile here: " + why +
                  "; collect the values in a list");
    diagnostic.related.push_back(Related{ts_node_start_byte(origin->statement), ts_node_end_byte(origin->statement),
                                         "`" + name + "` starts here"});
  }

 private:
  // Whether the statement being checked (the end of the rule's path) runs in a block of its own relative to
  // `origin` (the statement that starts the tuple): an `if` / `elif` / `else` or a real loop between them. An unrolled
  // loop and a `with` add none. nullopt when the engine cannot tell (a loop it cannot classify, a test TorchScript
  // decides while compiling, a `try`, or `origin` not in a block around the statement).
  static std::optional<bool> nested_below(const RuleContext& context, TSNode origin) {
    const NodePath& path = context.path();
    const SemanticModel& model = context.model();
    bool nested = false;
    for (size_t up = 1; up < path.size(); ++up) {
      const TSNode node = path.ancestor(up);
      const TSSymbol kind = ts_node_symbol(node);
      if (kind == sym.block && is_statement_of(node, origin)) return nested;
      if (kind == sym.function_definition || kind == sym.class_definition || kind == sym.try_statement ||
          kind == sym.match_statement) {
        return std::nullopt;
      }
      if (kind == sym.if_statement || kind == sym.elif_clause || kind == sym.else_clause) {
        // A test TorchScript decides while compiling leaves straight-line code, no block: not ours to judge.
        const TSNode test = kind == sym.else_clause ? field(path.ancestor(up + 1), fld.condition)
                                                    : field(node, fld.condition);
        if (ts_node_is_null(test) || model.static_condition(context.function(), test).has_value() ||
            possibly_static_condition(model, context.function(), test)) {
          return std::nullopt;
        }
        nested = true;
      } else if (kind == sym.while_statement) {
        nested = true;
      } else if (kind == sym.for_statement) {
        const TSNode iterable = field(node, fld.right);
        if (!unrolled_iterable(context, strip_parens(iterable)).empty()) continue;
        if (!runtime_loop(context, iterable)) return std::nullopt;
        nested = true;
      }
    }
    return std::nullopt;
  }
};

}  // namespace

const Rule& tuple_grown_rule() {
  static const TupleGrown rule;
  return rule;
}

}  // namespace jitlint
