// JT202 moduledict-variable-key: a ModuleDict / ParameterDict subscripted with a non-literal key.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT202",
    "moduledict-variable-key",
    "containers",
    Phase::Semantic,
    FixAvailability::None,
    "Index a ModuleDict only with a string literal; iterate over `.items()` instead",
    "ModuleDict indexing is only supported with string literals",
    R"doc(## What it does
Finds an `nn.ModuleDict` or `nn.ParameterDict` attribute of a module subscripted with anything but a plain
string literal: a parameter, a loop variable, an attribute or an f-string.

## Why TorchScript rejects it
The values of a ModuleDict are submodules of possibly different types; TorchScript resolves `self.d["key"]` at
compile time (`ModuleValue::getitem` in `torch/csrc/jit/python/python_sugared_value.cpp`) and cannot type a
lookup whose key is only known at run time.

## The error torch 2.13.0 prints
```
RuntimeError: Unable to extract string literal index. ModuleDict indexing is only supported with string literals. For example, 'i = "a"; self.layers[i](x)' will fail because i is not a literal. Enumeration of ModuleDict is supported, e.g. 'for k, v in self.items(): out = v(inp)':
```

## Example
```python
def forward(self, x: Tensor, task: str) -> Tensor:
    return self.heads[task](x)
```

## Use instead
```python
def forward(self, x: Tensor, task: str) -> Tensor:
    out = x
    for name, head in self.heads.items():
        if name == task:
            out = head(x)
    return out
```
Or declare a `@torch.jit.interface` for the values, annotate the looked-up local with it and call
`.forward(...)` on it.

## Fix safety
No automatic fix yet.

## Known limitations
Dicts are recognised from assignments in the class (and its bases in the same file). Plain `Dict[str, Tensor]`
attributes may be indexed with variables and are not reported.
)doc"};

class ModuleDictVariableKey final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  std::vector<std::string_view> node_kinds() const override { return {"subscript"}; }

  void check(RuleContext& context, TSNode node) const override {
    const AttrKind kind = context.model().attribute_kind(context.function(), field(node, "value"));
    if (!is_keyed_container(kind)) return;
    TSNode key = field(node, "subscript");
    if (ts_node_is_null(key) || is(strip_parens(key), "slice") || is_plain_string(key)) return;
    // Writing or deleting an entry is a different failure.
    TSNode parent = ts_node_parent(node);
    if ((is(parent, "assignment") || is(parent, "augmented_assignment")) && same_node(field(parent, "left"), node)) return;
    if (is(parent, "delete_statement")) return;
    context.report(node, "`" + std::string(context.text(field(node, "value"))) + "` is an " +
                             std::string(attr_kind_name(kind)) + " indexed by `" + std::string(context.text(key)) +
                             "`, which is not a string literal");
  }
};

}  // namespace

const Rule& moduledict_variable_key_rule() {
  static const ModuleDictVariableKey rule;
  return rule;
}

}  // namespace jitlint
