// Obvious expression types, as TorchScript would infer them: what fixes need to annotate the containers they
// introduce (`out: List[int] = []`). Only what the source makes plain; anything else is a guess (or unknown).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/semantic_model.h"

namespace jitlint {

struct InferredType {
  std::string name;      // TorchScript spelling: "int", "Tensor", "List[int]", "Tuple[int, Tensor]"
  bool certain = false;  // false: a plausible guess (fixes using it are unsafe)
};

class ExprTypes {
 public:
  ExprTypes(const SemanticModel& model, const FunctionInfo& function) : model_(model), function_(function) {}
  // Types of names bound inside the expression being rewritten (comprehension variables), checked first.
  void bind(std::string name, InferredType type) { names_[std::move(name)] = std::move(type); }
  std::optional<InferredType> of(TSNode expr, int depth = 0) const;
  // The element type of iterating `iterable` (`List[T]` -> T, `range(...)` -> int, a Tensor -> Tensor).
  std::optional<InferredType> element_of(TSNode iterable, int depth = 0) const;
  // The type named by an annotation node, normalised (`list[int]` -> `List[int]`), if it is a plain type.
  std::optional<std::string> annotation(TSNode type) const;

 private:
  std::optional<InferredType> of_identifier(TSNode expr, int depth) const;
  std::optional<InferredType> of_identifier_binding(const Binding& binding, const std::string& name, int depth) const;
  const SemanticModel& model_;
  const FunctionInfo& function_;
  std::unordered_map<std::string, InferredType> names_;
};

// Splits `List[int]` into ("List", "int"); `Dict[str, Tensor]` into ("Dict", "str, Tensor").
bool split_generic(std::string_view type, std::string* head, std::string* args);

}  // namespace jitlint
