// JT205 unrolled-loop-break: `break` or `continue` in a loop TorchScript unrolls (over a module container, through
// `enumerate`, `zip` or `.items()`, or over a tuple).
#include <algorithm>

#include "core/edits.h"
#include "core/expr_types.h"
#include "core/loop_variables.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT205",
    "unrolled-loop-break",
    "containers",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript unrolls a loop over modules or a tuple and cannot leave it early; guard the body with a flag or a "
    "condition instead of `break` / `continue`",
    "Because we emit iteration over modulelists or tuples as unrolled loops, we do not support break or continue",
    R"doc(## What it does
Finds `break` and `continue` whose loop is one TorchScript unrolls when it compiles it: a `for` over an
`nn.ModuleList`, `nn.Sequential` or `nn.ModuleDict` (also through `enumerate(...)`, `zip(...)`, `.items()`,
`.values()` and `.keys()`), or over a tuple (a tuple display such as `(x, x * 2)`, or a value typed `Tuple[...]`).

A `break` that belongs to a loop nested inside (a `while`, a `for` over a `range` or a list) is that loop's, and
is fine.

## Why TorchScript rejects it
Modules in a container have different types, and so may the elements of a tuple, so TorchScript compiles such a
loop by copying its body once per element ("unrolling"). An unrolled loop has no loop left to exit or to continue.

## The error torch 2.13.0 prints
```
RuntimeError: Because we emit iteration over modulelists or tuples as unrolled loops, we do not support break or continue inside the body of these loops:
```

## Example
```python
def forward(self, x: Tensor, depth: int) -> Tensor:
    for i, layer in enumerate(self.layers):
        if i >= depth:
            break
        x = layer(x)
    return x
```

## Use instead
```python
def forward(self, x: Tensor, depth: int) -> Tensor:
    for i, layer in enumerate(self.layers):
        if i < depth:
            x = layer(x)
    return x
```
A `continue` becomes an `if` around the rest of the body; a `break` a flag that the following iterations test
(`stop = True`, and `if not stop:` around the body). Every iteration still runs its (now empty) copy of the body,
and the result is the same.

## Fix safety
A `continue` reached through `if` statements without `elif` / `else`, each the last statement of its block (the
LayerDrop form: `if self.training: ... if p < self.layerdrop: continue`), becomes a flag: `skip = False` before
the statement holding it, `skip = True` in its place, and the rest of the loop body under `if not skip:`. The
same statements run in the same order, so the fix is **safe**; a `continue` that ends the body is just removed
(`pass`). A `break` of the same form becomes a flag set before the loop (`stop = False`), the whole loop body under
`if not stop:`, and the statements after the one holding it under a second `if not stop:`: the later iterations
run with nothing to do, so the fix is **safe**, except where the function reads a loop variable after the loop
(it would hold the last element): no fix there. Other forms have no automatic fix.
)doc"};

class UnrolledLoopBreak final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.break_statement, sym.continue_statement}}; }

  void check(RuleContext& context, TSNode node) const override {
    const TSNode loop = enclosing_loop(context.path());
    if (!is(loop, sym.for_statement) || context.in_dead_code(node)) return;
    const std::string what = unrolled_iterable(context, strip_parens(field(loop, fld.right)));
    if (what.empty()) return;
    context.report(node,
                   "`" + std::string(is(node, sym.break_statement) ? "break" : "continue") + "` in a loop over " +
                       what + ", which TorchScript unrolls: it cannot leave or skip an iteration of it",
                   flag_fix(context, loop));
  }

 private:
  // The loop a `break` / `continue` belongs to: the innermost `for` / `while` whose body holds it (not its `else`),
  // within the function.
  static TSNode enclosing_loop(const NodePath& path) {
    for (size_t up = 1; up < path.size(); ++up) {
      const TSNode node = path.ancestor(up);
      if (is_nested_scope(node)) return TSNode{};
      if ((is(node, sym.for_statement) || is(node, sym.while_statement))) {
        return path.field_of(up - 1) == fld.body ? node : TSNode{};
      }
    }
    return TSNode{};
  }

  // The fixes rewrite a `continue` / `break` reached through `if` statements without `elif` / `else`, it and each of
  // them last in its block: nothing else runs between it and the end of the loop body's statement holding it.
  static std::optional<Fix> flag_fix(RuleContext& context, TSNode loop) {
    const NodePath& path = context.path();
    const TSNode body = field(loop, fld.body);
    if (!ts_node_is_null(field(loop, fld.alternative))) return std::nullopt;  // `for ... else`
    const auto up = body_statement_frame(path, body);
    if (!up) return std::nullopt;
    const TSNode statement = path.ancestor(*up);
    const TSNode next = ts_node_next_named_sibling(statement);
    if (!ts_node_is_null(next) && is(next, sym.comment)) return std::nullopt;  // a comment after it: keep it simple
    return is(path.node(), sym.continue_statement) ? skip_fix(context, loop, *up, next)
                                                   : stop_fix(context, loop, *up, next);
  }

  // How many frames above the `continue` / `break` the loop body's statement holding it is, when the path from it
  // goes through `if` statements only (see `flag_fix`).
  static std::optional<size_t> body_statement_frame(const NodePath& path, TSNode body) {
    for (size_t k = 0; k + 1 < path.size(); k += 2) {
      const TSNode block = path.ancestor(k + 1);
      if (same_node(block, body)) return k;
      if (!is(block, sym.block) || !same_node(last_statement(block), path.ancestor(k))) return std::nullopt;
      const TSNode owner = path.ancestor(k + 2);
      if (!is(owner, sym.if_statement) || !ts_node_is_null(field(owner, fld.alternative))) return std::nullopt;
    }
    return std::nullopt;
  }

  // `continue` -> `skip = True`, with `skip = False` before the body's statement holding it and the statements after
  // that one under `if not skip:`; a `continue` nothing follows is removed.
  static std::optional<Fix> skip_fix(RuleContext& context, TSNode loop, size_t up, TSNode next) {
    const NodePath& path = context.path();
    Fix fix;
    fix.applicability = Applicability::Safe;
    if (ts_node_is_null(next)) {
      fix.message = "Remove the `continue` (nothing follows it in the loop body)";
      fix.edits.push_back(replace_node(path.node(), "pass"));
      return fix;
    }
    if (up == 0) return std::nullopt;  // dead code after a bare `continue`
    const auto place = statement_place(context.source(), path, path.size() - 1 - up);
    if (!place) return std::nullopt;
    const std::string flag = fresh_name(context, "skip");
    auto nested = nest_statements(context.source(), loop, next, field(loop, fld.body), "if not " + flag, place->unit);
    if (!nested) return std::nullopt;
    fix.isolation_scope = naming_scope(context);
    fix.message = "Set a flag `" + flag + "` and run the rest of the loop body under `if not " + flag + ":`";
    fix.edits.push_back(insert_before(*place, flag + " = False" + place->newline));
    fix.edits.push_back(replace_node(path.node(), flag + " = True"));
    for (Edit& edit : *nested) fix.edits.push_back(std::move(edit));
    return fix;
  }

  // `break` -> `stop = True`, with `stop = False` before the loop, its whole body under `if not stop:` and the
  // statements after the one holding the `break` under a second `if not stop:`. The later iterations run empty. Not
  // when the function reads a loop target after the loop (it would hold the last element, not the one `break` left).
  static std::optional<Fix> stop_fix(RuleContext& context, TSNode loop, size_t up, TSNode next) {
    const NodePath& path = context.path();
    const Source& source = context.source();
    const TSNode body = field(loop, fld.body);
    if (up == 0 && !ts_node_is_null(next)) return std::nullopt;  // dead code after a bare `break`
    const std::string_view after =
        source.slice(ts_node_end_byte(loop), ts_node_end_byte(context.function().definition));
    bool read_after = false;
    walk_descendants(field(loop, fld.left), [&](TSNode node) {
      if (is(node, sym.identifier) && mentions_word(after, context.text(node))) read_after = true;
      return !read_after;
    });
    if (read_after || (is(field(loop, fld.left), sym.identifier) && mentions_word(after, context.text(field(loop, fld.left))))) {
      return std::nullopt;
    }
    const auto loop_place = statement_place(source, path, path.size() - 1 - (up + 2));
    const TSNode first = first_statement(body);
    if (!loop_place || ts_node_is_null(first)) return std::nullopt;
    const uint32_t first_line = source.line_of(ts_node_start_byte(first));
    const std::string_view first_text = source.line_text(first_line);
    const size_t column = first_text.find_first_not_of(" \t");
    if (first_line == source.line_of(ts_node_start_byte(loop)) || column == std::string_view::npos ||
        source.line_start(first_line) + column != ts_node_start_byte(first) || multiline_string_from(source, body, 0)) {
      return std::nullopt;
    }
    const std::string indent(first_text.substr(0, column));
    const std::string& unit = loop_place->unit;
    const std::string& newline = loop_place->newline;
    const std::string flag = fresh_name(context, "stop");
    const std::string guard = "if not " + flag + ":";
    const uint32_t body_last = source.line_of(ts_node_end_byte(body) - 1);
    const uint32_t next_line = ts_node_is_null(next) ? body_last + 1 : source.line_of(ts_node_start_byte(next));
    if (!ts_node_is_null(next) &&
        source.line_start(next_line) + source.line_text(next_line).find_first_not_of(" \t") != ts_node_start_byte(next)) {
      return std::nullopt;  // `next` shares its line with the statement before it
    }
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.isolation_scope = naming_scope(context);
    fix.message = "Set a flag `" + flag + "` and run the loop body under `" + guard + "` (the later iterations do "
                  "nothing)";
    fix.edits.push_back(insert_before(*loop_place, flag + " = False" + newline));
    fix.edits.push_back(Edit{source.line_start(first_line), source.line_start(first_line),
                             indent + guard + newline + unit});
    indent_lines(source, first_line + 1, std::min(next_line - 1, body_last), unit, fix.edits);
    if (!ts_node_is_null(next)) {
      // the second guard, one level in: `nest_statements` would put the two levels' edits at the same offsets
      fix.edits.push_back(Edit{source.line_start(next_line), source.line_start(next_line),
                               indent + unit + guard + newline + unit + unit});
      indent_lines(source, next_line + 1, body_last, unit + unit, fix.edits);
    }
    fix.edits.push_back(replace_node(path.node(), flag + " = True"));
    return fix;
  }
};

}  // namespace

const Rule& unrolled_loop_break_rule() {
  static const UnrolledLoopBreak rule;
  return rule;
}

}  // namespace jitlint
