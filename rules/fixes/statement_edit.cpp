#include "rules/fixes/statement_edit.h"

#include <algorithm>

#include <vector>

namespace jitlint {
namespace {

std::string leading_whitespace(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return std::string(line.substr(0, n));
}


}  // namespace

bool is_variable(TSNode identifier) {
  TSNode parent = ts_node_parent(identifier);
  if (is(parent, "attribute") && same_node(field(parent, "attribute"), identifier)) return false;
  if (is(parent, "keyword_argument") && same_node(field(parent, "name"), identifier)) return false;
  return true;
}

std::optional<StatementPlace> statement_place(const Source& source, TSNode node) {
  TSNode statement = node;
  while (!ts_node_is_null(statement) && !is(ts_node_parent(statement), "block")) {
    if (is(ts_node_parent(statement), "module")) return std::nullopt;
    statement = ts_node_parent(statement);
    // Out of the function body (a default value, a decorator): there is no statement of the function to edit.
    if (is_nested_scope(statement) || is(statement, "parameters") || is(statement, "decorator")) return std::nullopt;
  }
  if (ts_node_is_null(statement)) return std::nullopt;
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
  const std::string_view text = source.text();
  const size_t newline = text.find('\n');
  place.newline = newline != std::string_view::npos && newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
  // One indentation level: this line's indentation minus that of the compound statement owning the block.
  TSNode owner = ts_node_parent(ts_node_parent(statement));
  const std::string outer = leading_whitespace(source.line_text(source.line_of(ts_node_start_byte(owner))));
  if (place.indent.size() > outer.size() && place.indent.compare(0, outer.size(), outer) == 0) {
    place.unit = place.indent.substr(outer.size());
  } else {
    place.unit = place.indent.find('\t') != std::string::npos ? "\t" : "    ";
  }
  return place;
}

// A comprehension or `for` loop of its own that binds `name`: the name inside it is another variable.
bool rebinds(const Source& source, TSNode node, std::string_view name) {
  if (is(node, "for_statement")) {
    TSNode left = field(node, "left");
    return is(left, "identifier") && text(source, left) == name;
  }
  if (!(is(node, "list_comprehension") || is(node, "dictionary_comprehension") || is(node, "set_comprehension") ||
        is(node, "generator_expression"))) {
    return false;
  }
  for (TSNode clause : named_children(node)) {
    if (!is(clause, "for_in_clause")) continue;
    bool binds = false;
    TSNode left = field(clause, "left");
    if (is(left, "identifier")) binds = text(source, left) == name;
    for (TSNode target : named_children(left)) binds = binds || (is(target, "identifier") && text(source, target) == name);
    if (binds) return true;
  }
  return false;
}

bool name_used_outside(const RuleContext& context, std::string_view name, TSNode except_node) {
  bool used = false;
  walk_descendants(context.function().definition, [&](TSNode node) {
    if (used) return false;
    if (same_node(node, except_node)) return false;
    if (rebinds(context.source(), node, name)) return false;
    if (is(node, "identifier") && context.text(node) == name && is_variable(node)) used = true;
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
    walk_descendants(context.function().definition, [&](TSNode node) {
      if (taken) return false;
      if (is(node, "identifier") && is_variable(node) && context.text(node) == candidate) taken = true;
      return true;
    });
    if (!taken) return candidate;
  }
}

std::string render(const Source& source, TSNode node, const std::unordered_map<std::string, std::string>& renames) {
  const uint32_t start = ts_node_start_byte(node);
  std::vector<std::pair<uint32_t, TSNode>> replaced;
  if (!renames.empty()) {
    auto consider = [&](TSNode n) {
      if (!is(n, "identifier") || !is_variable(n)) return;
      if (renames.count(std::string(text(source, n)))) replaced.emplace_back(ts_node_start_byte(n), n);
    };
    consider(node);
    walk_descendants(node, [&](TSNode n) {
      consider(n);
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
  if (out.find('\n') != std::string::npos && !is(node, "parenthesized_expression")) out = "(" + out + ")";
  return out;
}

bool has_comment(TSNode node) {
  bool found = false;
  walk_descendants(node, [&](TSNode n) {
    if (is(n, "comment")) found = true;
    return !found;
  });
  return found;
}

}  // namespace jitlint
