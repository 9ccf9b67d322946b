// Checking a tree of files together: analysis across files (design.md section 1).
//
// Every file is read and parsed once, on a pool of threads, and checked as soon as it is parsed: its model asks the
// project index about the classes and functions of other files, and the index summarises those files on demand
// (each once: from the file's own parse when its turn came first, otherwise from a parse that its turn then takes
// over). No tree is held across files beyond those handed over. Functions that compiled code of another file calls
// become compiled in their own file: the calls found in one pass are added to the index, and the files whose module
// gained a function they did not already compile are checked again (parsed again), to a fixpoint. A file's
// diagnostics are those of its last check, made with the final index, so they do not depend on the order files
// come in.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
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

  // The files of the tree (nothing is read yet: files are read when checked or when a question needs them).
  void load(const std::vector<std::string>& paths);
  // The compiled region across files without the rules (a tree that only gives context: standard input, an
  // editor's buffer), so that `context_for` knows which functions of a file other files' compiled code calls.
  void resolve_region(int threads);
  // The rules over every file, with each file's options (same order and length as the loaded paths). `release`:
  // keep no tree once its file is checked (a one-shot check keeps only the sources, the index and the
  // diagnostics); without it, trees are kept for the next call.
  std::vector<std::vector<Diagnostic>> check_all(const Engine& engine, const std::vector<CheckOptions>& options,
                                                 int threads, bool release = false);

  size_t size() const { return units_.size(); }
  // Files checked so far by the running `check_all` (read from another thread for a progress display; files
  // checked again because they gained compiled functions count again).
  size_t checked() const { return checked_.load(std::memory_order_relaxed); }
  const std::string& path(size_t i) const { return units_[i]->path; }
  // Why the file could not be checked ("binary file", an OS error, not UTF-8), or empty.
  const std::string& error(size_t i) const { return units_[i]->error; }
  const Source* source(size_t i) const { return units_[i]->source.get(); }
  const ProjectIndex& index() const { return index_; }
  // The context a source for `path` is checked with on its own (standard input, an editor's buffer, fix).
  ModelContext context_for(const std::string& path) const;

 private:
  struct Unit {
    std::string path, module, error;
    bool is_package = false;
    bool read = false;
    std::unique_ptr<Source> source;  // on the heap: a tree points to its source, and handoffs move both
    std::optional<Tree> tree;
    // Functions of other files this file's compiled code calls, as (module, function or Class.method).
    std::vector<std::pair<std::string, std::string>> calls_elsewhere;
    // Its functions compiled at its last check, named as other files' calls name them (`pad`, `Head.forward`).
    std::unordered_set<std::string> compiled;
    // A parse made for a question of another file before this file's turn: its turn takes it over.
    std::mutex handoff_mutex;
    std::optional<std::pair<std::unique_ptr<Source>, Tree>> handoff;
  };
  // One pass over `files`: each parsed (or its kept tree), modelled with the index, checked when `engine` is given.
  void check_files(const std::vector<size_t>& files, const Engine* engine, const std::vector<CheckOptions>* options,
                   std::vector<std::vector<Diagnostic>>* out, int threads, bool keep_trees);
  // What the file's model compiles, and what it calls in other files' compiled region.
  void record_region(Unit& unit, const SemanticModel& model) const;
  // Passes until no module gains functions compiled from elsewhere.
  void run(const Engine* engine, const std::vector<CheckOptions>* options, std::vector<std::vector<Diagnostic>>* out,
           int threads, bool keep_trees);
  std::optional<FileSummary> summarise_file(size_t file) const;
  std::optional<FileSummary> read_installed(const std::string& module) const;

  std::vector<std::string> search_paths_;
  SummaryCache cache_;
  std::vector<std::unique_ptr<Unit>> units_;
  ProjectIndex index_;
  std::atomic<size_t> checked_{0};
};

}  // namespace jitlint
