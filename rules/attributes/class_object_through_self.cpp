// JT408 class-object-through-self: compiled code reads `self.__class__` (`self.__class__.__name__` in an error
// message), which recursive scripting resolves on the module's class and then tries to compile as a method.
#include <string>

#include "core/class_attributes.h"
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT408",
    "class-object-through-self",
    "attributes",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Write the class name as a string, or build the message outside compiled code",
    "type object 'type' has no attribute '__globals__'",
    R"doc(## What it does
Finds reads of `self.__class__` in compiled methods of a module, most often `self.__class__.__name__` in the message
of a `raise` or a warning. It reports the first read in each compiled function.

## Why TorchScript rejects it
Recursive scripting looks up `self.<name>` on the module's type: an attribute, a submodule, a constant, else a method
of the class. `__class__` is none of the first three, and on the class it finds the class object's own type,
`type`, which it then treats as a method to compile. It fails in Python, with an `AttributeError` that names neither
the line nor the attribute (compiling the message of a `raise` is enough: TorchScript compiles the exception's
arguments like any other expression).

## The error torch 2.13.0 prints
```
AttributeError: type object 'type' has no attribute '__globals__'
```

## Example
```python
class Attention(nn.Module):
    def forward(self, x: Tensor, output_attentions: bool = False) -> Tensor:
        if output_attentions:
            raise ValueError(f"{self.__class__.__name__} does not support `output_attentions=True`")
        return x
```

## Use instead
```python
            raise ValueError("Attention does not support `output_attentions=True`")
```

## Fix safety
`self.__class__.__name__` is replaced by the name of the class that defines the method, as a string literal (in an
f-string, `{self.__class__.__name__}` becomes the name's text):
**unsafe**, since an instance of a subclass printed its own name in eager mode and now prints the base's (the
message's wording changes, nothing else). Other uses of `self.__class__` have no automatic fix.
)doc"};

class ClassObjectThroughSelf final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const SemanticModel& model = context.model();
    if (function.owner_class < 0 || function.self_name.empty() || !model.classes()[function.owner_class].is_module) {
      return;
    }
    // Only a method whose text spells `.__class__` is worth walking.
    if (text(model.source(), field(function.definition, fld.body)).find(".__class__") == std::string_view::npos) {
      return;
    }
    bool reported = false;
    for_each_self_read(model, function, [&](const NodePath& at, std::string_view name) {
      if (reported || name != "__class__") return;
      reported = true;
      const TSNode read = at.node();
      context.report(read,
                     "`" + std::string(context.text(read)) +
                         "` is the module's class object, which TorchScript cannot read in compiled code (it "
                         "fails with an `AttributeError` that names no line)",
                     name_fix(context, function, at));
    });
  }

 private:
  // `self.__class__.__name__` -> `"Attention"`, the class that defines the method.
  static std::optional<Fix> name_fix(const RuleContext& context, const FunctionInfo& function, const NodePath& at) {
    if (at.size() < 2) return std::nullopt;
    const TSNode outer = at[at.size() - 2].node;
    if (!is(outer, sym.attribute) || !same_node(field(outer, fld.object), at.node()) ||
        context.text(field(outer, fld.attribute)) != "__name__") {
      return std::nullopt;
    }
    const std::string name(context.model().classes()[function.owner_class].name);
    // In an f-string the whole `{self.__class__.__name__}` becomes the name's text (a quoted literal there would
    // end the string before Python 3.12); not with a conversion or a format spec.
    const TSNode around = at.size() >= 3 ? at[at.size() - 3].node : TSNode{};
    if (!ts_node_is_null(around) && is(around, sym.interpolation)) {
      if (ts_node_named_child_count(around) != 1) return std::nullopt;
      return Fix{Applicability::Unsafe, "Write the class name `" + name + "` into the string",
                 {replace_node(around, name)}, {}, {}};
    }
    return Fix{Applicability::Unsafe, "Write the class name `\"" + name + "\"`",
               {replace_node(outer, "\"" + name + "\"")}, {}, {}};
  }
};

}  // namespace

const Rule& class_object_through_self_rule() {
  static const ClassObjectThroughSelf rule;
  return rule;
}

}  // namespace jitlint
