// Checking a tree of files together: analysis across files (design.md section 1).
//   1. summaries: each file is read, parsed once and modelled alone; its summary joins the project index, which
//      then resolves every class's bases across files and into installed packages (ProjectIndex::resolve);
//   2. the compiled region across files: each file's model is built again with the index at hand, and functions
//      that compiled code of another file calls become compiled in their own file (to a fixpoint);
//   3. rules: each file's final model through the engine.
// Every phase runs over a pool of threads; a file's diagnostics do not depend on the order files come in.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/project_index.h"
#include "core/summary_cache.h"
#include "core/source.h"
#include "core/syntax.h"

namespace jitlint {

class Project {
 public:
  // `search_paths`: folders of installed packages (site-packages) where imports that leave the tree are read.
  // `cache_folder`: where summaries of installed modules are kept between runs (empty: not kept).
  explicit Project(std::vector<std::string> search_paths, std::string cache_folder = {})
      : search_paths_(std::move(search_paths)), cache_(std::move(cache_folder)) {}

  // Phases 1 and 2 over these files.
  void load(const std::vector<std::string>& paths, int threads);
  // Phase 3: the rules, with each file's options (same order and length as the loaded paths). `release`: free
  // each file's tree and model once it is checked (on the worker threads; a one-shot check keeps only the sources,
  // the index and the diagnostics, and check_all cannot run again).
  std::vector<std::vector<Diagnostic>> check_all(const Engine& engine, const std::vector<CheckOptions>& options,
                                                 int threads, bool release = false);

  size_t size() const { return units_.size(); }
  const std::string& path(size_t i) const { return units_[i]->path; }
  // Why the file could not be checked ("binary file", an OS error, not UTF-8), or empty.
  const std::string& error(size_t i) const { return units_[i]->error; }
  const Source* source(size_t i) const { return units_[i]->source ? &*units_[i]->source : nullptr; }
  const ProjectIndex& index() const { return index_; }
  // The context a source for `path` is checked with on its own (standard input, an editor's buffer, fix).
  ModelContext context_for(const std::string& path) const;

 private:
  struct Unit {
    std::string path, module, error;
    bool is_package = false;
    std::optional<Source> source;
    std::optional<Tree> tree;
    std::optional<SemanticModel> model;
  };
  std::optional<FileSummary> read_installed(const std::string& module) const;

  std::vector<std::string> search_paths_;
  SummaryCache cache_;
  std::vector<std::unique_ptr<Unit>> units_;
  ProjectIndex index_;
};

}  // namespace jitlint
