// The names a function body binds, and how. Rules ask for the single binding of a name (an alias such as
// `layers = self.layers`, or the loop variable of `for m in self.layers[1:]`); a name bound more than once is
// ambiguous and rules stay silent about it.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/syntax.h"

namespace jitlint {

struct Binding {
  enum class Kind { Parameter, Assignment, ForLoop, Comprehension, Other };
  Kind kind = Kind::Other;
  TSNode target{};      // the identifier being bound
  TSNode value{};       // Assignment: the value (the matching element when `a, b = x, y`); loops: the iterable
  int element = -1;     // `for i, m in it` / `a, b = pair`: index of the name in the target tuple, else -1
  TSNode annotation{};  // `m: T = ...`
  bool unpacked = false;  // `a, b = x, y`: bound from one element of a literal tuple (TorchScript builds a tuple)
};

class LocalScope {
 public:
  void collect(const Source& source, TSNode function_definition);
  // The only binding of `name` in the function, or nullptr when it has none or several.
  const Binding* single(std::string_view name) const;
  // Every binding of `name` (nullptr when it has none).
  const std::vector<Binding>* all(std::string_view name) const;

 private:
  void add(const Source& source, TSNode target, Binding binding, int depth = 0);
  std::unordered_map<std::string, std::vector<Binding>> bindings_;
};

}  // namespace jitlint
