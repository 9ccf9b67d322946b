// JT601 optional-unrefined: a local or parameter declared `Optional[T]` used as a `T` without a `None` check.
#include <algorithm>

#include "core/class_attributes.h"
#include "core/expr_types.h"
#include "core/optional_locals.h"
#include "core/project_index.h"
#include "core/refinement.h"
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT601",
    "optional-unrefined",
    "flow",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Check the value with `if x is not None:` (or `assert x is not None`) before using it as its inner type",
    "object has no attribute or method\n"
    "Arguments for call are not valid\n"
    "object is not subscriptable\n"
    "Could not cast value of type Optional[\n"
    "but is actually of type Optional[\n"
    "all inputs of range must be ints, found Optional[\n"
    "cannot be used as a tuple\n"
    "but instead found type 'Optional[\n"
    "attempted to use multidimensional indexing on a non-tensor type\n"
    "object is not iterable",
    R"doc(## What it does
Finds reads of a parameter or local declared `Optional[T]` (also spelled `Union[T, None]` or `T | None`) where
TorchScript needs a `T` and no `None` check it understands covers the read: an attribute or method (`mask.size(0)`,
`mask.shape`), an operand of arithmetic (`x * mask`, `-mask`) or of a comparison (`n > 0`, `n == 3`, also `mask ==
None`, which is no None test to TorchScript: only `is None` is), a subscript (`mask[0]`), the first argument of a
torch function that takes a Tensor (`torch.relu(mask)`), the input of a submodule whose `forward` takes a Tensor
(`self.proj(mask)` with `self.proj = nn.Linear(...)`, an `nn.Sequential`, or a module class of this file whose
`forward`'s first parameter is `Tensor` or unannotated), a `range` bound, a truth value (`if mask:`), a `return`
from a function annotated `-> T`, an iterable (`for i in layers`, a comprehension's, `enumerate(layers)`), an
operand of `in` / `not in`, and a tuple unpacked by an assignment (`cos, sin = position_embeddings` with
`position_embeddings: Optional[Tuple[Tensor, Tensor]]`). A local assigned once from a conditional expression that
can yield such a value untested (`current = key_value_states if is_cross_attention else hidden_states`, where the
condition is a flag, not a `None` test of `key_value_states`) is `Optional[T]` too: TorchScript unifies
`Optional[T]` and `T`.

## Why TorchScript rejects it
TorchScript types the variable `Optional[T]` and allows `T`'s operations only where it has refined it to `T`:
inside `if x is not None:` (and `and` chains, `elif`/`else` after `if x is None`, conditional expressions,
`isinstance`), after `assert x is not None`, after an early exit `if x is None: return ...`, or after rebinding
`x = x if x is not None else default`. Any other read has type `Optional[T]`, which has no attributes, no
arithmetic and no conversion to bool. A value filled in on some paths only stays `Optional[T]` past the `if`: after
`elif input_ids is not None and inputs_embeds is None: inputs_embeds = self.embed(input_ids)` in a chain without
`else`, the path that takes no clause still holds the unrefined parameter, and TorchScript joins both paths to
`Optional[T]` (it does not reason that the earlier clauses, which raise, leave only that combination). Past an `if`
whose one branch exits, what the other branch refines inside holds (`if flag: raise` / `else: if x is None: raise`);
past one where neither exits, only what both refine: `elif input_ids is not None: ...` followed by `elif
inputs_embeds is not None: ...` and `else: raise` leaves `inputs_embeds` unrefined on the first `elif`'s path.

## The error torch 2.13.0 prints
```
RuntimeError: 'Optional[Tensor]' object has no attribute or method 'size'.:
RuntimeError: Arguments for call are not valid.
RuntimeError: 'Optional[Tensor]' object is not subscriptable:
RuntimeError: Unsupported operation: attempted to use multidimensional indexing on a non-tensor type:
RuntimeError: Could not cast value of type Optional[Tensor] to bool:
RuntimeError: Return value was annotated as having type Tensor but is actually of type Optional[Tensor]:
RuntimeError: all inputs of range must be ints, found Optional[int] in argument 0:
RuntimeError: Optional[Tuple[Tensor, Tensor]] cannot be used as a tuple:
RuntimeError: 'Optional[List[int]]' object is not iterable:
RuntimeError: forward(__torch__.torch.nn.modules.linear.Linear self, Tensor input) -> Tensor:
Expected a value of type 'Tensor' for argument 'input' but instead found type 'Optional[Tensor]'.
```

## Example
```python
def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
    scores = x @ x.transpose(-1, -2)
    return scores.masked_fill(mask.unsqueeze(1) == 0, -1e9)
```

## Use instead
```python
def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
    scores = x @ x.transpose(-1, -2)
    if mask is not None:
        scores = scores.masked_fill(mask.unsqueeze(1) == 0, -1e9)
    return scores
```

## Fix safety
A comparison with `None` written `x == None` / `x != None` becomes `x is None` / `x is not None`, which TorchScript
refines on. This fix is **safe**: a Tensor, a number, a str or a list compares unequal to `None` exactly when it is
not `None`. Where Python itself raises on `None` (an attribute or method, a subscript, arithmetic, an ordering comparison, a
tuple unpacked, an iterable, a `range` bound, the Tensor argument of a torch function, the input of a torch.nn layer
that computes on it such as `nn.Linear` or `nn.Embedding`) and the statement always
evaluates the read, an **unsafe** fix inserts `assert x is not None` on a line of its own before the statement:
TorchScript refines `x` from there on. Every call that worked in eager mode never had `None` there, so it behaves
as before; a `None` now raises `AssertionError` instead of `AttributeError` or `TypeError`, which is why the fix is
unsafe. Prefer an explicit branch where `None` is a case the code should handle. The other uses (a truth value, an
equality, a return value, an argument of a function of the file) have no automatic fix: Python accepts `None` there,
and the check that belongs there depends on what the code should do with it.

## Known limitations
`Optional[torch.LongTensor]` and the other dtype-specific subtypes count as `Optional[Tensor]`, as TorchScript
types them. Locals and parameters bound once are checked, parameters bound again at reads above their other bindings
or in another branch of an `if` (`if codes is not None: latents = ...` / `else: latents = latents.transpose(1, 2)`),
parameters rebound at the top of the body as `x = x.permute(1, 0, 2) if x is not None else None` (still
`Optional[Tensor]`: the test is decided at run time), and parameters rebound on one path only, in an `if` without
`else` whose condition does not test them (TorchScript joins the paths to `Optional[T]` after the `if`). Attributes
are JT404's. An earlier `if` chain is followed branch by branch as TorchScript emits it; a read below a test the
model does not follow (`torch.jit.isinstance`, a helper function, a chain that rebinds the value or loops) is not
reported. Passing the value to a submodule whose class jitlint cannot read (an installed package it has no
source of) also fails but is not reported; passing it to a function or method of the file, or as another argument
of a submodule whose class is of the file (Llama-style layers' `self.self_attn(...,
position_embeddings=position_embeddings)`), is reported when its parameter is annotated `T` (or unannotated without
a default, which TorchScript types `Tensor`).
)doc"};

// torch / torch.nn.functional functions whose first argument must be a Tensor (no Optional overload).
bool takes_tensor_first(std::string_view qualified) {
  const size_t dot = qualified.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view module = qualified.substr(0, dot);
  const std::string_view name = qualified.substr(dot + 1);
  if (module != "torch" && module != "torch.nn.functional") return false;
  return one_of(name, {"relu", "gelu", "silu", "sigmoid", "tanh", "softmax", "log_softmax", "exp", "log", "sqrt",
                       "rsqrt", "abs", "sum", "mean", "matmul", "mm", "bmm", "flatten", "reshape", "transpose",
                       "permute", "unsqueeze", "squeeze", "cumsum", "clamp", "neg", "floor", "ceil", "zeros_like",
                       "ones_like", "full_like", "empty_like", "dropout", "layer_norm", "linear", "interpolate",
                       "pad", "normalize", "mul", "add", "sub", "div", "masked_fill", "logical_not", "isnan",
                       "isinf", "numel", "argmax", "argmin"});
}

struct Use {
  TSNode range{};
  std::string what;  // "`.size`", "arithmetic", ...
  // Python raises on `None` here too (`None.size`, `None[0]`, `None * x`, `for i in None`, `torch.relu(None)`,
// `nn.Linear(...)(None)`), so
  // an `assert x is not None` before the statement changes only which exception a `None` gets.
  bool raises_on_none = false;
};

// `self.with_pos_embed(kv, pos)` where the method's parameter is annotated `torch.Tensor` (or unannotated without a
// default: TorchScript types it Tensor) and `kv` is `Optional[Tensor]`: the call matches no schema.
std::optional<Use> local_parameter_use(const RuleContext& context, TSNode call, TSNode arguments, TSNode argument,
                                       const OptionalLocal& local) {
  const SemanticModel& model = context.model();
  const auto bound = callee_parameter(model, context.function(), call, arguments, argument);
  if (!bound) return std::nullopt;
  if (bound->submodule_forward) {
    // A submodule's input (its first positional argument) is `submodule_takes_tensor`'s; an `Optional[bool]` is
    // JT602's.
    if (!is(argument, sym.keyword_argument) && same_node(ts_node_named_child(arguments, 0), argument)) {
      return std::nullopt;
    }
    if (local.type && local.type->is(Type::Kind::Bool)) return std::nullopt;
  }
  const FunctionInfo& target = *bound->target;
  const Parameter* parameter = bound->parameter;
  std::string takes;
  if (ts_node_is_null(parameter->annotation)) {
    if (!local.type->is(Type::Kind::Tensor) || !ts_node_is_null(parameter->default_value)) return std::nullopt;
    takes = "a Tensor (it has no annotation)";
  } else {
    const auto declared = ExprTypes(model, target).annotation(parameter->annotation);
    if (!declared || declared->is(Type::Kind::Optional) || declared->is(Type::Kind::Named) || !(*declared == *local.type)) {
      return std::nullopt;
    }
    takes = "`" + std::string(text(context.source(), parameter->annotation)) + "`";
  }
  return Use{argument, "the argument `" + std::string(parameter->name) + "` of `" +
                           std::string(text(context.source(), field(call, fld.function))) + "`, which takes " + takes +
                           ","};
}

// `n > x.shape[1]`, `n <= 1.0`, `n == 3`, `mask == None`: TorchScript's comparison overloads take numbers, Tensors,
// strs and lists, never an Optional of one, whatever the other operand is ("Arguments for call are not valid";
// measured: `Optional[Tensor] == int`, `Optional[int] == None`, `Optional[str] == "a"` all fail). Only `is` / `is
// not` test for None. The operator, or nullopt (`in`, `is`, a chain mixing equality and ordering).
std::optional<std::string> comparison_taking_inner(const Source& source, TSNode comparison) {
  std::string op;
  int kinds = 0;  // ordering 1, equality 2, membership 4
  for (uint32_t i = 0; i < ts_node_child_count(comparison); ++i) {
    const TSNode child = ts_node_child(comparison, i);
    if (ts_node_is_named(child)) continue;
    const std::string_view token = text(source, child);
    if (token == "<" || token == ">" || token == "<=" || token == ">=") {
      kinds |= 1;
    } else if (token == "==" || token == "!=") {
      kinds |= 2;
    } else if (token == "in" || (token.substr(0, 3) == "not" && token.size() > 3 && token.substr(token.size() - 2) == "in")) {
      kinds |= 4;  // `k in [1, 2]`, `3 not in layers`: `aten::__contains__` takes no Optional either
    } else {
      return std::nullopt;  // `is`, `is not`
    }
    if (op.empty()) op = token.substr(0, 3) == "not" ? std::string("not in") : std::string(token);
  }
  if (kinds != 1 && kinds != 2 && kinds != 4) return std::nullopt;  // none, or kinds mixed in one chain
  return op;
}

std::optional<Use> needs_inner(const RuleContext& context, const NodePath& path, const OptionalLocal& local) {
  size_t up = 1;
  while (is(path.ancestor(up), sym.parenthesized_expression)) ++up;
  const TSNode parent = path.ancestor(up);
  const TSFieldId field_in_parent = path.field_of(up - 1);
  const Source& source = context.source();
  if (is(parent, sym.attribute) && field_in_parent == fld.object) {
    const std::string_view attribute = text(source, field(parent, fld.attribute));
    return Use{parent, "`." + std::string(attribute) + "`", attribute.substr(0, 2) != "__"};
  }
  if (is(parent, sym.subscript) && field_in_parent == fld.value) return Use{parent, "a subscript", true};
  // `cos, sin = position_embeddings`: TorchScript unpacks only a Tuple, not an Optional of one.
  if (is(parent, sym.assignment) && field_in_parent == fld.right && local.type &&
      local.type->is(Type::Kind::Tuple) && ts_node_is_null(field(parent, fld.type))) {
    const TSNode left = field(parent, fld.left);
    if (is(left, sym.pattern_list) || is(left, sym.tuple_pattern) || is(left, sym.list_pattern)) {
      return Use{path.ancestor(up - 1), "a tuple to unpack", true};
    }
  }
  if (is(parent, sym.binary_operator) && is_arithmetic_operator(text(source, field(parent, fld.operator_)))) {
    return Use{parent, "an operand of `" + std::string(text(source, field(parent, fld.operator_))) + "`", true};
  }
  if (is(parent, sym.unary_operator)) {
    return Use{parent, "an operand of `" + std::string(text(source, field(parent, fld.operator_))) + "`", true};
  }
  if (is(parent, sym.comparison_operator)) {
    // `None < 3` raises; `None == 3` and `3 in None`'s left operand do not
    if (auto op = comparison_taking_inner(source, parent)) {
      return Use{parent, "an operand of `" + *op + "`", *op == "<" || *op == ">" || *op == "<=" || *op == ">="};
    }
  }
  // `for i in layers:`, `[f(i) for i in layers]`, and `enumerate(layers)` / `zip(layers, ...)` as a loop's
  // iterable: TorchScript iterates a list, tuple, dict, str, Tensor or range, never an Optional of one
  // ("'Optional[List[int]]' object is not iterable").
  if ((is(parent, sym.for_statement) || is(parent, sym.for_in_clause)) && field_in_parent == fld.right) {
    return Use{path.ancestor(up - 1), "an iterable", true};
  }
  if (is(parent, sym.argument_list) && is(path.ancestor(up + 1), sym.call) && up + 2 < path.size()) {
    const TSNode call = path.ancestor(up + 1);
    const TSNode loop = path.ancestor(up + 2);
    const TSNode callee = field(call, fld.function);
    if ((is(loop, sym.for_statement) || is(loop, sym.for_in_clause)) && same_node(field(loop, fld.right), call) &&
        (context.model().is_builtin(callee, "enumerate") || context.model().is_builtin(callee, "zip"))) {
      return Use{path.ancestor(up - 1), "an iterable of `" + std::string(text(source, callee)) + "`", true};
    }
  }
  if (is(parent, sym.augmented_assignment) && field_in_parent == fld.right) {
    return Use{parent, "an operand of `" + std::string(text(source, field(parent, fld.operator_))) + "`", true};
  }
  if (is(parent, sym.argument_list) && is(path.ancestor(up + 1), sym.call) && local.type &&
      local.type->is(Type::Kind::Int) && context.model().is_builtin(field(path.ancestor(up + 1), fld.function), "range")) {
    return Use{path.ancestor(up + 1), "a `range` bound", true};
  }
  // An argument of a function or method of this file whose parameter takes the inner type.
  if (local.type) {
    if (const auto site = argument_site(path)) {
      if (auto use = local_parameter_use(context, site->call, site->arguments, site->argument, local)) return use;
    }
  }
  if (is(parent, sym.argument_list) && is(path.ancestor(up + 1), sym.call) && local.type &&
      local.type->is(Type::Kind::Tensor)) {
    // The first positional argument of a torch function that takes a Tensor.
    TSNode first{};
    for (TSNode argument : NamedChildren(parent)) {
      first = argument;
      break;
    }
    const TSNode call = path.ancestor(up + 1);
    if (!same_node(first, path.ancestor(up - 1))) return std::nullopt;
    if (takes_tensor_first(context.model().qualified_name(field(call, fld.function)))) {
      return Use{call, "the Tensor argument of `" + std::string(text(source, field(call, fld.function))) + "`", true};
    }
    if (auto sub = submodule_takes_tensor(context.model(), context.function(), field(call, fld.function))) {
      return Use{call, "the input of `" + std::string(text(source, field(call, fld.function))) + "` (" + *sub + ")",
                 submodule_is_computing_torch_layer(context.model(), context.function(), field(call, fld.function))};
    }
    return std::nullopt;
  }
  if (is(parent, sym.return_statement) && local.type) {
    ExprTypes types(context.model(), context.function());
    const auto declared = types.annotation(context.function().signature.return_type);
    if (declared && declared == local.type && !declared->is(Type::Kind::Named) && !declared->is(Type::Kind::Optional)) {
      return Use{path.node(), "the return value of a function annotated `-> " + declared->spell() + "`"};
    }
    return std::nullopt;
  }
  // A truth value: JT602 reports `Optional[bool]`, this rule the other inner types.
  if (in_truth_position(path) && local.type && !local.type->is(Type::Kind::Bool)) {
    return Use{path.node(), "a truth value"};
  }
  return std::nullopt;
}

// `node` is where `name` is bound (an assignment's target, the parameter), not a read.
bool is_binding_target(const FunctionInfo& function, std::string_view name, TSNode node) {
  const std::vector<Binding>* bindings = function.scope.all(name);
  return bindings && std::any_of(bindings->begin(), bindings->end(),
                                 [&](const Binding& binding) { return same_node(node, binding.target); });
}

// `x == None` / `None != x`: the operator as `is` / `is not`, the test TorchScript refines on.
std::optional<Fix> none_comparison_fix(const RuleContext& context, TSNode comparison) {
  if (!is(comparison, sym.comparison_operator) || ts_node_named_child_count(comparison) != 2) return std::nullopt;
  if (!is(strip_parens(ts_node_named_child(comparison, 0)), sym.none) &&
      !is(strip_parens(ts_node_named_child(comparison, 1)), sym.none)) {
    return std::nullopt;
  }
  for (uint32_t i = 0; i < ts_node_child_count(comparison); ++i) {
    const TSNode token = ts_node_child(comparison, i);
    if (ts_node_is_named(token)) continue;
    const std::string_view op = context.text(token);
    if (op != "==" && op != "!=") return std::nullopt;
    const std::string replacement = op == "==" ? "is" : "is not";
    return Fix{Applicability::Safe, "Compare with `" + replacement + " None`", {replace_node(token, replacement)}, {}, {}};
  }
  return std::nullopt;
}

// `assert x is not None` on a line of its own before the statement holding the read, which refines `x` from there
// on in TorchScript. Only where the statement always evaluates the read (not in a conditional expression, the right
// of `and` / `or`, a comprehension, a lambda, an `elif` or `while` condition) and Python raises on `None` there:
// then the assert changes only which exception a `None` gets, which makes the fix unsafe, not wrong.
std::optional<Fix> assert_fix(const RuleContext& context, const Use& use, std::string_view name) {
  if (!use.raises_on_none) return std::nullopt;
  const NodePath& path = context.path();
  const auto place = statement_place(context);
  if (!place) return std::nullopt;
  for (size_t up = 1; up < path.size(); ++up) {
    const TSNode ancestor = path.ancestor(up);
    if (same_node(ancestor, place->statement)) break;
    const TSSymbol kind = ts_node_symbol(ancestor);
    if (kind == sym.conditional_expression || kind == sym.list_comprehension || kind == sym.set_comprehension ||
        kind == sym.dictionary_comprehension || kind == sym.generator_expression || kind == sym.lambda ||
        kind == sym.elif_clause || kind == sym.while_statement ||
        (kind == sym.boolean_operator && path.field_of(up - 1) == fld.right)) {
      return std::nullopt;
    }
  }
  Fix fix;
  fix.applicability = Applicability::Unsafe;
  fix.message = "Assert `" + std::string(name) + " is not None` before the statement";
  fix.edits.push_back(insert_before(*place, "assert " + std::string(name) + " is not None" + place->newline));
  // two reads in one statement would insert the assert twice: one per function per round, the next sees it
  fix.isolation_scope = naming_scope(context);
  return fix;
}

class OptionalUnrefined final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.identifier}}; }
  void check(RuleContext& context, TSNode node) const override {
    const NodePath& path = context.path();
    const TSNode parent = context.parent();
    const TSFieldId field_in_parent = path.field();
    if ((is(parent, sym.attribute) && field_in_parent == fld.attribute) ||
        (is(parent, sym.keyword_argument) && field_in_parent == fld.name)) {
      return;
    }
    const std::string_view name = context.text(node);
    auto local = optional_local(context.model(), context.function(), name);
    if (local && is_binding_target(context.function(), name, node)) return;
    if (!local) local = optional_before_rebinding(context.model(), context.function(), name, node);
    if (!local) return;
    const auto use = needs_inner(context, path, *local);
    if (!use) return;
    if (optional_refinement(context.model(), context.function(), path, *local) != Refinement::NotRefined) return;
    if (refinement_unclear(context.model(), path, name, &context.function())) return;
    const std::string declared = std::string(context.text(local->annotation));
    std::optional<Fix> fix = none_comparison_fix(context, use->range);
    if (!fix) fix = assert_fix(context, *use, name);
    Diagnostic& diagnostic = context.report(
        use->range, "`" + std::string(name) + "` is `" + declared + "` and is used as " + use->what +
                        " without a `None` check TorchScript can see",
        std::move(fix));
    if (ts_node_is_null(local->source)) {
      diagnostic.related.push_back(Related{ts_node_start_byte(local->declaration),
                                           ts_node_end_byte(local->declaration),
                                           "`" + std::string(name) + "` is declared `" + declared + "` here"});
    } else {
      // `current = kv if is_cross else hidden`: Optional through the conditional expression.
      const std::string from(context.text(local->source));
      diagnostic.related.push_back(Related{ts_node_start_byte(local->source), ts_node_end_byte(local->source),
                                           "`" + std::string(name) + "` can be `" + from + "`, which is `" + declared +
                                               "` and not tested by the condition, so TorchScript types `" +
                                               std::string(name) + "` `" + declared + "`"});
    }
  }
};

}  // namespace

const Rule& optional_unrefined_rule() {
  static const OptionalUnrefined rule;
  return rule;
}

}  // namespace jitlint
