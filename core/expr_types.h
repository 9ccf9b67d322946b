// The typed expression service: expression types as TorchScript would infer them, from what the source makes
// plain (annotations, literals, known torch calls), as structured Types. Answers for whole expressions are
// cached in the model, so rules and fixes asking about the same expression share the work.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/semantic_model.h"
#include "core/types.h"

namespace jitlint {

class ExprTypes {
 public:
  ExprTypes(const SemanticModel& model, const FunctionInfo& function) : model_(model), function_(function) {}
  // Types of names bound inside the expression being rewritten (comprehension variables), checked first.
  // Answers that may depend on them are not cached.
  void bind(std::string name, InferredType type) { names_[std::move(name)] = std::move(type); }
  // Types as the methods of a value see them: an unannotated parameter defaulting to `None` is a Tensor, as
  // TorchScript types it, and a name typed `Optional[Tensor]` (the annotation JT304 asks for) has the methods of
  // the Tensor it holds once refined; a method the Tensor lacks fails either way. Answers are cached apart.
  void none_default_parameters_as_tensor() { none_defaults_as_tensor_ = true; }
  std::optional<InferredType> of(TSNode expr, int depth = 0) const;
  // The element type of iterating `iterable` (`List[T]` -> T, `range(...)` -> int, a Tensor -> Tensor).
  std::optional<InferredType> element_of(TSNode iterable, int depth = 0) const;
  // The type named by an annotation node, normalised (`list[int]` -> `List[int]`), if it is a plain type.
  std::optional<Type> annotation(TSNode type) const;

 private:
  std::optional<InferredType> infer(TSNode expr, int depth) const;
  std::optional<InferredType> of_identifier(TSNode expr, int depth) const;
  std::optional<InferredType> of_identifier_name(TSNode expr, int depth) const;
  std::optional<InferredType> of_identifier_binding(const Binding& binding, std::string_view name, int depth) const;
  std::optional<InferredType> of_self_attribute(std::string_view name, int depth) const;
  std::optional<InferredType> of_list_display(TSNode list, int depth) const;
  std::optional<InferredType> of_min_max(TSNode call, int depth) const;
  bool read_of_first_binding(const std::vector<Binding>& bindings, TSNode read) const;
  const SemanticModel& model_;
  const FunctionInfo& function_;
  std::unordered_map<std::string, InferredType> names_;
  bool none_defaults_as_tensor_ = false;
};

}  // namespace jitlint
