#include "core/optional_locals.h"

#include <algorithm>

#include "core/expr_types.h"
#include "core/refinement.h"

namespace jitlint {
namespace {

bool is_none_name(const Source& source, TSNode node) {
  node = strip_parens(node);
  return is(node, sym.none) || (is(node, sym.identifier) && text(source, node) == "None");
}

std::string_view last_name(const Source& source, TSNode head) {
  const std::string_view spelled = text(source, head);
  const size_t dot = spelled.rfind('.');
  return dot == std::string_view::npos ? spelled : spelled.substr(dot + 1);
}

// `name` read as an argument of a call other than the builtin `isinstance` (`torch.jit.isinstance(name, T)`,
// `type(name)`, a helper): a test the refinement model does not follow.
bool mentions_unplainly(const SemanticModel& model, TSNode condition, std::string_view name) {
  bool found = false;
  const Source& source = model.source();
  NodePath path;
  walk(condition, path, [&](const NodePath& at) {
    if (found) return false;
    const TSNode node = at.node();
    if (is_nested_scope(node)) return false;
    if (!is(node, sym.identifier) || text(source, node) != name) return true;
    size_t up = 1;
    while (is(at.ancestor(up), sym.parenthesized_expression)) ++up;
    const TSNode parent = at.ancestor(up);
    if (is(parent, sym.argument_list) && is(at.ancestor(up + 1), sym.call)) {
      const TSNode callee = field(at.ancestor(up + 1), fld.function);
      if (!model.is_builtin(callee, "isinstance")) found = true;
    }
    return false;
  });
  // The walk does not visit the root itself.
  if (is(strip_parens(condition), sym.identifier)) return false;
  return found;
}

bool mentions(const Source& source, TSNode node, std::string_view name) {
  if (is(node, sym.identifier)) return text(source, node) == name;
  bool found = false;
  walk_descendants(node, [&](TSNode child) {
    if (found || is_nested_scope(child)) return false;
    if (is(child, sym.identifier) && text(source, child) == name) found = true;
    return !found;
  });
  return found;
}

bool block_exits(TSNode block) {
  TSNode last{};
  for (TSNode statement : NamedChildren(block)) last = statement;
  const TSSymbol kind = ts_node_symbol(last);
  return kind == sym.return_statement || kind == sym.raise_statement || kind == sym.continue_statement ||
         kind == sym.break_statement;
}

// Every condition of an if statement (its own and its elif clauses').
template <typename Visit>
void if_conditions(TSNode if_statement, Visit&& visit) {
  visit(field(if_statement, fld.condition));
  for (TSNode clause : NamedChildren(if_statement)) {
    if (is(clause, sym.elif_clause)) visit(field(clause, fld.condition));
  }
}

}  // namespace

TSNode optional_inner_annotation(const Source& source, TSNode annotation) {
  if (ts_node_is_null(annotation)) return TSNode{};
  TSNode expr = is(annotation, sym.type) ? ts_node_named_child(annotation, 0) : annotation;
  expr = strip_parens(expr);
  if (ts_node_is_null(expr)) return TSNode{};
  // `T | None` (a union_type in a `type`, a binary operator elsewhere)
  if (is(expr, sym.union_type) || is(expr, sym.binary_operator)) {
    if (is(expr, sym.binary_operator) && text(source, field(expr, fld.operator_)) != "|") return TSNode{};
    TSNode sides[2]{};
    int count = 0;
    for (TSNode child : NamedChildren(expr)) {
      if (count < 2) sides[count] = child;
      ++count;
    }
    if (count != 2) return TSNode{};
    auto unwrap = [](TSNode node) { return is(node, sym.type) ? ts_node_named_child(node, 0) : node; };
    if (is_none_name(source, unwrap(sides[1])) && !is_none_name(source, unwrap(sides[0]))) return sides[0];
    if (is_none_name(source, unwrap(sides[0])) && !is_none_name(source, unwrap(sides[1]))) return sides[1];
    return TSNode{};
  }
  const TypeApplication application = type_application(expr);
  if (ts_node_is_null(application.head)) return TSNode{};
  const std::string_view head_text = text(source, application.head);
  const std::string_view head = last_name(source, application.head);
  if (head_text != head && head_text != "typing." + std::string(head)) return TSNode{};
  auto unwrap = [](TSNode node) { return is(node, sym.type) ? ts_node_named_child(node, 0) : node; };
  if (head == "Optional" && application.arguments.size() == 1) return unwrap(application.arguments[0]);
  if (head == "Union" && application.arguments.size() == 2) {
    const TSNode a = unwrap(application.arguments[0]);
    const TSNode b = unwrap(application.arguments[1]);
    if (is_none_name(source, b) && !is_none_name(source, a)) return a;
    if (is_none_name(source, a) && !is_none_name(source, b)) return b;
  }
  return TSNode{};
}

namespace {

// The type of an Optional's `T`. `torch.LongTensor` and the other dtype-specific subtypes are `Tensor` to TorchScript
// (it warns that it does not enforce the dtype), which ExprTypes does not spell out for every rule.
std::optional<Type> inner_type(const SemanticModel& model, const FunctionInfo& function, TSNode inner) {
  if (auto type = ExprTypes(model, function).annotation(inner)) return type;
  TSNode expr = is(inner, sym.type) ? ts_node_named_child(inner, 0) : inner;
  const std::string_view spelled = text(model.source(), expr);
  for (std::string_view legacy : {"torch.LongTensor", "torch.FloatTensor", "torch.BoolTensor", "torch.IntTensor",
                                  "torch.ByteTensor", "torch.DoubleTensor", "torch.HalfTensor", "torch.CharTensor",
                                  "torch.ShortTensor"}) {
    if (spelled == legacy) return Type::parse("Tensor");
  }
  return std::nullopt;
}

// `binding` is a parameter (not `*args` / `**kwargs`) annotated Optional[T]: it as an OptionalLocal.
std::optional<OptionalLocal> declared_optional_parameter(const SemanticModel& model, const FunctionInfo& function,
                                                         const Binding& binding) {
  if (binding.kind != Binding::Kind::Parameter || !binding.parameter ||
      binding.parameter->kind == Parameter::Kind::VarArgs || binding.parameter->kind == Parameter::Kind::VarKwargs) {
    return std::nullopt;
  }
  OptionalLocal local;
  local.declaration = binding.parameter->node;
  local.annotation = binding.annotation;
  local.inner = optional_inner_annotation(model.source(), binding.annotation);
  if (ts_node_is_null(local.inner)) return std::nullopt;
  local.type = inner_type(model, function, local.inner);
  return local;
}

bool rebinds_as_optional(const SemanticModel& model, const FunctionInfo& function, const Binding& binding,
                         std::string_view name, const Type& inner);
bool rebinds_on_some_paths(const SemanticModel& model, const FunctionInfo& function, const Binding& binding,
                           std::string_view name, const Type& inner, TSNode read);
std::optional<OptionalLocal> conditional_optional(const SemanticModel& model, const FunctionInfo& function,
                                                  const Binding& binding);

}  // namespace

std::optional<OptionalLocal> optional_before_rebinding(const SemanticModel& model, const FunctionInfo& function,
                                                       std::string_view name, TSNode read) {
  const std::vector<Binding>* bindings = function.scope.all(name);
  if (!bindings || bindings->size() < 2) return std::nullopt;
  auto declared = declared_optional_parameter(model, function, bindings->front());
  if (!declared && bindings->front().kind == Binding::Kind::Assignment && bindings->front().element < 0 &&
      !bindings->front().unpacked) {
    declared = conditional_optional(model, function, bindings->front());
  }
  if (!declared) return std::nullopt;
  OptionalLocal& local = *declared;
  for (size_t i = 1; i < bindings->size(); ++i) {
    const Binding& other = (*bindings)[i];
    if (ts_node_start_byte(other.target) > ts_node_start_byte(read) || read_by_own_assignment(other, read) ||
        in_other_branch(field(function.definition, fld.body), other, read)) {
      continue;
    }
    // `x = x.permute(1, 0, 2) if x is not None else None` above the read leaves `x` as declared.
    if (local.type && (rebinds_as_optional(model, function, other, name, *local.type) ||
                       rebinds_on_some_paths(model, function, other, name, *local.type, read))) {
      continue;
    }
    return std::nullopt;
  }
  return declared;
}

namespace {

std::optional<OptionalLocal> declared_optional(const SemanticModel& model, const FunctionInfo& function,
                                               std::string_view name);

// The path from the function's definition to `target` (a node of its body).
bool path_to(const FunctionInfo& function, TSNode target, NodePath& out) {
  bool found = false;
  NodePath walking;
  walk(function.definition, walking, [&](const NodePath& at) {
    if (found) return false;
    if (same_node(at.node(), target)) {
      found = true;
      out = at;  // the walk pops its frames as it goes on
      return false;
    }
    return ts_node_start_byte(at.node()) <= ts_node_start_byte(target) &&
           ts_node_end_byte(target) <= ts_node_end_byte(at.node());
  });
  return found;
}

// `name = a if c else b`: `a` (or `b`) a declared Optional[T] left unrefined there, the other certainly a `T`.
std::optional<OptionalLocal> conditional_optional(const SemanticModel& model, const FunctionInfo& function,
                                                  const Binding& binding) {
  const TSNode value = strip_parens(binding.value);
  if (!is(value, sym.conditional_expression) || !ts_node_is_null(binding.annotation)) return std::nullopt;
  TSNode parts[3]{};
  int count = 0;
  for (TSNode child : NamedChildren(value)) {
    if (is(child, sym.comment)) continue;
    if (count < 3) parts[count] = child;
    ++count;
  }
  if (count != 3) return std::nullopt;  // `a if c else b`: consequence, condition, alternative
  const Source& source = model.source();
  for (int side : {0, 2}) {
    const TSNode optional = strip_parens(parts[side]);
    const TSNode other = strip_parens(parts[2 - side]);
    if (!is(optional, sym.identifier)) continue;
    const std::string_view optional_name = text(source, optional);
    auto declared = declared_optional(model, function, optional_name);
    // A parameter bound again only below (EfficientLoFTR's `encoder_hidden_states = self.norm(kv_states)`): as
    // declared where the conditional reads it.
    if (!declared) {
      const std::vector<Binding>* others = function.scope.all(optional_name);
      if (others && others->size() > 1 && others->front().kind == Binding::Kind::Parameter) {
        declared = optional_before_rebinding(model, function, optional_name, optional);
      }
    }
    if (!declared || !declared->type || mentions(source, parts[1], optional_name)) continue;
    const auto other_type = ExprTypes(model, function).of(other);
    if (!other_type || !other_type->certain || !(other_type->type == *declared->type)) continue;
    NodePath path;
    if (!path_to(function, optional, path)) continue;
    if (not_none_refinement(model, function, path) != Refinement::NotRefined ||
        refinement_unclear(model, path, optional_name)) {
      continue;
    }
    declared->declaration = binding.target;
    declared->source = optional;
    return declared;
  }
  return std::nullopt;
}

// `name = E if name is not None else None` (or `None if name is None else E`) at the top of the body, with `name` a
// parameter declared Optional[T] and not refined there, and `E` certainly a `T`: the test is decided at run time, so
// TorchScript types the value Optional[T] again (Mask2Former's `key_value_states = key_value_states.permute(1, 0,
// 2) if key_value_states is not None else None`).
// `name = value`: one name, not unpacked, not annotated.
bool plain_assignment(const Binding& binding) {
  return binding.kind == Binding::Kind::Assignment && binding.element < 0 && !binding.unpacked &&
         ts_node_is_null(binding.annotation);
}

bool rebinds_as_optional(const SemanticModel& model, const FunctionInfo& function, const Binding& binding,
                         std::string_view name, const Type& inner) {
  if (!plain_assignment(binding)) return false;
  const ConditionalParts parts = conditional_parts(strip_parens(binding.value));
  if (!parts.whole()) return false;
  const auto test = none_test(strip_parens(parts.condition));
  const Source& source = model.source();
  if (!test || !is(test->operand, sym.identifier) || text(source, test->operand) != name) return false;
  const TSNode value = test->is_not ? parts.body : parts.alternative;
  if (!is_none_name(source, test->is_not ? parts.alternative : parts.body)) return false;
  NodePath statement;  // the assignment, a statement of the body itself
  if (!path_to(function, binding.statement, statement) || !is(statement.ancestor(1), sym.expression_statement) ||
      !same_node(statement.ancestor(2), field(function.definition, fld.body))) {
    return false;
  }
  ExprTypes types(model, function);
  types.bind(std::string(name), InferredType{inner, true});  // refined where `value` is evaluated
  const auto value_type = types.of(strip_parens(value));
  if (!value_type || !value_type->certain || !(value_type->type == inner)) return false;
  NodePath path;
  if (!path_to(function, test->operand, path)) return false;
  return not_none_refinement(model, function, path) == Refinement::NotRefined &&
         !refinement_unclear(model, path, name);
}

// Whether the path that skips every clause of an `if` leaves `name` as the unrefined Optional it was, judged by one
// of its conditions: TorchScript decides it at run time, and it either does not mention `name` or only tests it for
// None (`name is None`, in `and` / `or` / `not`) in a way whose falsity does not prove it not None
// (ProphetNet's `elif input_ids is not None and inputs_embeds is None: inputs_embeds = ...`). The other names it
// tests for None are declared Optional, so those tests are not decided at compile time either.
bool skipped_leaves_optional(const SemanticModel& model, const FunctionInfo& function, TSNode condition,
                             std::string_view name) {
  if (model.static_condition(function, condition) || calls_compile_time_test(model.source(), condition)) return false;
  const Source& source = model.source();
  if (!mentions(source, condition, name)) return true;
  if (proves_not_none(model, condition, name, false)) return false;
  bool plain = true;
  walk_descendants(condition, [&](TSNode node) {
    if (!plain || is_nested_scope(node)) return false;
    if (auto test = is(node, sym.comparison_operator) ? none_test(node) : std::nullopt) {
      const TSNode operand = strip_parens(test->operand);
      plain = is(operand, sym.identifier) &&
              (text(source, operand) == name || optional_local(model, function, text(source, operand)));
      return false;
    }
    // Any other read of the name (`name.dtype != dtype`) is itself what TorchScript rejects first.
    plain = !(is(node, sym.identifier) && text(source, node) == name);
    return plain;
  });
  return plain;
}

// The end of the `if` at the top of the body that holds `binding` as `rebinds_on_some_paths` needs it (nested only
// in `if` / `elif` clauses of `if`s without `else`, every condition `skipped_leaves_optional`, the value not a
// display, a literal or of a type other than T); 0 when it is not such a rebinding. Kept per assignment.
uint32_t if_end_of_rebinding(const SemanticModel& model, const FunctionInfo& function, const Binding& binding,
                             std::string_view name, const Type& inner) {
  if (!plain_assignment(binding) || model.is_dead(function, binding.target)) return 0;
  const TSNode value = strip_parens(binding.value);
  // A display or a literal is certainly no Tensor (SAM2's `image_embeddings = [feat.permute(...) for ...]`): the
  // assignment itself fails ("previously had type Optional[Tensor]"), not the read.
  for (TSSymbol display : {sym.list, sym.list_comprehension, sym.dictionary, sym.dictionary_comprehension, sym.set,
                           sym.set_comprehension, sym.tuple, sym.generator_expression, sym.string,
                           sym.concatenated_string, sym.integer, sym.lambda}) {
    if (is(value, display)) return 0;
  }
  const TSNode body = field(function.definition, fld.body);
  NodePath path;  // from the function down to the assignment
  if (!path_to(function, binding.statement, path) || !is(path.ancestor(1), sym.expression_statement)) return 0;
  TSNode outermost{};  // the `if` at the top of the body
  size_t up = 2;
  while (up + 1 < path.size() && !same_node(path.ancestor(up), body)) {
    const TSNode block = path.ancestor(up);
    const TSNode clause = path.ancestor(up + 1);  // the `if` itself or one of its `elif` clauses
    const size_t step = is(clause, sym.elif_clause) ? 3 : 2;
    if (up + step > path.size()) return 0;
    const TSNode statement = path.ancestor(up + step - 1);
    if (!is(block, sym.block) || !is(statement, sym.if_statement) || !same_node(field(clause, fld.consequence), block)) {
      return 0;  // a loop, a `with`, a `try`, an `else`
    }
    bool skippable = true;
    for (TSNode child : NamedChildren(statement)) skippable = skippable && !is(child, sym.else_clause);
    if_conditions(statement, [&](TSNode condition) {
      skippable = skippable && skipped_leaves_optional(model, function, condition, name);
    });
    if (!skippable) return 0;
    outermost = statement;
    up += step;
  }
  if (!same_node(path.ancestor(up), body) || ts_node_is_null(outermost)) return 0;
  ExprTypes types(model, function);
  const auto value_type = types.of(value);
  const bool keeps = !value_type || value_type->type == inner ||
                     (value_type->type.is(Type::Kind::Optional) && value_type->type.args.size() == 1 &&
                      value_type->type.args[0] == inner);
  return keeps ? ts_node_end_byte(outermost) : 0;
}

// `if_end_of_rebinding`, kept in the model per assignment: every read of the name asks again.
uint32_t rebinding_if_end(const SemanticModel& model, const FunctionInfo& function, const Binding& binding,
                          std::string_view name, const Type& inner) {
  auto& cache = model.rebinding_cache();
  const uint32_t key = ts_node_start_byte(binding.target);
  if (auto found = cache.find(key); found != cache.end()) return found->second;
  const uint32_t end = if_end_of_rebinding(model, function, binding, name, inner);
  cache.emplace(key, end);
  return end;
}

// `if c: name = f(name)` above the read, at the top of the body: the `if` (and any `if` inside it holding the
// binding) has no `else`, a condition TorchScript decides at run time that does not mention `name`, and the value is
// not of a type other than T. On the path that skips it `name` is still the unrefined Optional[T], so TorchScript
// joins both to Optional[T] after the `if` (Mask2Former: `if key_value_position_embeddings is not None:
// key_value_states = self.with_pos_embed(key_value_states, ...)`, then `self.k_proj(key_value_states)`).
bool rebinds_on_some_paths(const SemanticModel& model, const FunctionInfo& function, const Binding& binding,
                           std::string_view name, const Type& inner, TSNode read) {
  const uint32_t end = rebinding_if_end(model, function, binding, name, inner);
  return end != 0 && end <= ts_node_start_byte(read);
}

// A parameter declared Optional[T] whose other bindings all rebind it as Optional[T] (`rebinds_as_optional`).
std::optional<OptionalLocal> rebound_optional_parameter(const SemanticModel& model, const FunctionInfo& function,
                                                        std::string_view name) {
  const std::vector<Binding>* bindings = function.scope.all(name);
  if (!bindings || bindings->size() < 2) return std::nullopt;
  auto local = declared_optional_parameter(model, function, bindings->front());
  if (!local || !local->type) return std::nullopt;
  for (size_t i = 1; i < bindings->size(); ++i) {
    if (!rebinds_as_optional(model, function, (*bindings)[i], name, *local->type)) return std::nullopt;
  }
  return local;
}

}  // namespace

Refinement optional_refinement(const SemanticModel& model, const FunctionInfo& function, const NodePath& read,
                               const OptionalLocal& local) {
  const std::string_view name = text(model.source(), read.node());
  return not_none_refinement(model, function, read, [&](const Binding& binding) {
    // The binding that declares the local (`kv_states = encoder_hidden_states if ... else ...`) is no rebinding.
    return same_node(binding.target, local.declaration) ||
           in_other_branch(field(function.definition, fld.body), binding, read.node()) ||
           (local.type && (rebinds_as_optional(model, function, binding, name, *local.type) ||
                           rebinds_on_some_paths(model, function, binding, name, *local.type, read.node())));
  });
}

std::optional<OptionalLocal> optional_local(const SemanticModel& model, const FunctionInfo& function,
                                            std::string_view name) {
  const std::vector<Binding>* bindings = function.scope.all(name);
  if (!bindings || bindings->empty()) return std::nullopt;
  // Rules ask for every read of a name: the answer is kept in the model, per function and name.
  auto& cache = model.optional_locals_cache();
  const auto key = std::make_pair(&function, std::string_view(text(model.source(), bindings->front().target)));
  if (auto found = cache.find(key); found != cache.end()) {
    return found->second ? std::optional<OptionalLocal>(*found->second) : std::nullopt;
  }
  std::optional<OptionalLocal> local;
  if (bindings->size() > 1) {
    local = rebound_optional_parameter(model, function, name);
  } else {
    const Binding& binding = bindings->front();
    if (binding.kind == Binding::Kind::Assignment && binding.element < 0 && !binding.unpacked) {
      local = conditional_optional(model, function, binding);
    }
    if (!local) local = declared_optional(model, function, name);
  }
  cache.emplace(key, local ? std::make_shared<const OptionalLocal>(*local) : nullptr);
  return local;
}

namespace {

std::optional<OptionalLocal> declared_optional(const SemanticModel& model, const FunctionInfo& function,
                                               std::string_view name) {
  const Binding* binding = function.scope.single(name);
  if (!binding) return std::nullopt;
  OptionalLocal local;
  if (binding->kind == Binding::Kind::Parameter) {
    if (!binding->parameter || binding->parameter->kind == Parameter::Kind::VarArgs ||
        binding->parameter->kind == Parameter::Kind::VarKwargs) {
      return std::nullopt;
    }
    local.declaration = binding->parameter->node;
  } else if (binding->kind == Binding::Kind::Assignment && binding->element < 0 && !binding->unpacked &&
             is(strip_parens(binding->value), sym.none)) {
    local.declaration = binding->target;
  } else {
    return std::nullopt;
  }
  local.annotation = binding->annotation;
  local.inner = optional_inner_annotation(model.source(), binding->annotation);
  if (ts_node_is_null(local.inner)) return std::nullopt;
  local.type = inner_type(model, function, local.inner);
  return local;
}

}  // namespace

namespace {

// What TorchScript's refinement leaves of `name` (an Optional local or parameter) at the end of a statement list, run
// from `refined`: the paths that reach the end all refine it, or not; or none reaches it; or the model cannot say.
struct NoneFlow {
  bool known = true;
  bool refined = false;
  bool exits = false;
};

NoneFlow unknown_flow() { return NoneFlow{false, false, false}; }

NoneFlow flow_through_block(const SemanticModel& model, const FunctionInfo& function, TSNode block,
                            std::string_view name, bool refined, int depth);

// Whether `statement` binds `name` (an assignment, a loop target, `with ... as`): the flow leaves such a statement to
// the rules that follow rebinding.
bool binds_in(const FunctionInfo& function, std::string_view name, TSNode statement) {
  const std::vector<Binding>* bindings = function.scope.all(name);
  return bindings && std::any_of(bindings->begin(), bindings->end(), [&](const Binding& binding) {
           return binding.kind != Binding::Kind::Parameter && contains(statement, binding.target);
         });
}

// A condition TorchScript decides at run time by what the model reads: a compile-time test (a static None test, an
// `isinstance`, `hasattr`, `is_scripting`), a condition the model decides itself, or a test of `name` through a call
// would each change which branches TorchScript emits or what it refines.
bool runtime_condition(const SemanticModel& model, const FunctionInfo& function, TSNode condition,
                       std::string_view name) {
  return !possibly_static_condition(model, function, condition) && !model.static_condition(function, condition) &&
         !mentions_unplainly(model, condition, name);
}

// An `if` (from its condition on: `clause` is the `if_statement` or one of its `elif_clause`s), as TorchScript emits
// it: the branch of the condition's truth gets what the truth proves, the other branch (the rest of the chain, an
// `else`) what its falsity proves. Past the `if`, a branch that exits adds nothing; when one exits, what the other
// leaves holds (its refinement reaches the variable TorchScript types after the `if`); when neither does, both must
// refine.
NoneFlow flow_through_if(const SemanticModel& model, const FunctionInfo& function, TSNode if_statement, size_t clause,
                         std::string_view name, bool refined, int depth) {
  if (depth > 16) return unknown_flow();
  std::vector<TSNode> clauses;  // the `if` itself, then its `elif` / `else` clauses in order
  clauses.push_back(if_statement);
  for (TSNode child : NamedChildren(if_statement)) {
    if (is(child, sym.elif_clause) || is(child, sym.else_clause)) clauses.push_back(child);
  }
  if (clause >= clauses.size()) return NoneFlow{true, refined, false};
  const TSNode at = clauses[clause];
  if (is(at, sym.else_clause)) return flow_through_block(model, function, field(at, fld.body), name, refined, depth + 1);
  const TSNode condition = field(at, fld.condition);
  if (!runtime_condition(model, function, condition, name)) return unknown_flow();
  const NoneFlow taken = flow_through_block(model, function, field(at, fld.consequence), name,
                                            refined || proves_not_none(model, condition, name, true), depth + 1);
  const NoneFlow skipped = flow_through_if(model, function, if_statement, clause + 1, name,
                                           refined || proves_not_none(model, condition, name, false), depth + 1);
  if (!taken.known || !skipped.known) return unknown_flow();
  if (taken.exits && skipped.exits) return NoneFlow{true, false, true};
  if (taken.exits) return skipped;
  if (skipped.exits) return taken;
  return NoneFlow{true, taken.refined && skipped.refined, false};
}

NoneFlow flow_through_block(const SemanticModel& model, const FunctionInfo& function, TSNode block,
                            std::string_view name, bool refined, int depth) {
  if (depth > 16) return unknown_flow();
  for (TSNode statement : NamedChildren(block)) {
    const TSSymbol kind = ts_node_symbol(statement);
    if (kind == sym.comment || kind == sym.pass_statement) continue;
    if (kind == sym.return_statement || kind == sym.raise_statement) return NoneFlow{true, refined, true};
    if (kind == sym.continue_statement || kind == sym.break_statement) return unknown_flow();
    if (binds_in(function, name, statement)) return unknown_flow();
    if (kind == sym.if_statement) {
      const NoneFlow after = flow_through_if(model, function, statement, 0, name, refined, depth + 1);
      if (!after.known || after.exits) return after;
      refined = after.refined;
    } else if (kind == sym.assert_statement) {
      const TSNode condition = ts_node_named_child(statement, 0);
      if (mentions_unplainly(model, condition, name)) return unknown_flow();
      refined = refined || proves_not_none(model, condition, name, true);
    } else if (kind == sym.expression_statement || kind == sym.function_definition ||
               kind == sym.decorated_definition || kind == sym.class_definition || kind == sym.import_statement ||
               kind == sym.import_from_statement) {
      continue;
    } else if (mentions(model.source(), statement, name)) {
      return unknown_flow();  // a loop, `with` or `try` that reads the name: its tests are not followed
    }
  }
  return NoneFlow{true, refined, false};
}

}  // namespace

bool refinement_unclear(const SemanticModel& model, const NodePath& path, std::string_view name,
                        const FunctionInfo* function) {
  const Source& source = model.source();
  for (size_t up = 1; up < path.size(); ++up) {
    const TSNode child = path.ancestor(up - 1);
    const TSNode parent = path.ancestor(up);
    const TSSymbol kind = ts_node_symbol(parent);
    if (kind == sym.function_definition || kind == sym.lambda || kind == sym.class_definition) break;
    if (kind == sym.if_statement) {
      bool unclear = false;
      if_conditions(parent, [&](TSNode condition) { unclear = unclear || mentions_unplainly(model, condition, name); });
      if (unclear) return true;
    } else if (kind == sym.while_statement) {
      if (mentions(source, field(parent, fld.condition), name)) return true;
    } else if (kind == sym.conditional_expression) {
      const ConditionalParts parts = conditional_parts(parent);
      if (!parts.whole()) return true;
      if (!same_node(child, parts.condition) && mentions_unplainly(model, parts.condition, name)) return true;
    } else if (kind == sym.boolean_operator) {
      if (same_node(child, field(parent, fld.right)) && mentions_unplainly(model, field(parent, fld.left), name)) {
        return true;
      }
    } else if (kind == sym.block) {
      for (TSNode statement : NamedChildren(parent)) {
        if (ts_node_start_byte(statement) >= ts_node_start_byte(child)) break;
        if (is(statement, sym.assert_statement)) {
          if (mentions_unplainly(model, statement, name)) return true;
        } else if (is(statement, sym.if_statement)) {
          bool mentioned = false, unplain = false;
          if_conditions(statement, [&](TSNode condition) {
            mentioned = mentioned || mentions(source, condition, name);
            unplain = unplain || mentions_unplainly(model, condition, name);
          });
          if (unplain) return true;
          if (function && mentions(source, statement, name)) {
            // Followed as TorchScript emits it where the model can, with the refinements its branches make inside
            // (`if flag: raise else: if x is None: raise`; ProphetNet's `if input_ids is not None and inputs_embeds
            // is not None: raise ... elif input_ids is not None: ... elif inputs_embeds is not None: ... else:
            // raise`, whose first `elif` leaves `inputs_embeds` unrefined). Else the judgement below.
            const NoneFlow after = flow_through_if(model, *function, statement, 0, name, false, 0);
            if (after.known) {
              if (after.refined || after.exits) return true;
              continue;
            }
          }
          if (!mentioned) continue;
          // An `if` testing the name with several clauses, or whose clauses exit: TorchScript may carry a
          // refinement past it that the model does not follow. Past a clause that exits it carries what the
          // falsity of the conditions proves, and past the others nothing, unless an `else` ends the chain:
          // without one, and with no condition whose falsity proves the name not None, nothing about it is carried
          // (ProphetNet's `if input_ids is None and inputs_embeds is None: raise ... elif ...`).
          bool alternative = false, otherwise = false, exits = block_exits(field(statement, fld.consequence));
          for (TSNode clause : NamedChildren(statement)) {
            if (is(clause, sym.elif_clause) || is(clause, sym.else_clause)) {
              alternative = true;
              otherwise = otherwise || is(clause, sym.else_clause);
              const TSNode body = is(clause, sym.elif_clause) ? field(clause, fld.consequence) : field(clause, fld.body);
              exits = exits || block_exits(body);
            }
          }
          bool falsity_proves = false;
          if_conditions(statement, [&](TSNode condition) {
            falsity_proves = falsity_proves || proves_not_none(model, condition, name, false);
          });
          if (alternative && exits && (otherwise || falsity_proves)) return true;
        } else if (is(statement, sym.while_statement) || is(statement, sym.for_statement) ||
                   is(statement, sym.with_statement) || is(statement, sym.try_statement)) {
          continue;
        }
      }
    }
  }
  return false;
}

bool in_truth_position(const NodePath& path) {
  size_t up = 1;
  while (is(path.ancestor(up), sym.parenthesized_expression)) ++up;
  const TSNode parent = path.ancestor(up);
  const TSNode child = path.ancestor(up - 1);
  const TSFieldId child_field = path.field_of(up - 1);
  if (ts_node_is_null(parent)) return false;
  const TSSymbol kind = ts_node_symbol(parent);
  if (kind == sym.not_operator || kind == sym.boolean_operator) return true;
  if ((kind == sym.if_statement || kind == sym.elif_clause || kind == sym.while_statement) &&
      child_field == fld.condition) {
    return true;
  }
  if (kind == sym.assert_statement) return same_node(ts_node_named_child(parent, 0), child);
  if (kind == sym.conditional_expression) {
    const ConditionalParts parts = conditional_parts(parent);
    return parts.whole() && same_node(parts.condition, child);
  }
  return false;
}

}  // namespace jitlint

namespace jitlint {

bool has_static_none_test(const SemanticModel& model, const FunctionInfo& function, TSNode condition) {
  bool found = false;
  auto visit = [&](TSNode node) {
    if (found || is_nested_scope(node)) return false;
    if (is(node, sym.comparison_operator)) {
      if (auto test = none_test(node)) {
        const TSNode operand = strip_parens(test->operand);
        if (!is(operand, sym.identifier) || !optional_local(model, function, text(model.source(), operand))) {
          found = true;
        }
      }
    }
    return true;
  };
  if (visit(condition)) walk_descendants(condition, visit);
  return found;
}

bool calls_compile_time_test(const Source& source, TSNode condition) {
  bool found = false;
  auto visit = [&](TSNode node) {
    if (found) return false;
    if (is(node, sym.call)) {
      const std::string_view spelled = text(source, field(node, fld.function));
      found = spelled == "hasattr" || spelled == "getattr" || spelled.find("isinstance") != std::string_view::npos ||
              spelled.find("is_scripting") != std::string_view::npos ||
              spelled.find("is_tracing") != std::string_view::npos;
    }
    return !found;
  };
  if (visit(condition)) walk_descendants(condition, visit);
  return found;
}

bool possibly_static_condition(const SemanticModel& model, const FunctionInfo& function, TSNode condition) {
  return has_static_none_test(model, function, condition) || calls_compile_time_test(model.source(), condition);
}

}  // namespace jitlint
