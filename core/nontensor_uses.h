// Which reads of a compiled function's parameter use it as something a Tensor cannot be, where TorchScript types it
// `Tensor` (no annotation; no default, or `None`): the bound of `range`, a called function, an object with an
// attribute no Tensor has, a tuple to unpack, a mapping, an argument of a torch op no overload takes as a Tensor
// there. Torch stops at the first such read when it compiles the function. JT305 reports it; JT513 asks it to stay
// silent at a call passing such a parameter a number (the callee's body fails first, and one annotation mends both).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/parameter_uses.h"
#include "core/semantic_model.h"

namespace jitlint {

// `torch.arange(n, device=device)`, `torch.zeros((b, n, d))`: the parameter (or a tuple or list display holding
// it) is an argument of a torch op that no overload takes there as a Tensor, whatever the other arguments are.
struct TorchArgument {
  std::string callee;                   // `torch.arange`
  std::string where;                    // "`device`", "argument 1"
  std::vector<std::string_view> wanted; // the types the overloads have there (core/torch_ops.h's codes)
};

struct NontensorUse {
  enum class Kind {
    None, RangeBound, Called, ComparedWithString, TensorList, ForeignAttribute, Unpacked, IteratedUnpacked,
    StringIndexed, ElementStringIndexed, TorchArgument, ShapeElement
  } kind = Kind::None;
  const ParameterRead* read = nullptr;
  TSNode at{};  // ElementStringIndexed: the string subscript of an element, where torch stops; ShapeElement: the
                // `+` adding the tuple that holds the read to a list of ints (`x.size()[:-1] + (heads, -1)`)
  std::optional<TorchArgument> argument;  // TorchArgument: the op and what it takes there
};

// No default, or `None` (JT304's): TorchScript types both `Tensor`; any other default is JT303's.
bool checked_default(const Parameter& parameter);

// The first read of parameter `index` of `function` that uses it as no Tensor can be used, when TorchScript types
// the parameter `Tensor` by itself (`checked_default` and `inferred_as_tensor`) and the body does not bind it again;
// nullopt otherwise. With a `None` default, a `range` bound, a string comparison and a tensor list do not count: the
// annotation they ask for would still refuse the default (JT304 says what to write).
std::optional<NontensorUse> first_nontensor_use(const SemanticModel& model, const FunctionInfo& function, size_t index);

// The list operand of a ShapeElement's `+` (`x.size()[:-1]`).
TSNode shape_list_operand(TSNode sum);

}  // namespace jitlint
