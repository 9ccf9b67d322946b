// Annotations written as a Union: `A | B | None`, `Union[A, B, None]`, `Optional[Union[A, B]]`, `Optional[A | B]`.
// TorchScript refines a Union only by `isinstance` (and an Optional by `is None`), so rules about Union values ask
// for its members here.
#pragma once

#include <vector>

#include "core/expr_types.h"
#include "core/semantic_model.h"

namespace jitlint {

// The members of `annotation` (a parameter's `type` node, or an expression), left to right, nested Unions and
// Optionals flattened. A null node stands for the `None` an `Optional[...]` adds. An annotation that is no Union is
// its own single member.
std::vector<TSNode> union_members(const SemanticModel& model, TSNode annotation);

// The member is `None` (written, or the null node an `Optional` adds).
bool is_none_member(const Source& source, TSNode member);

// Two or more members besides None, of types TorchScript knows and tells apart, not only numbers (`int | float` is
// a number to its arithmetic): a Union TorchScript refines only by `isinstance`.
bool union_of_distinct_types(const SemanticModel& model, const ExprTypes& types, TSNode annotation);

// `isinstance(name, ...)` or `torch.jit.isinstance(name, ...)` is called somewhere in `body` (nested scopes too).
bool tested_by_isinstance(const SemanticModel& model, TSNode body, std::string_view name);

}  // namespace jitlint
