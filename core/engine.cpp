#include "core/engine.h"

#include <algorithm>
#include <chrono>

#include "core/fixer.h"
#include "core/semantic_model.h"
#include "core/suppression.h"
#include "rules/registry.h"

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
                     ts_node_start_byte(node), ts_node_end_byte(node), std::nullopt});
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
      out.push_back({&rule.meta(), std::move(message), ts_node_start_byte(node), ts_node_end_byte(node), std::nullopt});
      return false;
    }
    return true;
  });
  if (out.empty()) {
    out.push_back({&rule.meta(), "Syntax error", 0, 0, std::nullopt});
  }
}

// A parameter's default is evaluated by Python when the function is defined, not compiled by TorchScript.
bool is_default_value(TSNode node) {
  TSNode parent = ts_node_parent(node);
  return (is(parent, "default_parameter") || is(parent, "typed_default_parameter")) &&
         same_node(field(parent, "value"), node);
}

}  // namespace

Engine::Engine(std::vector<const Rule*> rules, const Rule& syntax_error)
    : rules_(std::move(rules)), syntax_error_(syntax_error) {
  const TSLanguage* language = python_language();
  const uint32_t symbol_count = ts_language_symbol_count(language);
  rules_by_symbol_.resize(symbol_count);
  for (uint32_t symbol = 0; symbol < symbol_count; ++symbol) {
    if (ts_language_symbol_type(language, static_cast<TSSymbol>(symbol)) != TSSymbolTypeRegular) continue;
    const std::string_view name = ts_language_symbol_name(language, static_cast<TSSymbol>(symbol));
    for (const Rule* rule : rules_) {
      for (std::string_view kind : rule->node_kinds()) {
        if (kind == name) rules_by_symbol_[symbol].push_back(rule);
      }
    }
  }
}

std::vector<Diagnostic> Engine::check(const Source& source, Parser& parser, const CheckOptions& options) const {
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); };
  Clock::time_point stage = Clock::now();
  std::vector<Diagnostic> diagnostics;
  Tree tree = parser.parse(source);
  if (options.timings) options.timings->parse_s = since(stage);
  stage = Clock::now();
  if (tree.has_error() && !options.python_accepts) {
    // Rules do not run on a file Python itself would reject: its tree is a guess.
    if (selected(options, syntax_error_.meta().code)) report_syntax_errors(tree, syntax_error_, diagnostics);
  } else {
    const SemanticModel model = SemanticModel::build(source, tree.root());
    if (options.timings) options.timings->model_s = since(stage);
    stage = Clock::now();
    std::vector<std::vector<const Rule*>> active(rules_by_symbol_.size());
    bool any = false;
    for (size_t symbol = 0; symbol < rules_by_symbol_.size(); ++symbol) {
      for (const Rule* rule : rules_by_symbol_[symbol]) {
        if (selected(options, rule->meta().code)) {
          active[symbol].push_back(rule);
          any = true;
        }
      }
    }
    for (size_t index = 0; any && index < model.functions().size(); ++index) {
      const FunctionInfo& function = model.functions()[index];
      if (!function.compiled || ts_node_has_error(function.definition)) continue;
      walk_descendants(function.definition, [&](TSNode node) {
        if (is_nested_scope(node) || is_default_value(node)) return false;
        const auto& rules = active[ts_node_symbol(node)];
        if (rules.empty()) return true;
        std::optional<bool> dead;
        for (const Rule* rule : rules) {
          if (rule->meta().phase == Phase::Semantic) {
            if (!dead) dead = model.is_dead(function, node);
            if (*dead) continue;
          }
          RuleContext context(model, function, rule->meta(), diagnostics);
          rule->check(context, node);
        }
        return true;
      });
    }
  }

  // A fix that needs `from typing import List` carries the edit that adds it, so what `check` reports (JSON, an
  // editor's quick fix) is exactly what `fix` applies.
  for (Diagnostic& d : diagnostics) {
    if (!d.fix || d.fix->typing_imports.empty()) continue;
    for (Edit& edit : typing_import_edits(source, tree.root(), d.fix->typing_imports)) d.fix->edits.push_back(std::move(edit));
    d.fix->typing_imports.clear();
  }

  if (diagnostics.empty()) {  // nothing to suppress: skip reading the comments
    if (options.timings) options.timings->rules_s = since(stage);
    return diagnostics;
  }
  const Suppressions suppressions = Suppressions::collect(source, tree.root());
  diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(),
                                   [&](const Diagnostic& d) {
                                     return suppressions.suppresses(source.line_of(d.start), d.rule->code);
                                   }),
                    diagnostics.end());
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.rule->code < b.rule->code;
  });
  if (options.timings) options.timings->rules_s = since(stage);
  return diagnostics;
}

const Engine& default_engine() {
  static const Engine engine(registered_rules(), syntax_error_rule());
  return engine;
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
