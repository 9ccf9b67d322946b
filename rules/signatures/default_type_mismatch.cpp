// JT308 default-type-mismatch: an annotated parameter of a compiled function whose literal default does not fit
// the annotation (`k: int = 1.5`, `name: str = None`).
#include <memory>
#include <string>

#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT308",
    "default-type-mismatch",
    "signatures",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript converts a parameter's default to the annotated type when it compiles the function; a `None` "
    "default needs `Optional[T]`",
    "Expected a default value of type",
    R"doc(## What it does
Finds parameters of compiled functions whose annotation and literal default disagree in a way TorchScript
rejects: `k: int = 1.5`, `name: str = None`, `x: Tensor = 1.0`, `dims: List[int] = None`, `k: Optional[int] = 1.5`.

## Why TorchScript rejects it
When it compiles a function, TorchScript converts each default value to the parameter's annotated type and fails
when it cannot. Python never checks annotations, so the mismatch goes unnoticed in eager mode. TorchScript's
conversion is lenient in places: `float = 1`, `bool = 0`, `bool = 1.0`, `int = True`, `float = True`,
`Tensor = None`, `bool = None` and `List[int] = (1, 2)` all compile and are not reported.

## The error torch 2.13.0 prints
```
RuntimeError: Expected a default value of type int on parameter "k".:
RuntimeError: Expected a default value of type str on parameter "name".:
```

## Example
```python
def forward(self, x: Tensor, scale: int = 0.5, mode: str = None) -> Tensor:
    ...
```

## Use instead
```python
def forward(self, x: Tensor, scale: float = 0.5, mode: Optional[str] = None) -> Tensor:
    ...
```

## Fix safety
Both fixes change only the annotation, which Python does not check, so eager behaviour is unchanged:
- `T = None` becomes `Optional[T] = None` (adding the `typing` import). **Safe**. TorchScript may then ask for a
  `None` check before the parameter is used as a `T` (`if mode is not None:`), which the code needed anyway.
- `int = 1.5` (a float literal) becomes `float = 1.5`. **Safe**: the compiled function then takes a float like the
  default; an int argument is converted to float.
Other mismatches (a string for a number, a number for a string or a tensor, a number for a container) have no
automatic fix: decide which of the annotation and the default is wrong.

## Known limitations
Only literal defaults are compared (`None`, numbers, booleans, strings, tuples); a default naming a constant
(`k: int = EPS`) is not. Only plain annotations are understood: `int`, `float`, `bool`, `str`, `Tensor`, `List`,
`Tuple`, `Dict` and `Optional` of them (also `X | None`); other annotations and string annotations are not
checked. The element types of a tuple default are not compared.
)doc"};

enum class Ann { Unknown, Int, Float, Bool, Str, Tensor, List, Tuple, Dict };

struct Annotation {
  Ann kind = Ann::Unknown;
  bool optional = false;
  std::string spelled;  // TorchScript's name of the type, for the message
};

class DefaultTypeMismatch final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    for (const Parameter& parameter : function.signature.parameters) {
      if (ts_node_is_null(parameter.annotation) || ts_node_is_null(parameter.default_value)) continue;
      const Annotation annotation = classify(context, ts_node_named_child(parameter.annotation, 0), true);
      if (annotation.kind == Ann::Unknown) continue;
      const LiteralKind value = parameter.default_kind;
      if (!mismatch(annotation, value)) continue;

      std::optional<Fix> fix;
      const std::string ann_text(context.text(parameter.annotation));
      const std::string name(parameter.name);
      if (value == LiteralKind::None && !annotation.optional) {
        const std::string optional = "Optional[" + ann_text + "]";
        fix = Fix{Applicability::Safe, "Annotate `" + name + ": " + optional + "`",
                  {replace_node(parameter.annotation, optional)}, {"Optional"}, {}};
      } else if (value == LiteralKind::Float && annotation.kind == Ann::Int && !annotation.optional &&
                 is(ts_node_named_child(parameter.annotation, 0), sym.identifier)) {
        fix = Fix{Applicability::Safe, "Annotate `" + name + ": float`", {replace_node(parameter.annotation, "float")},
                  {}, {}};
      }
      context.report(parameter.node,
                     "Parameter `" + name + "` is annotated `" + annotation.spelled + "` but defaults to `" +
                         std::string(context.text(parameter.default_value)) + "`, which TorchScript rejects",
                     std::move(fix));
    }
  }

 private:
  static bool builtin(const RuleContext& context, TSNode node, std::string_view name) {
    return context.model().is_builtin(node, name);
  }

  // The annotation's kind, as far as jitlint can tell (Unknown otherwise).
  static Annotation classify(const RuleContext& context, TSNode node, bool allow_optional) {
    Annotation result;
    node = strip_parens(node);
    if (is(node, sym.type)) node = ts_node_named_child(node, 0);
    if (ts_node_is_null(node)) return result;
    const SemanticModel& model = context.model();
    if (is(node, sym.identifier) || is(node, sym.attribute)) {
      if (builtin(context, node, "int")) result.kind = Ann::Int;
      else if (builtin(context, node, "float")) result.kind = Ann::Float;
      else if (builtin(context, node, "bool")) result.kind = Ann::Bool;
      else if (builtin(context, node, "str")) result.kind = Ann::Str;
      else if (model.qualified_name(node) == "torch.Tensor") result.kind = Ann::Tensor;
      result.spelled = result.kind == Ann::Tensor ? "Tensor" : std::string(context.text(node));
      return result;
    }
    // `X | None`, `None | X`
    if (is(node, sym.binary_operator)) {
      if (!allow_optional) return result;
      TSNode left = strip_parens(field(node, fld.left)), right = strip_parens(field(node, fld.right));
      if (is(left, sym.none)) std::swap(left, right);
      if (!is(right, sym.none)) return result;
      result = classify(context, left, false);
      if (result.kind == Ann::Unknown) return result;
      result.optional = true;
      result.spelled = "Optional[" + result.spelled + "]";
      return result;
    }
    const TypeApplication application = type_application(node);
    if (ts_node_is_null(application.head)) return result;
    const TSNode head = application.head;
    const std::vector<TSNode>& arguments = application.arguments;
    const std::string name = model.qualified_name(head);
    std::string args;
    for (TSNode argument : arguments) args += (args.empty() ? "" : ", ") + std::string(context.text(argument));
    if (name == "typing.Optional") {
      if (!allow_optional || arguments.size() != 1) return result;
      result = classify(context, arguments[0], false);
      if (result.kind == Ann::Unknown) return result;
      result.optional = true;
      result.spelled = "Optional[" + result.spelled + "]";
      return result;
    }
    if (name == "typing.List" || builtin(context, head, "list")) result.kind = Ann::List;
    else if (name == "typing.Tuple" || builtin(context, head, "tuple")) result.kind = Ann::Tuple;
    else if (name == "typing.Dict" || builtin(context, head, "dict")) result.kind = Ann::Dict;
    else return result;
    result.spelled = std::string(result.kind == Ann::List ? "List" : result.kind == Ann::Tuple ? "Tuple" : "Dict") +
                     "[" + args + "]";
    return result;
  }

  // Whether TorchScript (measured on torch 2.13.0) rejects a default of kind `value` for the annotation.
  static bool mismatch(const Annotation& annotation, LiteralKind value) {
    if (value == LiteralKind::None) return !annotation.optional && annotation.kind != Ann::Tensor &&
                                          annotation.kind != Ann::Bool;
    switch (annotation.kind) {
      case Ann::Int:
        return value == LiteralKind::Float || value == LiteralKind::Str || value == LiteralKind::Bytes ||
               value == LiteralKind::Tuple;
      case Ann::Float:
        return value == LiteralKind::Str || value == LiteralKind::Tuple;
      case Ann::Bool:
        return value == LiteralKind::Str || value == LiteralKind::Tuple;
      case Ann::Str:
        return value == LiteralKind::Int || value == LiteralKind::Float || value == LiteralKind::Bool;
      case Ann::Tensor:
        return value == LiteralKind::Int || value == LiteralKind::Float || value == LiteralKind::Bool ||
               value == LiteralKind::Str;
      case Ann::List:
      case Ann::Tuple:
      case Ann::Dict:
        return value == LiteralKind::Int || value == LiteralKind::Float || value == LiteralKind::Bool ||
               value == LiteralKind::Str || (annotation.kind == Ann::Dict && value == LiteralKind::Tuple);
      case Ann::Unknown:
        return false;
    }
    return false;
  }
};

}  // namespace

const Rule& default_type_mismatch_rule() {
  static const DefaultTypeMismatch rule;
  return rule;
}

}  // namespace jitlint
