// JT513 argument-type-mismatch: a torch call whose arguments, by their certain types, fit none of its schemas.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/class_attributes.h"
#include "core/edits.h"
#include "core/local_scope.h"
#include "core/nontensor_uses.h"
#include "core/expr_types.h"
#include "core/rule.h"
#include "core/schema_match.h"
#include "core/torch_ops.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT513",
    "argument-type-mismatch",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript matches a call against the operator's typed schemas and converts only a Tensor to a number: pass "
    "the type the schema names",
    "Arguments for call are not valid\n"
    "Expected a value of type\n"
    "not provided",
    R"doc(## What it does
Finds calls of torch operators, in code that `torch.jit.script` compiles, whose arguments fit none of the operator's
schemas by their types: an int literal where the schema takes a `float` (`F.pad(x, pad, value=0)`, `F.dropout(x,
0)`, `F.leaky_relu(x, 0)`), an int where every overload that takes the other arguments wants a Tensor
(`torch.div(seq_len, 2, rounding_mode="trunc")` with `seq_len = x.size(1)`), a number as the first argument of an
operator that takes a Tensor there (`torch.add(0.5, x, alpha=2.0)`), a str where a number goes, a tuple or list
display holding a Tensor where the operator takes a list of ints (`pad_values = (0, 0, 0, pad_right, 0, pad_bottom)`
with `pad_right` computed from a Tensor, then `F.pad(x, pad_values)`; a name bound again later counts at the reads
its first binding reaches, as Swin's `pad_values`, bound once per side). A submodule whose `forward` takes a Tensor (a
`torch.nn` layer, or a module class whose `forward` types its first input `Tensor`) given a tuple, list, number or
str is reported the same way (`self.dense(hidden_states)` with `hidden_states: tuple[torch.Tensor]`, or
`tuple[torch.Tensor] | None`). So is a method or function of this file, or a submodule's `forward` past its input,
given a number, a str, a list, a tuple or a dict for a parameter TorchScript types `Tensor`: one without an
annotation (and without a default, or with `None`), or annotated `Tensor`
(`self._split_heads(x, 4)`). An attribute every assignment of which, in `__init__`, reads the config
(`self.padding_idx = config.pad_token_id`, `config.hidden_size // config.num_attention_heads`) counts as such a
value: a config holds numbers, strings, lists, dicts and None, never a Tensor (the RoBERTa family's
`self.create_position_ids_from_input_ids(input_ids, self.padding_idx)` with an unannotated `padding_idx`); so does
one every assignment of which stores a parameter of `__init__` annotated a number or None (`padding_idx: int | None`,
never rebound there: M2M-100's), since neither an int nor None converts to a Tensor. Where
the callee's body uses that parameter as no Tensor can be used, JT305 reports it there instead: torch compiles the
callee first and stops in its body, and the one annotation mends both.

The callee must certainly be the operator (as for JT510), and only arguments whose type is certain count:
literals, `x.size(i)`, `x.shape[i]`, annotated parameters, locals assigned from those, the builtin `max` / `min` of
tensors and numbers (a number in TorchScript: each Tensor is converted); a name read where its first binding, a list
or tuple display or a list comprehension, reaches it is a list or a tuple whatever its elements are (HRNet's `xl =
[t(x) for t in self.transition1]` then `self.stage2(xl)`). The schemas come from a
table generated from torch's own (`torch._C._jit_get_all_schemas()` and the compiled `torch.nn.functional`
functions, by `scripts/gen_op_schemas.py`).

## Why TorchScript rejects it
TorchScript picks an overload by matching each argument's static type against the schema. The only implicit
conversions are a Tensor to a number (`int`, `float`, `Scalar`), a str to a device, and a tuple or an int to a
list of ints; an `int` is not a `float`, a number is never a Tensor, and a Tensor inside a tuple is not converted
(`Tuple[int, int, int, Tensor, int, Tensor]` is no `List[int]`). Eager PyTorch converts freely
(`value=0` becomes `0.0`, `torch.div(6, 4, rounding_mode="trunc")` wraps the ints), so the code runs eagerly and
fails to compile.

## The error torch 2.13.0 prints
For an operator with several overloads:
```
RuntimeError: Arguments for call are not valid.
The following variants are available:
  aten::div.Tensor_mode(Tensor self, Tensor other, *, str? rounding_mode) -> Tensor:
  Expected a value of type 'Tensor' for argument 'self' but instead found type 'int'.
```
For one schema (a `torch.nn.functional` function compiled from source):
```
RuntimeError: pad(Tensor input, int[] pad, str mode="constant", float? value=None) -> Tensor:
Expected a value of type 'Optional[float]' for argument 'value' but instead found type 'int'.
```
For a method or function given a number for a parameter without annotation:
```
RuntimeError: create_position_ids(Tensor input_ids, Tensor padding_idx, int past_length=0) -> Tensor:
Expected a value of type 'Tensor (inferred)' for argument 'padding_idx' but instead found type 'int'.
Inferred 'padding_idx' to be of type 'Tensor' because it was not annotated with an explicit type.
```
For an argument left out (one overload):
```
RuntimeError: aten::seed(Generator(a!) self) -> int:
Argument self not provided.
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    x = F.pad(x, (0, 1), value=0)
    chunks = torch.div(x.size(1), 2, rounding_mode="floor")
    return x[:, :chunks]
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    x = F.pad(x, (0, 1), value=0.0)
    chunks = x.size(1) // 2
    return x[:, :chunks]
```

## Fix safety
Writing an int literal as a float (`0` -> `0.0`) where a schema that fits takes a `float` (every one, or one of
several: `F.interpolate`'s `scale_factor` takes a float or a list of floats) is **safe**: eager PyTorch converts the
int to the same float. Other mismatches have no automatic fix: an int where a Tensor is
needed is usually an int computation (`a // b` for `torch.div(a, b, rounding_mode="floor")` on non-negative ints),
a number first is the operator's Tensor form reordered (`torch.add(0.5, x, alpha=2.0)` is `0.5 + 2.0 * x`), and a
number for a callee's unannotated parameter asks for the parameter's annotation (`padding_idx: int`), which the
callee's other callers must agree with.

A call whose arguments fit some overloads by their types, but each of those also needs an argument the call leaves
out, is reported too (`x.norm(dim=-1, keepdim=True)`: eager's `Tensor.norm` defaults `p`, and every aten overload
that takes `dim` needs it), and so is one whose keywords no overload takes together, whatever their types
(`torch.min(w, dim=1, out=None)`: eager's `torch.min` takes `out` beside `dim`, no aten overload does).

## Known limitations
Arguments whose type is not certain are taken to fit, and so is the element type of a list. A callee of another file
is not checked against its parameters (its summary does not keep them).
)doc"};

ArgumentKind known_kind(RuleContext& context, const ExprTypes& types, TSNode expr) {
  expr = strip_parens(expr);
  if (is(expr, sym.string) || is(expr, sym.concatenated_string)) return ArgumentKind::Str;
  if (is(expr, sym.none)) return ArgumentKind::None;
  if (is(expr, sym.identifier)) {
    // An unannotated parameter is a Tensor to TorchScript, but passing it where another type goes is JT305's
    // finding (annotate the parameter), not a wrong call.
    const Parameter* parameter = context.function().signature.find(context.text(expr));
    if (parameter && ts_node_is_null(parameter->annotation)) return ArgumentKind::Unknown;
  }
  const auto type = types.of(expr);
  if (!type || !type->certain) return ArgumentKind::Unknown;
  if (type->type.is(Type::Kind::Tuple) || type->type.is(Type::Kind::List)) {
    // A display holding a value computed from a Tensor, written here or bound to the name the call reads (its first
    // binding, which the read still sees: Swin binds `pad_values` once per side, each in its own `if`)
    // (`pad_values = (0, 0, 0, pad_right, 0, pad_bottom)` with `pad_right` from an unannotated `width`): no list of
    // numbers. Only displays: a tuple a callee's annotation promises may be the callee's mistake.
    TSNode display = expr;
    if (is(expr, sym.identifier)) {
      const Binding* binding = context.function().scope.first_binding_read(context.text(expr), expr);
      if (!binding || binding->kind != Binding::Kind::Assignment || binding->element >= 0) {
        return ArgumentKind::Unknown;
      }
      display = strip_parens(binding->value);
    }
    if (!is(display, sym.tuple) && !is(display, sym.list)) return ArgumentKind::Unknown;
    for (TSNode element : NamedChildren(display)) {
      // One holding an unannotated parameter itself is JT305's finding (annotate the parameter).
      element = strip_parens(element);
      const Parameter* parameter =
          is(element, sym.identifier) ? context.function().signature.find(context.text(element)) : nullptr;
      if (parameter && ts_node_is_null(parameter->annotation)) return ArgumentKind::Unknown;
    }
    for (const Type& element : type->type.args) {
      if (element.is(Type::Kind::Tensor)) return ArgumentKind::TensorInDisplay;
    }
    return ArgumentKind::Unknown;
  }
  switch (type->type.kind) {
    case Type::Kind::Tensor: return ArgumentKind::Tensor;
    case Type::Kind::Int: return ArgumentKind::Int;
    case Type::Kind::Float: return ArgumentKind::Float;
    case Type::Kind::Bool: return ArgumentKind::Bool;
    case Type::Kind::Str: return ArgumentKind::Str;
    default: return ArgumentKind::Unknown;
  }
}

std::string_view kind_name(ArgumentKind kind) {
  switch (kind) {
    case ArgumentKind::Tensor: return "a Tensor";
    case ArgumentKind::Int: return "an int";
    case ArgumentKind::Float: return "a float";
    case ArgumentKind::Bool: return "a bool";
    case ArgumentKind::Str: return "a str";
    case ArgumentKind::None: return "None";
    default: return "unknown";
  }
}

// An integer literal, possibly negated: `0`, `-1` (not `0x10` or `1_000`, which a `.0` would not make a float).
bool plain_integer_literal(RuleContext& context, TSNode expr) {
  expr = strip_parens(expr);
  if (is(expr, sym.unary_operator)) expr = strip_parens(field(expr, fld.argument));
  if (!is(expr, sym.integer)) return false;
  for (const char c : context.text(expr)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// `hidden_states` read while it still holds the value of its first binding. A later read is the same mistake again
// (TorchScript keeps the annotated type, and the rebinding fails first).
bool read_before_rebinding(RuleContext& context, TSNode read) {
  read = strip_parens(read);
  if (!is(read, sym.identifier)) return true;
  const LocalScope& scope = context.function().scope;
  return !scope.all(context.text(read)) || scope.first_binding_read(context.text(read), read);
}

class ArgumentTypeMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    if (!context.function().compiled) return;
    const TSNode arguments = field(node, fld.arguments);
    if (!is(arguments, sym.argument_list)) return;
    const TSNode function = strip_parens(field(node, fld.function));
    bool reported = false;
    if (check_submodule_call(context, function, arguments, reported)) {
      if (!reported) check_tensor_parameters(context, node, arguments);
      return;
    }
    if (check_tensor_parameters(context, node, arguments)) return;
    const auto callee = resolve_torch_callee(context.model(), context.function(), function);
    if (!callee || !callee->schemas || callee->schemas->empty()) return;

    const ExprTypes types(context.model(), context.function());
    CallArguments call;
    const auto kind_of = [&](TSNode expr) { return known_kind(context, types, expr); };
    if (!read_call_arguments(context.source(), node, *callee, kind_of, call)) return;
    const size_t none = static_cast<size_t>(-1);
    if (any_schema_fits(*callee, call, none)) {
      if (!any_schema_fits(*callee, call, none, true)) report_missing_argument(context, function, *callee, call);
      return;
    }

    // Blame the one argument whose type, were it unknown, would let a schema take the call.
    size_t blamed = none;
    for (size_t i = 0; i < call.size(); ++i) {
      if (call.at(i).kind == ArgumentKind::Unknown || !any_schema_fits(*callee, call, i)) continue;
      if (blamed != none) return;  // two arguments could each be the one: say nothing rather than guess
      blamed = i;
    }
    if (blamed == none) {
      report_arguments_no_overload_takes(context, function, *callee, call);
      return;
    }
    const bool is_keyword = blamed >= call.positional.size();
    const CallArgument& actual = call.at(blamed);
    if (callee->method && blamed == 0) return;  // the receiver itself: nothing to say about the arguments

    // What the schemas that would take the call want there.
    const std::vector<std::string_view> wanted = wanted_types(*callee, call, blamed);
    if (wanted.empty()) return;
    const std::string want = describe_schema_types(wanted);
    // An overload that would take the call has a plain float there (`F.interpolate`'s `scale_factor` takes a float
    // or a list of floats): the int literal written as a float is that overload's call.
    bool takes_float = false;
    for (const std::string_view type : wanted) takes_float = takes_float || type == "F" || type == "F?";
    const std::string where =
        is_keyword ? "`" + std::string(call.keywords[blamed - call.positional.size()].first) + "`"
                   : "argument " + std::to_string(blamed + (callee->method ? 0 : 1)) + " (`" +
                         std::string(context.text(actual.node)) + "`)";
    std::string message = "TorchScript's `" + callee->display + "` takes " + want + " as " + where + ", not ";
    if (actual.kind == ArgumentKind::TensorInDisplay) {
      message += "a `" + types.of(actual.node)->type.spell() + "`, which holds a Tensor";
    } else {
      message += kind_name(actual.kind);
    }
    if (actual.kind == ArgumentKind::Int && takes_float) message += "; TorchScript does not convert an int to a float";

    std::optional<Fix> fix;
    if (actual.kind == ArgumentKind::Int && takes_float && plain_integer_literal(context, actual.node)) {
      TSNode literal = strip_parens(actual.node);
      if (is(literal, sym.unary_operator)) literal = strip_parens(field(literal, fld.argument));
      fix = Fix{};
      fix->message = "Write `" + std::string(context.text(literal)) + ".0`";
      fix->applicability = Applicability::Safe;
      fix->edits.push_back(replace_node(literal, std::string(context.text(literal)) + ".0"));
    }
    context.report(actual.node, std::move(message), std::move(fix));
  }

 private:
  // `x.norm(dim=-1, keepdim=True)`: the arguments fit some overloads by their types, but each of those needs one
  // more that has no default in its schema (`p`), where eager's Python signature gives one. Said only when every
  // such overload lacks the same argument.
  static void report_missing_argument(RuleContext& context, TSNode function, const TorchCallee& callee,
                                      const CallArguments& call) {
    std::string_view missing;
    for (const Schema& schema : *callee.schemas) {
      if (!schema_fits(schema, call, callee.aten, static_cast<size_t>(-1))) continue;
      const std::string_view name = missing_argument(schema, call, callee.aten);
      if (name.empty() || (!missing.empty() && name != missing)) return;
      missing = name;
    }
    if (missing.empty()) return;
    context.report(function, "No overload of TorchScript's `" + callee.display +
                                 "` takes these arguments: each also needs `" + std::string(missing) +
                                 "`, which has no default there");
  }

  // `torch.min(w, dim=1, out=None)`: whatever the arguments' types, no overload takes these names and this many
  // positional values together (eager's Python signature takes `out` beside `dim`; no aten overload does).
  static void report_arguments_no_overload_takes(RuleContext& context, TSNode function, const TorchCallee& callee,
                                                 CallArguments call) {
    for (auto& argument : call.positional) argument.kind = ArgumentKind::Unknown;
    for (auto& keyword : call.keywords) keyword.second.kind = ArgumentKind::Unknown;
    if (call.keywords.empty() || any_schema_fits(callee, call, static_cast<size_t>(-1))) return;
    std::string names;
    for (const auto& keyword : call.keywords) names += (names.empty() ? "`" : ", `") + std::string(keyword.first) + "=`";
    context.report(function, "No overload of TorchScript's `" + callee.display + "` takes " + names +
                                 " together with these positional arguments");
  }

  // `self.dense(hidden_states)` with `hidden_states: tuple[torch.Tensor]`: a submodule whose forward takes a Tensor
  // given a value that is certainly a tuple, list, number or str. True when the call is such a submodule's;
  // `reported` when its input was reported.
  static bool check_submodule_call(RuleContext& context, TSNode function, TSNode arguments, bool& reported) {
    const auto sub = submodule_takes_tensor(context.model(), context.function(), function);
    if (!sub) return false;
    if (ts_node_named_child_count(arguments) == 0) return true;
    const TSNode first = ts_node_named_child(arguments, 0);
    if (is(first, sym.keyword_argument) || is(first, sym.list_splat) || is(first, sym.dictionary_splat)) return true;
    const std::string what = input_no_tensor(context, first);
    if (what.empty()) return true;
    context.report(first, "`" + std::string(context.text(function)) + "` (" + *sub + ") takes a Tensor, but `" +
                              std::string(context.text(first)) + "` is " + what);
    reported = true;
    return true;
  }

  // "a `Tuple[Tensor]`", "a list", ... for a submodule's input that is certainly no Tensor; empty otherwise.
  static std::string input_no_tensor(RuleContext& context, TSNode input) {
    const auto type = ExprTypes(context.model(), context.function()).of(input);
    // `self.stage2(xl)` with `xl = [t(x) for t in self.transition1]` (timm's HRNet): a list whatever its elements are
    if (!type || !type->certain) return bound_display(context, input);
    // `Optional[Tuple[Tensor]]` is no Tensor either, refined or not (`tuple[torch.Tensor] | None`).
    const Type& value = type->type.kind == Type::Kind::Optional && type->type.args.size() == 1 ? type->type.args[0]
                                                                                              : type->type;
    const Type::Kind kind = value.kind;
    if (kind != Type::Kind::Tuple && kind != Type::Kind::List && kind != Type::Kind::Int &&
        kind != Type::Kind::Float && kind != Type::Kind::Bool && kind != Type::Kind::Str) {
      return {};
    }
    if (!read_before_rebinding(context, input)) return {};
    return "a `" + type->type.spell() + "`";
  }

  // `self.create_position_ids_from_input_ids(input_ids, self.padding_idx)` where the method's `padding_idx` has no
  // annotation (TorchScript types it Tensor) and the argument is certainly a number, a str, a list or a tuple:
  // TorchScript converts none of them to a Tensor ("Expected a value of type 'Tensor (inferred)' for argument
  // 'padding_idx' but instead found type 'int'"). The callee is a method or function of this file, or a submodule's
  // `forward` past its input (the input is `check_submodule_call`'s). The first such argument is reported, as torch
  // stops there. True when one was.
  static bool check_tensor_parameters(RuleContext& context, TSNode call, TSNode arguments) {
    const SemanticModel& model = context.model();
    if (ts_node_named_child_count(arguments) == 0) return false;
    // Only `f(...)` with `f` a function of this file, `self.<name>(...)`, `self.<sub>.<name>(...)` or
    // `Class.<name>(...)` can name one (a cheap test first: most calls of compiled code are torch's).
    const TSNode function = strip_parens(field(call, fld.function));
    bool through_class = false;
    if (is(function, sym.identifier)) {
      if (model.find_module_function(context.text(function)) < 0) return false;
    } else if (is(function, sym.attribute)) {
      TSNode object = strip_parens(field(function, fld.object));
      if (is(object, sym.attribute)) object = strip_parens(field(object, fld.object));
      // `self.m(...)`, `self.sub(...)`, `self.sub.m(...)`, `Class.m(...)` (a static method of this file)
      if (!is(object, sym.identifier)) return false;
      if (context.text(object) != context.function().self_name) {
        if (model.find_class(context.text(object)) < 0) return false;
        through_class = true;
      }
    } else {
      return false;
    }
    const auto callee = callee_target(model, context.function(), call);
    // `Class.m(self, ...)` passes the instance itself: only a static method binds the arguments as written
    if (!callee || (through_class && !callee->target->self_name.empty())) return false;
    const ExprTypes types(model, context.function());
    bool first_positional = true;
    for (TSNode argument : NamedChildren(arguments)) {
      if (is(argument, sym.comment)) continue;
      if (is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)) return false;
      const bool input = first_positional && !is(argument, sym.keyword_argument);
      first_positional = false;
      if (callee->submodule_forward && input) continue;
      const Parameter* bound = bound_parameter(model, *callee, arguments, argument);
      if (!bound || !takes_tensor(model, *callee->target, *bound)) continue;
      const TSNode value = is(argument, sym.keyword_argument) ? field(argument, fld.value) : argument;
      const std::string what = certainly_no_tensor(context, types, value);
      if (what.empty() || used_as_no_tensor(model, *callee->target, *bound)) continue;
      const Parameter& parameter = *bound;
      Diagnostic& diagnostic = context.report(
          value, "`" + std::string(context.text(value)) + "` is " + what + ", but parameter `" +
                     std::string(parameter.name) + "` of `" + std::string(context.text(field(call, fld.function))) +
                     "` " +
                     (ts_node_is_null(parameter.annotation) ? "has no annotation, so TorchScript types it `Tensor`"
                                                            : "is annotated `Tensor`") +
                     ", and TorchScript does not convert the argument to one");
      diagnostic.related.push_back(Related{ts_node_start_byte(parameter.node), ts_node_end_byte(parameter.node),
                                           "the parameter"});
      return true;
    }
    return false;
  }

  // The parameter is a Tensor to TorchScript: annotated `Tensor`, or unannotated without a default or with `None`
  // (JT303 reports another default at the parameter itself).
  static bool takes_tensor(const SemanticModel& model, const FunctionInfo& target, const Parameter& parameter) {
    if (parameter.kind != Parameter::Kind::Positional && parameter.kind != Parameter::Kind::KeywordOnly) return false;
    if (ts_node_is_null(parameter.annotation)) return checked_default(parameter);
    const auto declared = ExprTypes(model, target).annotation(parameter.annotation);
    return declared && declared->is(Type::Kind::Tensor);
  }

  // An unannotated parameter the callee's body uses as no Tensor can be (JT305's): torch compiles the callee first
  // and stops in its body, and annotating the parameter mends both.
  static bool used_as_no_tensor(const SemanticModel& model, const FunctionInfo& target, const Parameter& parameter) {
    if (!ts_node_is_null(parameter.annotation)) return false;
    const auto& parameters = target.signature.parameters;
    const size_t index = static_cast<size_t>(&parameter - parameters.data());
    return index < parameters.size() && first_nontensor_use(model, target, index).has_value();
  }

  // "an `int`", "a list", ... for a value that is certainly no Tensor; empty when it may be one.
  static std::string certainly_no_tensor(RuleContext& context, const ExprTypes& types, TSNode value) {
    value = strip_parens(value);
    if (is(value, sym.list) || is(value, sym.list_comprehension)) return "a list";
    if (is(value, sym.tuple)) return "a tuple";
    if (is(value, sym.dictionary) || is(value, sym.dictionary_comprehension)) return "a dict";
    switch (known_kind(context, types, value)) {
      case ArgumentKind::Int: return "an `int`";
      case ArgumentKind::Float: return "a `float`";
      case ArgumentKind::Bool: return "a `bool`";
      case ArgumentKind::Str: return "a `str`";
      default: break;
    }
    if (const AttrFact* fact = context.model().self_attribute_fact(context.function(), value);
        fact && context.model().holds_config_value(*fact)) {
      return "a value of the config (never a Tensor)";
    }
    // `self.padding_idx` set from `padding_idx: int | None`: an int or None, and neither converts to a Tensor
    // ("... found type 'int'" or "... found type 'NoneType'")
    if (const std::string scalar = scalar_or_none_attribute(context, value); !scalar.empty()) {
      return "`" + scalar + "` (a number or None, never a Tensor)";
    }
    if (!is(value, sym.identifier) || !read_before_rebinding(context, value)) return {};
    const auto type = types.of(value);
    if (type && type->certain && (type->type.is(Type::Kind::List) || type->type.is(Type::Kind::Tuple))) {
      return "a `" + type->type.spell() + "`";
    }
    return bound_display(context, value);
  }

  // `self.x` whose every assignment, in a method TorchScript does not compile (`__init__`), stores a parameter of
  // that method annotated a scalar or None (`padding_idx: int | None`) and never rebound there: that annotation,
  // spelled as written; empty otherwise.
  static std::string scalar_or_none_attribute(const RuleContext& context, TSNode value) {
    const SemanticModel& model = context.model();
    const AttrFact* fact = model.self_attribute_fact(context.function(), value);
    if (!fact || fact->sites.empty() || fact->is_final) return {};
    std::string spelled;
    for (const AttrSite& site : fact->sites) {
      if (site.function < 0 || !is(site.value, sym.identifier)) return {};
      const FunctionInfo& assigning = model.functions()[site.function];
      if (assigning.compiled) return {};
      const std::string_view name = context.text(site.value);
      const Parameter* parameter = assigning.signature.find(name);
      if (!parameter || parameter->kind != Parameter::Kind::Positional || ts_node_is_null(parameter->annotation)) {
        return {};
      }
      const auto declared = ExprTypes(model, assigning).annotation(parameter->annotation);
      if (!declared || !declared->is(Type::Kind::Optional) || declared->args.size() != 1) return {};
      const Type::Kind inner = declared->args[0].kind;
      if (inner != Type::Kind::Int && inner != Type::Kind::Float && inner != Type::Kind::Bool) return {};
      if (rebinds(context, field(assigning.definition, fld.body), name)) return {};
      const std::string written(context.text(parameter->annotation));
      if (!spelled.empty() && spelled != written) return {};
      spelled = written;
    }
    return spelled;
  }

  // Whether `body` assigns `name` anywhere (an assignment, augmented assignment or `for` target, outside nested
  // scopes): a method TorchScript does not compile keeps no scope to ask.
  static bool rebinds(const RuleContext& context, TSNode body, std::string_view name) {
    bool found = false;
    walk_descendants(body, [&](TSNode n) {
      if (found || is_nested_scope(n)) return false;
      TSNode target{};
      if (is(n, sym.assignment) || is(n, sym.augmented_assignment)) target = field(n, fld.left);
      if (is(n, sym.for_statement)) target = field(n, fld.left);
      if (!ts_node_is_null(target)) found = binds_name(context, target, name);
      return !found;
    });
    return found;
  }

  // A target binds `name`: the name itself, or inside a tuple or list pattern (`self.x = ...` binds no local).
  static bool binds_name(const RuleContext& context, TSNode target, std::string_view name) {
    target = strip_parens(target);
    if (is(target, sym.identifier)) return context.text(target) == name;
    if (!is(target, sym.pattern_list) && !is(target, sym.tuple_pattern) && !is(target, sym.list_pattern)) return false;
    for (TSNode element : NamedChildren(target)) {
      if (binds_name(context, is(element, sym.list_splat_pattern) ? ts_node_named_child(element, 0) : element, name)) {
        return true;
      }
    }
    return false;
  }

  // "a list" / "a tuple" for a name whose read sees its first binding, a list or tuple display or a list
  // comprehension (`xl = [t(x) for t in self.transition1]`: a list whatever its elements are); empty otherwise.
  static std::string bound_display(RuleContext& context, TSNode name) {
    name = strip_parens(name);
    if (!is(name, sym.identifier) || !read_before_rebinding(context, name)) return {};
    const auto* bindings = context.function().scope.all(context.text(name));
    if (!bindings || bindings->empty()) return {};
    const Binding& first = bindings->front();
    if (first.kind != Binding::Kind::Assignment || first.element >= 0 || !ts_node_is_null(first.annotation)) return {};
    const TSNode bound = strip_parens(first.value);
    if (is(bound, sym.list) || is(bound, sym.list_comprehension)) return "a list";
    if (is(bound, sym.tuple)) return "a tuple";
    return {};
  }
};

}  // namespace

const Rule& argument_type_mismatch_rule() {
  static const ArgumentTypeMismatch rule;
  return rule;
}

}  // namespace jitlint
