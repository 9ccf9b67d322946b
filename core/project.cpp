#include "core/project.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace jitlint {
namespace {

constexpr size_t kBinarySniffBytes = 8000;
constexpr std::uintmax_t kLargestInstalledSource = 8u << 20;

// Runs work(i) for i in [0, count) on up to `threads` threads.
template <typename Work>
void parallel_for(size_t count, int threads, Work&& work) {
  const size_t workers = std::min<size_t>(count, threads < 1 ? 1 : static_cast<size_t>(threads));
  if (workers <= 1) {
    for (size_t i = 0; i < count; ++i) work(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (size_t t = 0; t < workers; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < count; i = next++) work(i);
    });
  }
  for (std::thread& thread : pool) thread.join();
}

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *error = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    *error = "cannot be read";
    return std::nullopt;
  }
  return bytes.str();
}

ModelContext context_of(const ProjectIndex* index, const std::string& module, bool is_package) {
  ModelContext context;
  context.project = index;
  context.module = module;
  context.is_package = is_package;
  return context;
}

}  // namespace

std::optional<FileSummary> Project::read_installed(const std::string& module) const {
  namespace fs = std::filesystem;
  std::string relative = module;
  for (char& c : relative) {
    if (c == '.') c = '/';
  }
  for (const std::string& root : search_paths_) {
    for (const bool package : {false, true}) {
      const fs::path file = package ? fs::path(root) / relative / "__init__.py" : fs::path(root) / (relative + ".py");
      std::error_code ec;
      if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) > kLargestInstalledSource) continue;
      if (std::optional<FileSummary> cached = cache_.find(file.string(), module)) return cached;
      std::string error;
      std::optional<std::string> bytes = read_file(file.string(), &error);
      if (!bytes) continue;
      std::optional<Source> source = Source::from_bytes(std::move(*bytes), &error);
      if (!source) continue;
      thread_local Parser parser;
      Tree tree = parser.parse(*source);
      const SemanticModel model = SemanticModel::build(*source, tree.root(), context_of(nullptr, module, package));
      FileSummary summary = FileSummary::of(model, module);
      cache_.store(file.string(), summary);
      return summary;
    }
  }
  return std::nullopt;
}

void Project::load(const std::vector<std::string>& paths, int threads) {
  units_.clear();
  for (const std::string& path : paths) {
    auto unit = std::make_unique<Unit>();
    unit->path = path;
    std::tie(unit->module, unit->is_package) = module_name_of(path);
    units_.push_back(std::move(unit));
  }
  // 1. Read, parse, model alone, summarise.
  std::vector<std::optional<FileSummary>> summaries(units_.size());
  parallel_for(units_.size(), threads, [&](size_t i) {
    Unit& unit = *units_[i];
    std::optional<std::string> bytes = read_file(unit.path, &unit.error);
    if (!bytes) return;
    if (std::memchr(bytes->data(), '\0', std::min(bytes->size(), kBinarySniffBytes))) {
      unit.error = "binary file";
      return;
    }
    unit.source = Source::from_bytes(std::move(*bytes), &unit.error);
    if (!unit.source) return;
    thread_local Parser parser;
    unit.tree.emplace(parser.parse(*unit.source));
    if (unit.tree->has_error()) return;
    const SemanticModel alone =
        SemanticModel::build(*unit.source, unit.tree->root(), context_of(nullptr, unit.module, unit.is_package));
    summaries[i] = FileSummary::of(alone, unit.module);
  });
  // The index, in path order (ambiguous module names resolve to nothing, whatever the order).
  std::map<std::string, size_t> by_path;
  for (size_t i = 0; i < units_.size(); ++i) by_path.emplace(units_[i]->path, i);
  for (const auto& [path, i] : by_path) {
    if (summaries[i]) index_.add(std::move(*summaries[i]));
  }
  index_.resolve([this](const std::string& module) { return read_installed(module); });

  // 2. Models with the index; functions compiled from other files, to a fixpoint.
  std::vector<size_t> pending;
  for (size_t i = 0; i < units_.size(); ++i) {
    if (units_[i]->tree && !units_[i]->tree->has_error()) pending.push_back(i);
  }
  for (int round = 0; round < 8 && !pending.empty(); ++round) {
    parallel_for(pending.size(), threads, [&](size_t k) {
      Unit& unit = *units_[pending[k]];
      unit.model.reset();
      unit.model.emplace(SemanticModel::build(*unit.source, unit.tree->root(),
                                              context_of(&index_, unit.module, unit.is_package)));
    });
    std::set<std::string> grown;
    for (size_t i : pending) {
      for (const std::string& qualified : units_[i]->model->compiled_calls_elsewhere()) {
        std::string module;
        std::string name = index_.find_function(qualified, &module);
        if (!name.empty()) name = name.substr(module.size() + 1);
        else name = index_.find_method(qualified, &module);
        if (name.empty() || module == units_[i]->module) continue;
        if (index_.add_compiled_from_elsewhere(module, name)) grown.insert(module);
      }
    }
    pending.clear();
    for (size_t i = 0; i < units_.size(); ++i) {
      if (units_[i]->model && grown.count(units_[i]->module)) pending.push_back(i);
    }
  }
}

std::vector<std::vector<Diagnostic>> Project::check_all(const Engine& engine, const std::vector<CheckOptions>& options,
                                                        int threads, bool release) {
  std::vector<std::vector<Diagnostic>> out(units_.size());
  parallel_for(units_.size(), threads, [&](size_t i) {
    Unit& unit = *units_[i];
    if (!unit.tree) return;
    if (!unit.model) {
      out[i] = engine.syntax_errors(*unit.tree, options[i]);
    } else {
      out[i] = engine.check_model(*unit.tree, *unit.model, options[i]);
    }
    if (release) {
      // Freeing a whole tree costs about a tenth of parsing it: here it runs on the workers, not after them.
      unit.model.reset();
      unit.tree.reset();
    }
  });
  return out;
}

ModelContext Project::context_for(const std::string& path) const {
  const auto [module, is_package] = module_name_of(path);
  return context_of(&index_, module, is_package);
}

}  // namespace jitlint
