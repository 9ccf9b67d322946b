// JT515 module-returned-by-method: `self.get_input_embeddings()(input_ids)`, a module that a method returns, called
// in compiled code.
#include "core/edits.h"
#include "core/project_index.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT515",
    "module-returned-by-method",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript cannot call a module that a method returns: call the submodule attribute itself",
    "object has no attribute or method '__call__'",
    R"doc(## What it does
Finds calls, in compiled code, of the value a method returns when that value is a submodule:
`self.get_input_embeddings()(input_ids)`. The method is one of the class (or a base of the file) whose every
`return` gives a submodule attribute (`return self.embed_tokens`), or transformers' `get_input_embeddings` /
`get_output_embeddings` inherited from `PreTrainedModel` (`transformers.modeling_utils`).

## Why TorchScript rejects it
TorchScript types a submodule by its own class, and calls a module only through a name it resolves at compile
time: `self.embed_tokens(x)` is a call of that attribute's `forward`. A method returning the submodule gives a
value of the module's type, and such a value has no `__call__` in TorchScript. transformers' own
`get_input_embeddings` fails even earlier: torch compiles it too, and its body uses `:=` and `getattr` with a
computed name.

## The error torch 2.13.0 prints
```
RuntimeError: '__torch__.torch.nn.modules.sparse.Embedding (of Python compilation unit at: 0x...)' object has no attribute or method '__call__'. Did you forget to initialize an attribute in __init__()?
```
(for transformers' `get_input_embeddings`: `UnsupportedNodeError: NamedExpr aren't supported`, in
`transformers/modeling_utils.py`).

## Example
```python
class Decoder(nn.Module):
    def get_input_embeddings(self):
        return self.embed_tokens

    def forward(self, input_ids: Tensor) -> Tensor:
        return self.get_input_embeddings()(input_ids)
```

## Use instead
```python
class Decoder(nn.Module):
    def forward(self, input_ids: Tensor) -> Tensor:
        return self.embed_tokens(input_ids)
```

## Fix safety
When the method's body is only `return self.<submodule>` (a docstring aside), the fix calls that attribute
directly (`self.get_input_embeddings()(x)` becomes `self.embed_tokens(x)`). It is **safe**: the method does nothing
else, so the same module is called with the same arguments. A method with more to it, and transformers' inherited
one (it searches several attributes at run time), get no fix: name the embedding attribute the model has.

## Known limitations
Only `self.m()` with `m` a method of the class or of a base of this file (or transformers' two embedding getters
inherited from another file) is followed; a method returning a module kept elsewhere (`return
self.model.embed_tokens`, a module of a list) is not reported.
)doc"};

class ModuleReturnedByMethod final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const FunctionInfo& function = context.function();
    if (function.owner_class < 0 || function.self_name.empty()) return;
    // `self.m(...)(...)`: the callee of this call is itself a call of a method on `self`.
    const TSNode inner = strip_parens(field(node, fld.function));
    if (!is(inner, sym.call)) return;
    const TSNode method = strip_parens(field(inner, fld.function));
    if (!is(method, sym.attribute)) return;
    const TSNode object = strip_parens(field(method, fld.object));
    if (!is(object, sym.identifier) || context.text(object) != function.self_name) return;
    const std::string_view name = context.text(field(method, fld.attribute));
    const SemanticModel& model = context.model();
    const int local = model.find_method(function.owner_class, name);
    if (local >= 0) {
      check_local(context, inner, model.functions()[local]);
    } else if (inherited_embedding_getter(model, function.owner_class, name)) {
      context.report(inner, "`" + std::string(context.text(inner)) +
                                "` returns a module (transformers' `" + std::string(name) +
                                "`), which TorchScript cannot call; call the embedding submodule itself");
    }
  }

 private:
  // Every `return` of the method gives a submodule attribute of the class: `return self.embed_tokens`.
  static void check_local(RuleContext& context, TSNode inner, const FunctionInfo& method) {
    const SemanticModel& model = context.model();
    if (method.returns.empty() || method.self_name.empty() || method.decorators.ignore || method.decorators.unused ||
        method.decorators.property) {
      return;
    }
    std::string_view returned;
    for (TSNode statement : method.returns) {
      const TSNode value = strip_parens(ts_node_named_child(statement, 0));
      const std::string_view attribute = self_attribute(context.source(), value, method.self_name);
      if (attribute.empty() || (!returned.empty() && attribute != returned)) return;
      const AttrFact* fact = model.attribute(method.owner_class, attribute);
      if (!fact || !is_submodule_kind(fact->kind())) return;
      returned = attribute;
    }
    const std::string call(context.text(inner));
    std::optional<Fix> fix;
    if (only_returns(method) && ts_node_named_child_count(field(inner, fld.arguments)) == 0) {
      Fix replace;
      replace.message = "Call `self." + std::string(returned) + "` directly";
      replace.edits.push_back(replace_node(inner, std::string(context.function().self_name) + "." +
                                                      std::string(returned)));
      fix = std::move(replace);
    }
    Diagnostic& diagnostic = context.report(
        inner, "`" + call + "` returns the module `self." + std::string(returned) +
                   "`, which TorchScript cannot call; call `self." + std::string(returned) + "` itself",
        std::move(fix));
    diagnostic.related.push_back(Related{ts_node_start_byte(method.definition), header_end(method.definition),
                                         "`" + std::string(method.name) + "` returns a submodule"});
  }

  // The method's body is its `return` alone (after a docstring): calling the attribute instead changes nothing.
  static bool only_returns(const FunctionInfo& method) {
    size_t statements = 0;
    for (TSNode statement : NamedChildren(field(method.definition, fld.body))) {
      if (is(statement, sym.comment)) continue;
      if (statements == 0 && is_docstring(statement)) continue;
      ++statements;
      if (!is(statement, sym.return_statement)) return false;
    }
    return statements == 1 && method.returns.size() == 1;
  }

  // transformers' `PreTrainedModel.get_input_embeddings` / `get_output_embeddings`, inherited from
  // `transformers.modeling_utils` through a base of another file.
  static bool inherited_embedding_getter(const SemanticModel& model, int class_index, std::string_view name) {
    if (name != "get_input_embeddings" && name != "get_output_embeddings") return false;
    for (int current : model.local_mro(class_index)) {
      for (const ClassFacts* remote : model.classes()[current].remote_bases) {
        const auto owner = remote->method_owner.find(std::string(name));
        if (owner == remote->method_owner.end()) continue;
        return owner->second.rfind("transformers.modeling_utils.", 0) == 0;
      }
    }
    return false;
  }
};

}  // namespace

const Rule& module_returned_by_method_rule() {
  static const ModuleReturnedByMethod rule;
  return rule;
}

}  // namespace jitlint
