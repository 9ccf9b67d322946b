// JT607 return-type-mismatch: a compiled function returns a value certainly not of its annotated return type, or
// (unannotated) returns values of certainly different types on different paths.
#include "core/expr_types.h"
#include "core/type_certainty.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT607",
    "return-type-mismatch",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript gives a function one return type: every return must match the annotation, or each other",
    "Return value was annotated as having type\n"
    "Previous return statement returned a value of type\n"
    "Expected an annotation of type",
    R"doc(## What it does
Finds `return` statements of compiled functions whose value certainly has another type than the function returns:
- with a return annotation, a value that is not of that type: `-> Tensor` returning `1` or `x.shape`, `-> int`
  returning `1.5`, `-> Tuple[Tensor, Tensor]` returning one tensor, `-> Tensor` returning `None` or a bare `return`;
- without one, a value whose type differs from an earlier return's: `return 1` then `return 1.5`, `return x, y`
  then `return x`, `return x` then `return 0`.

Only types the source makes certain count (literals, annotated parameters and locals, `len(...)`, `x.shape`, known
torch calls), the length of a returned tuple display (`return attn_output, attn_weights` against
`-> tuple[torch.Tensor]`, a 1-tuple), and a dict or list display or comprehension, which is a dict or a list
whatever its elements are (CSM's `-> torch.Tensor | None` returning `{"inputs_embeds": ..., "labels": ...}`); the
earlier return is a related location.

## Why TorchScript rejects it
A TorchScript function has one static return type: the annotation, or the type of the first return, unified with
the later ones. Unification only adds `Optional` (a value and `None` give `Optional[T]`) and no numeric tower: an
`int` is not a `float`, a tuple is not a list, a number is not a tensor.

## The error torch 2.13.0 prints
```
RuntimeError: Return value was annotated as having type Tensor but is actually of type int:
RuntimeError: Previous return statement returned a value of type int but this return statement returns a value of type float:
```
A dict or list display is typed from the annotation it is returned under, and fails there:
```
RuntimeError: Expected an annotation of type Dict but got Optional[Tensor]:
```

## Example
```python
def scale(x: Tensor, fast: bool):
    if fast:
        return 1
    return 0.5
```

## Use instead
```python
def scale(x: Tensor, fast: bool) -> float:
    if fast:
        return 1.0
    return 0.5
```

## Fix safety
No automatic fix: which type the function should return is the author's choice (`float(...)` on an int return, a
tensor from a number, an `Optional` annotation with refinement in the callers).

## Known limitations
TorchScript's implicit conversions are not reported: a `bool` where `int` or `float` is annotated, a `Tensor` where a
number is annotated (both compile). Lists, dicts and classes are only compared by kind, not by element type; a
function that falls off its end without returning is not reported.
)doc"};

using Kind = Type::Kind;

bool simple_kind(Kind kind) {
  return kind == Kind::Tensor || kind == Kind::Int || kind == Kind::Float || kind == Kind::Bool || kind == Kind::Str ||
         kind == Kind::Tuple || kind == Kind::List || kind == Kind::Dict || kind == Kind::None;
}

// A value of type `value` is certainly rejected where `declared` is expected (annotated return). False whenever
// TorchScript may accept or convert it.
bool rejected(const Type& value, const Type& declared) {
  if (declared.is(Kind::Optional)) {
    if (value.is(Kind::None)) return false;
    return rejected(value, declared.args[0]);
  }
  if (!simple_kind(declared.kind) || !simple_kind(value.kind)) return false;
  if (value.kind == declared.kind) {
    if (value.is(Kind::Tuple)) {
      if (value.args.size() != declared.args.size()) return true;
      for (size_t i = 0; i < value.args.size(); ++i) {
        if (rejected(value.args[i], declared.args[i])) return true;
      }
    }
    return false;  // lists and dicts: element types not compared
  }
  // Implicit conversions TorchScript applies (all compile): bool -> int/float, Tensor -> int/float/bool.
  if (value.is(Kind::Bool) && (declared.is(Kind::Int) || declared.is(Kind::Float))) return false;
  if (value.is(Kind::Tensor) && (declared.is(Kind::Int) || declared.is(Kind::Float) || declared.is(Kind::Bool))) {
    return false;
  }
  return true;
}

// Two unannotated returns whose types TorchScript cannot unify (None unifies with anything into an Optional).
bool disagree(const Type& a, const Type& b) {
  if (a.is(Kind::None) || b.is(Kind::None)) return false;
  if (!simple_kind(a.kind) || !simple_kind(b.kind)) return false;
  if (a.kind != b.kind) return true;
  if (a.is(Kind::Tuple)) {
    if (a.args.size() != b.args.size()) return true;
    for (size_t i = 0; i < a.args.size(); ++i) {
      if (disagree(a.args[i], b.args[i])) return true;
    }
  }
  return false;
}

struct Return {
  TSNode statement{};
  TSNode value{};  // null for a bare `return`
  std::optional<Type> type;  // certain type, or nullopt
};

class ReturnTypeMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    if (function.signature.type_comment) return;
    const SemanticModel& model = context.model();
    ExprTypes types(model, function);
    std::vector<Return> returns;
    bool unknown_return = false;
    for (TSNode node : function.returns) {
      if (model.is_dead(function, node)) continue;
      // A return under a None test may be in a branch TorchScript drops statically: its type proves nothing.
      if (under_none_test(function, node)) {
        unknown_return = true;
        continue;
      }
      Return r;
      r.statement = node;
      r.value = ts_node_named_child(node, 0);
      if (is(r.value, sym.comment)) r.value = TSNode{};
      r.type = certain_type(context, types, r.value);
      returns.push_back(r);
    }
    TSNode annotation = function.signature.return_type;
    if (!ts_node_is_null(annotation)) {
      const auto declared = types.annotation(annotation);
      if (!declared) return;
      for (const Return& r : returns) {
        if (!r.type || !rejected(*r.type, *declared)) continue;
        report(context, r, "`" + std::string(context.text(ts_node_is_null(r.value) ? r.statement : r.value)) + "` is " +
                               described(*r.type) + ", but the function is annotated to return `" +
                               std::string(context.text(annotation)) + "`");
        return;  // torch stops at the first
      }
      return;
    }
    // Unannotated: the first return fixes the type; every earlier one must be certain to know what it unified to.
    if (unknown_return) return;
    const Return* first = nullptr;
    for (const Return& r : returns) {
      if (!r.type) return;
      if (r.type->is(Kind::None)) continue;
      if (!first) {
        first = &r;
        continue;
      }
      if (disagree(*first->type, *r.type)) {
        Diagnostic& diagnostic = report(
            context, r,
            "This return gives " + described(*r.type) + ", but an earlier return gives " + described(*first->type) +
                ": TorchScript needs one return type");
        diagnostic.related.push_back(Related{ts_node_start_byte(first->statement), ts_node_end_byte(first->statement),
                                             "the earlier return"});
        return;
      }
    }
  }

 private:
  static Diagnostic& report(RuleContext& context, const Return& r, std::string message) {
    return context.report(ts_node_is_null(r.value) ? r.statement : r.value, std::move(message));
  }

  static const Type& kUnknown() {
    static const Type unknown{Kind::Named, {}, "?"};
    return unknown;
  }

  static bool has_unknown(const Type& type) {
    if (type.is(Kind::Named) && type.name == "?") return true;
    for (const Type& arg : type.args) {
      if (has_unknown(arg)) return true;
    }
    return false;
  }

  static std::string described(const Type& type) {
    if (type.is(Kind::Tuple) && has_unknown(type)) {
      return "a tuple of " + std::to_string(type.args.size()) + (type.args.size() == 1 ? " value" : " values");
    }
    if (type.is(Kind::Dict) && has_unknown(type)) return "a dict";
    if (type.is(Kind::List) && has_unknown(type)) return "a list";
    switch (type.kind) {
      case Kind::None: return "`None`";
      case Kind::Tensor: return "a `Tensor`";
      case Kind::Int: return "an `int`";
      default: return "a `" + type.spell() + "`";
    }
  }

  static std::optional<Type> certain_type(RuleContext& context, const ExprTypes& types, TSNode value) {
    if (ts_node_is_null(value)) return Type::of(Kind::None);
    value = strip_parens(value);
    if (is(value, sym.none)) return Type::of(Kind::None);
    if (is(value, sym.expression_list) || is(value, sym.tuple)) {
      // `return a, b`, `return (a, b)`: certainly a tuple of that length, whatever its elements are (an element of
      // unknown type is `?`, which no comparison rejects).
      Type tuple = Type::of(Kind::Tuple);
      for (TSNode element : NamedChildren(value)) {
        if (is(element, sym.list_splat)) return std::nullopt;
        if (is(element, sym.comment)) continue;
        auto t = certain_type(context, types, element);
        tuple.args.push_back(t ? std::move(*t) : kUnknown());
      }
      return tuple;
    }
    const bool dict_display = is(value, sym.dictionary) || is(value, sym.dictionary_comprehension);
    const bool list_display = is(value, sym.list) || is(value, sym.list_comprehension);
    if (!dict_display && !list_display && reads_rebound_local(context.source(), context.function(), value)) {
      return std::nullopt;
    }
    const auto inferred = types.of(value);
    if (inferred && inferred->certain) return inferred->type;
    // A display is a dict or a list whatever its elements are (only the kind is compared, as for any list or dict).
    if (dict_display) return Type{Kind::Dict, {kUnknown(), kUnknown()}, {}};
    if (list_display) return Type{Kind::List, {kUnknown()}, {}};
    return std::nullopt;
  }
};

}  // namespace

const Rule& return_type_mismatch_rule() {
  static const ReturnTypeMismatch rule;
  return rule;
}

}  // namespace jitlint
