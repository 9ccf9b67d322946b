#include "core/edits.h"

#include "core/imports.h"

#include <algorithm>
#include <set>

#include <vector>

namespace jitlint {
namespace {

std::string leading_whitespace(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return std::string(line.substr(0, n));
}


bool is_future_import(const Source& source, TSNode statement) {
  return is(statement, sym.future_import_statement) ||
         (is(statement, sym.import_from_statement) && text(source, field(statement, fld.module_name)) == "__future__");
}

// A comprehension or `for` loop of its own that binds `name`: the name inside it is another variable.
bool rebinds(const Source& source, TSNode node, std::string_view name) {
  if (is(node, sym.for_statement)) {
    TSNode left = field(node, fld.left);
    return is(left, sym.identifier) && text(source, left) == name;
  }
  if (!(is(node, sym.list_comprehension) || is(node, sym.dictionary_comprehension) || is(node, sym.set_comprehension) ||
        is(node, sym.generator_expression))) {
    return false;
  }
  for (TSNode clause : NamedChildren(node)) {
    if (!is(clause, sym.for_in_clause)) continue;
    bool binds = false;
    TSNode left = field(clause, fld.left);
    if (is(left, sym.identifier)) binds = text(source, left) == name;
    for (TSNode target : NamedChildren(left)) binds = binds || (is(target, sym.identifier) && text(source, target) == name);
    if (binds) return true;
  }
  return false;
}

}  // namespace

bool is_variable(const NodePath& identifier) {
  const TSSymbol parent = ts_node_symbol(identifier.parent());
  if (parent == sym.attribute && identifier.field() == fld.attribute) return false;
  if (parent == sym.keyword_argument && identifier.field() == fld.name) return false;
  return true;
}

std::optional<StatementPlace> statement_place(const Source& source, const NodePath& path, size_t frame) {
  // Up from the node to the statement directly inside a block.
  while (frame > 0 && !is(path[frame - 1].node, sym.block)) {
    --frame;
    // Out of the function body (a default value, a decorator): there is no statement of the function to edit.
    const TSNode up = path[frame].node;
    if (is_nested_scope(up) || is(up, sym.parameters) || is(up, sym.decorator) || is(up, sym.module)) return std::nullopt;
  }
  if (frame < 2) return std::nullopt;  // no block (and a compound statement owning it) above the node
  const TSNode statement = path[frame].node;
  const uint32_t start = ts_node_start_byte(statement);
  const uint32_t line = source.line_of(start);
  const std::string_view before = source.slice(source.line_start(line), start);
  if (before.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;  // `if c: stmt` or `a; stmt`
  const uint32_t end_line = source.line_of(ts_node_end_byte(statement));
  const std::string_view after = source.slice(ts_node_end_byte(statement), source.line_end(end_line));
  const size_t rest = after.find_first_not_of(" \t");
  if (rest != std::string_view::npos && after[rest] != '#') return std::nullopt;  // `stmt; other`

  StatementPlace place;
  place.statement = statement;
  place.indent = std::string(before);
  place.newline = std::string(source.newline());
  place.unit = indent_unit(source, path[frame - 2].node, statement);
  return place;
}

std::string indent_unit(const Source& source, TSNode owner, TSNode statement) {
  const std::string outer = leading_whitespace(source.line_text(source.line_of(ts_node_start_byte(owner))));
  const std::string inner = leading_whitespace(source.line_text(source.line_of(ts_node_start_byte(statement))));
  if (inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0) return inner.substr(outer.size());
  return inner.find('\t') != std::string::npos ? "\t" : "    ";
}

bool name_used_outside(const RuleContext& context, std::string_view name, TSNode except_node) {
  bool used = false;
  walk(context.function().definition, [&](const NodePath& path) {
    TSNode node = path.node();
    if (used) return false;
    if (same_node(node, except_node)) return false;
    if (rebinds(context.source(), node, name)) return false;
    if (is(node, sym.identifier) && context.text(node) == name && is_variable(path)) used = true;
    return true;
  });
  return used;
}

std::string fresh_name(const RuleContext& context, std::string_view base, const std::vector<std::string>& also_taken) {
  const SemanticModel& model = context.model();
  for (int n = 0;; ++n) {
    std::string candidate(base);
    if (n > 0) candidate += "_" + std::to_string(n);
    bool taken = model.find_class(candidate) >= 0 || model.find_module_function(candidate) >= 0 ||
                 model.imports().binds(candidate) ||
                 std::find(also_taken.begin(), also_taken.end(), candidate) != also_taken.end();
    walk(context.function().definition, [&](const NodePath& path) {
      if (taken) return false;
      if (is(path.node(), sym.identifier) && context.text(path.node()) == candidate && is_variable(path)) taken = true;
      return true;
    });
    if (!taken) return candidate;
  }
}

std::string render(const Source& source, TSNode node, const std::unordered_map<std::string, std::string>& renames) {
  const uint32_t start = ts_node_start_byte(node);
  std::vector<std::pair<uint32_t, TSNode>> replaced;
  if (!renames.empty()) {
    // `node` itself is a variable when it is an identifier (it is the whole expression moved).
    if (is(node, sym.identifier) && renames.count(std::string(text(source, node)))) {
      replaced.emplace_back(ts_node_start_byte(node), node);
    }
    walk(node, [&](const NodePath& path) {
      TSNode n = path.node();
      if (is(n, sym.identifier) && is_variable(path) && renames.count(std::string(text(source, n)))) {
        replaced.emplace_back(ts_node_start_byte(n), n);
      }
      return true;
    });
  }
  std::string out;
  uint32_t cursor = start;
  for (const auto& [offset, identifier] : replaced) {
    out += source.slice(cursor, offset);
    out += renames.at(std::string(text(source, identifier)));
    cursor = ts_node_end_byte(identifier);
  }
  out += source.slice(cursor, ts_node_end_byte(node));
  if (out.find('\n') != std::string::npos && !is(node, sym.parenthesized_expression)) out = "(" + out + ")";
  return out;
}

bool has_comment(TSNode node) {
  bool found = false;
  walk_descendants(node, [&](TSNode n) {
    if (is(n, sym.comment)) found = true;
    return !found;
  });
  return found;
}

std::optional<std::vector<Edit>> guard_block(const Source& source, TSNode header, TSNode block,
                                             const std::string& condition, const std::string& unit) {
  if (ts_node_is_null(block)) return std::nullopt;
  return nest_statements(source, header, ts_node_named_child(block, 0), block, "if " + condition, unit);
}

std::optional<std::vector<Edit>> nest_statements(const Source& source, TSNode header, TSNode first, TSNode block,
                                                 const std::string& opening, const std::string& unit) {
  if (ts_node_is_null(block) || ts_node_is_null(first) || ts_node_end_byte(block) <= ts_node_start_byte(first)) {
    return std::nullopt;
  }
  const uint32_t from = source.line_of(ts_node_start_byte(first));
  const uint32_t last = source.line_of(ts_node_end_byte(block) - 1);
  if (from == source.line_of(ts_node_start_byte(header))) return std::nullopt;
  const size_t first_column = source.line_text(from).find_first_not_of(" \t");
  if (first_column == std::string_view::npos || source.line_start(from) + first_column != ts_node_start_byte(first)) {
    return std::nullopt;  // `first` shares its line with the statement before it (`a; b`)
  }
  if (multiline_string_from(source, block, ts_node_start_byte(first))) return std::nullopt;
  const std::string_view first_text = source.line_text(from);
  const std::string indent(first_text.substr(0, first_text.find_first_not_of(" \t")));
  std::vector<Edit> edits;
  const uint32_t at = source.line_start(from);
  edits.push_back(Edit{at, at, indent + opening + ":" + std::string(source.newline()) + unit});
  indent_lines(source, from + 1, last, unit, edits);
  return edits;
}

bool multiline_string_from(const Source& source, TSNode node, uint32_t from) {
  bool found = false;
  walk_descendants(node, [&](TSNode child) {
    if (found || ts_node_end_byte(child) <= from) return false;
    if (is(child, sym.string)) {
      found = source.line_of(ts_node_start_byte(child)) != source.line_of(ts_node_end_byte(child));
      return false;
    }
    return true;
  });
  return found;
}

void indent_lines(const Source& source, uint32_t first, uint32_t last, const std::string& by,
                  std::vector<Edit>& edits) {
  for (uint32_t line = first; line <= last; ++line) {
    if (source.line_text(line).find_first_not_of(" \t\r\n") == std::string_view::npos) continue;  // blank
    edits.push_back(Edit{source.line_start(line), source.line_start(line), by});
  }
}

std::vector<Edit> typing_import_edits(const Source& source, TSNode module, const ImportTable& imports,
                                      const std::vector<std::string>& names) {
  std::set<std::string> missing;
  for (const std::string& name : names) {
    if (!imports.binds(name)) missing.insert(name);
  }
  if (missing.empty()) return {};
  // Extend an existing `from typing import A, B` (parenthesised too) after its last name, rather than add a second
  // import of typing.
  for (TSNode statement : named_children(module)) {
    if (!is(statement, sym.import_from_statement) || text(source, field(statement, fld.module_name)) != "typing") continue;
    TSNode last_name{};
    for (TSNode child : named_children(statement)) {
      if (!same_node(child, field(statement, fld.module_name)) && (is(child, sym.dotted_name) || is(child, sym.aliased_import))) {
        last_name = child;
      }
    }
    if (ts_node_is_null(last_name)) continue;  // `from typing import *`
    std::string added;
    for (const std::string& name : missing) added += ", " + name;
    const uint32_t end = ts_node_end_byte(last_name);
    return {Edit{end, end, added}};
  }
  std::string line = "from typing import ";
  bool first = true;
  for (const std::string& name : missing) {
    line += (first ? "" : ", ") + name;
    first = false;
  }
  line += std::string(source.newline());
  // After the module docstring and `from __future__` imports; before everything else (comments above stay above).
  uint32_t insert_at = source.bom_length();
  bool after_statement = false;
  auto statements = named_children(module);
  for (size_t i = 0; i < statements.size(); ++i) {
    if ((i == 0 && is_docstring(statements[i])) || is_future_import(source, statements[i])) {
      insert_at = ts_node_end_byte(statements[i]);
      after_statement = true;
      continue;
    }
    if (!after_statement) insert_at = source.line_start(source.line_of(ts_node_start_byte(statements[i])));
    break;
  }
  if (after_statement) {
    // Start of the line after that statement (or the end of the file).
    const uint32_t row = source.line_of(insert_at);
    if (row + 1 < source.line_count()) {
      insert_at = source.line_start(row + 1);
    } else {
      insert_at = source.size();
      line = std::string(source.newline()) + line;  // the file ends without a newline after the docstring
      line.erase(line.size() - std::string(source.newline()).size());
    }
  }
  return {Edit{insert_at, insert_at, line}};
}

std::string tensor_type_spelling(const SemanticModel& model) {
  if (model.imports().imported_as("Tensor") == "torch.Tensor") return "Tensor";
  if (model.imports().imported_as("torch") == "torch") return "torch.Tensor";
  return {};
}

bool contains_kind(TSNode node, TSSymbol kind) {
  if (is(node, kind)) return true;
  bool found = false;
  walk_descendants(node, [&](TSNode n) {
    found = found || is(n, kind);
    return !found;
  });
  return found;
}

bool hoistable(const NodePath& path, TSNode statement, bool* reorders) {
  const bool comprehension_calls = contains_kind(path.node(), sym.call);
  for (size_t up = 1; up < path.size() && !same_node(path.ancestor(up - 1), statement); ++up) {
    const TSNode child = path.ancestor(up - 1);
    const TSNode parent = path.ancestor(up);
    if (is(parent, sym.conditional_expression) || is(parent, sym.boolean_operator) || is(parent, sym.lambda) ||
        is(parent, sym.list_comprehension) || is(parent, sym.dictionary_comprehension) ||
        is(parent, sym.generator_expression) || is(parent, sym.set_comprehension) || is(parent, sym.elif_clause) ||
        is(parent, sym.while_statement) || is(parent, sym.else_clause) || is(parent, sym.with_statement) ||
        is(parent, sym.for_in_clause) || is(parent, sym.if_clause) || is(parent, sym.decorator) ||
        is(parent, sym.default_parameter) || is(parent, sym.assert_statement)) {
      return false;
    }
    if (is(parent, sym.for_statement) && !same_node(field(parent, fld.right), child)) return false;
    if (is(parent, sym.if_statement) && !same_node(field(parent, fld.condition), child)) return false;
    // Anything evaluated before `child` inside `parent` now runs after the comprehension: a call there may see
    // the comprehension's side effects, and a read of an attribute or an item may see what its calls changed.
    const uint32_t count = ts_node_named_child_count(parent);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode sibling = ts_node_named_child(parent, i);
      if (ts_node_start_byte(sibling) >= ts_node_start_byte(child)) break;
      // The function being called is evaluated first but is not a call itself (`torch.stack([...])`).
      if (is(parent, sym.call) && same_node(field(parent, fld.function), sibling)) continue;
      if (contains_kind(sibling, sym.call) ||
          (comprehension_calls && (contains_kind(sibling, sym.attribute) || contains_kind(sibling, sym.subscript)))) {
        *reorders = true;
      }
    }
  }
  return true;
}

}  // namespace jitlint
