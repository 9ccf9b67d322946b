// The fix shared by JT201 (a ModuleList indexed by a runtime value) and JT202 (a ModuleDict keyed by one): the
// statement that calls the picked module runs inside a loop over the container, for the element whose position
// (key) matches, and the error Python's lookup raises is raised when none does.
#pragma once

#include <optional>

#include "core/rule.h"

namespace jitlint {

enum class PickedFrom { List, Dict };

// `return self.heads[idx](x)`, `y = self.heads[idx](x)` (y bound before) or `out[k] = self.proj[k](x)`, the
// subscript being the path's current node and `key` a variable. nullopt for any other shape.
std::optional<Fix> runtime_pick_fix(RuleContext& context, TSNode subscript, TSNode key, PickedFrom from);

}  // namespace jitlint
