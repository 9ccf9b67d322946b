// JT202 moduledict-variable-key: a ModuleDict / ParameterDict subscripted with a non-literal key.
#include "core/rule.h"
#include "core/edits.h"
#include "core/loop_variables.h"
#include "rules/fixes/runtime_pick.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT202",
    "moduledict-variable-key",
    "containers",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Index a ModuleDict only with a string literal; iterate over `.items()` instead",
    "ModuleDict indexing is only supported with string literals",
    R"doc(## What it does
Finds an `nn.ModuleDict` or `nn.ParameterDict` attribute of a module subscripted with anything but a plain
string literal: a parameter, a loop variable, an attribute or an f-string; also `self[f"expert_{i}"]` in a class
deriving from `nn.ModuleDict` (transformers' Switch Transformers experts; no fix there).

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
For a loop over the dict's own keys (`for name in self.heads:` or `for name in self.heads.keys():`) that looks
values up with `self.heads[name]`, the fix iterates `self.heads.items()` (or `.values()` when the key has no
other use) and uses the value directly. It is **safe**: the same keys in the same order. That loop fix does not apply
to keys from elsewhere (a parameter, another list, the keys of an input dict), whose order or set may differ,
nor when the loop body has its own `break`/`continue` (TorchScript unrolls loops over a ModuleDict and rejects
both there).

A module picked by such a key in `return self.heads[task](x)`, `x = self.heads[task](x)` (the variable bound
before) or `out[node_type] = self.proj[node_type](x)` is called from a loop over `self.heads.items()` for the
name that equals the key, and `raise KeyError(task)` follows when none did. It is **unsafe**: each call now
compares the key with every name of the dict, and the error is raised by the loop, not by the lookup.

## Known limitations
Dicts are recognised from assignments in the class (and its bases in the same file). Plain `Dict[str, Tensor]`
attributes may be indexed with variables and are not reported.
)doc"};

class ModuleDictVariableKey final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.subscript}}; }

  void check(RuleContext& context, TSNode node) const override {
    if (context.model().is_interface_typed_value(context.path())) return;  // `m: Iface = self.container[key]` scripts
    const AttrKind kind = context.model().indexed_kind(context.function(), field(node, fld.value));
    if (!is_keyed_container(kind)) return;
    TSNode key = field(node, fld.subscript);
    if (ts_node_is_null(key) || is(strip_parens(key), sym.slice) || is_plain_string(context.source(), key)) return;
    // Writing or deleting an entry is a different failure.
    TSNode parent = context.parent();
    if ((is(parent, sym.assignment) || is(parent, sym.augmented_assignment)) && context.path().field() == fld.left) return;
    if (is(parent, sym.delete_statement)) return;
    context.report(node,
                   "`" + std::string(context.text(field(node, fld.value))) + "` is an " +
                       std::string(attr_kind_name(kind)) + " indexed by `" + std::string(context.text(key)) +
                       "`, which is not a string literal",
                   kind == AttrKind::ModuleDict && !is_self(context, node) ? fix(context, node, key) : std::nullopt);
  }

 private:
  // `self[i]` in a container subclass: the fixes rewrite attribute containers only.
  static bool is_self(const RuleContext& context, TSNode subscript) {
    const TSNode value = strip_parens(field(subscript, fld.value));
    return is(value, sym.identifier) && context.text(value) == context.function().self_name;
  }

  // A loop over the dict's keys becomes a loop over its items; a module picked by a runtime key is called from a
  // loop over `.items()` that matches the key.
  static std::optional<Fix> fix(RuleContext& context, TSNode subscript, TSNode key) {
    if (auto fix = items_fix(context, subscript, key)) return fix;
    return runtime_pick_fix(context, subscript, key, PickedFrom::Dict);
  }

  // `for k in self.heads: ... self.heads[k] ...` -> `for k, head in self.heads.items(): ... head ...`
  static std::optional<Fix> items_fix(RuleContext& context, TSNode subscript, TSNode key) {
    const FunctionInfo& function = context.function();
    auto loop = indexing_loop(context, key);
    if (!loop) return std::nullopt;
    const std::string dict(self_attribute(context.source(), field(subscript, fld.value), function.self_name));
    if (dict.empty()) return std::nullopt;
    TSNode iterable = strip_parens(field(loop->loop, fld.right));
    if (is(iterable, sym.call) && is(field(iterable, fld.function), sym.attribute) &&
        context.text(field(field(iterable, fld.function), fld.attribute)) == "keys" &&
        named_children(field(iterable, fld.arguments)).empty()) {
      iterable = field(field(iterable, fld.function), fld.object);
    }
    if (self_attribute(context.source(), iterable, function.self_name) != dict) return std::nullopt;

    auto uses = classify_uses(context, *loop, [&](TSNode container) {
      return self_attribute(context.source(), container, function.self_name) == dict;
    });
    if (!uses) return std::nullopt;
    const bool other_uses = uses->other_uses;
    const std::string value = element_name(context, dict);
    const std::string container = function.self_name + "." + dict;
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.isolation_scope = naming_scope(context);
    fix.message = other_uses ? "Iterate over `" + container + ".items()`" : "Iterate over `" + container + ".values()`";
    const std::string header = other_uses ? loop->variable + ", " + value + " in " + container + ".items()"
                                          : value + " in " + container + ".values()";
    fix.edits.push_back(replace_span(field(loop->loop, fld.left), field(loop->loop, fld.right), header));
    for (const ContainerLookup& lookup : uses->lookups) {
      fix.edits.push_back(replace_node(lookup.subscript, value));
    }
    return fix;
  }
};

}  // namespace

const Rule& moduledict_variable_key_rule() {
  static const ModuleDictVariableKey rule;
  return rule;
}

}  // namespace jitlint
