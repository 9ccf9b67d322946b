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

// `condition` is `isinstance(p, (A, B, ...))` for the Union parameter `p`, naming builtin types (`list`, `tuple`,
// `torch.Tensor`...) that two or more distinct members of its annotation are: TorchScript refines `p` to the Union
// of those members, which is still no list or tuple (`'Union[Tuple[int], List[int]]' object is not iterable`). The
// kept members, spelled; empty otherwise. JT616 asks.
std::vector<std::string> members_kept_by_isinstance(const SemanticModel& model, const FunctionInfo& function,
                                                    const Parameter& parameter, TSNode condition);

// The members of the parameter's annotation (besides None, each type once) that `condition`, an `isinstance(p, A)`
// or `isinstance(p, (A, B, ...))` of builtin types, keeps (only the tuple form with `tuple_only`); empty when it is
// no such test or a member's or a tested type is not known.
std::vector<Type> members_isinstance_keeps(const SemanticModel& model, const FunctionInfo& function,
                                           const Parameter& parameter, TSNode condition, bool tuple_only);

// The innermost `if`/`elif` above the current node of `path` (within its function) whose block holds the node and
// whose condition is an `isinstance` of `parameter` keeping some of its members, when that block tests the
// parameter no further: the condition and what it keeps. Whether the node still reads the parameter (no rebinding
// between) is the caller's to ask.
struct IsinstanceGuard {
  TSNode condition;
  std::vector<Type> kept;
};
std::optional<IsinstanceGuard> isinstance_guard_around(const SemanticModel& model, const FunctionInfo& function,
                                                       const NodePath& path, const Parameter& parameter);

}  // namespace jitlint
