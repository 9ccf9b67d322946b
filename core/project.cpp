#include "core/project.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
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
  // One read into a buffer of the file's size (a stream copy through an ostringstream cost 3 % of a check).
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    *error = std::strerror(errno);
    return std::nullopt;
  }
  std::string bytes;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec) bytes.resize(static_cast<size_t>(size));
  size_t filled = std::fread(bytes.data(), 1, bytes.size(), file.get());
  bytes.resize(filled);
  // A file that grew since its size was read (or whose size is unknown): read on to its end.
  char chunk[65536];
  for (size_t got; (got = std::fread(chunk, 1, sizeof chunk, file.get())) > 0;) bytes.append(chunk, got);
  if (std::ferror(file.get())) {
    *error = "cannot be read";
    return std::nullopt;
  }
  return bytes;
}

// A file of the checked tree as a Source; null with `error` set when it is unreadable, binary or not UTF-8.
std::unique_ptr<Source> read_tree_file(const std::string& path, std::string* error) {
  std::optional<std::string> bytes = read_file(path, error);
  if (!bytes) return nullptr;
  if (std::memchr(bytes->data(), '\0', std::min(bytes->size(), kBinarySniffBytes))) {
    *error = "binary file";
    return nullptr;
  }
  std::optional<Source> source = Source::from_bytes(std::move(*bytes), error);
  return source ? std::make_unique<Source>(std::move(*source)) : nullptr;
}

ModelContext context_of(const ProjectIndex* index, const std::string& module, bool is_package) {
  ModelContext context;
  context.project = index;
  context.module = module;
  context.is_package = is_package;
  return context;
}

// The model a file's summary is made from: the file alone, without its compiled region.
SemanticModel summary_model(const Source& source, const Tree& tree, const std::string& module, bool is_package) {
  ModelContext context = context_of(nullptr, module, is_package);
  context.summary_only = true;
  return SemanticModel::build(source, tree.root(), context);
}

FileSummary summarise(const Source& source, const Tree& tree, const std::string& module, bool is_package) {
  return FileSummary::of(summary_model(source, tree, module, is_package), module);
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
      FileSummary summary = summarise(*source, tree, module, package);
      cache_.store(file.string(), summary);
      return summary;
    }
  }
  return std::nullopt;
}

std::optional<FileSummary> Project::summarise_file(size_t file) const {
  Unit& unit = *units_[file];
  std::string error;
  std::unique_ptr<Source> source = read_tree_file(unit.path, &error);
  if (!source) return std::nullopt;
  thread_local Parser parser;
  Tree tree = parser.parse(*source);
  std::optional<FileSummary> summary;
  if (!tree.has_error()) summary = summarise(*source, tree, unit.module, unit.is_package);
  // The file's own check takes this parse over instead of parsing again (unless it has begun already).
  std::lock_guard<std::mutex> lock(unit.handoff_mutex);
  if (!unit.read) unit.handoff.emplace(std::move(source), std::move(tree));
  return summary;
}

void Project::load(const std::vector<std::string>& paths) {
  units_.clear();
  std::vector<std::string> modules;
  for (const std::string& path : paths) {
    auto unit = std::make_unique<Unit>();
    unit->path = path;
    std::tie(unit->module, unit->is_package) = module_name_of(path);
    modules.push_back(unit->module);
    units_.push_back(std::move(unit));
  }
  index_.set_tree(
      modules, [this](size_t file) { return summarise_file(file); },
      [this](const std::string& module) { return read_installed(module); });
}

void Project::check_files(const std::vector<size_t>& files, const Engine* engine,
                          const std::vector<CheckOptions>* options, std::vector<std::vector<Diagnostic>>* out,
                          int threads, bool keep_trees) {
  parallel_for(files.size(), threads, [&](size_t k) {
    const size_t i = files[k];
    Unit& unit = *units_[i];
    std::optional<Tree> parsed;
    if (!unit.read) {
      std::optional<std::pair<std::unique_ptr<Source>, Tree>> handoff;
      {
        std::lock_guard<std::mutex> lock(unit.handoff_mutex);
        unit.read = true;
        handoff.swap(unit.handoff);
      }
      if (handoff) {
        unit.source = std::move(handoff->first);
        parsed.emplace(std::move(handoff->second));
      } else {
        unit.source = read_tree_file(unit.path, &unit.error);
      }
    }
    if (!unit.source) return;
    if (!unit.tree && !parsed) {
      thread_local Parser parser;
      parsed.emplace(parser.parse(*unit.source));
    }
    const Tree& tree = unit.tree ? *unit.tree : *parsed;
    if (tree.has_error()) {
      if (engine) (*out)[i] = engine->syntax_errors(tree, (*options)[i]);
    } else {
      // This file's summary, from this tree, unless a question of another file already made it. Its model becomes
      // the file's model when the index changes nothing in it.
      std::optional<SemanticModel> model;
      index_.summary_of_file(i, [&]() -> std::optional<FileSummary> {
        model.emplace(summary_model(*unit.source, tree, unit.module, unit.is_package));
        return FileSummary::of(*model, unit.module);
      });
      const ModelContext context = context_of(&index_, unit.module, unit.is_package);
      if (!model || !model->complete(tree.root(), context)) {
        model.emplace(SemanticModel::build(*unit.source, tree.root(), context));
      }
      if (engine) (*out)[i] = engine->check_model(tree, *model, (*options)[i]);
      record_region(unit, *model);
    }
    // Freeing a whole tree costs about a tenth of parsing it: here it runs on the workers, not after them.
    if (keep_trees && parsed) unit.tree = std::move(parsed);
    if (engine) checked_.fetch_add(1, std::memory_order_relaxed);
  });
}

void Project::record_region(Unit& unit, const SemanticModel& model) const {
  const std::vector<FunctionInfo>& functions = model.functions();
  unit.compiled.clear();
  for (size_t f = 0; f < functions.size(); ++f) {
    const FunctionInfo& fn = functions[f];
    if (!fn.compiled) continue;
    // Named as other files' calls name them; a name a later definition rebinds is not this function's.
    if (fn.owner_class < 0) {
      if (model.find_module_function(fn.name) == static_cast<int>(f)) unit.compiled.emplace(fn.name);
    } else if (model.find_method(fn.owner_class, fn.name) == static_cast<int>(f)) {
      unit.compiled.insert(std::string(model.classes()[fn.owner_class].name) + "." + std::string(fn.name));
    }
  }
  unit.calls_elsewhere.clear();
  for (const std::string& qualified : model.compiled_calls_elsewhere()) {
    std::string module;
    std::string name = index_.find_function(qualified, &module);
    if (!name.empty()) name = name.substr(module.size() + 1);
    else name = index_.find_method(qualified, &module);
    if (name.empty()) name = index_.find_script_class(qualified, &module);
    if (name.empty() || module == unit.module) continue;
    unit.calls_elsewhere.emplace_back(std::move(module), std::move(name));
  }
}

void Project::run(const Engine* engine, const std::vector<CheckOptions>* options,
                  std::vector<std::vector<Diagnostic>>* out, int threads, bool keep_trees) {
  std::vector<size_t> pending(units_.size());
  for (size_t i = 0; i < pending.size(); ++i) pending[i] = i;
  for (int pass = 0; pass < 8 && !pending.empty(); ++pass) {
    check_files(pending, engine, options, out, threads, keep_trees);
    // Functions newly compiled from elsewhere, by module.
    std::map<std::string, std::vector<std::string>> grown;
    for (size_t i : pending) {
      for (const auto& [module, name] : units_[i]->calls_elsewhere) {
        if (index_.add_compiled_from_elsewhere(module, name)) grown[module].push_back(name);
      }
    }
    pending.clear();
    for (size_t i = 0; i < units_.size(); ++i) {
      const Unit& unit = *units_[i];
      const auto it = grown.find(unit.module);
      if (!unit.source || it == grown.end()) continue;
      // Functions its last check already compiled change nothing: the model would be the same.
      if (std::all_of(it->second.begin(), it->second.end(),
                      [&](const std::string& name) { return unit.compiled.count(name) > 0; })) {
        continue;
      }
      pending.push_back(i);
    }
  }
}

void Project::resolve_region(int threads) { run(nullptr, nullptr, nullptr, threads, false); }

std::vector<std::vector<Diagnostic>> Project::check_all(const Engine& engine, const std::vector<CheckOptions>& options,
                                                        int threads, bool release) {
  std::vector<std::vector<Diagnostic>> out(units_.size());
  checked_.store(0, std::memory_order_relaxed);
  run(&engine, &options, &out, threads, !release);
  return out;
}

ModelContext Project::context_for(const std::string& path) const {
  const auto [module, is_package] = module_name_of(path);
  return context_of(&index_, module, is_package);
}

}  // namespace jitlint
