#include "rules/fixes/container_loop.h"

#include "rules/fixes/statement_edit.h"

namespace jitlint {

std::optional<IndexingLoop> indexing_loop(const RuleContext& context, TSNode index) {
  index = strip_parens(index);
  if (!is(index, "identifier")) return std::nullopt;
  // The innermost `for <name> in ...:` around the index.
  const std::string_view name = context.text(index);
  TSNode loop = ts_node_parent(index);
  while (!ts_node_is_null(loop) && !is_nested_scope(loop) &&
         !(is(loop, "for_statement") && is(field(loop, "left"), "identifier") &&
           context.text(field(loop, "left")) == name && contains(field(loop, "body"), index))) {
    loop = ts_node_parent(loop);
  }
  if (!is(loop, "for_statement")) return std::nullopt;
  if (!ts_node_is_null(field(loop, "alternative"))) return std::nullopt;  // for ... else
  // Rebound inside the loop (`i += 1`, an inner loop over `i`): the index is not simply the position.
  // Bindings elsewhere in the function (another loop, a comprehension's own `i`) do not matter.
  if (const auto* bindings = context.function().scope.all(name)) {
    for (const Binding& other : *bindings) {
      if (!same_node(other.target, field(loop, "left")) && contains(loop, other.target)) return std::nullopt;
    }
  }

  IndexingLoop result;
  result.loop = loop;
  result.variable = std::string(context.text(index));
  bool blocked = false;
  walk_descendants(field(loop, "body"), [&](TSNode node) {
    if (blocked || is_nested_scope(node)) return false;
    // break / continue belonging to this loop (not to a loop nested in it).
    if (is(node, "break_statement") || is(node, "continue_statement")) blocked = true;
    if (is(node, "for_statement") || is(node, "while_statement")) {
      // Their own break/continue are fine; still look for uses of the variable inside them.
      walk_descendants(node, [&](TSNode inner) {
        if (is(inner, "identifier") && context.text(inner) == result.variable && is_variable(inner)) {
          result.uses.push_back(inner);
        }
        return !is_nested_scope(inner);
      });
      return false;
    }
    if (is(node, "identifier") && context.text(node) == result.variable && is_variable(node)) result.uses.push_back(node);
    return true;
  });
  if (blocked) return std::nullopt;
  return result;
}

std::optional<IndexUses> classify_uses(const RuleContext& context, const IndexingLoop& loop,
                                       const std::function<bool(TSNode container)>& wanted) {
  IndexUses result;
  result.other_uses = name_used_outside(context, loop.variable, loop.loop);
  for (TSNode use : loop.uses) {
    TSNode parent = ts_node_parent(use);
    if (is(parent, "subscript") && same_node(field(parent, "subscript"), use) && wanted(field(parent, "value"))) {
      TSNode holder = ts_node_parent(parent);
      if ((is(holder, "assignment") || is(holder, "augmented_assignment")) && same_node(field(holder, "left"), parent)) {
        return std::nullopt;
      }
      result.lookups.push_back(ContainerLookup{
          parent, std::string(self_attribute(context.source(), field(parent, "value"), context.function().self_name))});
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

}  // namespace jitlint
