// The names a function body binds, and how. Rules ask for the single binding of a name (an alias such as
// `layers = self.layers`, or the loop variable of `for m in self.layers[1:]`); a name bound more than once is
// ambiguous and rules stay silent about it. Filled during the model's one walk over the body (`record`), so
// building it walks nothing of its own.
#pragma once

#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/signature.h"
#include "core/syntax.h"

namespace jitlint {

struct Binding {
  enum class Kind { Parameter, Assignment, ForLoop, Comprehension, Augmented, Other };
  Kind kind = Kind::Other;
  TSNode target{};      // the identifier being bound
  TSNode value{};       // Assignment: the value (the matching element when `a, b = x, y`); loops: the iterable;
                        // Augmented: the right-hand side of `x += v`
  TSNode statement{};   // Augmented: the `x += v` statement (its operator); Assignment: the assignment
  int element = -1;     // `for i, m in it` / `a, b = pair`: index of the name in the target tuple, else -1
  TSNode annotation{};  // `m: T = ...`; a parameter's annotation
  bool unpacked = false;  // `a, b = x, y`: bound from one element of a literal tuple (TorchScript builds a tuple)
  const Parameter* parameter = nullptr;  // Parameter: its entry in the function's signature
};

// `x = f(x)`: `read` is in the right side of the assignment that makes `binding`, so Python evaluates it before
// the name is bound again (the read still sees the value from before).
bool read_by_own_assignment(const Binding& binding, TSNode read);

// Whether `binding` sits in one branch of an `if` (its block, an `elif`, the `else`) and `read` in another, with no
// loop around that `if` in the function whose `body` holds both: no path from the binding reaches the read
// (Xcodec2's `if audio_codes is not None: latents = ...` / `else: latents = latents.transpose(1, 2)`).
bool in_other_branch(TSNode body, const Binding& binding, TSNode read);

class LocalScope {
 public:
  // Parameters bind first; rules need to know a name is one (its annotation types it). `signature` must outlive
  // the scope (both live in the same FunctionInfo).
  void add_parameters(const Source& source, const Signature& signature);
  // One node of the body outside nested scopes, met in source order. Returns false when the node's children
  // bind nothing more (an import statement, fully read here).
  bool record(const Source& source, TSNode node);
  // The only binding of `name` in the function, or nullptr when it has none or several.
  const Binding* single(std::string_view name) const;
  // Every binding of `name` (nullptr when it has none).
  const std::vector<Binding>* all(std::string_view name) const;
  // The first binding of the name `read` reads, when the read still sees it: no other binding starts before the
  // read, or the read is in the right side of the first rebinding (`x = self.dense(x)`). TorchScript keeps a
  // variable's type, so such a read has the first binding's type (a rebinding to another type fails, later). Null
  // when another binding comes first, or the name is not bound.
  const Binding* first_binding_read(std::string_view name, TSNode read) const;
  // Every name with its bindings.
  const std::unordered_map<std::string_view, std::vector<Binding>>& bindings() const { return bindings_; }

 private:
  void add(const Source& source, TSNode target, Binding binding, int depth = 0);
  void bind_elements(const Source& source, TSNode target, TSNode value, Binding::Kind kind, TSNode statement = {});
  std::unordered_map<std::string_view, std::vector<Binding>> bindings_;
};

}  // namespace jitlint
