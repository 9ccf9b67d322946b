#include "core/engine.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/edits.h"
#include "core/semantic_model.h"
#include "core/suppression.h"

namespace jitlint {
namespace {

bool selected(const CheckOptions& options, std::string_view code) {
  return !options.select || options.select->count(std::string(code)) > 0;
}

// Reports the outermost ERROR / MISSING nodes: one diagnostic per place the parser gave up.
void report_syntax_errors(const Tree& tree, const Rule& rule, std::vector<Diagnostic>& out) {
  const Source& source = tree.source();
  walk_descendants(tree.root(), [&](TSNode node) {
    if (!ts_node_has_error(node)) return false;
    if (ts_node_is_missing(node)) {
      out.push_back({&rule.meta(), "Syntax error: expected `" + std::string(ts_node_type(node)) + "`",
                     ts_node_start_byte(node), ts_node_end_byte(node), std::nullopt, {}});
      return false;
    }
    if (ts_node_is_error(node)) {
      std::string_view snippet = text(source, node).substr(0, 40);
      snippet = snippet.substr(0, snippet.find('\n'));
      if (snippet.size() == 40) {
        // Do not cut a UTF-8 sequence in two: back up to the start of the last character.
        size_t end = snippet.size();
        while (end > 0 && (static_cast<unsigned char>(source.text()[ts_node_start_byte(node) + end]) & 0xC0) == 0x80) --end;
        snippet = snippet.substr(0, end);
      }
      while (!snippet.empty() && (snippet.back() == '\r' || snippet.back() == ' ')) snippet.remove_suffix(1);
      std::string message = "Syntax error: unexpected ";
      message += snippet.empty() ? std::string("end of input") : "`" + std::string(snippet) + "`";
      out.push_back({&rule.meta(), std::move(message), ts_node_start_byte(node), ts_node_end_byte(node), std::nullopt, {}});
      return false;
    }
    return true;
  });
  if (out.empty()) {
    out.push_back({&rule.meta(), "Syntax error", 0, 0, std::nullopt, {}});
  }
}

}  // namespace

Engine::Engine(std::vector<const Rule*> rules, const Rule& syntax_error, const Rule* unused_noqa)
    : syntax_error_(syntax_error), unused_noqa_(unused_noqa) {
  if (!unresolved_grammar_names().empty()) {
    std::string names;
    for (const std::string& name : unresolved_grammar_names()) names += (names.empty() ? "" : ", ") + name;
    throw RuleSetupError("the tree-sitter-python grammar lacks names jitlint uses: " + names);
  }
  const uint32_t symbol_count = ts_language_symbol_count(python_language());
  rules_by_symbol_.resize(symbol_count);
  for (const Rule* rule : rules) {
    Subscriber subscriber{rule, rule->subscriptions()};
    for (TSSymbol kind : subscriber.subscriptions.kinds) {
      if (!is_named_kind(kind)) {
        throw RuleSetupError(std::string(rule->meta().code) + " subscribes to node kind id " + std::to_string(kind) +
                             ", which is not a named kind of the tree-sitter-python grammar");
      }
      rules_by_symbol_[kind].push_back(rules_.size());
    }
    file_hooks_ = file_hooks_ || subscriber.subscriptions.file;
    rules_.push_back(std::move(subscriber));
  }
}

// The walk over each compiled function: every node goes to the rules subscribed to its kind, with the path that
// leads to it. Semantic rules skip statically dead code and nested scopes; a parameter's default is evaluated by
// Python when the function is defined, so nothing below a default reaches any rule.
void Engine::run_rules(const SemanticModel& model, const CheckOptions& options, std::vector<Diagnostic>& out) const {
  // A file that imports no torch compiles nothing and has no class hooks: only file hooks could say anything.
  if (!model.indexed_bodies() && !file_hooks_) return;
  std::vector<char> active(rules_.size());
  bool any_nodes = false, any_functions = false, any_classes = false, any_file = false;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Subscriptions& s = rules_[i].subscriptions;
    active[i] = selected(options, rules_[i].rule->meta().code);
    if (!active[i]) continue;
    any_nodes = any_nodes || !s.kinds.empty();
    any_functions = any_functions || s.functions;
    any_classes = any_classes || s.classes;
    any_file = any_file || s.file;
  }
  if (any_file) {
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (!active[i] || !rules_[i].subscriptions.file) continue;
      RuleContext context(model, rules_[i].rule->meta(), out);
      rules_[i].rule->check_file(context);
    }
  }
  if (any_classes && model.indexed_bodies()) {
    for (const ClassInfo& cls : model.classes()) {
      for (size_t i = 0; i < rules_.size(); ++i) {
        if (!active[i] || !rules_[i].subscriptions.classes) continue;
        RuleContext context(model, rules_[i].rule->meta(), out);
        rules_[i].rule->check_class(context, cls);
      }
    }
  }
  if (!any_nodes && !any_functions) return;
  NodePath path;
  for (const FunctionInfo& function : model.functions()) {
    if (!function.compiled || ts_node_has_error(function.definition)) continue;
    if (any_functions) {
      for (size_t i = 0; i < rules_.size(); ++i) {
        if (!active[i] || !rules_[i].subscriptions.functions) continue;
        RuleContext context(model, rules_[i].rule->meta(), out, &function);
        rules_[i].rule->check_function(context, function);
      }
    }
    if (!any_nodes) continue;
    size_t nested_at = SIZE_MAX;  // path size at which the walk entered a lambda or nested definition
    walk(function.definition, path, [&](const NodePath& at) {
      TSNode node = at.node();
      if (at.field() == fld.value) {
        const TSSymbol holder = ts_node_symbol(at.parent());
        if (holder == sym.default_parameter || holder == sym.typed_default_parameter) return false;
      }
      if (at.size() <= nested_at) nested_at = SIZE_MAX;
      const TSSymbol symbol = ts_node_symbol(node);  // ERROR nodes have a symbol past the grammar's own
      if (symbol < rules_by_symbol_.size() && !rules_by_symbol_[symbol].empty()) {
        const auto& subscribers = rules_by_symbol_[symbol];
        std::optional<bool> dead;
        for (size_t index : subscribers) {
          if (!active[index]) continue;
          const Rule& rule = *rules_[index].rule;
          if (rule.meta().phase == Phase::Semantic) {
            if (nested_at != SIZE_MAX) continue;
            if (!dead) dead = model.is_dead(function, node);
            if (*dead) continue;
          }
          RuleContext context(model, rule.meta(), out, &function, &at);
          rule.check(context, node);
        }
      }
      if (nested_at == SIZE_MAX && at.size() > 1 && is_nested_scope(node)) nested_at = at.size();
      return true;
    });
  }
}

std::vector<Diagnostic> Engine::check(const Source& source, Parser& parser, const CheckOptions& options) const {
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); };
  Clock::time_point stage = Clock::now();
  Tree tree = parser.parse(source);
  if (options.timings) options.timings->parse_s = since(stage);
  if (tree.has_error() && !options.python_accepts) return syntax_errors(tree, options);
  stage = Clock::now();
  const SemanticModel model =
      SemanticModel::build(source, tree.root(), options.context ? *options.context : ModelContext{});
  if (options.timings) options.timings->model_s = since(stage);
  stage = Clock::now();
  std::vector<Diagnostic> diagnostics = check_model(tree, model, options);
  if (options.timings) options.timings->rules_s = since(stage);
  return diagnostics;
}

std::vector<Diagnostic> Engine::syntax_errors(const Tree& tree, const CheckOptions& options) const {
  // Rules do not run on a file Python itself would reject: its tree is a guess.
  std::vector<Diagnostic> diagnostics;
  if (selected(options, syntax_error_.meta().code)) report_syntax_errors(tree, syntax_error_, diagnostics);
  finish(tree, options, diagnostics, /*rules_ran=*/false);
  return diagnostics;
}

std::vector<Diagnostic> Engine::check_model(const Tree& tree, const SemanticModel& model,
                                            const CheckOptions& options) const {
  std::vector<Diagnostic> diagnostics;
  run_rules(model, options, diagnostics);
  finish(tree, options, diagnostics, /*rules_ran=*/true);
  return diagnostics;
}

void Engine::finish(const Tree& tree, const CheckOptions& options, std::vector<Diagnostic>& diagnostics,
                    bool rules_ran) const {
  const Source& source = tree.source();
  // A fix that needs `from typing import List` carries the edit that adds it, so what `check` reports (JSON, an
  // editor's quick fix) is exactly what `fix` applies.
  std::optional<ImportTable> imports;  // read once, and only when some fix needs it
  for (Diagnostic& d : diagnostics) {
    if (!d.fix || d.fix->typing_imports.empty()) continue;
    if (!imports) imports.emplace().collect(source, tree.root());
    for (Edit& edit : typing_import_edits(source, tree.root(), *imports, d.fix->typing_imports)) {
      d.fix->edits.push_back(std::move(edit));
    }
    d.fix->typing_imports.clear();
  }
  const bool check_noqa = rules_ran && unused_noqa_ && selected(options, unused_noqa_->meta().code);
  if (diagnostics.empty() && !check_noqa) return;  // nothing to suppress: skip reading the comments
  const Suppressions suppressions = Suppressions::collect(source, tree.root());
  std::vector<Diagnostic> unused;
  if (check_noqa) {
    // A code counts only for a rule that ran here: selected, and able to fire (not JT000 on a file that parsed).
    auto ran = [&](std::string_view code) {
      if (code == unused_noqa_->meta().code || !selected(options, code)) return false;
      for (const Subscriber& subscriber : rules_) {
        if (subscriber.rule->meta().code == code) return true;
      }
      return false;
    };
    for (UnusedCodes& found : unused_codes(source, suppressions, diagnostics, ran)) {
      std::string list;
      for (const std::string& code : found.unused) list += (list.empty() ? "`" : ", `") + code + "`";
      Fix fix;
      fix.message = found.directive->codes.size() == found.unused.size() ? "Remove the `noqa` directive"
                                                                          : "Remove the unused codes";
      fix.edits.push_back(std::move(found.removal));
      unused.push_back({&unused_noqa_->meta(), "Unused `noqa` directive (suppresses nothing: " + list + ")",
                        found.directive->start, found.directive->end, std::move(fix), {}});
    }
  }
  diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(),
                                   [&](const Diagnostic& d) {
                                     return suppressions.suppresses(source.line_of(d.start), d.rule->code);
                                   }),
                    diagnostics.end());
  for (Diagnostic& d : unused) {
    if (!suppressions.suppresses(source.line_of(d.start), d.rule->code)) diagnostics.push_back(std::move(d));
  }
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.rule->code < b.rule->code;
  });
}

const char* applicability_name(Applicability applicability) {
  switch (applicability) {
    case Applicability::Safe: return "safe";
    case Applicability::Unsafe: return "unsafe";
    case Applicability::DisplayOnly: return "display-only";
  }
  return "safe";
}

}  // namespace jitlint
