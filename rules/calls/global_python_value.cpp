// JT511 global-python-value: a module-level variable (number, string, container, tensor...) read in compiled code.
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/edits.h"
#include "core/global_values.h"
#include "core/local_scope.h"
#include "core/project_index.h"
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
by a plain assignment, and not bound in the function; anything else (functions, classes, modules, names bound
several times or in other ways) is left alone. A name imported from another module of the checked tree or of an
installed package is followed there (`from ...activations import ACT2FN`, transformers' dict of activation
classes): it is reported when that module binds it once, at its top level, to a plain value (an object of a
class deriving only from `dict` / `OrderedDict` / `list` counts as one), and where compiled code reads an attribute
of it when it holds an object of a plain class of that module whose bases all resolve to plain classes (transformers'
`ALL_ATTENTION_FUNCTIONS = AttentionInterface()`, a `MutableMapping`: `ALL_ATTENTION_FUNCTIONS.get_interface(...)`
in every attention `forward`). Objects of an Enum, a NamedTuple, a dataclass or a scripted class are left alone.

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
Only variables bound once by a plain assignment at module level (of the file, or of the module an imported name
comes from) are followed; names assigned several times (also under `if` / `try` at module level), attributes of
imported modules (`consts.SCALE`), and `None` are not reported.
Objects of plain classes are reported only where an attribute is read from them.
)doc"};

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
      if (function.scope.all(name)) return true;
      if (model.imports().binds(name)) {
        report_imported(context, at, name, is(at.parent(), sym.attribute) && at.field() == fld.object);
        return true;
      }
      const Binding* binding = model.module_bindings().single(name);
      if (!binding || binding->kind != Binding::Kind::Assignment || binding->element >= 0) return true;
      const GlobalValue value = classify_global_value(model, binding->value);
      if (value == GlobalValue::None) return true;
      const bool attribute_read = is(at.parent(), sym.attribute) && at.field() == fld.object;
      if (value == GlobalValue::Object && !attribute_read) return true;
      if (is_isinstance_type(context, at)) return true;
      const std::string what = describe_global_value(model, binding->value);
      Diagnostic& diagnostic =
          context.report(node, "`" + std::string(name) + "` is a module-level " + what +
                                   ", a Python value TorchScript cannot use in compiled code");
      diagnostic.related.push_back(Related{ts_node_start_byte(binding->target), ts_node_end_byte(binding->value),
                                           "`" + std::string(name) + "` is assigned here"});
      return true;
    });
  }

 private:
  // `ACT2FN` imported from another module where it is bound once to a plain Python value (the index's summaries
  // know: `FileSummary::python_values`).
  // Or an object of a plain class of that module (`ALL_ATTENTION_FUNCTIONS`), when an attribute of it is read.
  static void report_imported(RuleContext& context, const NodePath& at, std::string_view name, bool attribute_read) {
    const auto& imported = context.model().imports().names();
    const auto found = imported.find(name);
    if (found == imported.end()) return;
    const std::string& qualified = found->second;
    std::string what;
    if (const std::string* value = context.model().project_python_value(qualified)) {
      what = *value;
    } else if (const ClassFacts* cls = attribute_read ? context.model().project_plain_object(qualified) : nullptr) {
      what = "object of class `" + cls->qualified.substr(cls->qualified.rfind('.') + 1) + "`";
    }
    if (what.empty() || is_isinstance_type(context, at)) return;
    const std::string module = qualified.substr(0, qualified.rfind('.'));
    context.report(at.node(), "`" + std::string(name) + "` is a module-level " + what + " of `" + module +
                                  "`, a Python value TorchScript cannot use in compiled code");
  }

  // Whether the function's text holds the name of a module-level variable bound once to a value the walk would
  // report a read of (a cheap text search first: most functions read no such name), here or in a module it is
  // imported from.
  static bool reads_python_value_name(RuleContext& context, const FunctionInfo& function) {
    const std::string_view body = context.text(function.definition);
    for (const auto& [local, qualified] : context.model().imports().names()) {
      if (body.find(local) != std::string_view::npos && (context.model().project_python_value(qualified) ||
                                                          context.model().project_plain_object(qualified))) {
        return true;
      }
    }
    for (const auto& [name, bindings] : context.model().module_bindings().bindings()) {
      if (bindings.size() != 1) continue;
      const Binding& binding = bindings.front();
      if (binding.kind != Binding::Kind::Assignment || binding.element >= 0) continue;
      if (body.find(name) != std::string_view::npos &&
          classify_global_value(context.model(), binding.value) != GlobalValue::None) {
        return true;
      }
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

};

}  // namespace

const Rule& global_python_value_rule() {
  static const GlobalPythonValue rule;
  return rule;
}

}  // namespace jitlint
