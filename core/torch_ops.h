// Torch operators as TorchScript sees them: which aten operator (or torch function compiled from its Python
// source) a call certainly is, the keyword names its overloads take, and each overload's arguments with their
// types. The data is core/op_schemas.inc, generated from torch's own schemas by scripts/gen_op_schemas.py, so the
// engine needs no torch at run time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/semantic_model.h"

namespace jitlint {

// One argument of a schema; one named `...` (type `...`) takes any further positional values. `type` is the table's code: T Tensor, I int, F float, N number (Scalar), B bool,
// S str, D Device, X other; `[E]` a list of E, `[I]2` a fixed-size list (which also takes one int); a trailing `?` Optional.
struct SchemaArgument {
  std::string_view name;
  std::string_view type;
  bool keyword_only = false;
  bool has_default = false;  // a call may leave it out
};
using Schema = std::vector<SchemaArgument>;

struct TorchCallee {
  std::string display;        // `torch.div`, `torch.nn.functional.pad`, `Tensor.view`
  std::string_view keywords;  // space-separated: every argument name any overload takes
  bool numpy_aliases = false; // eager's C argument parser also takes `axis`, `keepdims`, ...
  bool aten = false;          // an aten operator (`input` names its `self`), not a function compiled from source
  bool method = false;        // `x.op(...)`: the receiver, certainly a Tensor, is the first argument
  const std::vector<Schema>* schemas = nullptr;  // every overload; empty when the table has no types for it
};

// The torch operator `callee` (a call's function node) certainly is: `torch.<op>`, `F.<op>`, `torch.linalg...`
// resolved through the file's imports with an unshadowed head name, or `x.<op>` with `x` certainly a Tensor.
std::optional<TorchCallee> resolve_torch_callee(const SemanticModel& model, const FunctionInfo& function,
                                                TSNode callee);

// Whether `x.<name>` may be an attribute or method of a Tensor in TorchScript: false only for names that neither
// eager's `torch.Tensor` nor any aten op taking a Tensor `self` has (`state.obj_ids`, `cache.update`).
bool tensor_may_have_attribute(std::string_view name);

// Whether a qualified name is one of torch's dtypes (`torch.float32`, `torch.long`): a `torch.dtype` to TorchScript.
bool is_torch_dtype(std::string_view qualified);

// Whether the space-separated `names` holds `name`.
bool has_name(std::string_view names, std::string_view name);

}  // namespace jitlint
