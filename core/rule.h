// The rule interface. A rule is stateless: it says what it wants to see (node kinds inside compiled code, each
// compiled function, each class, the file) and the engine calls it there with the semantic model at hand.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/semantic_model.h"
#include "core/syntax.h"
#include "core/walk.h"

namespace jitlint {

// Which compiler phase rejects the construct (torchscript-failures.md section 1). Frontend errors fire even in
// statically dead branches and inside lambdas and nested definitions of compiled code (the frontend parses them
// all); semantic errors do not (the IR emitter skips dead branches, and the function's local facts do not hold in
// a nested scope).
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

// What a rule is called for. Node kinds are grammar ids (`sym.call`); the engine checks each at construction.
struct Subscriptions {
  std::vector<TSSymbol> kinds;  // nodes of these kinds inside compiled functions -> Rule::check
  bool functions = false;       // each compiled function -> Rule::check_function
  bool classes = false;         // each class of the file -> Rule::check_class
  bool file = false;            // the file, once -> Rule::check_file

  // Only the compiled-function hook (signature rules).
  static Subscriptions each_function() {
    Subscriptions subscriptions;
    subscriptions.functions = true;
    return subscriptions;
  }
};

// Where a rule is called, and where its diagnostics go.
class RuleContext {
 public:
  RuleContext(const SemanticModel& model, const RuleMeta& rule, std::vector<Diagnostic>& sink,
              const FunctionInfo* function = nullptr, const NodePath* path = nullptr)
      : model_(model), rule_(rule), sink_(sink), function_(function), path_(path) {}

  const Source& source() const { return model_.source(); }
  const SemanticModel& model() const { return model_; }
  std::string_view text(TSNode node) const { return jitlint::text(model_.source(), node); }

  // The compiled function being walked (node checks and function hooks only).
  const FunctionInfo& function() const { return *function_; }
  // The path from the function's definition to the node being checked (node checks only).
  const NodePath& path() const { return *path_; }
  TSNode parent() const { return path_->parent(); }
  // `nn.Linear` / `np.zeros` / `Out`: the head name of a dotted expression is one the compiled function does not
  // bind (a parameter or a local named `np` would hide the import or the global).
  bool head_unbound_locally(TSNode expr) const {
    while (is(expr, sym.attribute)) expr = strip_parens(field(expr, fld.object));
    return is(expr, sym.identifier) && function_->scope.all(text(expr)) == nullptr;
  }
  // For rules whose cases span both phases: whether the IR emitter skips this node (statically dead branch).
  bool in_dead_code(TSNode node) const { return model_.is_dead(*function_, node); }

  Diagnostic& report(TSNode node, std::string message, std::optional<Fix> fix = std::nullopt) {
    return report_range(ts_node_start_byte(node), ts_node_end_byte(node), std::move(message), std::move(fix));
  }
  Diagnostic& report_range(uint32_t start, uint32_t end, std::string message, std::optional<Fix> fix = std::nullopt) {
    sink_.push_back(Diagnostic{&rule_, std::move(message), start, end, std::move(fix), {}});
    return sink_.back();
  }

 private:
  const SemanticModel& model_;
  const RuleMeta& rule_;
  std::vector<Diagnostic>& sink_;
  const FunctionInfo* function_;
  const NodePath* path_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  virtual Subscriptions subscriptions() const = 0;
  // A node of a subscribed kind inside a compiled function; `context.path()` leads to it.
  virtual void check(RuleContext& /*context*/, TSNode /*node*/) const {}
  // A compiled function, with its signature (`function.signature`).
  virtual void check_function(RuleContext& /*context*/, const FunctionInfo& /*function*/) const {}
  // A class of the file, with its attribute facts (gathered from every method, `__init__` included).
  virtual void check_class(RuleContext& /*context*/, const ClassInfo& /*cls*/) const {}
  virtual void check_file(RuleContext& /*context*/) const {}
};

}  // namespace jitlint
