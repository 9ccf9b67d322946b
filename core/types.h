// TorchScript types as structured values: what annotations spell and what the expression service infers.
// `List[Tuple[int, Tensor]]` is a List whose one argument is a Tuple of Int and Tensor, compared and taken apart
// without re-reading text; `spell()` writes it back the way fixes annotate (`List[Tuple[int, Tensor]]`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitlint {

struct Type {
  enum class Kind { Tensor, Int, Float, Bool, Str, None, List, Dict, Tuple, Optional, Named };
  Kind kind = Kind::Named;
  std::vector<Type> args;  // List: 1, Dict: 2, Tuple: n, Optional: 1, Named: as written
  std::string name;        // Named: the name as written (`Any`, a class)

  static Type of(Kind kind, std::vector<Type> args = {}) { return Type{kind, std::move(args), {}}; }
  // Parses a normalised spelling (`List[int]`, `Dict[str, Tensor]`); nullopt when it is not one.
  static std::optional<Type> parse(std::string_view spelled);
  std::string spell() const;
  bool is(Kind k) const { return kind == k; }
  // List[T] -> T; Dict[K, V] -> V (what subscripting gives); nullptr otherwise.
  const Type* element() const;
  bool operator==(const Type& other) const {
    return kind == other.kind && name == other.name && args == other.args;
  }
};

// An expression's type as far as the source makes it plain; `certain` is false for a plausible guess (fixes
// that use it are unsafe).
struct InferredType {
  Type type;
  bool certain = false;
};

}  // namespace jitlint
