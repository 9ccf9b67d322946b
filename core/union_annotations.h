// Annotations written as a Union: `A | B | None`, `Union[A, B, None]`, `Optional[Union[A, B]]`, `Optional[A | B]`.
// TorchScript refines a Union only by `isinstance` (and an Optional by `is None`), so rules about Union values ask
// for its members here.
#pragma once

#include <vector>

#include "core/semantic_model.h"

namespace jitlint {

// The members of `annotation` (a parameter's `type` node, or an expression), left to right, nested Unions and
// Optionals flattened. A null node stands for the `None` an `Optional[...]` adds. An annotation that is no Union is
// its own single member.
std::vector<TSNode> union_members(const SemanticModel& model, TSNode annotation);

// The member is `None` (written, or the null node an `Optional` adds).
bool is_none_member(const Source& source, TSNode member);

// The parameter `name` of `function`, bound once and annotated a Union of two or more types TorchScript tells apart
// (besides None; not only numbers, `int | float` being a number to its arithmetic), that no `isinstance(name, ...)`
// or `torch.jit.isinstance(name, ...)` anywhere in the body refines: TorchScript keeps the Union at every read.
// Null otherwise. Asked by JT616 (an attribute, index or iteration of it) and JT904 (its `len`).
const Parameter* unrefined_union_parameter(const SemanticModel& model, const FunctionInfo& function,
                                           std::string_view name);

}  // namespace jitlint
