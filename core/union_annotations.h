// Annotations written as a Union: `A | B | None`, `Union[A, B, None]`, `Optional[Union[A, B]]`, `Optional[A | B]`.
// TorchScript refines a Union only by `isinstance` (and an Optional by `is None`), so rules about Union values ask
// for its members here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/semantic_model.h"
#include "core/types.h"
#include "core/walk.h"

namespace jitlint {

// The members of `annotation` (a parameter's `type` node, or an expression), left to right, nested Unions and
// Optionals flattened. A null node stands for the `None` an `Optional[...]` adds. An annotation that is no Union is
// its own single member.
std::vector<TSNode> union_members(const SemanticModel& model, TSNode annotation);

// The member is `None` (written, or the null node an `Optional` adds).
bool is_none_member(const Source& source, TSNode member);

// How many of the annotation's members are not `None` (1 for an annotation that is no Union).
size_t members_besides_none(const SemanticModel& model, TSNode annotation);

// The parameter `name` of `function`, bound once and annotated a Union of two or more types TorchScript tells apart
// (besides None; not only numbers, `int | float` being a number to its arithmetic), that no `isinstance(name, ...)`
// or `torch.jit.isinstance(name, ...)` anywhere in the body refines: TorchScript keeps the Union at every read.
// Null otherwise. Asked by JT616 (an attribute, index or iteration of it) and JT904 (its `len`).
const Parameter* unrefined_union_parameter(const SemanticModel& model, const FunctionInfo& function,
                                           std::string_view name);

// `isinstance(name, ...)` or `torch.jit.isinstance(name, ...)` is called somewhere in `body` (nested scopes too).
bool tested_by_isinstance(const SemanticModel& model, TSNode body, std::string_view name);

// The members of the parameter's annotation (besides None, each type once) that `condition`, an `isinstance(p, A)`
// or `isinstance(p, (A, B, ...))` of builtin types, keeps (only the tuple form with `tuple_only`); empty when it is
// no such test or a member's or a tested type is not known. Two or more kept are still a Union, which TorchScript
// cannot iterate or index (`'Union[Tuple[int], List[int]]' object is not iterable`): JT616 asks.
std::vector<Type> members_isinstance_keeps(const SemanticModel& model, const FunctionInfo& function,
                                           const Parameter& parameter, TSNode condition, bool tuple_only);

// The innermost `if`/`elif` above the current node of `path` (within its function) whose block holds the node and
// whose condition is an `isinstance` of the parameter `read` names, keeping some members of its annotation, when
// that block tests the parameter no further and `read` (an identifier) still reads the parameter (no rebinding
// before it): the condition and the members it keeps. TorchScript refines the parameter there to the Union of those
// members (`isinstance(axis, (list, tuple))` on `int | tuple[int] | list[int]`). nullopt otherwise. JT502 and JT904
// ask.
struct IsinstanceGuard {
  TSNode condition;
  std::vector<Type> kept;
};
std::optional<IsinstanceGuard> isinstance_guard_around(const SemanticModel& model, const FunctionInfo& function,
                                                       const NodePath& path, TSNode read);

// The members `kept` spelled for a message: "`A`", "`A` and `B`", "`A`, `B` and `C`".
std::string spelled_members(const std::vector<Type>& kept);

}  // namespace jitlint
