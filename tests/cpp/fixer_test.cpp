// The fixer with test-only rules whose fixes are built to overlap, chain or break the file.
#include <catch2/catch.hpp>

#include <string>

#include "core/fixer.h"
#include "rules/registry.h"

using namespace jitlint;

namespace {

constexpr RuleMeta kTestMeta{"JT990", "test-rule", "test", Phase::Frontend, FixAvailability::Always, "test", "test", "test"};

// Replaces every integer literal in compiled code according to `mode`.
class IntegerRule final : public Rule {
 public:
  enum class Mode { Increment, BreakSyntax, Unsafe, WholeLine };
  explicit IntegerRule(Mode mode) : mode_(mode) {}
  const RuleMeta& meta() const override { return kTestMeta; }
  Subscriptions subscriptions() const override { return {{sym.integer}}; }
  void check(RuleContext& context, TSNode node) const override {
    const int value = std::stoi(std::string(context.text(node)));
    if (value >= 3) return;  // the fixpoint: 0 -> 1 -> 2 -> 3, then quiet
    Fix fix;
    fix.applicability = mode_ == Mode::Unsafe ? Applicability::Unsafe : Applicability::Safe;
    fix.message = "bump";
    uint32_t start = ts_node_start_byte(node);
    uint32_t end = ts_node_end_byte(node);
    std::string text = std::to_string(value + 1);
    if (mode_ == Mode::BreakSyntax) text = "(";
    if (mode_ == Mode::WholeLine) {
      // Overlaps every other integer's fix on the same statement.
      TSNode statement = context.parent();
      start = ts_node_start_byte(statement);
      end = ts_node_end_byte(statement);
      text = std::string(context.text(statement));
      text.replace(ts_node_start_byte(node) - start, ts_node_end_byte(node) - ts_node_start_byte(node),
                   std::to_string(value + 1));
    }
    fix.edits.push_back(Edit{start, end, text});
    if (value == 0) fix.typing_imports = {"List"};
    context.report(node, "small integer", std::move(fix));
  }

 private:
  Mode mode_;
};

FixOutcome run(const std::string& text, IntegerRule::Mode mode, bool unsafe = false) {
  IntegerRule rule(mode);
  Engine engine({&rule}, syntax_error_rule());
  auto source = Source::from_bytes(text, nullptr);
  REQUIRE(source);
  Parser parser;
  FixOptions options;
  options.unsafe = unsafe;
  return apply_fixes(engine, *source, parser, options);
}

const std::string kHead = "import torch\n@torch.jit.script\ndef f(x: int) -> int:\n";

}  // namespace

TEST_CASE("fixes repeat to a fixpoint and add their imports once", "[fixer]") {
  auto outcome = run(kHead + "    return x + 0 + 1\n", IntegerRule::Mode::Increment);
  REQUIRE_FALSE(outcome.error);
  CHECK(outcome.output == "from typing import List\n" + kHead + "    return x + 3 + 3\n");
  CHECK(outcome.applied.at("JT990") == 5);  // 0->1->2->3 and 1->2->3
}

TEST_CASE("overlapping fixes wait for the next round", "[fixer]") {
  auto outcome = run(kHead + "    return x + 1 + 2\n", IntegerRule::Mode::WholeLine);
  REQUIRE_FALSE(outcome.error);
  CHECK(outcome.output == kHead + "    return x + 3 + 3\n");
}

TEST_CASE("a fix that breaks the syntax reverts the whole file", "[fixer]") {
  const std::string text = kHead + "    return x + 1\n";
  auto outcome = run(text, IntegerRule::Mode::BreakSyntax);
  REQUIRE(outcome.error);
  CHECK(outcome.error->find("invalid Python") != std::string::npos);
  CHECK(outcome.output == text);
  CHECK(outcome.applied.empty());
}

TEST_CASE("unsafe fixes only with unsafe", "[fixer]") {
  const std::string text = kHead + "    return x + 2\n";
  CHECK(run(text, IntegerRule::Mode::Unsafe).output == text);
  CHECK(run(text, IntegerRule::Mode::Unsafe, true).output == kHead + "    return x + 3\n");
}

TEST_CASE("files with syntax errors are never fixed", "[fixer]") {
  const std::string text = kHead + "    return x + 1 +\n";
  auto outcome = run(text, IntegerRule::Mode::Increment);
  CHECK(outcome.output == text);
  CHECK(outcome.applied.empty());
}

TEST_CASE("typing imports go after the docstring and __future__ imports, or extend typing's", "[fixer]") {
  const std::string body = kHead + "    return x + 2 + 0\n";
  auto after_future = run("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n" + body, IntegerRule::Mode::Increment);
  CHECK(after_future.output.rfind("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nfrom typing import List\nimport torch\n", 0) == 0);
  auto extends = run("from typing import Dict\n" + body, IntegerRule::Mode::Increment);
  CHECK(extends.output.rfind("from typing import Dict, List\nimport torch\n", 0) == 0);
  auto present = run("from typing import List\n" + body, IntegerRule::Mode::Increment);
  CHECK(present.output.rfind("from typing import List\nimport torch\n", 0) == 0);
  auto comments = run("#!/usr/bin/env python\n# Copyright\n" + body, IntegerRule::Mode::Increment);
  CHECK(comments.output.rfind("#!/usr/bin/env python\n# Copyright\nfrom typing import List\nimport torch\n", 0) == 0);
  auto crlf = run("import torch\r\n@torch.jit.script\r\ndef f(x: int) -> int:\r\n    return x + 0\r\n", IntegerRule::Mode::Increment);
  CHECK(crlf.output == "from typing import List\r\nimport torch\r\n@torch.jit.script\r\ndef f(x: int) -> int:\r\n    return x + 3\r\n");
}
