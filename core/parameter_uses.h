// How a compiled function's live body reads its own parameters: each read with where it sits (its parent and the
// field it fills) and whether TorchScript sees it refined to not-None there. Signature rules ask it to decide
// whether an unannotated parameter is used as something a Tensor cannot be, or whether `Optional[T]` would hold
// at every read. Computed once per function on first request (one walk of the body), then cached in the model.
#pragma once

#include <vector>

#include "core/refinement.h"
#include "core/semantic_model.h"

namespace jitlint {

struct ParameterRead {
  TSNode node{};         // the identifier
  TSNode parent{};       // the node it sits in
  TSFieldId field = 0;   // the field it fills in `parent` (0 for none)
  TSNode grandparent{};  // `parent`'s parent (a call for an argument, a comparison's statement, ...)
  TSNode great_grandparent{};  // `grandparent`'s parent (the loop iterating `enumerate(x)`, ...)
  Refinement refinement = Refinement::Unknown;
  // The call the read is an argument of, directly (`f(x)`, `f(k=x)`) or as an element of a tuple or list display
  // that is one (`f((b, x))`, `f(k=[x])`); null otherwise. `in_display` says which.
  TSNode call{};
  bool in_display = false;
};

struct ParameterUse {
  std::vector<ParameterRead> reads;  // live reads in the function's own body (nested scopes excluded)
  bool rebound = false;              // the body binds the name again: its type may change, rules stay silent
  bool read_in_nested_scope = false; // a lambda or nested definition mentions it
  bool read_in_dead_code = false;    // a statically dead branch mentions it (it runs in eager Python only)
};

struct ParameterUses {
  std::vector<ParameterUse> parameters;  // parallel to `function.signature.parameters`
};

// Empty for functions whose body is not indexed (not compiled). Refinement is computed for reads of parameters
// whose default is `None` (elsewhere it is Unknown).
const std::vector<ParameterUse>& parameter_uses(const SemanticModel& model, const FunctionInfo& function);

// Whether the live body reads parameter `index` at all, or a nested scope mentions it: what `parameter_uses` says
// through `reads` and `read_in_nested_scope`, found with a walk that stops at the first such read when the uses
// are not computed yet (a signature rule asking about `**kwargs` needs no more).
bool parameter_is_read(const SemanticModel& model, const FunctionInfo& function, size_t index);

// TorchScript types the parameter `Tensor` ("Tensor (inferred)") because nothing else types it: no annotation, no
// type comment on the function, not the `self` / `cls` of a method, not `*args` / `**kwargs`.
bool inferred_as_tensor(const FunctionInfo& function, size_t index);

// How fixed code spells the annotation for a literal default (`2` -> "int", `(1, 2.0)` -> "Tuple[int, float]"),
// adding the `typing` names it needs to `typing_names`; empty when the default's type is not plain.
std::string literal_annotation(const Source& source, TSNode value, std::vector<std::string>& typing_names);

}  // namespace jitlint
