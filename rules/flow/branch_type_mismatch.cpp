// JT614 branch-type-mismatch: a variable first bound in both blocks of an `if` / `else` with types TorchScript cannot
// unify, and read after them (`if seg is None: ef = 0` / `else: ef = torch.einsum(...)`).
#include <map>

#include "core/branch_types.h"
#include "core/optional_locals.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT614",
    "branch-type-mismatch",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Give the variable one type in both blocks (`torch.zeros_like(x)` or `0.0` instead of `0`)",
    "Type mismatch:",
    R"doc(## What it does
Finds a local variable that an `if` / `else` statement binds in both blocks, with values whose types TorchScript
cannot unify (an `int` and a `Tensor`, an `int` and a `float`, tuples of different lengths, a list display or
comprehension and a value of another kind or an `Optional` of one), and that the function reads after the statement:
XLNet's `if seg_mat is None: ef = 0` / `else: ef = torch.einsum(...)`, then `ac + bd + ef`; the RT-DETR family's
`proj_feats = [self.proj[level](source) for ...]` / `else: proj_feats = inputs_embeds`.

## Why TorchScript rejects it
A variable read after an `if` statement is an output of the `if` node in TorchScript's graph, and an output has one
type. `None` and a value unify (to an `Optional`), but an `int` and a `Tensor` do not, nor an `int` and a `float`
(TorchScript does not promote numbers), nor tuples of different lengths. A variable not read after the statement is
no output and compiles.

## The error torch 2.13.0 prints
```
RuntimeError: Type mismatch: ef is set to type int in the true branch and type Tensor in the false branch:
```

## Example
```python
def forward(self, q: Tensor, seg: Optional[Tensor] = None) -> Tensor:
    if seg is None:
        ef = 0
    else:
        ef = torch.einsum("ibnd,snd->ibns", q, seg)
    return q + ef
```

## Use instead
```python
def forward(self, q: Tensor, seg: Optional[Tensor] = None) -> Tensor:
    out = q
    if seg is not None:
        out = out + torch.einsum("ibnd,snd->ibns", q, seg)
    return out
```
Or give both blocks one type: `ef = torch.zeros_like(q)` (a Tensor where `0` was), `scale = 1.0` beside `0.5`.

## Fix safety
No automatic fix: a Tensor of zeros in place of `0` allocates and broadcasts, and `1.0` for `1` changes integer
arithmetic downstream.

## Known limitations
Only `if` / `else` statements without `elif`, whose blocks both flow on (no `return`, `raise`, `break` or `continue`
at their top level), and variables bound nowhere else in the function, by plain assignments at the top level of
the two blocks, are checked. Conditions TorchScript may decide while compiling (a static test, `isinstance`,
`hasattr`, an attribute compared with `None`, a `None` test of a value that is not declared `Optional`) are left
alone.
)doc"};

// The plain assignments `name = value` at the top level of a block, the last per name (the one that flows out); the
// names any other statement of the block binds are dropped.
std::map<std::string_view, TSNode> flowing_out(const Source& source, TSNode block, bool* exits) {
  std::map<std::string_view, TSNode> out;
  for (TSNode statement : NamedChildren(block)) {
    const TSSymbol kind = ts_node_symbol(statement);
    if (kind == sym.return_statement || kind == sym.raise_statement || kind == sym.break_statement ||
        kind == sym.continue_statement) {
      *exits = true;
    }
    if (kind != sym.expression_statement || ts_node_named_child_count(statement) != 1) continue;
    const TSNode assignment = ts_node_named_child(statement, 0);
    if (!is(assignment, sym.assignment) || !ts_node_is_null(field(assignment, fld.type))) continue;
    const TSNode left = field(assignment, fld.left);
    const TSNode value = field(assignment, fld.right);
    if (!is(left, sym.identifier) || ts_node_is_null(value) || is(value, sym.assignment)) continue;
    out[text(source, left)] = value;
  }
  return out;
}

// Whether the function reads `name` after `node` (outside nested scopes).
bool read_after(const Source& source, const FunctionInfo& function, std::string_view name, TSNode node) {
  const uint32_t after = ts_node_end_byte(node);
  bool found = false;
  walk(field(function.definition, fld.body), [&](const NodePath& path) {
    if (found) return false;
    const TSNode current = path.node();
    if (ts_node_end_byte(current) <= after) return false;
    if (is_nested_scope(current)) return false;
    if (!is(current, sym.identifier) || ts_node_start_byte(current) < after) return true;
    const TSNode parent = path.parent();
    if (is(parent, sym.attribute) && path.field() == fld.attribute) return false;
    if (is(parent, sym.keyword_argument) && path.field() == fld.name) return false;
    if (text(source, current) == name) found = true;
    return false;
  });
  return found;
}

class BranchTypeMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.if_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    TSNode otherwise{};
    for (TSNode clause : NamedChildren(node)) {
      if (is(clause, sym.elif_clause)) return;
      if (is(clause, sym.else_clause)) otherwise = field(clause, fld.body);
    }
    if (ts_node_is_null(otherwise)) return;
    const SemanticModel& model = context.model();
    const FunctionInfo& function = context.function();
    const TSNode condition = field(node, fld.condition);
    if (model.static_condition(function, condition).has_value() || decided_by_instance(model, condition) ||
        possibly_static_condition(model, function, condition)) {
      return;
    }
    const Source& source = context.source();
    bool exits = false;
    const auto taken = flowing_out(source, field(node, fld.consequence), &exits);
    const auto other = flowing_out(source, otherwise, &exits);
    if (exits) return;
    for (const auto& [name, value] : taken) {
      const auto found = other.find(name);
      if (found == other.end()) continue;
      // Bound nowhere but by plain assignments at the top level of the two blocks.
      const std::vector<Binding>* bindings = function.scope.all(name);
      if (!bindings) continue;
      bool only_here = true;
      for (const Binding& binding : *bindings) {
        const bool plain = binding.kind == Binding::Kind::Assignment && binding.element < 0 && !binding.unpacked &&
                           !ts_node_is_null(binding.statement);
        if (!plain || !(is_statement_of(field(node, fld.consequence), binding.statement) ||
                        is_statement_of(otherwise, binding.statement))) {
          only_here = false;
        }
      }
      if (!only_here) continue;
      // The types first: the read after the statement walks the rest of the body.
      const auto sides = ununifiable(model, function, value, found->second);
      if (!sides || !read_after(source, function, name, node)) continue;
      const std::string n(name);
      Diagnostic& diagnostic = context.report(
          condition, "`" + n + "` is " + sides->first + " in the `if` block and " + sides->second +
                         " in the `else` block, and is read after them: TorchScript gives a variable one type where "
                         "the branches meet");
      diagnostic.related.push_back(
          Related{ts_node_start_byte(value), ts_node_end_byte(value), "`" + n + "` flows out of the `if` block here"});
      diagnostic.related.push_back(Related{ts_node_start_byte(found->second), ts_node_end_byte(found->second),
                                           "`" + n + "` flows out of the `else` block here"});
    }
  }
};

}  // namespace

const Rule& branch_type_mismatch_rule() {
  static const BranchTypeMismatch rule;
  return rule;
}

}  // namespace jitlint
