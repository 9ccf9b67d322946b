#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <string>

#include "rules/registry.h"

using namespace jitlint;

TEST_CASE("rule codes and names are unique and well formed", "[registry]") {
  REQUIRE(all_rules().size() >= 8);  // JT000 and the seven rules of the README; the loops below must not be empty
  std::set<std::string> codes, names;
  const std::regex code_shape("JT\\d{3}");
  const std::regex name_shape("[a-z0-9]+(-[a-z0-9]+)*");
  for (const Rule* rule : all_rules()) {
    const RuleMeta& m = rule->meta();
    INFO(m.code);
    CHECK(std::regex_match(std::string(m.code), code_shape));
    CHECK(std::regex_match(std::string(m.name), name_shape));
    CHECK(codes.insert(std::string(m.code)).second);
    CHECK(names.insert(std::string(m.name)).second);
    CHECK(find_rule(m.code) == rule);
  }
  CHECK(find_rule("JT999") == nullptr);
}

TEST_CASE("every rule documents itself in the fixed sections", "[registry]") {
  REQUIRE_FALSE(all_rules().empty());
  for (const Rule* rule : all_rules()) {
    const RuleMeta& m = rule->meta();
    INFO(m.code);
    const std::string doc(m.doc);
    CHECK(doc.find("## What it does") != std::string::npos);
    // JT001 judges comments, not code torch compiles: it explains why it matters and quotes no torch error.
    const bool about_torch = m.code != "JT001";
    CHECK(doc.find(about_torch ? "## Why TorchScript rejects it" : "## Why it matters") != std::string::npos);
    CHECK(doc.find("## Example") != std::string::npos);
    CHECK(doc.find("## Use instead") != std::string::npos);
    CHECK(doc.find("## Fix safety") != std::string::npos);
    CHECK_FALSE(m.summary.empty());
    CHECK(m.summary.find('\n') == std::string_view::npos);
    CHECK(m.torch_error.empty() == !about_torch);
    // Every documented error text (one alternative per line) appears verbatim in the doc.
    std::string_view errors = m.torch_error;
    while (!errors.empty()) {
      const std::string alternative(errors.substr(0, errors.find('\n')));
      INFO(alternative);
      CHECK(doc.find(alternative) != std::string::npos);
      errors.remove_prefix(std::min(errors.size(), alternative.size() + 1));
    }
  }
}
