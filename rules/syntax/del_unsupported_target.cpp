// JT116 del-unsupported-target: `del obj.attr` and `del xs[a:b]` in compiled code.
#include <cstring>

#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT116",
    "del-unsupported-target",
    "syntax",
    Phase::Semantic,
    FixAvailability::None,
    "TorchScript deletes only variables and single list or dict items; assign instead (`obj.attr = None`, "
    "`xs = xs[:a] + xs[b:]`)",
    "del statements are only supported for deleting list and dict items and variables\n"
    "del statements only support deletion at a single index, slicing is not supported",
    R"doc(## What it does
Finds `del` statements whose target is an attribute (`del self.cache`) or a slice or several indices
(`del xs[1:3]`, `del xs[i, j]`) in live compiled code. `del name`, `del xs[i]` and `del d[key]` compile and are
not reported.

## Why TorchScript rejects it
TorchScript's IR emitter implements `del` for a variable and for one list element or dict entry (`aten::Delete`);
attributes cannot be removed from a module or TorchScript class, whose attributes are fixed when it is compiled,
and deleting a slice has no implementation (pytorch#31430). The check happens when the statement is compiled, so
a statically dead branch (`if not torch.jit.is_scripting():`) hides it.

## The error torch 2.13.0 prints
```
RuntimeError: del statements are only supported for deleting list and dict items and variables:
RuntimeError: del statements only support deletion at a single index, slicing is not supported (see https://github.com/pytorch/pytorch/issues/31430):
```

## Example
```python
def forward(self, x: Tensor, ids: List[int]) -> Tensor:
    del ids[0:2]
    return x[ids]
```

## Use instead
```python
def forward(self, x: Tensor, ids: List[int]) -> Tensor:
    ids = ids[2:]          # a new list: callers' list is no longer changed
    return x[ids]
```
Or delete one index at a time (`for _ in range(2): del ids[0]`) when the caller must see the change. For an
attribute, assign a value the attribute's type allows (`self.cache = None` on an `Optional[Tensor]` attribute).

## Fix safety
No automatic fix: slicing creates a new list where `del` changes the list in place, and a deleted attribute has
no TorchScript equivalent.
)doc"};

class DelUnsupportedTarget final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.delete_statement}}; }
  void check(RuleContext& context, TSNode node) const override {
    for (TSNode child : NamedChildren(node)) {
      if (is(child, sym.expression_list)) {
        for (TSNode target : NamedChildren(child)) {
          if (report_target(context, node, target)) return;
        }
      } else if (report_target(context, node, child)) {
        return;
      }
    }
  }

 private:
  static bool report_target(RuleContext& context, TSNode statement, TSNode target) {
    target = strip_parens(target);
    if (is(target, sym.attribute)) {
      context.report(statement, "`del " + std::string(context.text(target)) +
                                    "` deletes an attribute, which TorchScript does not support");
      return true;
    }
    if (!is(target, sym.subscript)) return false;
    int indices = 0;
    bool slice = false;
    const uint32_t count = ts_node_child_count(target);
    for (uint32_t i = 0; i < count; ++i) {
      const char* name = ts_node_field_name_for_child(target, i);
      if (!name || std::strcmp(name, "subscript") != 0) continue;
      ++indices;
      slice = slice || is(ts_node_child(target, i), sym.slice);
    }
    if (!slice && indices <= 1) return false;
    context.report(statement, "`del " + std::string(context.text(target)) +
                                  "` deletes a slice, which TorchScript does not support (only one index at a time)");
    return true;
  }
};

}  // namespace

const Rule& del_unsupported_target_rule() {
  static const DelUnsupportedTarget rule;
  return rule;
}

}  // namespace jitlint
