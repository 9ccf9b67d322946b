// Summaries of installed modules kept on disk: an installed package is read and summarised once, and later runs
// (pre-commit, CI, the editor) take the summary from the cache instead of parsing its sources again.
//
// One cache file per source file (and module name), named by a hash of both; it holds the file's size and modification time
// (a new version of the package rewrites its files, and so invalidates their entries) and the summary in a small
// line format (`serialize_summary`). Writes go through a temporary file and a rename, so a reader never sees half
// an entry, and several jitlint processes can share one folder. A missing, stale or unreadable entry is a miss.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/project_index.h"

namespace jitlint {

// The summary as text: one record per line, fields separated by tabs (names never hold either).
std::string serialize_summary(const FileSummary& summary);
// nullopt when the text is not a summary of this format version.
std::optional<FileSummary> deserialize_summary(std::string_view text);

class SummaryCache {
 public:
  // `folder` empty: no cache (every lookup misses, nothing is written).
  explicit SummaryCache(std::string folder) : folder_(std::move(folder)) {}

  // The summary of `source_path` read as `summary.module` when its entry matches the file's size and modification
  // time (the module name is part of the key: qualified names inside the summary are built from it).
  std::optional<FileSummary> find(const std::string& source_path, const std::string& module) const;
  // Stores the summary of `source_path` as it is on disk now; failures are ignored (a cache is optional).
  void store(const std::string& source_path, const FileSummary& summary) const;

 private:
  std::string entry_path(const std::string& key) const;
  std::string folder_;
};

}  // namespace jitlint
