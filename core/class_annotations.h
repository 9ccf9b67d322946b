// Annotations in the methods of a TorchScript class (a plain class compiled because compiled code uses it), resolved
// the way torch resolves them. A module's methods resolve an annotation by evaluating its text in the function's
// globals; a class's resolution callback (`createResolutionCallbackForClassMethods`) knows only the class's global
// names and the whole annotations of its methods' parameters and returns, keyed by their spelling
// (`get_type_hint_captures`). A dotted name (`torch.device`) resolves only as such a whole annotation, or where the
// same text is one: inside `torch.device | str` or `Tuple[torch.device, int]` it is an "Unknown type name".
#pragma once

#include <optional>
#include <string>
#include <unordered_set>

#include "core/semantic_model.h"

namespace jitlint {

// The spelling `get_type_hint_captures` gives an annotation expression (`Tuple[torch.device,int]`: elements joined
// without a space); nullopt where it gives none (a `X | Y` union, a call).
std::optional<std::string> captured_spelling(const Source& source, TSNode annotation);

// The keys of the class's resolution callback that are annotations: the spelling of every annotation of a positional
// parameter (not positional-only, not keyword-only, not `*args`) and of every return annotation, in the methods of
// its body. Empty in a file with `from __future__ import annotations`: its annotations are strings, which torch skips.
std::unordered_set<std::string> captured_annotations(const SemanticModel& model, const ClassInfo& cls);

// The class is one TorchScript compiles as a class of its own when compiled code uses it: not a module, no base but
// `object`, not a dataclass (whose generated methods are another matter), an interface, or `@torch.jit.script`
// (compiled where it is defined, resolving names in the file's globals).
bool plain_script_class(const SemanticModel& model, const ClassInfo& cls);

// A dotted name in an annotation of a TorchScript class's method that the class's resolution callback lacks.
struct UnresolvedClassName {
  TSNode node{};             // the dotted name (or the head of `typing.Tuple[...]`)
  std::string spelled;       // `torch.device`
  bool constructor = false;  // the head of a subscript (`typing.Tuple`)
  const ClassInfo* cls = nullptr;
};

// The first dotted name of the annotation `type` (a parameter's, the return's or an annotated local's, in a method of
// `function`'s class) that torch looks up by its spelling and does not find: the class is a `plain_script_class`, the
// method not static, the whole annotation not captured, and the name neither `torch.Tensor` (or a typed alias) nor
// captured. nullopt when there is none or jitlint cannot tell (a dotted constructor other than `typing`'s).
std::optional<UnresolvedClassName> unresolved_class_annotation(const SemanticModel& model, const FunctionInfo& function,
                                                               TSNode type);

}  // namespace jitlint
