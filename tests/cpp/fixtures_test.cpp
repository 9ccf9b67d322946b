// Walks tests/rules/<CODE>/: every diagnostic of `fires.py` must be announced by a marker on its line (and every
// marker met, as a multiset: a diagnostic reported twice fails), `clean.py` must produce none, and fixing
// `fires.py` must give exactly `fixed.py`, applying the fixes the markers announce.
//
// A marker is a comment on the line where the diagnostic starts; several may share one line:
//
//   x = self.layers[i](x)  # expect: JT201@13-27 safe "`self.layers` is an nn.ModuleList indexed by ..."
//
//   CODE@COLUMN[-END] APPLICABILITY "MESSAGE"
//     COLUMN         1-based character column of the start
//     END            exclusive end column on the same line, or +N:COLUMN when the range ends N lines below
//     APPLICABILITY  safe | unsafe | display-only (the fix offered) | none (no fix)
//     "MESSAGE"      the full message, \" and \\ escaped; ~"TEXT" matches a distinctive substring instead
//
// `python3 scripts/add_rule.py --update-fixtures CODE` writes them from the engine's output (see its doc).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/fixer.h"
#include "rules/registry.h"

namespace fs = std::filesystem;
using namespace jitlint;

namespace {

constexpr const char* kMarkerStart = "# expect:";

struct Marker {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based characters
  std::optional<uint32_t> end_line;
  std::optional<uint32_t> end_column;  // exclusive, 1-based
  std::string code;
  std::string applicability;  // safe, unsafe, display-only, none
  std::string message;
  bool substring = false;
};

// What the engine reported, in the same terms.
struct Reported {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t end_line = 0;
  uint32_t end_column = 0;
  std::string code;
  std::string applicability;
  std::string message;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string describe(const Marker& m) {
  std::string out = "line " + std::to_string(m.line) + ": " + m.code + "@" + std::to_string(m.column);
  if (m.end_column) {
    out += "-";
    if (*m.end_line != m.line) out += "+" + std::to_string(*m.end_line - m.line) + ":";
    out += std::to_string(*m.end_column);
  }
  return out + " " + m.applicability + " " + (m.substring ? "~" : "") + quote(m.message);
}

// As the marker to write for it (so a failure shows what to paste, or what changed).
std::string describe(const Reported& r) {
  std::string end = std::to_string(r.end_column);
  if (r.end_line != r.line) end = "+" + std::to_string(r.end_line - r.line) + ":" + end;
  return "line " + std::to_string(r.line) + ": " + r.code + "@" + std::to_string(r.column) + "-" + end + " " +
         r.applicability + " " + quote(r.message);
}

// Reads the markers of one line (1-based `row`) after `# expect:` into `out`; a malformed line adds none of its
// markers and one entry to `errors`.
void parse_line_markers(const std::string& line, uint32_t row, std::vector<Marker>& out,
                        std::vector<std::string>& errors) {
  std::vector<Marker> found;
  const size_t start = line.find(kMarkerStart);
  if (start == std::string::npos) return;
  size_t i = start + std::string(kMarkerStart).size();
  const auto fail = [&](const std::string& what) {
    errors.push_back("line " + std::to_string(row) + ", character " + std::to_string(i + 1) + ": " + what + " in `" +
                     line.substr(start) + "`");
  };
  const auto skip_space = [&] {
    size_t before = i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    return i > before;
  };
  const auto number = [&](uint32_t& value) {
    size_t begin = i;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i == begin || i - begin > 6) return false;
    value = static_cast<uint32_t>(std::stoul(line.substr(begin, i - begin)));
    return true;
  };
  bool any = false;
  for (;;) {
    const bool spaced = skip_space();
    if (i >= line.size()) break;
    if (any && !spaced) return fail("expected a space between two markers");
    Marker m;
    m.line = row;
    // CODE
    const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    if (line.compare(i, 2, "JT") != 0 || i + 5 > line.size() ||
        !std::all_of(line.begin() + i + 2, line.begin() + i + 5, digit)) {
      return fail("expected a rule code JTnnn");
    }
    m.code = line.substr(i, 5);
    i += 5;
    // @COLUMN[-END]
    if (i >= line.size() || line[i] != '@') return fail("expected '@COLUMN' after the code");
    ++i;
    if (!number(m.column) || m.column == 0) return fail("expected a 1-based column");
    if (i < line.size() && line[i] == '-') {
      ++i;
      uint32_t lines_below = 0, column = 0;
      if (i < line.size() && line[i] == '+') {
        ++i;
        if (!number(lines_below) || i >= line.size() || line[i] != ':') return fail("expected '+LINES:COLUMN'");
        ++i;
      }
      if (!number(column)) return fail("expected an end column");
      m.end_line = row + lines_below;
      m.end_column = column;
    }
    // APPLICABILITY
    if (!skip_space()) return fail("expected a space before the applicability");
    size_t begin = i;
    while (i < line.size() && (std::isalpha(static_cast<unsigned char>(line[i])) || line[i] == '-')) ++i;
    m.applicability = line.substr(begin, i - begin);
    if (m.applicability != "safe" && m.applicability != "unsafe" && m.applicability != "display-only" &&
        m.applicability != "none") {
      i = begin;
      return fail("expected the applicability: safe, unsafe, display-only or none");
    }
    // "MESSAGE" or ~"SUBSTRING"
    if (!skip_space()) return fail("expected a space before the message");
    if (i < line.size() && line[i] == '~') {
      m.substring = true;
      ++i;
    }
    if (i >= line.size() || line[i] != '"') return fail("expected a quoted message");
    ++i;
    bool closed = false;
    while (i < line.size()) {
      char c = line[i++];
      if (c == '"') {
        closed = true;
        break;
      }
      if (c == '\\') {
        if (i >= line.size() || (line[i] != '"' && line[i] != '\\')) return fail("only \\\" and \\\\ are escapes");
        c = line[i++];
      }
      m.message += c;
    }
    if (!closed) return fail("unterminated message");
    if (m.message.empty()) return fail("empty message");
    found.push_back(std::move(m));
    any = true;
  }
  if (!any) return fail("no marker after '# expect:'");
  out.insert(out.end(), found.begin(), found.end());
}

std::vector<Marker> parse_markers(const std::string& text, std::vector<std::string>& errors) {
  std::vector<Marker> out;
  std::istringstream lines(text);
  std::string line;
  for (uint32_t row = 1; std::getline(lines, line); ++row) parse_line_markers(line, row, out, errors);
  return out;
}

std::vector<Reported> reported(const std::string& text) {
  std::string error;
  auto source = Source::from_bytes(text, &error);
  REQUIRE(source);
  Parser parser;
  std::vector<Reported> out;
  for (const Diagnostic& d : default_engine().check(*source, parser, {})) {
    const Position start = source->position(d.start);
    const Position end = source->position(d.end);
    out.push_back(Reported{start.line + 1, start.char_column + 1, end.line + 1, end.char_column + 1,
                           std::string(d.rule->code), d.fix ? applicability_name(d.fix->applicability) : "none",
                           d.message});
  }
  return out;
}

bool matches(const Marker& m, const Reported& r) {
  if (m.line != r.line || m.column != r.column || m.code != r.code || m.applicability != r.applicability) return false;
  if (m.end_line && (*m.end_line != r.end_line || *m.end_column != r.end_column)) return false;
  return m.substring ? r.message.find(m.message) != std::string::npos : r.message == m.message;
}

// A maximum matching between markers and reports (each used once: a diagnostic reported twice needs two markers).
// Returns the descriptions of what is left on either side, empty when they correspond one to one.
std::vector<std::string> unmatched(const std::vector<Marker>& markers, const std::vector<Reported>& reports) {
  std::vector<int> owner(reports.size(), -1);  // report -> marker
  std::function<bool(size_t, std::vector<bool>&)> augment = [&](size_t m, std::vector<bool>& seen) {
    for (size_t r = 0; r < reports.size(); ++r) {
      if (seen[r] || !matches(markers[m], reports[r])) continue;
      seen[r] = true;
      if (owner[r] < 0 || augment(static_cast<size_t>(owner[r]), seen)) {
        owner[r] = static_cast<int>(m);
        return true;
      }
    }
    return false;
  };
  std::vector<bool> met(markers.size(), false);
  for (size_t m = 0; m < markers.size(); ++m) {
    std::vector<bool> seen(reports.size(), false);
    met[m] = augment(m, seen);
  }
  std::vector<std::string> out;
  for (size_t m = 0; m < markers.size(); ++m) {
    if (!met[m]) out.push_back("marker not reported:    " + describe(markers[m]));
  }
  for (size_t r = 0; r < reports.size(); ++r) {
    if (owner[r] < 0) out.push_back("reported with no marker: " + describe(reports[r]));
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "  " + item + "\n";
  return out.empty() ? "  (none)\n" : out;
}

std::vector<fs::path> rule_dirs() {
  const fs::path root = JITLINT_FIXTURE_DIR;
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  REQUIRE_FALSE(out.empty());
  return out;
}

FixOutcome fix(const std::string& text, bool unsafe) {
  auto source = Source::from_bytes(text, nullptr);
  REQUIRE(source);
  Parser parser;
  FixOptions options;
  options.unsafe = unsafe;
  return apply_fixes(default_engine(), *source, parser, options);
}

// The first line where two texts differ, both sides shown.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  for (int row = 1;; ++row) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return expected == actual ? "(same)" : "(line endings differ)";
    if (!more_a || !more_b || la != lb) {
      return "line " + std::to_string(row) + ":\n  fixed.py: " + (more_a ? la : "(end of file)") +
             "\n  fixer:    " + (more_b ? lb : "(end of file)");
    }
  }
}

}  // namespace

TEST_CASE("fixture markers: every field, several per line, malformed ones rejected", "[fixtures]") {
  std::vector<std::string> errors;
  const auto markers = parse_markers(
      "a = 1\n"
      "x = f(y)  # expect: JT201@5-9 safe \"`f` is \\\"odd\\\" \\\\ here\" JT103@1 none ~\"set\"\n"
      "z = {  # expect: JT102@5-+2:14 display-only \"Set # expect: not a marker\"\n",
      errors);
  CHECK(errors.empty());
  REQUIRE(markers.size() == 3);
  CHECK(describe(markers[0]) == "line 2: JT201@5-9 safe \"`f` is \\\"odd\\\" \\\\ here\"");
  CHECK(markers[0].message == "`f` is \"odd\" \\ here");
  CHECK_FALSE(markers[0].substring);
  CHECK(markers[1].code == "JT103");
  CHECK(markers[1].column == 1);
  CHECK_FALSE(markers[1].end_column.has_value());
  CHECK(markers[1].applicability == "none");
  CHECK(markers[1].substring);
  CHECK(markers[1].message == "set");
  CHECK(markers[2].line == 3);
  CHECK(*markers[2].end_line == 5);
  CHECK(*markers[2].end_column == 14);
  CHECK(markers[2].applicability == "display-only");
  CHECK(markers[2].message == "Set # expect: not a marker");

  for (const char* bad : {
           "x  # expect: JT201@32\n",                     // the old format: no applicability, no message
           "x  # expect: JT201@32 safe\n",                // no message
           "x  # expect: JT201@32 maybe \"m\"\n",         // unknown applicability
           "x  # expect: JT201 safe \"m\"\n",             // no column
           "x  # expect: JT201@0 safe \"m\"\n",           // columns are 1-based
           "x  # expect: JT201@3 safe \"m\n",             // unterminated
           "x  # expect: JT201@3 safe \"a\\nb\"\n",       // unknown escape
           "x  # expect: JT201@3 safe \"m\"JT101@4 none \"n\"\n",  // no space between markers
           "x  # expect:\n",                              // nothing
       }) {
    INFO(bad);
    std::vector<std::string> bad_errors;
    CHECK(parse_markers(bad, bad_errors).empty());
    CHECK(bad_errors.size() == 1);
  }
}

TEST_CASE("fixture markers: a report is matched once, by every field", "[fixtures]") {
  const Reported r{4, 9, 4, 20, "JT101", "safe", "`if` clause in a list comprehension is not supported"};
  Marker m;
  m.line = 4;
  m.column = 9;
  m.code = "JT101";
  m.applicability = "safe";
  m.message = r.message;
  CHECK(unmatched({m}, {r}).empty());
  CHECK(unmatched({m, m}, {r}).size() == 1);  // two markers, one report
  CHECK(unmatched({m}, {r, r}).size() == 1);  // one marker, the same report twice
  Marker sub = m;
  sub.substring = true;
  sub.message = "list comprehension";
  CHECK(unmatched({sub}, {r}).empty());
  Marker ended = m;
  ended.end_line = 4;
  ended.end_column = 20;
  CHECK(unmatched({ended}, {r}).empty());
  for (const std::function<void(Marker&)>& change : std::vector<std::function<void(Marker&)>>{
           [](Marker& x) { x.line = 5; }, [](Marker& x) { x.column = 10; }, [](Marker& x) { x.code = "JT104"; },
           [](Marker& x) { x.applicability = "unsafe"; }, [](Marker& x) { x.message += "."; },
           [](Marker& x) { x.end_line = 4; x.end_column = 21; }, [](Marker& x) { x.end_line = 5; x.end_column = 20; },
           [](Marker& x) { x.substring = true; x.message = "dict comprehension"; }}) {
    Marker other = m;
    change(other);
    INFO(describe(other));
    CHECK(unmatched({other}, {r}).size() == 2);
  }
  // The matching is maximal: a substring marker that could take either report leaves the exact one its report.
  const Reported r2{4, 9, 4, 20, "JT101", "safe", "`if` clause in a list comprehension is not supported, twice"};
  Marker loose = m;
  loose.substring = true;
  loose.message = "`if` clause";
  CHECK(unmatched({loose, m}, {r, r2}).empty());
}

TEST_CASE("rule fixtures: fires.py reports exactly its markers", "[fixtures]") {
  for (const fs::path& dir : rule_dirs()) {
    const fs::path file = dir / "fires.py";
    INFO(file.string());
    REQUIRE(fs::exists(file));
    const std::string text = read_file(file);
    std::vector<std::string> errors;
    const auto expected = parse_markers(text, errors);
    INFO("malformed markers:\n" << join(errors));
    CHECK(errors.empty());
    CHECK_FALSE(expected.empty());
    const auto problems = unmatched(expected, reported(text));
    INFO("markers and reports that do not correspond (update: python3 scripts/add_rule.py --update-fixtures "
         << dir.filename().string() << "):\n"
         << join(problems));
    CHECK(problems.empty());
  }
}

TEST_CASE("rule fixtures: clean.py reports nothing and carries no markers", "[fixtures]") {
  for (const fs::path& dir : rule_dirs()) {
    const fs::path file = dir / "clean.py";
    INFO(file.string());
    REQUIRE(fs::exists(file));
    const std::string text = read_file(file);
    std::vector<std::string> errors;
    CHECK(parse_markers(text, errors).empty());
    CHECK(errors.empty());
    const auto problems = unmatched({}, reported(text));
    INFO(join(problems));
    CHECK(problems.empty());
  }
}

TEST_CASE("rule fixtures: fixing fires.py gives fixed.py, applying the fixes its markers announce", "[fixtures]") {
  for (const fs::path& dir : rule_dirs()) {
    const fs::path fires = dir / "fires.py", fixed = dir / "fixed.py";
    INFO(fires.string());
    REQUIRE(fs::exists(fires));
    const std::string text = read_file(fires);
    std::vector<std::string> errors;
    std::map<std::string, int> safe, fixable;  // per code: applied without --unsafe-fixes, with it
    for (const Marker& m : parse_markers(text, errors)) {
      if (m.applicability == "safe") ++safe[m.code];
      if (m.applicability == "safe" || m.applicability == "unsafe") ++fixable[m.code];
    }
    REQUIRE(errors.empty());

    const FixOutcome all = fix(text, true);
    CHECK_FALSE(all.error);
    // Every fix the markers announce is applied (one round suffices for the fixtures), display-only ones never.
    CHECK(all.applied == fixable);
    if (fixable.empty()) {
      CHECK(all.output == text);
      CHECK_FALSE(fs::exists(fixed));  // nothing to fix: a fixed.py would be stale
      continue;
    }
    REQUIRE(fs::exists(fixed));
    const std::string expected = read_file(fixed);
    INFO("fixed.py differs from the fixer's output at " << first_difference(expected, all.output)
         << "\n(update: python3 scripts/add_rule.py --update-fixtures " << dir.filename().string() << ")");
    CHECK(all.output == expected);

    // Without --unsafe-fixes exactly the safe ones; the unsafe ones on top of that give fixed.py too.
    const FixOutcome safe_only = fix(text, false);
    CHECK_FALSE(safe_only.error);
    CHECK(safe_only.applied == safe);
    const FixOutcome on_top = fix(safe_only.output, true);
    CHECK_FALSE(on_top.error);
    CHECK(on_top.output == expected);

    // fixed.py is a fixpoint, with or without unsafe fixes.
    for (bool unsafe : {true, false}) {
      const FixOutcome again = fix(expected, unsafe);
      CHECK_FALSE(again.error);
      CHECK(again.applied.empty());
      CHECK(again.output == expected);
    }
  }
}

TEST_CASE("every registered rule has fixtures that fire and stay clean", "[fixtures]") {
  const fs::path root = JITLINT_FIXTURE_DIR;
  REQUIRE_FALSE(registered_rules().empty());
  for (const Rule* rule : registered_rules()) {
    const fs::path dir = root / std::string(rule->meta().code);
    INFO(dir.string());
    CHECK(fs::exists(dir / "fires.py"));
    CHECK(fs::exists(dir / "clean.py"));
    if (fs::exists(dir / "fires.py")) {
      std::vector<std::string> errors;
      const auto markers = parse_markers(read_file(dir / "fires.py"), errors);
      CHECK(std::any_of(markers.begin(), markers.end(), [&](const Marker& m) { return m.code == rule->meta().code; }));
    }
  }
}
