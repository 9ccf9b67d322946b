#include "rules/registry.h"

#include <algorithm>

namespace jitlint {

#define JITLINT_RULE(name) const Rule& name##_rule();
#include "rules/rule_list.inc"
#undef JITLINT_RULE

std::vector<const Rule*> registered_rules() {
  std::vector<const Rule*> rules = {
#define JITLINT_RULE(name) &name##_rule(),
#include "rules/rule_list.inc"
#undef JITLINT_RULE
  };
  std::sort(rules.begin(), rules.end(), [](const Rule* a, const Rule* b) { return a->meta().code < b->meta().code; });
  return rules;
}

std::vector<const Rule*> all_rules() {
  std::vector<const Rule*> rules = registered_rules();
  rules.insert(rules.begin(), {&syntax_error_rule(), &unused_noqa_rule()});
  return rules;
}

const Rule* find_rule(std::string_view code) {
  for (const Rule* rule : all_rules()) {
    if (rule->meta().code == code) return rule;
  }
  return nullptr;
}

const Engine& default_engine() {
  static const Engine engine(registered_rules(), syntax_error_rule(), &unused_noqa_rule());
  return engine;
}

}  // namespace jitlint
