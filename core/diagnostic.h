// Diagnostics and the fixes attached to them: byte ranges into the Source, resolved to rows/columns only on output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jitlint {

struct RuleMeta;

enum class Applicability { Safe, Unsafe, DisplayOnly };
const char* applicability_name(Applicability applicability);

struct Edit {
  uint32_t start = 0;
  uint32_t end = 0;
  std::string replacement;
};

struct Fix {
  Applicability applicability = Applicability::Safe;
  std::string message;  // what the fix does, e.g. "Rewrite as a loop over `enumerate(self.layers)`"
  std::vector<Edit> edits;
  // Names the fixed code needs from `typing`, e.g. "List": the engine turns them into the edit that imports them
  // (none when the file has them already) before reporting the fix.
  std::vector<std::string> typing_imports;
  // Fixes that pick fresh local names in a function cannot see each other's picks: the fixer applies at most one
  // fix per scope (the function's start byte) per round, and the next round sees the names the last one chose.
  std::optional<uint32_t> isolation_scope;
};

// A secondary location of a diagnostic: where the attribute was assigned, where the `Optional` came from.
struct Related {
  uint32_t start = 0;
  uint32_t end = 0;
  std::string message;
};

struct Diagnostic {
  const RuleMeta* rule = nullptr;
  std::string message;
  uint32_t start = 0;
  uint32_t end = 0;
  std::optional<Fix> fix;
  std::vector<Related> related;
};

}  // namespace jitlint
