#include "rules/fixes/container_loop.h"

#include "rules/fixes/statement_edit.h"

namespace jitlint {

std::optional<IndexingLoop> indexing_loop(const RuleContext& context, TSNode index) {
  index = strip_parens(index);
  if (!is(index, "identifier")) return std::nullopt;
  const Binding* binding = context.function().scope.single(context.text(index));
  if (!binding || binding->kind != Binding::Kind::ForLoop || binding->element >= 0) return std::nullopt;
  TSNode loop = ts_node_parent(binding->target);
  if (!is(loop, "for_statement") || !contains(loop, index)) return std::nullopt;
  if (!ts_node_is_null(field(loop, "alternative"))) return std::nullopt;  // for ... else

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
        if (is(inner, "identifier") && context.text(inner) == result.variable) result.uses.push_back(inner);
        return !is_nested_scope(inner);
      });
      return false;
    }
    if (is(node, "identifier") && context.text(node) == result.variable) {
      TSNode parent = ts_node_parent(node);
      const bool attribute_name = is(parent, "attribute") && same_node(field(parent, "attribute"), node);
      const bool keyword_name = is(parent, "keyword_argument") && same_node(field(parent, "name"), node);
      if (!attribute_name && !keyword_name) result.uses.push_back(node);
    }
    return true;
  });
  if (blocked) return std::nullopt;
  return result;
}

std::string element_name(const RuleContext& context, std::string_view container) {
  std::string name(container);
  while (!name.empty() && name[0] == '_') name.erase(0, 1);
  auto ends_with = [&](std::string_view suffix) {
    return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("sses") || ends_with("shes") || ends_with("ches") || ends_with("xes")) name.erase(name.size() - 2);
  else if (ends_with("s") && !ends_with("ss") && name.size() > 3) name.erase(name.size() - 1);
  else name += "_item";
  if (name.empty()) name = "item";
  return fresh_name(context, name);
}

}  // namespace jitlint
