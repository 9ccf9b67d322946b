// The engine: source -> parse -> semantic model -> one walk dispatching nodes to rules -> suppressed, sorted
// diagnostics. An Engine is immutable after construction and shared by threads; each thread brings its own Parser.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/diagnostic.h"
#include "core/rule.h"
#include "core/source.h"
#include "core/syntax.h"

namespace jitlint {

struct CheckOptions {
  // Codes to run; nullopt runs every rule.
  std::optional<std::unordered_set<std::string>> select;
  // The caller has checked that Python itself parses the file. tree-sitter's grammar rejects a few valid forms
  // (`x, *rest = a, *[]`); then JT000 is not reported and rules run in every function free of parse errors.
  bool python_accepts = false;
};

class Engine {
 public:
  // `rules` must outlive the engine; `syntax_error` is the rule that reports parse errors (JT000).
  Engine(std::vector<const Rule*> rules, const Rule& syntax_error);
  std::vector<Diagnostic> check(const Source& source, Parser& parser, const CheckOptions& options) const;

 private:
  std::vector<const Rule*> rules_;
  const Rule& syntax_error_;
  std::vector<std::vector<const Rule*>> rules_by_symbol_;  // indexed by TSSymbol
};

// The engine over every registered rule.
const Engine& default_engine();

}  // namespace jitlint
