#include "core/python_calls.h"

#include "core/syntax.h"

namespace jitlint {

std::optional<TSNode> keeping_ignore_decorator(const SemanticModel& model, const FunctionInfo& function) {
  if (!function.decorators.ignore || function.decorators.unused) return std::nullopt;
  for (TSNode node = ts_node_prev_named_sibling(function.definition); is(node, sym.decorator) || is(node, sym.comment);
       node = ts_node_prev_named_sibling(node)) {
    if (!is(node, sym.decorator)) continue;
    TSNode expr = strip_parens(ts_node_named_child(node, 0));
    TSNode callee = is(expr, sym.call) ? field(expr, fld.function) : expr;
    if (model.qualified_name(callee) != "torch.jit.ignore") continue;
    if (!is(expr, sym.call)) return node;
    // `@torch.jit.ignore(drop=True)` (or `(True)`) is `@torch.jit.unused`: no Python call is left.
    for (TSNode argument : NamedChildren(field(expr, fld.arguments))) {
      TSNode value = argument;
      if (is(argument, sym.keyword_argument)) {
        if (text(model.source(), field(argument, fld.name)) != "drop") return std::nullopt;
        value = field(argument, fld.value);
      }
      if (!is(strip_parens(value), sym.false_)) return std::nullopt;
    }
    return node;
  }
  return std::nullopt;
}

const FunctionInfo* python_call_target(const SemanticModel& model, const FunctionInfo& caller, TSNode call) {
  const Callee callee = model.resolve_call(caller, call);
  if (callee.kind != Callee::Kind::Method && callee.kind != Callee::Kind::ModuleFunction) return nullptr;
  const FunctionInfo& target = model.functions()[callee.index];
  if (!ts_node_is_null(model.cache_decorator(target)) || keeping_ignore_decorator(model, target)) return &target;
  return nullptr;
}

bool postponed_annotations(const SemanticModel& model) {
  for (TSNode statement : NamedChildren(model.module_node())) {
    if (!is(statement, sym.future_import_statement)) continue;
    for (TSNode name : NamedChildren(statement)) {
      if (text(model.source(), name) == "annotations") return true;
    }
  }
  return false;
}

}  // namespace jitlint
