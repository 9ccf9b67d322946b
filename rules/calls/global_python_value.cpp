// JT511 global-python-value: a module-level variable (number, string, container, tensor...) read in compiled code.
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/edits.h"
#include "core/local_scope.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT511",
    "global-python-value",
    "calls",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript cannot read module-level variables: pass the value in, or keep it on the module as an attribute",
    "cannot be used as a value\n"
    "cannot be used as an iterable\n"
    "attribute lookup is not defined on python value of type",
    R"doc(## What it does
Finds reads of module-level variables in code that `torch.jit.script` compiles when the variable holds a plain
Python value: a number, a string or a bool (`SCALE = 0.5`, `EPS = 1e-6`, `MODE = "bilinear"`), a tuple, list,
dict or set (`KS = [1, 2]`), a tensor (`MASK = torch.ones(3)`), a `torch.device` or dtype, or (read through an
attribute) an object of a plain class of the file. The variable must be bound once, at module level of this file,
by a plain assignment, and not bound in the function; anything else (imports, functions, classes, modules, names
bound several times or in other ways) is left alone.

## Why TorchScript rejects it
TorchScript resolves a free name through the function's Python globals and turns what it finds into a compiled
value: modules, functions, classes and torch operators can be compiled or called; a plain Python value cannot,
whatever its type (on torch 2.13.0 ints, floats and strings fail as well as lists and tensors). The name is
resolved when the compiler emits it, so a read in a statically dead branch (`if not torch.jit.is_scripting():`) is
not compiled and does not fail.

## The error torch 2.13.0 prints
```
RuntimeError: python value of type 'float' cannot be used as a value. Perhaps it is a closed over global variable? If so, please consider passing it in as an argument or use a local variable instead.:
RuntimeError: python value of type 'list' cannot be used as an iterable:
RuntimeError: attribute lookup is not defined on python value of type 'Tensor':
```

## Example
```python
SCALE = 0.5
MASK = torch.ones(3)

class Net(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x * SCALE + MASK
```

## Use instead
```python
SCALE = 0.5
MASK = torch.ones(3)

class Net(nn.Module):
    scale: Final[float]

    def __init__(self):
        super().__init__()
        self.scale = SCALE
        self.register_buffer("mask", MASK.clone(), persistent=False)

    def forward(self, x: Tensor) -> Tensor:
        return x * self.scale + self.mask
```
Numbers, strings and tuples of them become `Final` attributes (TorchScript inlines them as constants); tensors
become buffers; lists and dicts become attributes. In a free function, pass the value as an argument, or write the
literal in the function. A module attribute read through an import (`math.pi`, `consts.SCALE` with
`import consts`) is taken as a constant and compiles.

## Fix safety
No automatic fix: where the value should live (an attribute, an argument, a literal) is a design choice.

## Known limitations
Only variables bound once by a plain assignment at module level of the file are followed; values of imported
names, of names assigned several times (also under `if` / `try` at module level), and `None` are not reported.
Objects of plain classes are reported only where an attribute is read from them.
)doc"};

enum class GlobalValue { None, Plain, Object };

class GlobalPythonValue final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const TSNode body = field(function.definition, fld.body);
    if (ts_node_is_null(body)) return;
    const SemanticModel& model = context.model();
    if (!reads_python_value_name(context, function)) return;  // no walk unless such a name appears in the text
    NodePath path;
    walk(body, path, [&](const NodePath& at) {
      const TSNode node = at.node();
      if (is_nested_scope(node) || is(node, sym.type)) return false;  // lambdas, nested defs; annotations
      if (model.is_dead(function, node)) return false;
      if (!is(node, sym.identifier) || !is_variable(at)) return true;
      if (is(at.parent(), sym.keyword_argument) && at.field() == fld.name) return true;
      const std::string_view name = context.text(node);
      if (function.scope.all(name) || model.imports().binds(name)) return true;
      const Binding* binding = model.module_bindings().single(name);
      if (!binding || binding->kind != Binding::Kind::Assignment || binding->element >= 0) return true;
      const GlobalValue value = classify(context, binding->value, 0);
      if (value == GlobalValue::None) return true;
      const bool attribute_read = is(at.parent(), sym.attribute) && at.field() == fld.object;
      if (value == GlobalValue::Object && !attribute_read) return true;
      if (is_isinstance_type(context, at)) return true;
      Diagnostic& diagnostic =
          context.report(node, "`" + std::string(name) + "` is a module-level " + describe(context, binding->value) +
                                   ", a Python value TorchScript cannot use in compiled code");
      diagnostic.related.push_back(Related{ts_node_start_byte(binding->target), ts_node_end_byte(binding->value),
                                           "`" + std::string(name) + "` is assigned here"});
      return true;
    });
  }

 private:
  // Whether the function's text holds the name of a module-level variable bound once to a value the walk would
  // report a read of (a cheap text search first: most functions read no such name).
  static bool reads_python_value_name(RuleContext& context, const FunctionInfo& function) {
    const std::string_view body = context.text(function.definition);
    for (const auto& [name, bindings] : context.model().module_bindings().bindings()) {
      if (bindings.size() != 1) continue;
      const Binding& binding = bindings.front();
      if (binding.kind != Binding::Kind::Assignment || binding.element >= 0) continue;
      if (body.find(name) != std::string_view::npos && classify(context, binding.value, 0) != GlobalValue::None) {
        return true;
      }
    }
    return false;
  }

  // What a module-level value is, as TorchScript would see it: a plain Python value (number, string, container,
  // tensor, device, dtype), an object of a plain class of this file, or something else (None: not ours to judge).
  static GlobalValue classify(RuleContext& context, TSNode value, int depth) {
    if (depth > 8 || ts_node_is_null(value)) return GlobalValue::None;
    value = strip_parens(value);
    const Source& source = context.source();
    if (is(value, sym.integer) || is(value, sym.float_) || is(value, sym.true_) || is(value, sym.false_) ||
        is(value, sym.string) || is(value, sym.concatenated_string)) {
      return GlobalValue::Plain;
    }
    if (is(value, sym.unary_operator)) return classify(context, field(value, fld.argument), depth + 1);
    if (is(value, sym.binary_operator)) {
      // `2 ** 10`, `1 / 255`, `"a" + "b"`: literals combined.
      const bool left = classify(context, field(value, fld.left), depth + 1) == GlobalValue::Plain;
      const bool right = classify(context, field(value, fld.right), depth + 1) == GlobalValue::Plain;
      return left && right && is_literal_tree(field(value, fld.left)) && is_literal_tree(field(value, fld.right))
                 ? GlobalValue::Plain
                 : GlobalValue::None;
    }
    if (is(value, sym.list) || is(value, sym.dictionary) || is(value, sym.set) || is(value, sym.list_comprehension) ||
        is(value, sym.dictionary_comprehension) || is(value, sym.set_comprehension)) {
      return GlobalValue::Plain;
    }
    if (is(value, sym.tuple)) {
      // A tuple of types (`(int, float)`) is an isinstance argument; only tuples of literals are ours.
      for (TSNode element : NamedChildren(value)) {
        if (!is_literal_tree(element)) return GlobalValue::None;
      }
      return GlobalValue::Plain;
    }
    if (is(value, sym.attribute)) {
      const std::string qualified = context.model().qualified_name(value);
      if (is_dtype(qualified) || qualified == "math.pi" || qualified == "math.e" || qualified == "math.inf" ||
          qualified == "math.tau" || qualified == "math.nan") {
        return GlobalValue::Plain;
      }
      return GlobalValue::None;
    }
    if (is(value, sym.call)) {
      const TSNode callee = strip_parens(field(value, fld.function));
      const std::string qualified = context.model().qualified_name(callee);
      if (!qualified.empty()) return is_value_factory(qualified) ? GlobalValue::Plain : GlobalValue::None;
      if (!is(callee, sym.identifier)) return GlobalValue::None;
      const std::string_view name = text(source, callee);
      for (std::string_view builtin : {"int", "float", "str", "bool", "tuple", "list", "dict", "set", "frozenset"}) {
        if (name == builtin && context.model().is_builtin(callee, builtin)) {
          return name == "tuple" ? GlobalValue::None : GlobalValue::Plain;  // tuple(...) may hold types
        }
      }
      // An instance of a plain (not nn.Module, not scripted) class of this file.
      const int cls = context.model().find_class(name);
      if (cls >= 0) {
        const ClassInfo& info = context.model().classes()[cls];
        if (!info.is_module && !info.decorators.script && info.torch_base.empty() && info.local_bases.empty() &&
            ts_node_is_null(field(info.definition, fld.superclasses))) {
          return GlobalValue::Object;
        }
      }
      return GlobalValue::None;
    }
    return GlobalValue::None;
  }

  // Literals and displays of literals, signs included.
  static bool is_literal_tree(TSNode node) {
    node = strip_parens(node);
    if (is(node, sym.integer) || is(node, sym.float_) || is(node, sym.true_) || is(node, sym.false_) ||
        is(node, sym.string) || is(node, sym.concatenated_string)) {
      return true;
    }
    if (is(node, sym.unary_operator)) return is_literal_tree(field(node, fld.argument));
    if (is(node, sym.tuple) || is(node, sym.list)) {
      for (TSNode element : NamedChildren(node)) {
        if (!is_literal_tree(element)) return false;
      }
      return true;
    }
    return false;
  }

  static bool is_dtype(const std::string& qualified) {
    static const char* const kDtypes[] = {"float32", "float", "float64", "double", "float16", "half", "bfloat16",
                                          "int8", "uint8", "int16", "short", "int32", "int", "int64", "long", "bool",
                                          "complex64", "complex128", "cfloat", "cdouble"};
    if (qualified.compare(0, 6, "torch.") != 0) return false;
    const std::string name = qualified.substr(6);
    for (const char* dtype : kDtypes) {
      if (name == dtype) return true;
    }
    return false;
  }

  // Calls whose result is a tensor, a device or a number: values TorchScript cannot take from Python.
  static bool is_value_factory(const std::string& qualified) {
    static const char* const kFactories[] = {
        "torch.tensor", "torch.ones",  "torch.zeros",    "torch.full",  "torch.empty", "torch.arange", "torch.eye",
        "torch.randn",  "torch.rand",  "torch.linspace", "torch.as_tensor", "torch.from_numpy", "torch.device",
        "math.sqrt",      "math.log",    "math.exp",    "math.pow"};
    for (const char* factory : kFactories) {
      if (qualified == factory) return true;
    }
    return false;
  }

  // `isinstance(x, NAME)`: TorchScript reads the second argument as a type, with its own error.
  static bool is_isinstance_type(RuleContext& context, const NodePath& at) {
    if (!is(at.parent(), sym.argument_list)) return false;
    const TSNode call = at.ancestor(2);
    if (!is(call, sym.call)) return false;
    const TSNode callee = strip_parens(field(call, fld.function));
    return context.model().is_builtin(callee, "isinstance") ||
           context.model().qualified_name(callee) == "torch.jit.isinstance";
  }

  static std::string describe(RuleContext& context, TSNode value) {
    value = strip_parens(value);
    if (is(value, sym.unary_operator)) return describe(context, field(value, fld.argument));
    if (is(value, sym.binary_operator)) {
      return describe(context, field(value, fld.left)) == "string" ? "string" : "number";
    }
    if (is(value, sym.integer)) return "int";
    if (is(value, sym.float_)) return "float";
    if (is(value, sym.true_) || is(value, sym.false_)) return "bool";
    if (is(value, sym.string) || is(value, sym.concatenated_string)) return "string";
    if (is(value, sym.list) || is(value, sym.list_comprehension)) return "list";
    if (is(value, sym.dictionary) || is(value, sym.dictionary_comprehension)) return "dict";
    if (is(value, sym.set) || is(value, sym.set_comprehension)) return "set";
    if (is(value, sym.tuple)) return "tuple";
    if (is(value, sym.call)) {
      const std::string qualified = context.model().qualified_name(strip_parens(field(value, fld.function)));
      if (qualified == "torch.device") return "torch.device";
      if (qualified.compare(0, 6, "torch.") == 0) return "tensor";
      if (qualified.compare(0, 5, "math.") == 0) return "float";
      if (qualified.empty()) {
        const TSNode callee = strip_parens(field(value, fld.function));
        if (context.model().find_class(context.text(callee)) >= 0) {
          return "object of class `" + std::string(context.text(callee)) + "`";
        }
      }
    }
    if (is(value, sym.attribute) && is_dtype(context.model().qualified_name(value))) return "dtype";
    return "value";
  }
};

}  // namespace

const Rule& global_python_value_rule() {
  static const GlobalPythonValue rule;
  return rule;
}

}  // namespace jitlint
