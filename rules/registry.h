// The registry: every rule by code. Adding a rule is one file plus one line in rule_list.inc.
#pragma once

#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/rule.h"

namespace jitlint {

// All rules but JT000 and JT001, in code order.
std::vector<const Rule*> registered_rules();
// JT000: reported by the engine itself for parse errors.
const Rule& syntax_error_rule();
// JT001: reported by the engine itself for `# noqa` codes that suppress nothing.
const Rule& unused_noqa_rule();
// Every rule including JT000 and JT001, in code order.
std::vector<const Rule*> all_rules();
const Rule* find_rule(std::string_view code);
// The engine over every registered rule.
const Engine& default_engine();

}  // namespace jitlint
