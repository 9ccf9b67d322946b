// Summaries of installed modules kept on disk (see summary_cache.h).

#include "core/summary_cache.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <system_error>
#include <vector>

namespace jitlint {
namespace {

// Bump when FileSummary or the line format changes: older entries then read as misses.
constexpr std::string_view kFormat = "jitlint-summary 12";

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

bool clean(std::string_view name) { return name.find_first_of("\t\n\r") == std::string_view::npos; }

// Identifiers and dotted names hold no tab or newline; a module name (from folder names) or a property named by a
// string literal might.
bool names_clean(const FileSummary& summary) {
  if (!clean(summary.module)) return false;
  for (const auto& [name, cls] : summary.classes) {
    if (!cls.unused_properties) continue;
    for (const std::string& property : *cls.unused_properties) {
      if (!clean(property)) return false;
    }
  }
  return true;
}

// Size and modification time of a file, as one line; empty when it cannot be read.
std::string stamp_of(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return {};
  const auto mtime = std::filesystem::last_write_time(path, ec);
  if (ec) return {};
  return std::to_string(size) + "\t" + std::to_string(mtime.time_since_epoch().count());
}

}  // namespace

std::string serialize_summary(const FileSummary& summary) {
  std::ostringstream out;
  out << kFormat << "\nM\t" << summary.module << "\n";
  for (const std::string& function : summary.functions) out << "F\t" << function << "\n";
  for (const auto& [local, qualified] : summary.imports) out << "I\t" << local << "\t" << qualified << "\n";
  for (const std::string& name : summary.globals) out << "G\t" << name << "\n";
  for (const std::string& name : summary.forward_wrappers) out << "W\t" << name << "\n";
  for (const std::string& name : summary.wraps_decorators) out << "R\t" << name << "\n";
  for (const auto& [name, what] : summary.python_values) out << "V\t" << name << "\t" << what << "\n";
  for (const auto& [name, decorator] : summary.cached_functions) out << "Z\t" << name << "\t" << decorator << "\n";
  for (const auto& [name, cls] : summary.python_objects) out << "O\t" << name << "\t" << cls << "\n";
  for (const auto& [name, cls] : summary.classes) {
    out << "C\t" << name << "\n";
    for (const std::string& base : cls.bases) out << "B\t" << base << "\n";
    for (const auto& [attribute, fact] : cls.attributes) {
      out << "A\t" << attribute << "\t" << fact.kinds << "\t" << (fact.is_final ? 1 : 0) << "\t"
          << (fact.bool_value ? (*fact.bool_value ? "1" : "0") : "-") << "\t" << fact.module_class << "\n";
    }
    for (const auto& [attribute, callee] : cls.attribute_calls) out << "K\t" << attribute << "\t" << callee << "\n";
    for (const std::string& method : cls.methods) out << "T\t" << method << "\n";
    for (const std::string& method : cls.tensor_input_methods) out << "N\t" << method << "\n";
    for (const std::string& name : cls.body_names) out << "L\t" << name << "\n";
    if (cls.dataclass) out << "D\n";
    if (cls.wraps_subclass_forward) out << "H\n";
    if (cls.unused_properties) {
      out << "U\n";
      for (const std::string& property : *cls.unused_properties) out << "P\t" << property << "\n";
    }
  }
  return out.str();
}

std::optional<FileSummary> deserialize_summary(std::string_view text) {
  FileSummary summary;
  summary.external = true;
  ClassSummary* cls = nullptr;
  bool first = true;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) return std::nullopt;  // every record ends with a newline
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (first) {
      if (line != kFormat) return std::nullopt;
      first = false;
      continue;
    }
    const std::vector<std::string_view> f = split_tabs(line);
    const std::string_view kind = f[0];
    auto field = [&](size_t i) { return std::string(f[i]); };
    if (kind == "M" && f.size() == 2) {
      summary.module = field(1);
    } else if (kind == "F" && f.size() == 2) {
      summary.functions.insert(field(1));
    } else if (kind == "I" && f.size() == 3) {
      summary.imports.emplace(field(1), field(2));
    } else if (kind == "G" && f.size() == 2) {
      summary.globals.insert(field(1));
    } else if (kind == "W" && f.size() == 2) {
      summary.forward_wrappers.insert(field(1));
    } else if (kind == "R" && f.size() == 2) {
      summary.wraps_decorators.insert(field(1));
    } else if (kind == "V" && f.size() == 3) {
      summary.python_values.emplace(field(1), field(2));
    } else if (kind == "Z" && f.size() == 3) {
      summary.cached_functions.emplace(field(1), field(2));
    } else if (kind == "O" && f.size() == 3) {
      summary.python_objects.emplace(field(1), field(2));
    } else if (kind == "C" && f.size() == 2) {
      cls = &summary.classes[field(1)];
      cls->name = field(1);
    } else if (cls && kind == "B" && f.size() == 2) {
      cls->bases.push_back(field(1));
    } else if (cls && kind == "A" && f.size() == 6) {
      AttrFact fact;
      try {
        fact.kinds = static_cast<uint32_t>(std::stoul(field(2)));
      } catch (const std::exception&) {
        return std::nullopt;
      }
      fact.is_final = f[3] == "1";
      if (f[4] != "-") fact.bool_value = f[4] == "1";
      fact.module_class = field(5);
      cls->attributes.emplace(field(1), std::move(fact));
    } else if (cls && kind == "K" && f.size() == 3) {
      cls->attribute_calls.emplace(field(1), field(2));
    } else if (cls && kind == "T" && f.size() == 2) {
      cls->methods.insert(field(1));
    } else if (cls && kind == "D" && f.size() == 1) {
      cls->dataclass = true;
    } else if (cls && kind == "H" && f.size() == 1) {
      cls->wraps_subclass_forward = true;
    } else if (cls && kind == "N" && f.size() == 2) {
      cls->tensor_input_methods.insert(field(1));
    } else if (cls && kind == "L" && f.size() == 2) {
      cls->body_names.insert(field(1));
    } else if (cls && kind == "U" && f.size() == 1) {
      cls->unused_properties.emplace();
    } else if (cls && cls->unused_properties && kind == "P" && f.size() == 2) {
      cls->unused_properties->insert(field(1));
    } else {
      return std::nullopt;
    }
  }
  if (first) return std::nullopt;
  return summary;
}

std::string SummaryCache::entry_path(const std::string& key) const {
  char name[32];
  std::snprintf(name, sizeof name, "%016zx.summary", std::hash<std::string>{}(key));
  return (std::filesystem::path(folder_) / name).string();
}

std::optional<FileSummary> SummaryCache::find(const std::string& source_path, const std::string& module) const {
  if (folder_.empty()) return std::nullopt;
  const std::string stamp = stamp_of(source_path);
  if (stamp.empty()) return std::nullopt;
  const std::string key = source_path + "\t" + module;
  std::ifstream in(entry_path(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::string key_line, stamp_line;
  if (!std::getline(in, key_line) || key_line != key) return std::nullopt;            // a hash collision
  if (!std::getline(in, stamp_line) || stamp_line != stamp) return std::nullopt;      // changed since
  std::ostringstream rest;
  rest << in.rdbuf();
  return deserialize_summary(rest.str());
}

void SummaryCache::store(const std::string& source_path, const FileSummary& summary) const {
  if (folder_.empty() || !clean(source_path)) return;
  const std::string stamp = stamp_of(source_path);
  if (stamp.empty()) return;
  if (!names_clean(summary)) return;  // not cached rather than written ambiguously
  const std::string text = serialize_summary(summary);
  std::error_code ec;
  std::filesystem::create_directories(folder_, ec);
  if (ec) return;
  const std::string key = source_path + "\t" + summary.module;
  const std::string final_path = entry_path(key);
  // Unique per writer: processes sharing the folder never write the same temporary file.
  const std::string temporary = final_path + ".tmp" + std::to_string(std::random_device{}());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out << key << "\n" << stamp << "\n" << text;
    if (!out.flush()) {
      out.close();
      std::filesystem::remove(temporary, ec);
      return;
    }
  }
  std::filesystem::rename(temporary, final_path, ec);
  if (ec) std::filesystem::remove(temporary, ec);
}

}  // namespace jitlint
