// JT406 none-attribute-used: a module attribute that is only ever None outside compiled code (no class-level
// annotation), used in compiled code as a value: an operand of arithmetic or of a comparison other than `is`, the
// object of an attribute access or of indexing. torch types the attribute `NoneType` from the instance.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/class_attributes.h"
#include "core/rule.h"
#include "core/signature.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT406",
    "none-attribute-used",
    "attributes",
    Phase::Semantic,
    FixAvailability::None,
    "Annotate the attribute in the class body with its real type (`cached_len: Optional[int]`), copy it to a local, "
    "test the local against None and use the local",
    "Arguments for call are not valid\n"
    "'NoneType' object has no attribute or method\n"
    "'NoneType' object is not subscriptable",
    R"doc(## What it does
Finds reads of a module attribute in compiled code where its value is needed, when every assignment outside
compiled code sets it to `None` and the class body does not annotate it: an operand of an arithmetic operator
(`self.scale * x`), of a comparison other than `is` / `is not` (`n == self.cached_len`), the object of an
attribute access or method call (`self.cache.size()`), or the object of indexing (`self.cache[0]`).

Also when the only assignment is a conditional expression with `None` on one side (ViT's
`self.mask_token = nn.Parameter(...) if use_mask_token else None`, read as `self.mask_token.expand(...)`): the
instance holds `None` for the configurations that take that side (ViT's default), and the message says which.

## Why TorchScript rejects it
A scripted module's attribute types come from the instance: an attribute whose value is `None` when the module is
scripted has the type `NoneType`, whatever compiled code later assigns (that assignment is JT403). No operator has
an overload taking `NoneType`, and `NoneType` has no methods. Typical is a cache: `self.cached_len = None` in
`__init__`, compared with the current length in `forward`.

## The error torch 2.13.0 prints
```
RuntimeError: Arguments for call are not valid.
RuntimeError: 'NoneType' object has no attribute or method 'size'.:
RuntimeError: 'NoneType' object is not subscriptable:
```

## Example
```python
class Rotary(nn.Module):
    def __init__(self):
        super().__init__()
        self.cached_len = None

    def forward(self, x: Tensor) -> Tensor:
        if x.shape[1] == self.cached_len:
            return x
        return x * 2
```

## Use instead
```python
class Rotary(nn.Module):
    cached_len: Optional[int]

    def __init__(self):
        super().__init__()
        self.cached_len = None

    def forward(self, x: Tensor) -> Tensor:
        cached_len = self.cached_len
        if cached_len is not None and x.shape[1] == cached_len:
            return x
        return x * 2
```

## Fix safety
No automatic fix: the attribute's real type is what compiled code would assign, which the code does not say.

## Known limitations
Only classes whose bases are all of this file or `nn.Module` itself are checked (a base could assign another
value). An attribute set by a conditional expression is reported only when that is its one assignment outside compiled
code; one set to `None` and elsewhere to a value in `if` branches of `__init__` is not followed. A method that
tests the attribute against None, or as a truth value, anywhere is not checked: torch
resolves such a test statically and may never compile the use. Uses as call arguments are not reported (many
functions take `None`).
)doc"};

// `a == b`, `a < b`, `a in b`...: any comparison but `is` / `is not`.
bool is_value_comparison(TSNode comparison) {
  for (uint32_t i = 0; i < ts_node_child_count(comparison); ++i) {
    const TSNode child = ts_node_child(comparison, i);
    if (is(child, sym.kw_is) || is(child, sym.kw_is_not)) return false;
  }
  return true;
}

class NoneAttributeUsed final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const SemanticModel& model = context.model();
    const int class_index = known_module_method_class(model, function);
    if (class_index < 0) return;
    // Only a method whose text spells `self.<name>` of an attribute only ever None is worth walking.
    std::unordered_map<std::string_view, NoneSite> none_site;  // name -> its None assignment
    for (const auto& [name, fact] : model.attributes_of(class_index)) {
      if ((fact.kinds & static_cast<uint32_t>(AttrKind::None)) == 0) continue;
      NoneSite site{none_only_site(model, class_index, name), {}};
      if (ts_node_is_null(site.node)) site = none_on_a_path(model, class_index, name);
      if (!ts_node_is_null(site.node)) none_site.emplace(name, site);
    }
    if (none_site.empty()) return;
    const std::string_view body = text(model.source(), field(function.definition, fld.body));
    if (std::none_of(none_site.begin(), none_site.end(), [&](const auto& entry) {
          return mentions_word(body, function.self_name + "." + std::string(entry.first));
        })) {
      return;
    }
    auto only_none = [&](std::string_view name) {
      const auto found = none_site.find(name);
      return found == none_site.end() ? TSNode{} : found->second.node;
    };
    // Reads that need the value, and the names the method tests (`is None`, truthiness): torch may resolve such a
    // test statically and skip the code the rule would report.
    struct Use {
      TSNode read;
      std::string_view name;
      std::string what;
    };
    std::vector<Use> uses;
    std::unordered_set<std::string_view> tested;
    for_each_self_read(model, function, [&](const NodePath& at, std::string_view name) {
      if (ts_node_is_null(only_none(name))) return;
      const TSNode parent = at.parent();
      if (is(parent, sym.comparison_operator)) {
        if (!is_value_comparison(parent)) {
          tested.insert(name);
          return;
        }
        uses.push_back({at.node(), name, "and `" + comparison_token(parent) + "` takes no NoneType operand"});
      } else if (is(parent, sym.binary_operator) && is_arithmetic_operator(context.text(field(parent, fld.operator_)))) {
        uses.push_back({at.node(), name, "and `" + std::string(context.text(field(parent, fld.operator_))) + "` takes no NoneType operand"});
      } else if (is(parent, sym.attribute) && at.field() == fld.object) {
        uses.push_back({at.node(), name, "which has no `." + std::string(context.text(field(parent, fld.attribute))) + "`"});
      } else if (is(parent, sym.subscript) && at.field() == fld.value) {
        uses.push_back({at.node(), name, "which cannot be indexed"});
      } else if (is(parent, sym.boolean_operator) || is(parent, sym.not_operator) ||
                 at.field() == fld.condition) {
        tested.insert(name);
      }
    });
    for (const Use& use : uses) {
      if (tested.count(use.name)) continue;
      const NoneSite& site = none_site.at(use.name);
      const std::string attr(context.text(use.read));
      const std::string when = site.when.empty() ? "is only ever set to None outside compiled code, so TorchScript"
                                                 : "is None " + site.when + ", and then TorchScript";
      Diagnostic& diagnostic =
          context.report(use.read, "`" + attr + "` " + when + " types it `NoneType`, " + use.what);
      diagnostic.related.push_back(Related{ts_node_start_byte(site.node), ts_node_end_byte(site.node),
                                           "`" + attr + "` is set to None here"});
    }
  }

 private:
  struct NoneSite {
    TSNode node{};     // the assignment that makes it None
    std::string when;  // on a path only: "when `use_mask_token` is false"; empty when always None
  };

  // `self.x = A if cond else None` (or `None if cond else A`), the only assignment outside compiled code, with no
  // annotation or assignment in the class body: the instance holds None when `cond` goes the other way (a
  // configuration choice, like JT402's paths).
  static NoneSite none_on_a_path(const SemanticModel& model, int class_index, std::string_view name) {
    const AttrFact* fact = model.attribute(class_index, name);
    if (!fact || fact->is_final || fact->kinds == static_cast<uint32_t>(AttrKind::None)) return {};
    if (!ts_node_is_null(class_body_annotation(model, class_index, name)) ||
        !ts_node_is_null(class_body_assignment(model, class_index, name))) {
      return {};
    }
    const std::vector<const AttrSite*> sites = eager_sites(model, class_index, *fact);
    if (sites.size() != 1) return {};
    const AttrSite* only = sites.front();
    if (ts_node_is_null(only->value) || !is(strip_parens(only->value), sym.conditional_expression)) return {};
    const ConditionalParts parts = conditional_parts(strip_parens(only->value));
    if (!parts.whole()) return {};
    const bool body_none = is(strip_parens(parts.body), sym.none);
    const bool alternative_none = is(strip_parens(parts.alternative), sym.none);
    if (body_none == alternative_none) return {};
    // `... if not x else None` reads as "when `x` is true"
    TSNode condition = strip_parens(parts.condition);
    bool none_when_true = body_none;
    while (is(condition, sym.not_operator)) {
      condition = strip_parens(field(condition, fld.argument));
      none_when_true = !none_when_true;
    }
    return {only->node, "when `" + std::string(text(model.source(), condition)) + "` is " +
                            (none_when_true ? "true" : "false")};
  }

  std::string comparison_token(TSNode comparison) const {
    for (uint32_t i = 0; i < ts_node_child_count(comparison); ++i) {
      const TSNode child = ts_node_child(comparison, i);
      if (!ts_node_is_named(child)) return ts_node_type(child);
    }
    return "==";
  }

  // The assignment that sets `name` to None when every assignment outside compiled code is the literal None (at
  // least one), the class body neither annotates nor assigns it, and it is no constant; otherwise a null node.
  static TSNode none_only_site(const SemanticModel& model, int class_index, std::string_view name) {
    const AttrFact* fact = model.attribute(class_index, name);
    if (!fact || fact->is_final || name == "training") return TSNode{};
    if (!ts_node_is_null(class_body_annotation(model, class_index, name)) ||
        !ts_node_is_null(class_body_assignment(model, class_index, name))) {
      return TSNode{};
    }
    // What compiled code assigns afterwards is JT403's: the instance's type is fixed by then.
    const InstanceValue instance = instance_value(model, class_index, fact);
    return instance.literal == LiteralKind::None ? instance.site : TSNode{};
  }
};

}  // namespace

const Rule& none_attribute_used_rule() {
  static const NoneAttributeUsed rule;
  return rule;
}

}  // namespace jitlint
