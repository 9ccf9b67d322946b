// The rule interface. A rule is stateless: it declares the tree-sitter node kinds it wants, and the engine hands it
// each such node inside code TorchScript compiles, with the semantic model at hand.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/semantic_model.h"
#include "core/syntax.h"

namespace jitlint {

// Which compiler phase rejects the construct (torchscript-failures.md section 1). Frontend errors fire even in
// statically dead branches; semantic errors do not.
enum class Phase { Frontend, Semantic };
enum class FixAvailability { None, Sometimes, Always };

struct RuleMeta {
  std::string_view code;         // "JT101"
  std::string_view name;         // "comprehension-if"
  std::string_view family;       // "syntax", "containers", ...
  Phase phase;
  FixAvailability fix;
  std::string_view summary;      // one line, shown as `help:`
  std::string_view torch_error;  // a stable substring of the first line torch 2.13.0 prints
  std::string_view doc;          // Markdown: What it does / Why / Error / Example / Use instead / Fix safety / Limits
};

class RuleContext {
 public:
  RuleContext(const SemanticModel& model, const FunctionInfo& function, const RuleMeta& rule,
              std::vector<Diagnostic>& sink)
      : model_(model), function_(function), rule_(rule), sink_(sink) {}

  const Source& source() const { return model_.source(); }
  const SemanticModel& model() const { return model_; }
  const FunctionInfo& function() const { return function_; }
  std::string_view text(TSNode node) const { return jitlint::text(model_.source(), node); }
  // For rules whose cases span both phases: whether the IR emitter skips this node (statically dead branch).
  bool in_dead_code(TSNode node) const { return model_.is_dead(function_, node); }

  void report(TSNode node, std::string message, std::optional<Fix> fix = std::nullopt) {
    report_range(ts_node_start_byte(node), ts_node_end_byte(node), std::move(message), std::move(fix));
  }
  void report_range(uint32_t start, uint32_t end, std::string message, std::optional<Fix> fix = std::nullopt) {
    sink_.push_back(Diagnostic{&rule_, std::move(message), start, end, std::move(fix)});
  }

 private:
  const SemanticModel& model_;
  const FunctionInfo& function_;
  const RuleMeta& rule_;
  std::vector<Diagnostic>& sink_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  virtual std::vector<std::string_view> node_kinds() const = 0;
  virtual void check(RuleContext& context, TSNode node) const = 0;
};

}  // namespace jitlint
