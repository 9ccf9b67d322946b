// Shared by JT502-JT504 (calls family): whether an identifier in a compiled function denotes Python's builtin of
// that name, and which builtin calls the sibling rules own (so that one construct is reported once).
#pragma once

#include <string_view>

#include "core/rule.h"

namespace jitlint {
namespace calls {

// `expr` is the identifier `name` and means the builtin here: no import, class, def or module-level binding of the
// file (the model's, read once per file) rebinds it, and the function binds no local (or parameter) of that name.
inline bool names_builtin(const RuleContext& context, TSNode expr, std::string_view name) {
  expr = strip_parens(expr);
  if (!context.model().is_builtin(expr, name)) return false;
  if (context.function().scope.all(name)) return false;
  return !context.model().module_bindings().all(name);
}

// The builtin a call calls (`len` in `len(x)`), or empty when its callee is not a bare builtin name.
inline std::string_view called_builtin(const RuleContext& context, TSNode call) {
  TSNode function = strip_parens(field(call, fld.function));
  if (!is(function, sym.identifier)) return {};
  const std::string_view name = text(context.source(), function);
  return names_builtin(context, function, name) ? name : std::string_view{};
}

using jitlint::one_of;  // core/syntax.h

}  // namespace calls
}  // namespace jitlint
