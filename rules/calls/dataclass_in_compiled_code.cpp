// JT514 dataclass-in-compiled-code: a `@dataclass` constructed, or tested with `isinstance`, in compiled code.
#include "core/project_index.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT514",
    "dataclass-in-compiled-code",
    "calls",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript cannot compile a `@dataclass` (its generated `__init__` has no source); return a tuple or a "
    "NamedTuple",
    "Failed to get source for",
    R"doc(## What it does
Finds, in compiled code, a call that constructs a class decorated `@dataclass` (`return BaseModelOutput(...)`,
`Out(x=x)`), and `isinstance(x, C)` with such a class. The class may be defined in this file, in another file of
the checked tree, or in an installed package (transformers' `ModelOutput` classes of `modeling_outputs.py`).

## Why TorchScript rejects it
A class used in compiled code is compiled as a TorchScript class, from the source of its methods. `@dataclass`
generates `__init__` with `exec`, so the method has no source file to read, and torch stops with an `OSError`
before compiling anything else of the class. The error names no line of your code: it is hard to trace back to
the `return` that caused it, which is why jitlint reports the place.

## The error torch 2.13.0 prints
```
OSError: Failed to get source for <function BaseModelOutput.__init__ at 0x7f...> using inspect.getsource
```

## Example
```python
@dataclass
class Output:
    logits: Tensor
    hidden: Optional[Tensor] = None

class Head(nn.Module):
    def forward(self, x: Tensor) -> Output:
        return Output(logits=self.proj(x), hidden=x)
```

## Use instead
```python
class Head(nn.Module):
    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        return self.proj(x), x
```
A `typing.NamedTuple` keeps the field names and compiles. A dataclass of your own may also be decorated
`@torch.jit.script` above `@dataclass` (TorchScript then synthesizes the methods; no `default_factory`, no
`frozen`).

## Fix safety
No automatic fix: the callers read the fields by name, and the return type changes.

## Known limitations
Only classes named directly are recognised (not a class held in a variable). A subclass of a dataclass that is
not decorated itself is not reported (TorchScript fails there too, with "does not have an __init__ function
defined"); nor is a dataclass named only in an annotation.
)doc"};

class DataclassInCompiledCode final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const SemanticModel& model = context.model();
    const TSNode function = strip_parens(field(node, fld.function));
    if (!context.head_unbound_locally(function)) return;
    if (model.is_builtin(function, "isinstance")) {
      check_isinstance(context, node);
      return;
    }
    const std::string name = dataclass_named(context, class_named(context, function));
    if (name.empty()) return;
    context.report(function, "`" + name + "` is a dataclass: TorchScript cannot construct it in compiled code (its "
                             "generated `__init__` has no source)");
  }

 private:
  // The class `callee` constructs when it is itself a `@dataclass` TorchScript cannot compile; empty otherwise.
  static std::string dataclass_named(RuleContext& context, const Callee& callee) {
    const SemanticModel& model = context.model();
    if (callee.kind == Callee::Kind::LocalClass) {
      const ClassInfo& cls = model.classes()[callee.index];
      if (!cls.decorators.dataclass || cls.decorators.script || cls.is_module) return "";
      return std::string(cls.name);
    }
    if (callee.kind == Callee::Kind::Qualified) {
      const ClassFacts* facts = model.project_class(callee.qualified);
      if (!facts || facts->is_module || facts->dataclass.empty() || facts->dataclass != facts->qualified) return "";
      return callee.qualified.substr(callee.qualified.rfind('.') + 1);
    }
    return "";
  }

  // `isinstance(x, C)` / `isinstance(x, (A, C))`: each class named, resolved like a constructor call.
  static void check_isinstance(RuleContext& context, TSNode call) {
    const TSNode arguments = field(call, fld.arguments);
    if (ts_node_named_child_count(arguments) != 2) return;
    TSNode classes = strip_parens(ts_node_named_child(arguments, 1));
    std::vector<TSNode> named;
    if (is(classes, sym.tuple)) {
      for (TSNode element : NamedChildren(classes)) named.push_back(strip_parens(element));
    } else {
      named.push_back(classes);
    }
    for (TSNode cls : named) {
      if (!is(cls, sym.identifier) && !is(cls, sym.attribute)) continue;
      if (!context.head_unbound_locally(cls)) continue;
      const std::string name = dataclass_named(context, class_named(context, cls));
      if (name.empty()) continue;
      context.report(cls, "`" + name + "` is a dataclass: TorchScript cannot compile it to test `isinstance` (its "
                          "generated `__init__` has no source)");
    }
  }

  // What a class name (a constructor's callee, `isinstance`'s second argument) resolves to: a class of this file, or
  // a qualified name for the project index.
  static Callee class_named(RuleContext& context, TSNode expr) {
    const SemanticModel& model = context.model();
    Callee callee;
    if (is(expr, sym.identifier)) {
      const int index = model.find_class(context.text(expr));
      if (index >= 0) {
        callee.kind = Callee::Kind::LocalClass;
        callee.index = index;
        return callee;
      }
    }
    std::string qualified = model.qualified_name(expr);
    if (!qualified.empty()) {
      callee.kind = Callee::Kind::Qualified;
      callee.qualified = std::move(qualified);
    }
    return callee;
  }
};

}  // namespace

const Rule& dataclass_in_compiled_code_rule() {
  static const DataclassInCompiledCode rule;
  return rule;
}

}  // namespace jitlint
