#include "rules/fixes/runtime_pick.h"

#include <string>

#include "core/edits.h"
#include "core/loop_variables.h"

namespace jitlint {
namespace {

// Whether `name` is certainly bound before `statement` runs: a parameter, or assigned by a statement of the
// function's own body (not inside a branch or loop) that ends before it. TorchScript rejects a variable first
// bound inside the loop the fix writes and read after it.
bool bound_before(const RuleContext& context, std::string_view name, TSNode statement) {
  const FunctionInfo& function = context.function();
  if (const auto* bindings = function.scope.all(name)) {
    for (const Binding& binding : *bindings) {
      if (binding.kind == Binding::Kind::Parameter) return true;
    }
  }
  for (TSNode top : NamedChildren(field(function.definition, fld.body))) {
    if (ts_node_start_byte(top) >= ts_node_start_byte(statement)) break;
    if (!is(top, sym.expression_statement)) continue;
    TSNode assignment = ts_node_named_child(top, 0);
    if (is(assignment, sym.assignment) && is(field(assignment, fld.left), sym.identifier) &&
        context.text(field(assignment, fld.left)) == name) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<Fix> runtime_pick_fix(RuleContext& context, TSNode subscript, TSNode key, PickedFrom from) {
  const FunctionInfo& function = context.function();
  const Source& source = context.source();
  const NodePath& path = context.path();
  key = strip_parens(key);
  if (!is(key, sym.identifier)) return std::nullopt;
  const std::string container(self_attribute(source, field(subscript, fld.value), function.self_name));
  if (container.empty()) return std::nullopt;
  // The statement directly inside a block, and the shape of the path from it down to the subscript.
  size_t frame = path.size() - 1;
  while (frame > 0 && !is(path[frame - 1].node, sym.block)) --frame;
  if (frame == 0 || path.size() - frame < 3 || path.field() != fld.function) return std::nullopt;
  const TSNode statement = path[frame].node;
  bool returns = false;
  if (is(statement, sym.return_statement) && path.size() - frame == 3) {
    returns = true;
  } else if (is(statement, sym.expression_statement) && path.size() - frame == 4 &&
             is(path[frame + 1].node, sym.assignment) && path[frame + 2].field == fld.right &&
             ts_node_is_null(field(path[frame + 1].node, fld.type))) {
    const TSNode left = field(path[frame + 1].node, fld.left);
    if (is(left, sym.identifier)) {
      if (!bound_before(context, context.text(left), statement)) return std::nullopt;
    } else if (!is(left, sym.subscript) && !is(left, sym.attribute)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  auto place = statement_place(source, path, frame);
  if (!place || !same_node(place->statement, statement)) return std::nullopt;
  const std::string_view statement_text = context.text(statement);
  if (statement_text.find('\n') != std::string_view::npos &&
      (statement_text.find("\"\"\"") != std::string_view::npos || statement_text.find("'''") != std::string_view::npos)) {
    return std::nullopt;  // a string spanning lines would change when indented
  }

  const std::string qualified = function.self_name + "." + container;
  const std::string key_text(context.text(key));
  std::vector<std::string> taken;
  const std::string element = element_name(context, container, taken);
  taken.push_back(element);
  const std::string position = fresh_name(context, from == PickedFrom::List ? "index" : "name", taken);
  taken.push_back(position);
  const std::string matched = returns ? std::string() : fresh_name(context, "matched", taken);

  // The statement again, calling the loop's element instead of the subscript.
  const uint32_t start = ts_node_start_byte(statement);
  std::string call = std::string(source.slice(start, ts_node_start_byte(subscript))) + element +
                     std::string(source.slice(ts_node_end_byte(subscript), ts_node_end_byte(statement)));
  const std::string& nl = place->newline;
  const std::string& in = place->indent;
  const std::string& unit = place->unit;
  std::string header, condition, raise;
  if (from == PickedFrom::List) {
    header = "for " + position + ", " + element + " in enumerate(" + qualified + "):";
    // A negative index counts from the end, as `ModuleList.__getitem__` does.
    condition = position + " == " + key_text + " or " + position + " == " + key_text + " + len(" + qualified + ")";
    raise = "raise IndexError(\"index out of range\")";
  } else {
    header = "for " + position + ", " + element + " in " + qualified + ".items():";
    condition = position + " == " + key_text;
    raise = "raise KeyError(" + key_text + ")";
  }
  std::string block;
  if (!returns) block += matched + " = False" + nl + in;
  block += header + nl + in + unit + "if " + condition + ":" + nl + in + unit + unit + call;
  if (!returns) {
    block += nl + in + unit + unit + matched + " = True" + nl + in + "if not " + matched + ":" + nl + in + unit + raise;
  } else {
    block += nl + in + raise;
  }

  Fix fix;
  fix.applicability = Applicability::Unsafe;
  fix.isolation_scope = naming_scope(context);
  fix.message = from == PickedFrom::List
                    ? "Call the module at `" + key_text + "` from a loop over `enumerate(" + qualified + ")`"
                    : "Call the module under `" + key_text + "` from a loop over `" + qualified + ".items()`";
  fix.edits.push_back(replace_node(statement, std::move(block)));
  return fix;
}

}  // namespace jitlint
