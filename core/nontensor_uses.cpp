#include "core/nontensor_uses.h"

#include "core/expr_types.h"
#include "core/schema_match.h"
#include "core/torch_ops.h"

namespace jitlint {
namespace {

// The torch op the read is an argument of (itself, or in a tuple or list display), when no overload of the op takes a
// Tensor there, whatever the other arguments are.
std::optional<TorchArgument> torch_argument(const SemanticModel& model, const FunctionInfo& function,
                                            const ParameterRead& read) {
  if (ts_node_is_null(read.call)) return std::nullopt;
  const auto callee = resolve_torch_callee(model, function,
                                           strip_parens(field(read.call, fld.function)));
  if (!callee || !callee->schemas || callee->schemas->empty()) return std::nullopt;
  const TSNode argument = read.in_display ? read.parent : read.node;
  const ArgumentKind kind = read.in_display ? ArgumentKind::TensorInDisplay : ArgumentKind::Tensor;
  CallArguments call;
  const auto kind_of = [&](TSNode value) { return same_node(value, argument) ? kind : ArgumentKind::Unknown; };
  if (!read_call_arguments(model.source(), read.call, *callee, kind_of, call)) return std::nullopt;
  size_t index = call.size();
  for (size_t i = 0; i < call.size() && index == call.size(); ++i) {
    if (same_node(call.at(i).node, argument)) index = i;
  }
  if (index == call.size() || any_schema_fits(*callee, call, static_cast<size_t>(-1))) return std::nullopt;
  TorchArgument out{callee->display, {}, wanted_types(*callee, call, index)};
  if (out.wanted.empty()) return std::nullopt;  // no overload takes the call whatever this argument is
  if (index >= call.positional.size()) {
    out.where = "`" + std::string(call.keywords[index - call.positional.size()].first) + "`";
  } else {
    out.where = "argument " + std::to_string(index + (callee->method ? 0 : 1));
  }
  return out;
}

// Inside `if p is None:` with `p` an unannotated parameter defaulting to `None` (JT304's): torch types `p` Tensor
// and drops the body as written, but compiles it once `p` is annotated `Optional`, as JT304 asks. Which world the
// use belongs to is not certain: no finding.
bool under_none_default_test(const SemanticModel& model, const FunctionInfo& function, TSNode read) {
  for (const ConditionSite& site : function.conditions) {
    if (!is(site.node, sym.if_statement)) continue;
    const auto test = none_test(strip_parens(field(site.node, fld.condition)));
    if (!test || test->is_not || !is(strip_parens(test->operand), sym.identifier)) continue;
    const Parameter* parameter = function.signature.find(text(model.source(), strip_parens(test->operand)));
    if (!parameter || !ts_node_is_null(parameter->annotation) || parameter->default_kind != LiteralKind::None ||
        ts_node_is_null(parameter->default_value)) {
      continue;
    }
    const TSNode body = field(site.node, fld.consequence);
    if (ts_node_start_byte(body) <= ts_node_start_byte(read) && ts_node_end_byte(read) <= ts_node_end_byte(body)) {
      return true;
    }
  }
  return false;
}

bool joins_tensor_list(const SemanticModel& model, TSNode callee) {
  const std::string qualified = model.qualified_name(callee);
  for (const char* op : {"torch.cat", "torch.concat", "torch.concatenate", "torch.stack", "torch.hstack",
                         "torch.vstack", "torch.dstack", "torch.column_stack"}) {
    if (qualified == op) return true;
  }
  return false;
}

// `targets[0]["boxes"]`, `[len(t["labels"]) for t in targets]`, `for t in targets: ... t["boxes"]`: an element of
// a Tensor (an index of it, or what a loop over it binds) is a Tensor, which takes no string index. The subscript,
// or null.
TSNode string_indexed_element(const SemanticModel& model, const FunctionInfo& function, const ParameterRead& read) {
  const Source& source = model.source();
  auto string_subscript = [&](TSNode subscript) {
    return is(subscript, sym.subscript) && ts_node_named_child_count(subscript) == 2 &&
           literal_kind(source, field(subscript, fld.subscript)) == LiteralKind::Str;
  };
  if (is(read.parent, sym.subscript) && read.field == fld.value && string_subscript(read.grandparent) &&
      same_node(field(read.grandparent, fld.value), read.parent)) {
    return read.grandparent;
  }
  if (!(is(read.parent, sym.for_statement) || is(read.parent, sym.for_in_clause)) || read.field != fld.right) {
    return TSNode{};
  }
  const TSNode target = field(read.parent, fld.left);
  if (!is(target, sym.identifier)) return TSNode{};
  const std::string_view name = text(source, target);
  TSNode scope{};
  if (is(read.parent, sym.for_statement)) {
    const std::vector<Binding>* bindings = function.scope.all(name);
    if (!bindings || bindings->size() != 1) return TSNode{};  // bound again: another value may be indexed
    scope = field(read.parent, fld.body);
  } else {
    scope = read.grandparent;  // the comprehension: its element and its other clauses
    size_t binders = 0;
    for (TSNode clause : NamedChildren(scope)) {
      if (is(clause, sym.for_in_clause) && text(source, field(clause, fld.left)) == name) ++binders;
    }
    if (binders != 1) return TSNode{};
  }
  TSNode found{};
  walk_descendants(scope, [&](TSNode node) {
    if (!ts_node_is_null(found) || is(node, sym.function_definition) || is(node, sym.lambda) ||
        is(node, sym.class_definition)) {
      return false;
    }
    if (string_subscript(node)) {
      const TSNode value = strip_parens(field(node, fld.value));
      if (is(value, sym.identifier) && text(source, value) == name) found = node;
    }
    return ts_node_is_null(found);
  });
  return found;
}

// `a == b` / `a != b`, two operands.
bool equality_of_two(const SemanticModel& model, TSNode comparison) {
  if (!is(comparison, sym.comparison_operator) || ts_node_named_child_count(comparison) != 2) return false;
  for (uint32_t i = 0; i < ts_node_child_count(comparison); ++i) {
    const std::string_view op = text(model.source(), ts_node_child(comparison, i));
    if (op == "==" || op == "!=") return true;
  }
  return false;
}

// `-x`, `x + 1`, `n // x`: arithmetic, whose value is a Tensor when an operand is one.
bool arithmetic(const SemanticModel& model, TSNode expr) {
  const std::string_view op = text(model.source(), field(expr, fld.operator_));
  if (is(expr, sym.unary_operator)) return op == "-" || op == "+";
  return op == "*" || op == "+" || op == "-" || op == "//" || op == "%";
}

NontensorUse::Kind classify_kind(const SemanticModel& model, const ParameterRead& read) {
  if (is(read.parent, sym.call) && read.field == fld.function) return NontensorUse::Kind::Called;
  if (is(read.parent, sym.attribute) && read.field == fld.object &&
      !tensor_may_have_attribute(text(model.source(), field(read.parent, fld.attribute)))) {
    return NontensorUse::Kind::ForeignAttribute;
  }
  if (is(read.parent, sym.assignment) && read.field == fld.right) {
    const TSNode left = field(read.parent, fld.left);
    if (is(left, sym.pattern_list) || is(left, sym.tuple_pattern) || is(left, sym.list_pattern)) {
      return NontensorUse::Kind::Unpacked;
    }
  }
  // `for h, w in spatial_shapes:` / `(h * w for h, w in spatial_shapes)`: the elements of a Tensor are Tensors.
  auto is_pattern = [](TSNode target) {
    return is(target, sym.pattern_list) || is(target, sym.tuple_pattern) || is(target, sym.list_pattern);
  };
  if ((is(read.parent, sym.for_statement) || is(read.parent, sym.for_in_clause)) && read.field == fld.right &&
      is_pattern(field(read.parent, fld.left))) {
    return NontensorUse::Kind::IteratedUnpacked;
  }
  // `for i, (src, _) in enumerate(indices)`: the same through `enumerate`.
  const TSNode loop = read.great_grandparent;
  if (is(read.parent, sym.argument_list) && ts_node_named_child_count(read.parent) == 1 &&
      (is(loop, sym.for_statement) || is(loop, sym.for_in_clause)) &&
      same_node(field(loop, fld.right), read.grandparent) &&
      model.is_builtin(field(read.grandparent, fld.function), "enumerate")) {
    const TSNode left = field(loop, fld.left);
    if (is_pattern(left) && ts_node_named_child_count(left) == 2 && is_pattern(ts_node_named_child(left, 1))) {
      return NontensorUse::Kind::IteratedUnpacked;
    }
  }

  if (is(read.parent, sym.subscript) && read.field == fld.value && ts_node_named_child_count(read.parent) == 2 &&
      literal_kind(model.source(), field(read.parent, fld.subscript)) == LiteralKind::Str) {
    return NontensorUse::Kind::StringIndexed;
  }
  // `range(-before, after + 1)`: arithmetic with a Tensor is a Tensor, no bound of `range` either.
  if ((is(read.parent, sym.unary_operator) || is(read.parent, sym.binary_operator)) &&
      is(read.grandparent, sym.argument_list) && is(read.great_grandparent, sym.call) &&
      model.is_builtin(field(read.great_grandparent, fld.function), "range") && arithmetic(model, read.parent)) {
    return NontensorUse::Kind::RangeBound;
  }
  if (is(read.parent, sym.argument_list) && is(read.grandparent, sym.call)) {
    const TSNode callee = field(read.grandparent, fld.function);
    if (model.is_builtin(callee, "range")) return NontensorUse::Kind::RangeBound;
    // The first positional argument of an op whose schema starts `Tensor[] tensors`.
    if (same_node(ts_node_named_child(read.parent, 0), read.node) && joins_tensor_list(model, callee)) {
      return NontensorUse::Kind::TensorList;
    }
  }
  if (is(read.parent, sym.comparison_operator) && ts_node_named_child_count(read.parent) == 2) {
    if (!equality_of_two(model, read.parent)) return NontensorUse::Kind::None;
    for (TSNode operand : NamedChildren(read.parent)) {
      if (literal_kind(model.source(), operand) == LiteralKind::Str) return NontensorUse::Kind::ComparedWithString;
    }
  }
  return NontensorUse::Kind::None;
}

// `x.size()[:-1] + (heads, -1)`, `x.size()[:-2] + (heads * head_dim,)`: TorchScript adds a tuple to a `List[int]`
// only when every element is an int, and the parameter (a Tensor), or arithmetic with it, is a Tensor. That `+`,
// or a null node.
TSNode shape_list_added_to(const SemanticModel& model, const FunctionInfo& function, const ParameterRead& read) {
  TSNode tuple = read.parent, sum = read.grandparent;
  if (is(read.parent, sym.binary_operator) || is(read.parent, sym.unary_operator)) {
    if (!arithmetic(model, read.parent)) return {};
    tuple = read.grandparent;
    sum = read.great_grandparent;
  }
  if (!is(tuple, sym.tuple)) return {};
  if (is(sum, sym.binary_operator)) {
    if (text(model.source(), field(sum, fld.operator_)) != "+") return {};
  } else if (!equality_of_two(model, sum)) {
    return {};
  }
  const TSNode list = shape_list_operand(sum);
  const auto type = ExprTypes(model, function).of(list);
  if (type && type->certain && type->type.is(Type::Kind::List) && type->type.element() &&
      type->type.element()->is(Type::Kind::Int)) {
    return sum;
  }
  return {};
}

NontensorUse classify(const SemanticModel& model, const FunctionInfo& function, const ParameterRead& read) {
  NontensorUse use{classify_kind(model, read), &read, {}, std::nullopt};
  if (use.kind != NontensorUse::Kind::None) return use;
  use.at = shape_list_added_to(model, function, read);
  if (!ts_node_is_null(use.at)) {
    use.kind = NontensorUse::Kind::ShapeElement;
    return use;
  }
  use.at = string_indexed_element(model, function, read);
  if (!ts_node_is_null(use.at)) {
    use.kind = NontensorUse::Kind::ElementStringIndexed;
    return use;
  }
  use.argument = torch_argument(model, function, read);
  if (use.argument && !under_none_default_test(model, function, read.node)) {
    use.kind = NontensorUse::Kind::TorchArgument;
  }
  return use;
}


}  // namespace

bool checked_default(const Parameter& parameter) {
  return ts_node_is_null(parameter.default_value) || parameter.default_kind == LiteralKind::None;
}

std::optional<NontensorUse> first_nontensor_use(const SemanticModel& model, const FunctionInfo& function, size_t index) {
  const auto& parameters = function.signature.parameters;
  if (index >= parameters.size() || !checked_default(parameters[index]) || !inferred_as_tensor(function, index)) {
    return std::nullopt;
  }
  const auto& uses = parameter_uses(model, function);
  if (index >= uses.size() || uses[index].rebound) return std::nullopt;
  const bool none_default = !ts_node_is_null(parameters[index].default_value);
  for (const ParameterRead& read : uses[index].reads) {
    NontensorUse use = classify(model, function, read);
    const NontensorUse::Kind kind = use.kind;
    if (none_default && (kind == NontensorUse::Kind::RangeBound || kind == NontensorUse::Kind::ComparedWithString ||
                         kind == NontensorUse::Kind::TensorList)) {
      continue;
    }
    if (kind != NontensorUse::Kind::None) return use;
  }
  return std::nullopt;
}

TSNode shape_list_operand(TSNode sum) {
  const TSNode left = is(sum, sym.comparison_operator) ? ts_node_named_child(sum, 0) : field(sum, fld.left);
  const TSNode right = is(sum, sym.comparison_operator) ? ts_node_named_child(sum, 1) : field(sum, fld.right);
  return is(strip_parens(left), sym.tuple) ? right : left;
}

}  // namespace jitlint
