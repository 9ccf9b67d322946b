// JT201 modulelist-variable-index: a ModuleList / Sequential / ParameterList indexed by a non-literal.
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT201",
    "modulelist-variable-index",
    "containers",
    Phase::Semantic,
    FixAvailability::None,
    "Index a ModuleList only with an integer literal; iterate with `enumerate`/`zip` instead",
    "ModuleList/Sequential indexing is only supported with integer literals",
    R"doc(## What it does
Finds an `nn.ModuleList`, `nn.Sequential` or `nn.ParameterList` attribute of a module (as assigned in
`__init__`) subscripted with anything but an integer literal or a `Final[int]` attribute, also through a local
alias (`layers = self.layers; layers[i]`).

## Why TorchScript rejects it
TorchScript unrolls module containers into a fixed tuple of submodules whose types may all differ, so an index
must be known at compile time to pick the element's type (`SugaredTupleValue::getitem` in
`torch/csrc/jit/frontend/sugared_value.h`). A loop variable, a parameter or a plain `int` attribute is a runtime
value.

## The error torch 2.13.0 prints
```
RuntimeError: Expected integer literal for index but got a variable or non-integer. ModuleList/Sequential indexing is only supported with integer literals. For example, 'i = 4; self.layers[i](x)' will fail because i is not a literal. Enumeration is supported, e.g. 'for index, v in enumerate(self): out = v(inp)':
```

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    for i in range(len(self.layers)):
        x = self.layers[i](x)
    return x
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    for layer in self.layers:
        x = layer(x)
    return x
```
Keep the index with `for i, layer in enumerate(self.layers)`; walk two containers in step with
`for layer, norm in zip(self.layers, self.norms)`. `self.layers[0]`, `self.layers[-1]` and an index declared
`idx: Final[int]` script.

## Fix safety
No automatic fix yet.

## Known limitations
Containers are recognised from assignments in the class (and its bases in the same file); one built elsewhere
is not reported. An index in a statically dead branch (`if not torch.jit.is_scripting():`) is not compiled and
not reported.
)doc"};

class ModuleListVariableIndex final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  std::vector<std::string_view> node_kinds() const override { return {"subscript"}; }

  void check(RuleContext& context, TSNode node) const override {
    const AttrKind kind = context.model().attribute_kind(context.function(), field(node, "value"));
    if (!is_indexed_container(kind)) return;
    auto indices = subscripts(node);
    if (indices.size() != 1) return;
    TSNode index = strip_parens(indices[0]);
    if (is(index, "slice") || is_integer_literal(index)) return;
    // `self.idx` (or a local bound to it): a Final attribute is a constant; an attribute jitlint has not seen
    // assigned may be one, so stay silent about it.
    auto index_fact = context.model().self_attribute_fact(context.function(), index);
    if (index_fact && index_fact->is_final) return;
    if (!index_fact && !self_attribute(context.source(), index, context.function().self_name).empty()) return;
    if (is_literal_arithmetic(index)) return;  // `self.layers[1 + 1]`: not worth guessing
    context.report(node, "`" + std::string(context.text(field(node, "value"))) + "` is an " +
                             std::string(attr_kind_name(kind)) + " indexed by `" + std::string(context.text(index)) +
                             "`, which is not an integer literal");
  }

 private:
  static std::vector<TSNode> subscripts(TSNode node) {
    std::vector<TSNode> out;
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      const char* name = ts_node_field_name_for_child(node, i);
      if (name && std::string_view(name) == "subscript") out.push_back(ts_node_child(node, i));
    }
    return out;
  }
  static bool is_literal_arithmetic(TSNode node) {
    node = strip_parens(node);
    if (is_integer_literal(node)) return true;
    if (!is(node, "binary_operator")) return false;
    return is_literal_arithmetic(field(node, "left")) && is_literal_arithmetic(field(node, "right"));
  }
};

}  // namespace

const Rule& modulelist_variable_index_rule() {
  static const ModuleListVariableIndex rule;
  return rule;
}

}  // namespace jitlint
