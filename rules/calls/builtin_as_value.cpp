// JT504 builtin-as-value: a builtin function or type used as a value (passed, returned, stored, tested) in compiled
// code.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"
#include "rules/calls/builtin_names.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT504",
    "builtin-as-value",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript's builtins can only be called, not passed around; call it, or use a torch dtype for `dtype`",
    "cannot be used as a value",
    R"doc(## What it does
Finds a builtin function or type that TorchScript knows (`len`, `abs`, `max`, `min`, `sum`, `sorted`, `int`,
`float`, `bool`, `str`, `list`, `range`, `print`, ...) used as a value in code that `torch.jit.script` compiles:
passed as an argument (`g(len, xs)`, `x.to(float)`, `torch.zeros(n, dtype=float)`), returned, put in a list, tuple
or dict, compared or tested (`if abs:`), or formatted into an f-string.

Arguments of builtin calls are left to the rules of those calls: `map(int, xs)` is JT502's, `sorted(xs, key=len)`
is JT503's, `np.zeros(n, dtype=bool)` is JT505's (non-torch library call), and `isinstance(x, (int, float))` is a type, which is fine. So is `f = max` (a local alias TorchScript
resolves when `f` is called).

## Why TorchScript rejects it
TorchScript's builtins are not first-class values: each is a "sugared value" that only means something when called
right there (`len(x)` becomes `aten::len`). There is no value of type "function" to pass or store, and a Python
type (`float`) is not a dtype.

## The error torch 2.13.0 prints
```
RuntimeError: __len__ cannot be used as a value:
RuntimeError: __float__ cannot be used as a value:                (x.to(float), dtype=float)
RuntimeError: builtin cannot be used as a value:                  (abs, max, ...)
```

## Example
```python
def forward(self, x: Tensor, sizes: List[List[int]]) -> Tensor:
    total = apply_all(len, sizes)
    return x.to(float) * total
```

## Use instead
```python
def forward(self, x: Tensor, sizes: List[List[int]]) -> Tensor:
    total = sum([len(s) for s in sizes])
    return x.to(torch.float64) * total
```

## Fix safety
`float`, `int` and `bool` passed as `dtype=` to a `torch.*` function or a tensor method, or as the argument of
`tensor.to(...)`, become `torch.float64`, `torch.int64` and `torch.bool`: the dtypes PyTorch maps those Python types
to, so the fix is **safe**. Other uses have no automatic fix.
)doc"};

bool known_builtin(std::string_view name) {
  return calls::one_of(name, {"abs", "len", "max", "min", "sum", "sorted", "any", "all", "round", "int", "float",
                              "bool", "str", "list", "dict", "tuple", "print", "range", "enumerate", "zip", "ord",
                              "chr", "hash", "divmod", "isinstance", "getattr", "hasattr", "hex", "oct", "bin",
                              "pow", "complex"});
}

class BuiltinAsValue final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.identifier}}; }

  void check(RuleContext& context, TSNode node) const override {
    const std::string_view name = context.text(node);
    if (!known_builtin(name) || !is_variable(context.path())) return;
    if (!value_position(context)) return;
    if (!calls::names_builtin(context, node, name)) return;
    context.report(node,
                   "The builtin `" + std::string(name) +
                       "` is used as a value, which TorchScript does not support (builtins can only be called)",
                   dtype_fix(context, node, name));
  }

 private:
  // Where TorchScript evaluates the name as a value and fails: an argument of a call that is not a builtin's,
  // an element of a display, a returned value, an operand, a condition, an f-string field.
  static bool value_position(RuleContext& context) {
    const NodePath& path = context.path();
    for (size_t k = 1; k < path.size(); ++k) {
      if (is(path.ancestor(k), sym.type)) return false;  // an annotation (`m: int | None`)
    }
    size_t up = 1;
    TSNode parent = path.ancestor(up);
    while (is(parent, sym.parenthesized_expression)) parent = path.ancestor(++up);
    if (is(parent, sym.keyword_argument)) {
      if (path.field_of(up - 1) != fld.value) return false;
      parent = path.ancestor(++up);
    }
    if (is(parent, sym.argument_list)) {
      const TSNode call = path.ancestor(up + 1);
      return is(call, sym.call) && !builtin_or_type_call(context, call);
    }
    if (is(parent, sym.list) || is(parent, sym.tuple) || is(parent, sym.pair) || is(parent, sym.expression_list)) {
      // Not a tuple of types handed to a builtin (`isinstance(x, (int, float))`) nor a target.
      for (size_t k = up + 1; k < path.size(); ++k) {
        const TSNode a = path.ancestor(k);
        if (is(a, sym.tuple) || is(a, sym.list) || is(a, sym.parenthesized_expression) || is(a, sym.pair) ||
            is(a, sym.dictionary) || is(a, sym.expression_list)) {
          continue;
        }
        if (is(a, sym.argument_list)) {
          const TSNode call = path.ancestor(k + 1);
          return is(call, sym.call) && !builtin_or_type_call(context, call);
        }
        if (is(a, sym.keyword_argument)) {
          const TSNode call = path.ancestor(k + 2);
          return is(call, sym.call) && !builtin_or_type_call(context, call);
        }
        if (is(a, sym.assignment) || is(a, sym.augmented_assignment)) return path.field_of(k - 1) == fld.right;
        return is(a, sym.return_statement) || is(a, sym.expression_statement);
      }
      return false;
    }
    if (is(parent, sym.comparison_operator)) {
      // `type(x) == int`: JT502 reports the `type(...)` call.
      for (TSNode operand : NamedChildren(parent)) {
        if (is(operand, sym.call) && calls::called_builtin(context, operand) == "type") return false;
      }
      return true;
    }
    if (is(parent, sym.return_statement) ||
        is(parent, sym.boolean_operator) || is(parent, sym.not_operator) || is(parent, sym.binary_operator) ||
        is(parent, sym.interpolation) || is(parent, sym.conditional_expression)) {
      return true;
    }
    if ((is(parent, sym.if_statement) || is(parent, sym.while_statement) || is(parent, sym.elif_clause) ||
         is(parent, sym.assert_statement)) &&
        (path.field_of(up - 1) == fld.condition || is(parent, sym.assert_statement))) {
      return true;
    }
    return false;
  }

  // A call whose arguments are not ours: a builtin's (JT502 / JT503 own them, `isinstance` takes types), or one
  // of torch's that takes a type (`torch.jit.annotate(int, x)`, `torch.jit.isinstance(x, int)`).
  static bool builtin_or_type_call(RuleContext& context, TSNode call) {
    if (!calls::called_builtin(context, call).empty()) return true;
    TSNode function = strip_parens(field(call, fld.function));
    if (is(function, sym.identifier)) {
      const std::string_view name = context.text(function);
      if (context.model().is_builtin(function, name) && !context.function().scope.all(name)) return true;
    }
    const std::string qualified = canonical_name(context.model().qualified_name(function));
    // A call into another library (`np.zeros(n, dtype=bool)`) is JT505's: torch fails on the library first.
    if (!qualified.empty() && qualified.rfind("torch.", 0) != 0 && qualified.rfind("typing.", 0) != 0) return true;
    return calls::one_of(qualified, {"torch.jit.annotate", "torch.jit.isinstance", "torch.jit._isinstance",
                                     "torch.jit.Attribute", "torch.jit.Final"});
  }

  // `dtype=float` to a torch function or tensor method, `x.to(float)` -> the torch dtype PyTorch maps it to.
  static std::optional<Fix> dtype_fix(RuleContext& context, TSNode node, std::string_view name) {
    const char* dtype = name == "float" ? "float64" : name == "int" ? "int64" : name == "bool" ? "bool" : nullptr;
    if (!dtype || context.model().imports().imported_as("torch") != "torch" ||
        context.function().scope.all("torch")) {
      return std::nullopt;
    }
    const NodePath& path = context.path();
    TSNode call{};
    bool keyword = false;
    if (is(path.parent(), sym.keyword_argument)) {
      if (context.text(field(path.parent(), fld.name)) != "dtype") return std::nullopt;
      keyword = true;
      call = path.ancestor(3);
    } else if (is(path.parent(), sym.argument_list)) {
      call = path.ancestor(2);
    }
    if (!is(call, sym.call)) return std::nullopt;
    TSNode function = strip_parens(field(call, fld.function));
    bool ok = false;
    if (is(function, sym.attribute)) {
      const ExprTypes types(context.model(), context.function());
      const auto receiver = types.of(field(function, fld.object));
      const bool tensor = receiver && receiver->certain && receiver->type.is(Type::Kind::Tensor);
      const std::string qualified = canonical_name(context.model().qualified_name(function));
      const bool torch_function = qualified.rfind("torch.", 0) == 0 && qualified.rfind("torch.jit", 0) != 0;
      if (keyword) {
        ok = tensor || torch_function;
      } else {
        // `x.to(float)`: the only positional argument of a tensor's `.to`.
        ok = tensor && context.text(field(function, fld.attribute)) == "to" &&
             named_children(field(call, fld.arguments)).size() == 1;
      }
    }
    if (!ok) return std::nullopt;
    Fix fix;
    fix.applicability = Applicability::Safe;
    const std::string replacement = std::string("torch.") + dtype;
    fix.message = "Use the dtype `" + replacement + "`";
    fix.edits.push_back(replace_node(node, replacement));
    return fix;
  }
};

}  // namespace

const Rule& builtin_as_value_rule() {
  static const BuiltinAsValue rule;
  return rule;
}

}  // namespace jitlint
