// Module-level Python values as TorchScript sees them when compiled code reads the name: a plain value (number,
// string, container, tensor, device, dtype) it cannot use, an object of a plain class (unusable once an attribute
// is read from it), or something it resolves (functions, classes, modules) or that is not ours to judge.
// JT511 asks it about names of the file; file summaries record the answer for names other files import.
#pragma once

#include <string>

#include "core/semantic_model.h"

namespace jitlint {

enum class GlobalValue {
  None,    // not judged
  Plain,   // a number, string, container, tensor, device or dtype; also an object of a class deriving only dict /
           // list (transformers' `ACT2FN = ClassInstantier(...)`): TorchScript cannot use it however it is read
  Object,  // an object of a plain class of the file: reading an attribute of it fails
};

// What the module-level value `value` (the right side of `NAME = value`) is.
GlobalValue classify_global_value(const SemanticModel& model, TSNode value);
// Its kind in a message: "float", "list", "tensor", "object of class `Cfg`".
std::string describe_global_value(const SemanticModel& model, TSNode value);

}  // namespace jitlint
