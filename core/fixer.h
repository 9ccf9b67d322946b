// Applying fixes (design.md section 5): take the fixes a check offers, sorted, skipping any that overlap one
// already taken; add the `typing` imports they need; re-parse and check again, up to a fixpoint. A round whose
// result does not parse when the input did reverts the whole file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.h"

namespace jitlint {

struct FixOptions {
  CheckOptions check;
  bool unsafe = false;  // also apply fixes marked unsafe
  int max_rounds = 100;
};

struct FixOutcome {
  std::string output;                        // the fixed text (the input when nothing applied or on error)
  std::map<std::string, int> applied;        // fixes applied per rule code
  std::optional<std::string> error;          // a fix would have broken the file; output is the input
};

FixOutcome apply_fixes(const Engine& engine, const Source& source, Parser& parser, const FixOptions& options);

}  // namespace jitlint
