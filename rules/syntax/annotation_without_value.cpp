// JT111 annotation-without-value: `y: int` as a statement in compiled code.
#include <string>

#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT111",
    "annotation-without-value",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript needs a value with a variable annotation; delete the declaration or annotate the first assignment",
    "annotated assignments without assigned value aren't supported",
    R"doc(## What it does
Finds variable annotations without a value (`y: int` as a statement, PEP 526) in code that `torch.jit.script`
compiles, also in statically dead branches.

## Why TorchScript rejects it
TorchScript declares a variable where it is first assigned. Its frontend (`torch/jit/frontend.py`,
`build_AnnAssign`) rejects an `ast.AnnAssign` whose value is `None` with `UnsupportedNodeError`.

## The error torch 2.13.0 prints
```
torch.jit.frontend.UnsupportedNodeError: annotated assignments without assigned value aren't supported:
```

## Example
```python
def forward(self, x: Tensor, training: bool) -> Tensor:
    scale: float
    if training:
        scale = 0.5
    else:
        scale = 1.0
    return x * scale
```

## Use instead
```python
def forward(self, x: Tensor, training: bool) -> Tensor:
    if training:
        scale = 0.5
    else:
        scale = 1.0
    return x * scale
```
When TorchScript needs the type (an empty container, `None` that is later a Tensor), annotate the first
assignment instead: `scale: float = 0.5`, `cache: Optional[Tensor] = None`, `ids: List[int] = []`.

## Fix safety
The fix deletes the declaration (or replaces it with `pass` when it is the only statement of its block). It is
**safe**: Python never evaluates a local variable's annotation (PEP 526), so the statement has no effect at run
time. It is only offered for a plain name (`y: int`) that the function assigns elsewhere or does not use at all
(the declaration makes the name local; without it, a name only read would resolve to a global), on a line of its
own. A comment after the declaration is kept: on a line of its own, or after the `pass` that replaces
the only statement of a block.

## Known limitations
The deleted annotation no longer guides TorchScript's inference: if the first assignment needs the type
(`ids: List[int]` then `ids = []`), annotate that assignment. Annotated attributes and subscripts without a value
(`self.n: int`, `d["k"]: int`) are reported without a fix.
)doc"};

class AnnotationWithoutValue final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.assignment}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (ts_node_is_null(field(node, fld.type)) || !ts_node_is_null(field(node, fld.right))) return;
    TSNode target = field(node, fld.left);
    std::string message = "The annotation `" + std::string(context.text(target)) +
                          ": ...` has no value, which TorchScript does not support";
    context.report(node, std::move(message), delete_fix(context, node, target));
  }

 private:
  static std::optional<Fix> delete_fix(RuleContext& context, TSNode assignment, TSNode target) {
    if (!is(target, sym.identifier)) return std::nullopt;
    const auto place = statement_place(context);
    if (!place) return std::nullopt;
    TSNode statement = place->statement;
    if (!is(statement, sym.expression_statement) || ts_node_named_child_count(statement) != 1) return std::nullopt;
    if (has_comment(statement)) return std::nullopt;
    const Source& source = context.source();
    const uint32_t end = ts_node_end_byte(statement);
    const uint32_t end_line = source.line_of(end);
    const std::string_view after = source.slice(end, source.line_end(end_line));
    const size_t comment = after.find_first_not_of(" \t");  // statement_place: nothing but a comment can follow
    // The name must stay local: bound elsewhere in the function, or not used at all.
    const std::string_view name = context.text(target);
    if (name_used_outside(context, name, statement)) {
      bool bound_elsewhere = false;
      if (const auto* bindings = context.function().scope.all(name)) {
        for (const Binding& b : *bindings) {
          if (!contains(assignment, b.target)) bound_elsewhere = true;
        }
      }
      if (!bound_elsewhere) return std::nullopt;
    }
    Fix fix;
    fix.applicability = Applicability::Safe;
    TSNode block = context.path().ancestor(2);
    if (!is(block, sym.block)) return std::nullopt;
    size_t statements = 0;
    for (TSNode child : NamedChildren(block)) {
      (void)child;
      ++statements;
    }
    if (statements == 1) {
      fix.message = "Replace the declaration with `pass`";
      fix.edits.push_back(replace_node(statement, "pass"));
      return fix;
    }
    fix.message = "Delete the declaration";
    if (comment != std::string_view::npos) {
      // Keep the trailing comment, on a line of its own at the statement's indentation.
      fix.edits.push_back(Edit{ts_node_start_byte(statement), end + static_cast<uint32_t>(comment), ""});
      return fix;
    }
    const uint32_t start = ts_node_start_byte(statement) - static_cast<uint32_t>(place->indent.size());
    const uint32_t stop = end_line + 1 < source.line_count() ? source.line_start(end_line + 1) : source.line_end(end_line);
    fix.edits.push_back(Edit{start, stop, ""});
    return fix;
  }
};

}  // namespace

const Rule& annotation_without_value_rule() {
  static const AnnotationWithoutValue rule;
  return rule;
}

}  // namespace jitlint
