// Edit utilities every fix uses: replace a node, insert code before a statement (with its indentation and the
// file's line ending), add a `typing` import, pick a fresh local name, render an expression with names replaced.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "core/imports.h"
#include "core/rule.h"
#include "core/walk.h"

namespace jitlint {

struct StatementPlace {
  TSNode statement{};       // the statement directly inside a block
  std::string indent;       // its line's leading whitespace
  std::string unit;         // one level of indentation as the file writes it
  std::string newline;      // the file's line ending
};

// The statement containing the node at `frame` of `path` (by default the path's current node), when it stands
// alone on its line(s) inside a function block (no `;`, not on the header line of a compound statement); nullopt
// otherwise.
std::optional<StatementPlace> statement_place(const Source& source, const NodePath& path, size_t frame);
inline std::optional<StatementPlace> statement_place(const RuleContext& context) {
  return statement_place(context.source(), context.path(), context.path().size() - 1);
}

// One level of indentation as the file writes it: the indentation of `statement`'s line minus that of `owner`'s
// (the compound statement or `def` whose block holds it); four spaces (a tab in tab-indented code) when that does
// not tell.
std::string indent_unit(const Source& source, TSNode owner, TSNode statement);
// The edit replacing `node` with `text`.
inline Edit replace_node(TSNode node, std::string text) {
  return Edit{ts_node_start_byte(node), ts_node_end_byte(node), std::move(text)};
}
// The edit replacing the source from the start of `first` to the end of `last` with `text`.
inline Edit replace_span(TSNode first, TSNode last, std::string text) {
  return Edit{ts_node_start_byte(first), ts_node_end_byte(last), std::move(text)};
}
// The edit inserting `text` right after `node`.
inline Edit insert_after(TSNode node, std::string text) {
  return Edit{ts_node_end_byte(node), ts_node_end_byte(node), std::move(text)};
}
// The edit inserting `lines` (each ending with the file's line ending, as `place.newline`) as statements before
// the statement at `place`, at its indentation.
inline Edit insert_before(const StatementPlace& place, const std::string& lines) {
  const uint32_t start = ts_node_start_byte(place.statement);
  return Edit{start, start, lines + place.indent};
}

// The edits that put the statements of `block` (the body of the compound statement `header`, on lines of its own)
// under `if <condition>:`, one `unit` deeper. nullopt when the block shares its header's line or a string literal
// spans lines inside it (indenting its lines would change the string).
std::optional<std::vector<Edit>> guard_block(const Source& source, TSNode header, TSNode block,
                                             const std::string& condition, const std::string& unit);
// The same from the statement `first` of `block` to its end, under `<opening>:` (`with torch.no_grad()`).
std::optional<std::vector<Edit>> nest_statements(const Source& source, TSNode header, TSNode first, TSNode block,
                                                 const std::string& opening, const std::string& unit);

// A string literal in `node`, ending after byte `from`, spans lines: indenting its lines would change it.
bool multiline_string_from(const Source& source, TSNode node, uint32_t from);
// The edits that indent the lines `first`..`last` (0-based, blank lines left alone) by `by`.
void indent_lines(const Source& source, uint32_t first, uint32_t last, const std::string& by, std::vector<Edit>& edits);

// The edits that add `from typing import <names>` for the names not yet bound in the file (`imports`: the file's
// module-level imports, collected once per file); empty when all are.
std::vector<Edit> typing_import_edits(const Source& source, TSNode module, const ImportTable& imports,
                                      const std::vector<std::string>& names);

// How fixed code names the Tensor type in this file: `Tensor` when `from torch import Tensor` binds it,
// `torch.Tensor` when `import torch` does; empty when neither (a fix must then not name it).
std::string tensor_type_spelling(const SemanticModel& model);

// The isolation scope for fixes that introduce names in the current function (see Fix::isolation_scope).
inline uint32_t naming_scope(const RuleContext& context) { return ts_node_start_byte(context.function().definition); }

// A local name used nowhere in the function, not a class, function or import of the file, and not in
// `also_taken` (names the same fix introduces): `base`, `base_1`, ...
std::string fresh_name(const RuleContext& context, std::string_view base,
                       const std::vector<std::string>& also_taken = {});

// The path's current node, an identifier, names a variable: not the `x` of `a.x` nor the keyword of `f(x=1)`.
bool is_variable(const NodePath& identifier);

// Whether `name` appears as a variable (not an attribute or keyword name) in the function outside `except_node`,
// not counting comprehensions and `for` loops that bind a `name` of their own.
bool name_used_outside(const RuleContext& context, std::string_view name, TSNode except_node);

// The text of `node` with every variable named in `renames` replaced. Text spanning lines is parenthesised so it
// stays one expression when moved out of its brackets.
std::string render(const Source& source, TSNode node, const std::unordered_map<std::string, std::string>& renames);

// Whether `node` or a node below it is of kind `kind`.
bool contains_kind(TSNode node, TSSymbol kind);

// Whether the expression the path leads to can be computed before `statement` (one of the path's frames) and used
// in its place: false where it is evaluated conditionally or repeatedly (a branch of a conditional or `and`/`or`, a
// loop's body or condition, a comprehension, a lambda...); sets `reorders` when something evaluated before it in the
// statement is a call, or reads an attribute or item a call in the expression may change.
bool hoistable(const NodePath& path, TSNode statement, bool* reorders);

// Whether the subtree holds a comment (a fix that re-renders it would drop it).
bool has_comment(TSNode node);

}  // namespace jitlint
