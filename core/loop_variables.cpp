#include "core/loop_variables.h"

#include "core/edits.h"
#include "core/expr_types.h"

namespace jitlint {

std::optional<IteratedBy> iterated_by(const SemanticModel& model, TSNode iterable, int element) {
  iterable = strip_parens(iterable);
  if (element < 0) return IteratedBy{iterable, false};
  if (!is(iterable, sym.call)) return std::nullopt;
  TSNode function = field(iterable, fld.function);
  const bool is_enumerate = model.is_builtin(function, "enumerate");
  if (!is_enumerate && !model.is_builtin(function, "zip")) return std::nullopt;
  int index = 0;
  for (TSNode argument : NamedChildren(field(iterable, fld.arguments))) {
    if (is(argument, sym.keyword_argument) || is(argument, sym.list_splat)) return std::nullopt;
    if (is_enumerate) {
      if (element == 0) return IteratedBy{TSNode{}, true};
      if (element == 1) return IteratedBy{strip_parens(argument), false};
      return std::nullopt;
    }
    if (index == element) return IteratedBy{strip_parens(argument), false};
    ++index;
  }
  return std::nullopt;
}

std::optional<IndexingLoop> indexing_loop(const RuleContext& context, TSNode index) {
  index = strip_parens(index);
  if (!is(index, sym.identifier)) return std::nullopt;
  // The innermost `for <name> in ...:` around the index, up the rule's path.
  const std::string_view name = context.text(index);
  const NodePath& path = context.path();
  size_t frame = path.size();
  while (frame > 0) {
    --frame;
    const TSNode candidate = path[frame].node;
    if (is_nested_scope(candidate)) return std::nullopt;
    if (is(candidate, sym.for_statement) && is(field(candidate, fld.left), sym.identifier) &&
        context.text(field(candidate, fld.left)) == name && contains(field(candidate, fld.body), index)) {
      break;
    }
  }
  const TSNode loop = path[frame].node;
  if (!is(loop, sym.for_statement)) return std::nullopt;
  if (!ts_node_is_null(field(loop, fld.alternative))) return std::nullopt;  // for ... else
  // Rebound inside the loop (`i += 1`, an inner loop over `i`): the index is not simply the position.
  // Bindings elsewhere in the function (another loop, a comprehension's own `i`) do not matter.
  if (const auto* bindings = context.function().scope.all(name)) {
    for (const Binding& other : *bindings) {
      if (!same_node(other.target, field(loop, fld.left)) && contains(loop, other.target)) return std::nullopt;
    }
  }

  IndexingLoop result;
  result.loop = loop;
  result.frame = frame;
  result.variable = std::string(name);
  bool blocked = false;
  size_t inner_loop_at = SIZE_MAX;  // path size at which the walk entered a loop nested in this one
  walk(field(loop, fld.body), [&](const NodePath& at) {
    TSNode node = at.node();
    if (blocked || is_nested_scope(node)) return false;
    if (at.size() <= inner_loop_at) inner_loop_at = SIZE_MAX;
    // break / continue belonging to this loop (not to a loop nested in it).
    if (inner_loop_at == SIZE_MAX) {
      if (is(node, sym.break_statement) || is(node, sym.continue_statement)) blocked = true;
      if (is(node, sym.for_statement) || is(node, sym.while_statement)) inner_loop_at = at.size();
    }
    if (is(node, sym.identifier) && context.text(node) == result.variable && is_variable(at)) {
      result.uses.push_back(IndexUse{node, at.parent(), at.field(), at.ancestor(2), at.field_of(1)});
    }
    return true;
  });
  if (blocked) return std::nullopt;
  return result;
}

std::optional<IndexUses> classify_uses(const RuleContext& context, const IndexingLoop& loop,
                                       const std::function<bool(TSNode container)>& wanted) {
  IndexUses result;
  result.other_uses = name_used_outside(context, loop.variable, loop.loop);
  for (const IndexUse& use : loop.uses) {
    if (is(use.parent, sym.subscript) && use.field == fld.subscript && wanted(field(use.parent, fld.value))) {
      if ((is(use.grandparent, sym.assignment) || is(use.grandparent, sym.augmented_assignment)) &&
          use.parent_field == fld.left) {
        return std::nullopt;
      }
      result.lookups.push_back(ContainerLookup{
          use.parent,
          std::string(self_attribute(context.source(), field(use.parent, fld.value), context.function().self_name))});
      continue;
    }
    result.other_uses = true;
  }
  return result;
}

std::string element_name(const RuleContext& context, std::string_view container,
                         const std::vector<std::string>& also_taken) {
  std::string name(container);
  while (!name.empty() && name[0] == '_') name.erase(0, 1);
  auto ends_with = [&](std::string_view suffix) {
    return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  // A plural names its element (`layers` -> `layer`); otherwise the container's own name reads well as the
  // loop variable (`for token_mix in self.token_mix`): it is an attribute, not a local.
  if (ends_with("sses") || ends_with("shes") || ends_with("ches") || ends_with("xes")) name.erase(name.size() - 2);
  else if (ends_with("s") && !ends_with("ss") && name.size() > 3) name.erase(name.size() - 1);
  if (name.empty()) name = "item";
  return fresh_name(context, name, also_taken);
}

std::string unrolled_iterable(const RuleContext& context, TSNode iterable) {
  const SemanticModel& model = context.model();
  if (is(iterable, sym.tuple)) return "a tuple";
  if (is(iterable, sym.call)) {
    const TSNode function = strip_parens(field(iterable, fld.function));
    const TSNode arguments = field(iterable, fld.arguments);
    if (model.is_builtin(function, "enumerate") || model.is_builtin(function, "zip")) {
      if (!is(arguments, sym.argument_list)) return {};
      for (TSNode argument : NamedChildren(arguments)) {
        if (is(argument, sym.keyword_argument)) continue;
        const std::string found = unrolled_iterable(context, strip_parens(argument));
        if (!found.empty()) return found;
        if (model.is_builtin(function, "enumerate")) return {};  // its first argument only
      }
      return {};
    }
    // `self.heads.items()`, `.values()`, `.keys()` of a ModuleDict
    if (is(function, sym.attribute) &&
        one_of(context.text(field(function, fld.attribute)), {"items", "values", "keys"}) &&
        named_children(arguments).empty()) {
      const TSNode owner = strip_parens(field(function, fld.object));
      if (model.attribute_kind(context.function(), owner) == AttrKind::ModuleDict) {
        return "the module container `" + std::string(context.text(owner)) + "`";
      }
    }
    return {};
  }
  const AttrKind kind = model.attribute_kind(context.function(), iterable);
  // (a ParameterList or ParameterDict holds tensors of one type: not checked)
  if (kind == AttrKind::ModuleList || kind == AttrKind::Sequential || kind == AttrKind::ModuleDict) {
    return "the module container `" + std::string(context.text(iterable)) + "`";
  }
  const auto type = ExprTypes(model, context.function()).of(iterable);
  if (type && type->certain && type->type.is(Type::Kind::Tuple)) {
    return "`" + std::string(context.text(iterable)) + "`, a tuple";
  }
  return {};
}

bool runtime_loop(const RuleContext& context, TSNode iterable, int depth) {
  iterable = strip_parens(iterable);
  if (depth > 4) return false;
  if (is(iterable, sym.list) || is(iterable, sym.list_comprehension)) return true;
  if (is(iterable, sym.call)) {
    const TSNode function = strip_parens(field(iterable, fld.function));
    const SemanticModel& model = context.model();
    if (model.is_builtin(function, "range")) return true;
    const bool first_only = model.is_builtin(function, "enumerate") || model.is_builtin(function, "reversed");
    if (first_only || model.is_builtin(function, "zip")) {
      bool any = false;
      for (TSNode argument : NamedChildren(field(iterable, fld.arguments))) {
        if (is(argument, sym.keyword_argument)) continue;
        if (!runtime_loop(context, argument, depth + 1)) return false;
        any = true;
        if (first_only) break;  // `enumerate(xs, 1)`: the start is no iterable
      }
      return any;
    }
  }
  const auto type = ExprTypes(context.model(), context.function()).of(iterable);
  return type && type->certain &&
         (type->type.is(Type::Kind::List) || type->type.is(Type::Kind::Dict) || type->type.is(Type::Kind::Str) ||
          type->type.is(Type::Kind::Tensor));
}

}  // namespace jitlint
