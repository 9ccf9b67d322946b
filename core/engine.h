// The engine: source -> parse -> semantic model -> one walk dispatching nodes to rules -> suppressed, sorted
// diagnostics. An Engine is immutable after construction and shared by threads; each thread brings its own Parser.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/diagnostic.h"
#include "core/rule.h"
#include "core/semantic_model.h"
#include "core/source.h"
#include "core/syntax.h"

namespace jitlint {

// Single-threaded wall time of each stage of one check, for the benchmark (bench/bench.py --split).
struct CheckTimings {
  double parse_s = 0;  // tree-sitter
  double model_s = 0;  // building the semantic model
  double rules_s = 0;  // the walk dispatching nodes to rules, fix import edits, suppressions, sorting
};

struct CheckOptions {
  // Codes to run; nullopt runs every rule.
  std::optional<std::unordered_set<std::string>> select;
  // The caller has checked that Python itself parses the file. tree-sitter's grammar rejects a few valid forms
  // (`x, *rest = a, *[]`); then JT000 is not reported and rules run in every function free of parse errors.
  bool python_accepts = false;
  // When set, filled with the time each stage took.
  CheckTimings* timings = nullptr;
  // The file's module and the project index (analysis across files); nullptr: the file alone.
  const ModelContext* context = nullptr;
};

// A rule subscribed to something the grammar does not have, or a kind id the engine could not resolve.
class RuleSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Engine {
 public:
  // `rules` must outlive the engine; `syntax_error` is the rule that reports parse errors (JT000), `unused_noqa`
  // (optional) the one that reports `# noqa` codes that suppress nothing (JT001). Throws RuleSetupError when a rule
  // subscribes to a node kind the grammar does not have.
  Engine(std::vector<const Rule*> rules, const Rule& syntax_error, const Rule* unused_noqa = nullptr);
  std::vector<Diagnostic> check(const Source& source, Parser& parser, const CheckOptions& options) const;
  // The rules over a model already built from `tree` (the project check builds models in its own phases).
  std::vector<Diagnostic> check_model(const Tree& tree, const SemanticModel& model, const CheckOptions& options) const;
  // JT000's diagnostics for a tree with parse errors (none when JT000 is not selected).
  std::vector<Diagnostic> syntax_errors(const Tree& tree, const CheckOptions& options) const;

 private:
  struct Subscriber {
    const Rule* rule;
    Subscriptions subscriptions;
  };
  void run_rules(const SemanticModel& model, const CheckOptions& options, std::vector<Diagnostic>& out) const;
  // Import edits of fixes, suppressions (and, when the rules ran, the `noqa` codes that suppress nothing), order:
  // what every check does after its rules.
  void finish(const Tree& tree, const CheckOptions& options, std::vector<Diagnostic>& diagnostics,
              bool rules_ran) const;

  std::vector<Subscriber> rules_;
  const Rule& syntax_error_;
  const Rule* unused_noqa_ = nullptr;
  std::vector<std::vector<size_t>> rules_by_symbol_;  // TSSymbol -> indices into rules_
  bool file_hooks_ = false;  // some rule subscribes to the whole file
};


}  // namespace jitlint
