// Locals and parameters declared `Optional[T]` (also `Union[T, None]`, `T | None`), and the places TorchScript
// needs a refined (not-None) value of them. Used by the flow rules about Optional values (JT601, JT602).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/refinement.h"
#include "core/semantic_model.h"
#include "core/types.h"
#include "core/walk.h"

namespace jitlint {

// The `T` of an annotation spelling `Optional[T]`, `typing.Optional[T]`, `Union[T, None]`, `Union[None, T]`,
// `T | None` or `None | T`; null otherwise. `annotation` may be the `type` node or its expression.
TSNode optional_inner_annotation(const Source& source, TSNode annotation);

struct OptionalLocal {
  TSNode declaration{};      // the parameter, or the annotated assignment
  TSNode annotation{};       // the annotation as written
  TSNode inner{};            // its `T`
  std::optional<Type> type;  // `T` when it is a plain type
  TSNode source{};           // a local made Optional by `a if c else b`: the Optional operand (`a`); else null
};

// `name` is bound exactly once in `function`: as a parameter annotated Optional, or by `name: Optional[T] = None`;
// or by `name = a if c else b` (either order) where `a` is such a declared Optional[T] that nothing refines there
// (`c` does not mention it, no enclosing test or earlier check does) and `b` is certainly a `T`: TorchScript types
// the expression `Optional[T]` (`current_states = key_value_states if is_cross_attention else hidden_states`).
// nullopt otherwise (rebinding changes what TorchScript knows; rules stay silent).
std::optional<OptionalLocal> optional_local(const SemanticModel& model, const FunctionInfo& function,
                                            std::string_view name);

// A parameter annotated Optional that the body binds again, read at `read` before any of its other bindings (in
// source order): TorchScript types it as declared there, whatever the later bindings assign (inside a loop too:
// a loop-carried variable keeps the type it enters the loop with). `inputs_embeds.size()` in the `else` of
// `if input_ids is not None:`, above `if inputs_embeds is None: inputs_embeds = self.embed(input_ids)`. Also a local
// whose first binding is a conditional expression that can yield such a parameter untested (EfficientLoFTR's
// `kv_states = encoder_hidden_states if is_cross_attention else hidden_states`, then `kv_states =
// self.kv_aggregation(kv_states)`).
std::optional<OptionalLocal> optional_before_rebinding(const SemanticModel& model,
                                                                 const FunctionInfo& function, std::string_view name,
                                                                 TSNode read);

// `not_none_refinement` for a read of `local`'s name: rebindings of a parameter as
// `x = x.permute(1, 0, 2) if x is not None else None` leave it Optional as declared, so they do not hide the answer.
Refinement optional_refinement(const SemanticModel& model, const FunctionInfo& function, const NodePath& read,
                               const OptionalLocal& local);

// Whether some condition above the read at `path` (an enclosing `if` / `elif` / `while` / conditional expression /
// `and`-`or` chain / earlier `if` or `assert` of an enclosing block) tests `name` in a way the refinement model does
// not follow (`torch.jit.isinstance(name, ...)`, an `if name is None: ... else: ...` before the read, an early exit
// with an alternative). Rules asking `not_none_refinement` stay silent then. Given the function, an earlier `if` chain
// with exits is followed as TorchScript emits it, and one that leaves `name` unrefined on some path is not unclear.
bool refinement_unclear(const SemanticModel& model, const NodePath& path, std::string_view name,
                        const FunctionInfo* function = nullptr);

// The path's current node sits in a truth-value position TorchScript converts to bool: the condition of an `if`,
// `elif`, `while`, `assert` or conditional expression, the operand of `not`, an operand of `and` / `or` (directly
// or through parentheses and other such operators).
bool in_truth_position(const NodePath& path);

}  // namespace jitlint

namespace jitlint {

// Whether `condition` holds an `x is None` / `x is not None` test TorchScript may decide at compile time: it does
// so whenever `x`'s type is not Optional (a Tensor parameter, a submodule attribute, a value typed NoneType). Only
// tests of a local or parameter declared Optional (`optional_local`) are certainly decided at run time.
bool has_static_none_test(const SemanticModel& model, const FunctionInfo& function, TSNode condition);

// Whether `condition` calls a test TorchScript decides at compile time: `hasattr` / `getattr`, an `isinstance` (the
// builtin or `torch.jit.isinstance`), `torch.jit.is_scripting()` / `is_tracing()`.
bool calls_compile_time_test(const Source& source, TSNode condition);

// Whether TorchScript may decide `condition` at compile time where the model cannot: a static None test (above) or
// a compile-time test call. Flow rules treat such a branch as unclear (`SemanticModel::static_condition` answers the
// cases the model can decide).
bool possibly_static_condition(const SemanticModel& model, const FunctionInfo& function, TSNode condition);

}  // namespace jitlint
