// How many elements a module container attribute holds, as its class's `__init__` proves it, and what a loop
// bound is worth as such a length. The fixes that turn `for i in range(<bound>): self.convs[i](x)` into a loop over
// the container ask it: when the bound is proven to be the length of every container indexed, the rewrite visits
// the same modules in the same order.
//
// A length is proven only from what `__init__` does unconditionally at the top of its body:
//   self.convs = nn.ModuleList([Conv() for _ in range(num_levels)])  -> the value of parameter `num_levels`
//   self.blocks = nn.ModuleList([A(), B(), C(), D()])                -> 4
//   self.stem = nn.Sequential(conv, bn, act)                           -> 3
//   self.num_levels = num_levels                                       -> (as a bound) the value of `num_levels`
//   self.layers = nn.ModuleList([Layer(config) for _ in range(config.num_layers)])
//   self.num_layers = config.num_layers                                -> both: `config.num_layers`
// and never when the class appends to, extends or deletes from the container, or `__init__` rebinds the parameter.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/semantic_model.h"

namespace jitlint {

struct ProvenLength {
  std::optional<long long> count;  // a number of elements known from the source
  int init = -1;                   // otherwise: the value of `parameter` of this `__init__` (a function index),
  std::string parameter;           // or of an attribute of it (`config.num_layers`), never assigned there

  bool operator==(const ProvenLength& other) const {
    return count ? other.count == count : (!other.count && init == other.init && parameter == other.parameter);
  }
};

// The length of `self.<attribute>` (an nn.ModuleList / nn.ParameterList / nn.Sequential) in `class_index`.
std::optional<ProvenLength> container_length(const SemanticModel& model, int class_index, std::string_view attribute);

// What a `range()` bound in a method of the class is worth as a length: an integer literal, `self.n` assigned once
// in `__init__` from an integer literal or a parameter, or `len(self.<container>)`.
std::optional<ProvenLength> bound_length(const SemanticModel& model, const FunctionInfo& function, TSNode bound);

}  // namespace jitlint
