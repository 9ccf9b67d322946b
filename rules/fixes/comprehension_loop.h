// The fix shared by JT101 (comprehension-if) and JT104 (comprehension-multi-for): rewrite a list / dict / generator
// comprehension as loops filling a typed container.
#pragma once

#include <optional>

#include "core/rule.h"

namespace jitlint {

// nullopt when no rewrite keeps the code's meaning (comments inside, a conditional context, an odd statement).
std::optional<Fix> comprehension_to_loop(RuleContext& context, TSNode comprehension);  // the path's current node

}  // namespace jitlint
