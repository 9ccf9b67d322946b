#include "core/fixer.h"

#include <algorithm>
#include <set>

#include "core/imports.h"

namespace jitlint {
namespace {

bool applicable(const Fix& fix, const FixOptions& options) {
  if (fix.edits.empty()) return false;
  switch (fix.applicability) {
    case Applicability::Safe: return true;
    case Applicability::Unsafe: return options.unsafe;
    case Applicability::DisplayOnly: return false;
  }
  return false;
}

bool overlaps(const Edit& a, const Edit& b) {
  const bool a_inserts = a.start == a.end;
  const bool b_inserts = b.start == b.end;
  if (a_inserts && b_inserts) return a.start == b.start;  // two insertions at one point: their order is unclear
  if (a_inserts || b_inserts) {
    const Edit& insertion = a_inserts ? a : b;
    const Edit& replacement = a_inserts ? b : a;
    return replacement.start < insertion.start && insertion.start < replacement.end;
  }
  return a.start < b.end && b.start < a.end;
}

std::string line_ending(std::string_view text) {
  const size_t newline = text.find('\n');
  return newline != std::string_view::npos && newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
}

bool is_docstring(TSNode statement) {
  return is(statement, "expression_statement") && ts_node_named_child_count(statement) == 1 &&
         is(ts_node_named_child(statement, 0), "string");
}

bool is_future_import(const Source& source, TSNode statement) {
  return is(statement, "future_import_statement") ||
         (is(statement, "import_from_statement") && text(source, field(statement, "module_name")) == "__future__");
}

// ERROR and MISSING nodes, counted where the parser gave up (not inside one another).
size_t parse_error_count(const Tree& tree) {
  if (!tree.has_error()) return 0;
  if (ts_node_is_error(tree.root())) return 1;  // the parser gave up on the whole file
  size_t count = 0;
  walk_descendants(tree.root(), [&](TSNode node) {
    if (!ts_node_has_error(node)) return false;
    if (ts_node_is_error(node) || ts_node_is_missing(node)) {
      ++count;
      return false;
    }
    return true;
  });
  return count > 0 ? count : 1;  // an error flagged on the root itself
}

}  // namespace

std::vector<Edit> typing_import_edits(const Source& source, TSNode module, const std::vector<std::string>& names) {
  ImportTable imports;
  imports.collect(source, module);
  std::set<std::string> missing;
  for (const std::string& name : names) {
    if (!imports.binds(name)) missing.insert(name);
  }
  if (missing.empty()) return {};
  // Extend an existing `from typing import A, B` (parenthesised too) after its last name, rather than add a second
  // import of typing.
  for (TSNode statement : named_children(module)) {
    if (!is(statement, "import_from_statement") || text(source, field(statement, "module_name")) != "typing") continue;
    TSNode last_name{};
    for (TSNode child : named_children(statement)) {
      if (!same_node(child, field(statement, "module_name")) && (is(child, "dotted_name") || is(child, "aliased_import"))) {
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
  line += line_ending(source.text());
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
      line = line_ending(source.text()) + line;  // the file ends without a newline after the docstring
      line.erase(line.size() - line_ending(source.text()).size());
    }
  }
  return {Edit{insert_at, insert_at, line}};
}

FixOutcome apply_fixes(const Engine& engine, const Source& source, Parser& parser, const FixOptions& options) {
  FixOutcome outcome;
  outcome.output = std::string(source.text());
  // A file with syntax errors is never fixed, unless the caller checked that Python parses it (tree-sitter's
  // grammar rejects a few valid forms): then a round may not add parse errors to those tree-sitter already sees.
  const size_t input_errors = parse_error_count(parser.parse(source));
  if (input_errors > 0 && !options.check.python_accepts) return outcome;

  std::optional<Source> current = Source::from_bytes(outcome.output, nullptr);
  for (int round = 0; round < options.max_rounds; ++round) {
    std::vector<Diagnostic> diagnostics = engine.check(*current, parser, options.check);
    std::vector<const Fix*> fixes;
    std::vector<const Diagnostic*> owners;
    for (const Diagnostic& d : diagnostics) {
      if (d.fix && applicable(*d.fix, options)) {
        fixes.push_back(&*d.fix);
        owners.push_back(&d);
      }
    }
    if (fixes.empty()) break;

    std::vector<Edit> taken;
    std::map<std::string, int> applied_this_round;
    std::set<uint32_t> isolated_scopes;
    for (size_t i = 0; i < fixes.size(); ++i) {
      if (fixes[i]->isolation_scope && !isolated_scopes.insert(*fixes[i]->isolation_scope).second) continue;
      // An edit identical to one taken already (the same `from typing import List` two fixes need) is shared,
      // not a clash.
      std::vector<const Edit*> fresh;
      bool clash = false;
      for (const Edit& edit : fixes[i]->edits) {
        bool shared = false;
        for (const Edit& other : taken) {
          if (edit.start == other.start && edit.end == other.end && edit.replacement == other.replacement) shared = true;
          else clash = clash || overlaps(edit, other);
        }
        if (!shared) fresh.push_back(&edit);
      }
      if (clash) continue;  // the next round sees it again
      for (const Edit* edit : fresh) taken.push_back(*edit);
      applied_this_round[std::string(owners[i]->rule->code)] += 1;
    }
    // Apply from the end so earlier offsets stay valid.
    std::stable_sort(taken.begin(), taken.end(), [](const Edit& a, const Edit& b) { return a.start > b.start; });
    std::string text(current->text());
    for (const Edit& edit : taken) text.replace(edit.start, edit.end - edit.start, edit.replacement);

    std::optional<Source> next = Source::from_bytes(text, nullptr);
    if (!next || parse_error_count(parser.parse(*next)) > input_errors) {
      std::string codes;
      for (const auto& [code, count] : applied_this_round) codes += (codes.empty() ? "" : ", ") + code;
      outcome.output = std::string(source.text());
      outcome.applied.clear();
      outcome.error = "fixing " + codes + " would have produced invalid Python; the file was left unchanged "
                      "(this is a jitlint bug: please report it with the file)";
      return outcome;
    }
    for (const auto& [code, count] : applied_this_round) outcome.applied[code] += count;
    if (next->text() == current->text()) break;
    current = std::move(next);
  }
  outcome.output = std::string(current->text());
  return outcome;
}

}  // namespace jitlint
