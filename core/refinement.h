// Optional refinement as TorchScript applies it to a local variable: inside `if x is not None:` (and `and`
// chains, `not`, `or` on the false side, conditional expressions, `isinstance`), after `assert x is not None`,
// and after an early exit `if x is None: return` in an enclosing block. Rules about Optional values ask whether
// a read is refined; when the flow is not plain (the name is rebound between the test and the read, or later in
// a loop around the read) the answer is Unknown and the rule stays silent.
#pragma once

#include <functional>

#include "core/semantic_model.h"
#include "core/walk.h"

namespace jitlint {

enum class Refinement { NotRefined, Refined, Unknown };

// The path's current node is a read of the local `name` inside `function`'s body (the path starts at the
// function's definition, as in a rule's walk).
// `keeps_optional` names rebindings that leave the name as Optional as declared (they do not make the answer Unknown).
Refinement not_none_refinement(const SemanticModel& model, const FunctionInfo& function, const NodePath& read,
                               const std::function<bool(const Binding&)>& keeps_optional = nullptr);

// The block's last statement leaves it (`return`, `raise`, `continue`, `break`): code after the `if` holding it runs
// only when the condition was false.
bool exits_block(TSNode block);

// Whether `condition` being `when_true` proves the local `name` is not None.
bool proves_not_none(const SemanticModel& model, TSNode condition, std::string_view name, bool when_true, int depth = 0);

}  // namespace jitlint
