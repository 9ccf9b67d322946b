#include "core/fixer.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "core/walk.h"

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

// Only spaces and tabs between the two offsets: one line's indentation.
bool indentation_between(std::string_view text, uint32_t from, uint32_t to) {
  if (from > to) std::swap(from, to);
  if (to > text.size()) return false;
  return text.substr(from, to - from).find_first_not_of(" \t") == std::string_view::npos;
}

bool overlaps(const Edit& a, const Edit& b, std::string_view text) {
  const bool a_inserts = a.start == a.end;
  const bool b_inserts = b.start == b.end;
  // Two insertions at one point, or at both ends of one line's indentation (a statement nested under a new `with`
  // inserts at the line's start, an `assert` before the statement at its first character): their order, or the
  // indentation each gives the other, is unclear.
  if (a_inserts && b_inserts) return indentation_between(text, a.start, b.start);
  if (a_inserts || b_inserts) {
    const Edit& insertion = a_inserts ? a : b;
    const Edit& replacement = a_inserts ? b : a;
    return replacement.start < insertion.start && insertion.start < replacement.end;
  }
  return a.start < b.end && b.start < a.end;
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
      // An edit identical to one taken already (the same `from typing import List` two fixes need) is shared,
      // not a clash.
      std::vector<const Edit*> fresh;
      bool clash = false;
      for (const Edit& edit : fixes[i]->edits) {
        bool shared = false;
        for (const Edit& other : taken) {
          if (edit.start == other.start && edit.end == other.end && edit.replacement == other.replacement) shared = true;
          else clash = clash || overlaps(edit, other, current->text());
        }
        if (!shared) fresh.push_back(&edit);
      }
      if (clash) continue;  // the next round sees it again
      // A fix whose every edit is already taken (one loop rewrite offered by each of its lookups) is applied with
      // them, whatever its isolation scope: it changes nothing more.
      const bool all_shared = fresh.empty() && !fixes[i]->edits.empty();
      if (!all_shared && fixes[i]->isolation_scope && !isolated_scopes.insert(*fixes[i]->isolation_scope).second) {
        continue;
      }
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
