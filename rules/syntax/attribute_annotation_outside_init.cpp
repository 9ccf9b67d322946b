// JT115 attribute-annotation-outside-init: `self.x: T = v` in a compiled method other than `__init__`.
#include <string>

#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT115",
    "attribute-annotation-outside-init",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript types attributes from `__init__`; drop the annotation here (annotate in `__init__` or the class "
    "body)",
    "Type annotations on instance attributes must be declared in __init__",
    R"doc(## What it does
Finds annotated assignments to an attribute of `self` (`self.x: T = v`) in compiled methods other than
`__init__`, also in statically dead branches.

## Why TorchScript rejects it
A module's (or TorchScript class's) attributes and their types are fixed by `__init__`; a method can assign an
existing attribute but not declare one. The frontend (`torch/jit/frontend.py`, `build_AnnAssign`) raises a plain
`ValueError` for an annotated assignment whose target is an attribute of a name spelled `self` in any function not
named `__init__`. (It checks the spelling: with a first parameter named otherwise, the statement gets past the
frontend; this rule follows torch and looks for `self` only.)

## The error torch 2.13.0 prints
```
ValueError: Type annotations on instance attributes must be declared in __init__, not 'forward': SourceRange at:
```

## Example
```python
class Counter(nn.Module):
    def __init__(self):
        super().__init__()
        self.steps = 0

    def forward(self, x: Tensor) -> Tensor:
        self.steps: int = self.steps + 1
        return x * self.steps
```

## Use instead
```python
    def forward(self, x: Tensor) -> Tensor:
        self.steps = self.steps + 1
        return x * self.steps
```
Declare the attribute's type where it is created: `self.steps: int = 0` in `__init__`, or `steps: int` in the
class body.

## Fix safety
The fix deletes the annotation and keeps the assignment (`self.steps = self.steps + 1`). It is **safe**: Python
does not evaluate annotations of attribute targets inside a function (PEP 526), so the statement does the same
without it.

## Known limitations
If `__init__` never assigns the attribute, TorchScript still rejects the assignment in `forward` (a missing
attribute) after the fix: create it in `__init__`.
)doc"};

class AttributeAnnotationOutsideInit final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.assignment}}; }
  void check(RuleContext& context, TSNode node) const override {
    TSNode type = field(node, fld.type);
    if (ts_node_is_null(type) || ts_node_is_null(field(node, fld.right))) return;  // no value: JT111
    if (context.function().name == "__init__" || context.path().in_nested_scope()) return;
    TSNode target = field(node, fld.left);
    if (!is(target, sym.attribute)) return;
    TSNode object = field(target, fld.object);
    if (!is(object, sym.identifier) || context.text(object) != "self") return;  // torch checks the spelling
    std::string message = "Annotating `" + std::string(context.text(target)) + "` in `" +
                          std::string(context.function().name) +
                          "` is not supported by TorchScript: attribute types are declared in `__init__`";
    std::optional<Fix> fix;
    const std::string_view removed =
        context.source().slice(ts_node_end_byte(target), ts_node_end_byte(type));
    if (removed.find('#') == std::string_view::npos) {
      fix = Fix{};
      fix->applicability = Applicability::Safe;
      fix->message = "Remove the annotation";
      fix->edits.push_back(Edit{ts_node_end_byte(target), ts_node_end_byte(type), ""});
    }
    context.report(node, std::move(message), std::move(fix));
  }
};

}  // namespace

const Rule& attribute_annotation_outside_init_rule() {
  static const AttributeAnnotationOutsideInit rule;
  return rule;
}

}  // namespace jitlint
