// Calls compiled code leaves to Python: a function of this file decorated `@torch.jit.ignore` (without `drop=True`)
// or `@functools.cache` / `@functools.lru_cache(...)`. Torch never compiles the body, but it types the call from the
// callee's signature (`torch.jit.annotations.get_signature`, which reads the annotations as Python objects with
// `ann_to_type`). JT901 reports the call (it cannot be exported); JT306 reports a signature torch cannot type.
#pragma once

#include <optional>

#include "core/semantic_model.h"

namespace jitlint {

// Whether `@torch.jit.ignore` on `function` leaves a Python call (no `drop=True`): nullopt when it is not ignored
// that way or the decorator's arguments are not literals; else the decorator node.
std::optional<TSNode> keeping_ignore_decorator(const SemanticModel& model, const FunctionInfo& function);

// The function of this file `call` (in `caller`) calls as Python: an ignored method or function (above), or a cached
// module-level function. Null otherwise, and for a submodule's ignored `forward` (JT901's `self.sub(x)`).
const FunctionInfo* python_call_target(const SemanticModel& model, const FunctionInfo& caller, TSNode call);

// The file starts with `from __future__ import annotations`: every annotation is a string at run time (PEP 563).
bool postponed_annotations(const SemanticModel& model);

}  // namespace jitlint
