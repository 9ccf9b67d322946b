// Walks tests/rules/<CODE>/{fires,clean}.py (a multiset: a diagnostic reported twice fails): every diagnostic of
// `fires.py` must be announced by a
// `# expect: CODE@COLUMN` marker on its line (and every marker met), and `clean.py` must produce none at all.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "core/engine.h"
#include "rules/registry.h"

namespace fs = std::filesystem;
using namespace jitlint;

namespace {

using Expectation = std::tuple<uint32_t, uint32_t, std::string>;  // 1-based line, 1-based column, code

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::multiset<Expectation> markers(const std::string& text) {
  std::multiset<Expectation> out;
  static const std::regex marker("# expect:((?:\\s+JT\\d{3}@\\d+)+)");
  static const std::regex item("(JT\\d{3})@(\\d+)");
  std::istringstream lines(text);
  std::string line;
  for (uint32_t row = 1; std::getline(lines, line); ++row) {
    std::smatch m;
    if (!std::regex_search(line, m, marker)) continue;
    const std::string items = m[1];
    for (auto it = std::sregex_iterator(items.begin(), items.end(), item); it != std::sregex_iterator(); ++it) {
      out.emplace(row, static_cast<uint32_t>(std::stoul((*it)[2])), (*it)[1]);
    }
  }
  return out;
}

std::multiset<Expectation> diagnostics(const std::string& text) {
  std::string error;
  auto source = Source::from_bytes(text, &error);
  REQUIRE(source);
  Parser parser;
  std::multiset<Expectation> out;
  for (const Diagnostic& d : default_engine().check(*source, parser, {})) {
    const Position p = source->position(d.start);
    out.emplace(p.line + 1, p.char_column + 1, std::string(d.rule->code));
  }
  return out;
}

std::string describe(const std::multiset<Expectation>& items) {
  std::string out;
  for (const auto& [row, column, code] : items) out += "  " + std::to_string(row) + ":" + std::to_string(column) + " " + code + "\n";
  return out.empty() ? "  (none)\n" : out;
}

}  // namespace

TEST_CASE("rule fixtures: fires.py reports exactly its markers, clean.py reports nothing", "[fixtures]") {
  const fs::path root = JITLINT_FIXTURE_DIR;
  REQUIRE(fs::is_directory(root));
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    for (const char* name : {"fires.py", "clean.py"}) {
      const fs::path file = entry.path() / name;
      if (!fs::exists(file)) continue;
      const std::string text = read_file(file);
      const auto expected = std::string(name) == "clean.py" ? std::multiset<Expectation>{} : markers(text);
      const auto actual = diagnostics(text);
      INFO(file.string() << "\nexpected:\n" << describe(expected) << "actual:\n" << describe(actual));
      CHECK(actual == expected);
      if (std::string(name) == "fires.py") CHECK_FALSE(expected.empty());
      ++checked;
    }
  }
  CHECK(checked > 0);
}

TEST_CASE("every registered rule has fixtures that fire and stay clean", "[fixtures]") {
  const fs::path root = JITLINT_FIXTURE_DIR;
  for (const Rule* rule : registered_rules()) {
    const fs::path dir = root / std::string(rule->meta().code);
    INFO(dir.string());
    CHECK(fs::exists(dir / "fires.py"));
    CHECK(fs::exists(dir / "clean.py"));
    if (fs::exists(dir / "fires.py")) {
      bool found = false;
      for (const auto& [row, column, code] : markers(read_file(dir / "fires.py"))) found = found || code == rule->meta().code;
      CHECK(found);
    }
  }
}
