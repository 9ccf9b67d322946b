// Class-body facts about module attributes that the model's AttrFact does not keep: class-level annotations
// (`names: List[str]`, `bias: Optional[Tensor]`, which torch uses to type a module attribute instead of inferring
// it from the value), class-level values (`K = 3`, which recursive scripting does not see at all), and whether
// every base of a class is known (so that "never assigned" means what it says). Asked by the attribute rules
// (rules/attributes/); each question reads the class bodies of the class and its bases of this file, and the
// project index's facts about its bases of other files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/semantic_model.h"
#include "core/signature.h"
#include "core/walk.h"

namespace jitlint {

// The `type` node of `name: T` / `name: T = value` in the body of the class or one of its bases of this file
// (nearest first); null when none annotates it.
TSNode class_body_annotation(const SemanticModel& model, int class_index, std::string_view name);

// The annotation torch uses for `self.<name>` of an instance of the class: Python finds `__annotations__` on the
// nearest class (in lookup order) whose body annotates anything, so only that class's annotations count. Null
// when that class does not annotate `name`, or when a base from another file comes first (nothing known).
TSNode effective_class_annotation(const SemanticModel& model, int class_index, std::string_view name);

// The statement `name = value` / `name: T = value` in the body of the class or one of its bases of this file
// (nearest first): the `assignment` node; null when none.
TSNode class_body_assignment(const SemanticModel& model, int class_index, std::string_view name);

// Whether the body of the class or of one of its bases of this file has any `name = value` statement (`annotated`:
// any `name: T` statement): when none has, the questions above answer null for every name.
bool class_body_has_assignment(const SemanticModel& model, int class_index, bool annotated);

// Every base of the class and of its bases of this file is a class of this file, `torch.nn.Module` itself, or a
// module class of another file whose bases all resolved, that derives from `nn.Module` itself and leaves attribute
// lookup alone (no `__getattr__`): the attributes an instance can have are all assigned in this file (and
// `nn.Module`'s own), or bound by such a base (`remote_base_binds`).
bool bases_all_known(const SemanticModel& model, int class_index);

// Whether a base of another file (of the class or of its bases of this file) binds `name`: assigns `self.<name>`,
// defines a method or property so named, binds it in its class body, or lists it in `__jit_unused_properties__`.
// The summaries keep no sites, so a rule that reasons about every assignment of `self.<name>` stays silent then.
bool remote_base_binds(const SemanticModel& model, int class_index, std::string_view name);

// The decorators of a class at module level (`@dataclass`, `@use_experts_implementation`), each as the expression
// it names (a call's callee: `@dataclass(repr=False)` -> `dataclass`); empty when it has none.
std::vector<TSNode> class_decorators(const ClassInfo& cls);

// Whether a method of the class (or of its bases of this file) that is not compiled calls `self.<name>(...)`: a
// compiled method called from `__init__` also runs before scripting, so what it assigns is on the instance.
bool called_eagerly(const SemanticModel& model, int class_index, std::string_view name);

// The class of `function` when it is a method (it has `self`) of an nn.Module class whose bases are all known
// (`bases_all_known`): what an attribute rule that reasons about every assignment of `self.<name>` needs; -1
// otherwise.
int known_module_method_class(const SemanticModel& model, const FunctionInfo& function);

// Whether an enclosing condition of the read at `at` (in `function`, a method) reads a `Final` attribute or tests an
// attribute against None (`self.y is not None`): torch decides it from the instance it scripts and compiles one
// side only, so a read there may never be compiled for the instance the rule has in mind. The test of a conditional
// expression guards its branches, and the left operand of `and` / `or` its right one.
bool under_instance_decided_condition(const SemanticModel& model, const FunctionInfo& function, const NodePath& at);

// Whether `condition` (in `function`, a method) reads a `Final` attribute or tests an attribute against None: the
// test torch decides from the instance (`under_instance_decided_condition` asks it of each enclosing condition).
bool instance_decided_condition(const SemanticModel& model, const FunctionInfo& function, TSNode condition);

// What the assignments of an attribute outside compiled code leave on the instance torch scripts (a compiled
// method another method calls runs before scripting too, `called_eagerly`): whether any assigns it, the literal
// kind when every one is the same literal (not when one is a call: `register_buffer("x", None)` is not
// followed), and the first of them.
struct InstanceValue {
  bool assigned = false;
  std::optional<LiteralKind> literal;
  TSNode site{};
};
InstanceValue instance_value(const SemanticModel& model, int class_index, const AttrFact* fact);
// The assignments of an attribute that run before scripting, in order: outside compiled code, or in a compiled
// method another method calls eagerly (`called_eagerly`). What compiled code assigns later is JT403's.
std::vector<const AttrSite*> eager_sites(const SemanticModel& model, int class_index, const AttrFact& fact);

// Each read of `self.<name>` in the live body of a method of the class, in source order: `visit(at, name)` with the
// path from the body (`at[0]`) to the read. Nested scopes and the targets of `self.x = ...` / `self.x += ...` are
// left out.
template <typename Visit>
void for_each_self_read(const SemanticModel& model, const FunctionInfo& function, Visit&& visit) {
  NodePath path;
  walk(field(function.definition, fld.body), path, [&](const NodePath& at) {
    const TSNode node = at.node();
    if (is_nested_scope(node) || model.is_dead(function, node)) return false;
    if (!is(node, sym.attribute)) return true;
    const std::string_view name = self_attribute(model.source(), node, function.self_name);
    if (name.empty()) return true;
    const TSNode parent = at.parent();
    if ((is(parent, sym.assignment) || is(parent, sym.augmented_assignment)) && at.field() == fld.left) return false;
    visit(at, name);
    return false;
  });
}

// `name` of the annotation is `Optional[...]`, `typing.Optional[...]`, `Union[..., None]` or `T | None`.
bool is_optional_annotation(const SemanticModel& model, TSNode type);

// `self.<sub>` as a callee (`self.dense(x)`): the submodule's forward takes a Tensor first: a torch.nn layer (and
// nn.Sequential), a module class of this file whose forward's first parameter is `Tensor` or unannotated without a
// default (TorchScript infers Tensor), or one of another file whose summary says so. Its description for a
// message ("a `torch.nn.Linear`"); nullopt otherwise. JT601 (an Optional passed) and JT513 (a tuple passed) ask.
std::optional<std::string> submodule_takes_tensor(const SemanticModel& model, const FunctionInfo& function,
                                                  TSNode callee);
// `self.<sub>` as a callee is a torch.nn layer that computes on its input (not nn.Identity or nn.Sequential): its
// forward raises on `None` in eager mode too. JT601's assert fix asks.
bool submodule_is_computing_torch_layer(const SemanticModel& model, const FunctionInfo& function, TSNode callee);

// The read at the path's node (through parentheses) as a positional argument or a keyword argument's value of a
// call: the call, its argument list and the argument node (the value itself, or the `keyword_argument`).
struct ArgumentSite {
  TSNode call{};
  TSNode arguments{};
  TSNode argument{};
};
std::optional<ArgumentSite> argument_site(const NodePath& path);

// The parameter of a function of this file that `argument` (a positional or keyword argument of `call`, whose
// argument list is `arguments`) binds: the callee is a method (`self.m(x)`) or module-level function, or a
// submodule whose class of this file has a compiled `forward` (`self.patch_embeddings(x, flag)`). Null for a call
// with `*args` / `**kwargs` before the argument, a callee with a type comment or that torch ignores.
struct CalleeParameter {
  const FunctionInfo* target = nullptr;
  const Parameter* parameter = nullptr;
  bool submodule_forward = false;  // the callee is `self.<sub>`, the target its class's `forward`
};
std::optional<CalleeParameter> callee_parameter(const SemanticModel& model, const FunctionInfo& function, TSNode call,
                                                TSNode arguments, TSNode argument);

// The callee part of `callee_parameter`, for a rule that binds several arguments of one call: the function the call
// compiles (a method or module-level function of this file, or a submodule's `forward`), whether its first
// parameter takes the instance, and whether it is a submodule's `forward`.
struct CalleeTarget {
  const FunctionInfo* target = nullptr;
  bool bound_self = false;
  bool submodule_forward = false;
};
std::optional<CalleeTarget> callee_target(const SemanticModel& model, const FunctionInfo& function, TSNode call);
// The parameter of `callee` that `argument` (of `arguments`) binds; null as `callee_parameter` says.
const Parameter* bound_parameter(const SemanticModel& model, const CalleeTarget& callee, TSNode arguments,
                                 TSNode argument);

}  // namespace jitlint
