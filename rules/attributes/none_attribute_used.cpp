// JT406 none-attribute-used: a module attribute that is only ever None outside compiled code (no class-level
// annotation), used in compiled code as a value: an operand of arithmetic or of a comparison other than `is`, the
// object of an attribute access or of indexing. torch types the attribute `NoneType` from the instance.
#include <algorithm>
#include <optional>
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
`self.mask_token = nn.Parameter(...) if use_mask_token else None`, read as `self.mask_token.expand(...)`), or the
only two are the two branches of one `if` of `__init__`, one of them `None` (InternVL's `if
config.use_mask_token: self.mask_token = nn.Parameter(...)` / `else: self.mask_token = None`): the instance holds
`None` for the configurations that take that side (the default, in both), and the message says which.

It reports the first such use of each attribute in a compiled function: torch stops there, and one fix (a real type
for the attribute) serves them all.

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
Only classes whose bases are all known are checked (a base could assign another value): of this file, `nn.Module`
itself, or a module class of another file whose bases the project index all resolves, deriving from `nn.Module` itself
and without `__getattr__`; an attribute such a base binds (assigns, defines as a method or property, or declares in
its class body) is left alone. A use under a condition torch decides from the instance (another attribute's `is None`
test, a `Final` flag) is left alone: the branch may never be compiled. An attribute set by a conditional expression is
reported only when that is its one assignment outside compiled code; one set to `None` and elsewhere to a value is
followed only through the two branches of one `if`. A method that tests the attribute against None, or as a truth
value, anywhere is not checked: torch resolves such a test statically and may never compile the use. For an attribute
that is None on a path only, a test of it in any method of the class, or of an attribute the same `if` of `__init__`
assigns, keeps the rule silent: the test may guard the call of the method that reads it (data2vec's `if
self.position_embeddings is not None: ... self.interpolate_pos_encoding(...)`), or the branch the other attribute's
test leaves dead. Uses as call arguments are not reported (many functions take `None`).
)doc"};

// `a == b`, `a < b`, `a in b`...: any comparison but `is` / `is not`.
bool is_value_comparison(TSNode comparison) {
  for (uint32_t i = 0; i < ts_node_child_count(comparison); ++i) {
    const TSNode child = ts_node_child(comparison, i);
    if (is(child, sym.kw_is) || is(child, sym.kw_is_not)) return false;
  }
  return true;
}

// The read is tested rather than used: compared with `is` / `is not`, an operand of `and` / `or` / `not`, or a
// condition. TorchScript may resolve such a test statically and skip the code behind it.
bool tests_the_read(const NodePath& at) {
  const TSNode parent = at.parent();
  return (is(parent, sym.comparison_operator) && !is_value_comparison(parent)) || is(parent, sym.boolean_operator) ||
         is(parent, sym.not_operator) || at.field() == fld.condition;
}

// "when `cond` is true": the configuration that takes the None side, `not` unwrapped.
std::string when_taken(const Source& source, TSNode condition, bool none_when_true) {
  condition = strip_parens(condition);
  while (is(condition, sym.not_operator)) {
    condition = strip_parens(field(condition, fld.argument));
    none_when_true = !none_when_true;
  }
  return "when `" + std::string(text(source, condition)) + "` is " + (none_when_true ? "true" : "false");
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
      if (remote_base_binds(model, class_index, name)) continue;
      NoneSite site{none_only_site(model, class_index, name), {}, {}};
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
      if (tests_the_read(at)) {
        tested.insert(name);
        return;
      }
      // `if self._cache is not None: ... self._len ...` with `_cache` None on the instance too: never compiled.
      if (under_instance_decided_condition(model, function, at)) return;
      const TSNode parent = at.parent();
      if (is(parent, sym.comparison_operator)) {
        uses.push_back({at.node(), name, "and `" + comparison_token(parent) + "` takes no NoneType operand"});
      } else if (is(parent, sym.binary_operator) && is_arithmetic_operator(context.text(field(parent, fld.operator_)))) {
        uses.push_back({at.node(), name, "and `" + std::string(context.text(field(parent, fld.operator_))) + "` takes no NoneType operand"});
      } else if (is(parent, sym.attribute) && at.field() == fld.object) {
        uses.push_back({at.node(), name, "which has no `." + std::string(context.text(field(parent, fld.attribute))) + "`"});
      } else if (is(parent, sym.subscript) && at.field() == fld.value) {
        uses.push_back({at.node(), name, "which cannot be indexed"});
      }
    });
    std::optional<std::unordered_set<std::string_view>> class_tested;
    std::unordered_set<std::string_view> reported;  // the first use of each attribute in a function: where torch stops
    for (const Use& use : uses) {
      if (tested.count(use.name) || reported.count(use.name)) continue;
      const NoneSite& site = none_site.at(use.name);
      if (!site.when.empty()) {
        // On a path, the instance decides: a test of it (or of what the same branch assigns) anywhere in the class
        // may make the use dead code for that instance (data2vec's `if self.position_embeddings is not None:`
        // around the one call of the method that reads it).
        if (!class_tested) class_tested = tested_in_class(model, class_index);
        if (class_tested->count(use.name)) continue;
        if (std::any_of(site.correlated.begin(), site.correlated.end(),
                        [&](std::string_view other) { return class_tested->count(other) != 0; })) {
          continue;
        }
      }
      const std::string attr(context.text(use.read));
      const std::string when = site.when.empty() ? "is only ever set to None outside compiled code, so TorchScript"
                                                 : "is None " + site.when + ", and then TorchScript";
      reported.insert(use.name);
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
    std::vector<std::string_view> correlated;  // on an `if`'s branches: every attribute they assign
  };

  // Attributes a method of the class (or of a class related to it in this file) tests against None or as a truth
  // value: TorchScript resolves such a test from the instance, so a use behind it (or in a method only called
  // behind it) may never be compiled.
  static std::unordered_set<std::string_view> tested_in_class(const SemanticModel& model, int class_index) {
    std::unordered_set<std::string_view> tested;
    const auto related = [&](int owner) {
      if (owner < 0) return false;
      const auto& mine = model.local_mro(class_index);
      const auto& theirs = model.local_mro(owner);
      return std::find(mine.begin(), mine.end(), owner) != mine.end() ||
             std::find(theirs.begin(), theirs.end(), class_index) != theirs.end();
    };
    for (const FunctionInfo& method : model.functions()) {
      if (!related(method.owner_class) || method.self_name.empty()) continue;
      for_each_self_read(model, method, [&](const NodePath& at, std::string_view name) {
        if (tests_the_read(at)) tested.insert(name);
      });
    }
    return tested;
  }

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
    if (sites.size() == 2) return none_in_one_branch(model, *sites[0], *sites[1]);
    if (sites.size() != 1) return {};
    const AttrSite* only = sites.front();
    if (ts_node_is_null(only->value) || !is(strip_parens(only->value), sym.conditional_expression)) return {};
    const ConditionalParts parts = conditional_parts(strip_parens(only->value));
    if (!parts.whole()) return {};
    const bool body_none = is(strip_parens(parts.body), sym.none);
    const bool alternative_none = is(strip_parens(parts.alternative), sym.none);
    if (body_none == alternative_none) return {};
    // `... if not x else None` reads as "when `x` is true"
    return {only->node, when_taken(model.source(), parts.condition, body_none), {}};
  }

  // `if cond: self.x = value` / `else: self.x = None` (either way round), the two assignments statements of the
  // two blocks of one `if` of the same method (InternVL's `mask_token`): None when `cond` goes that way.
  static NoneSite none_in_one_branch(const SemanticModel& model, const AttrSite& a, const AttrSite& b) {
    if (a.function != b.function || a.function < 0 || ts_node_is_null(a.value) || ts_node_is_null(b.value)) return {};
    const bool a_none = is(strip_parens(a.value), sym.none);
    if (a_none == is(strip_parens(b.value), sym.none)) return {};
    // assignment <- expression_statement <- block <- if_statement (its consequence) or else_clause <- if_statement
    const TSNode body = field(model.functions()[a.function].definition, fld.body);
    auto branch_of = [&](TSNode assignment, bool& in_else) -> TSNode {
      TSNode found{};
      walk(body, [&](const NodePath& at) {
        if (!ts_node_is_null(found)) return false;
        if (!same_node(at.node(), assignment)) return true;
        if (!is(at.ancestor(2), sym.block)) return false;
        in_else = is(at.ancestor(3), sym.else_clause);
        const TSNode holder = at.ancestor(in_else ? 4 : 3);
        if (is(holder, sym.if_statement)) found = holder;
        return false;
      });
      return found;
    };
    bool a_else = false, b_else = false;
    const TSNode if_a = branch_of(a.node, a_else), if_b = branch_of(b.node, b_else);
    if (ts_node_is_null(if_a) || !same_node(if_a, if_b) || a_else == b_else) return {};
    for (TSNode clause : NamedChildren(if_a)) {
      if (is(clause, sym.elif_clause)) return {};  // a third way
    }
    const bool none_in_else = a_none ? a_else : b_else;
    NoneSite site{a_none ? a.node : b.node, when_taken(model.source(), field(if_a, fld.condition), !none_in_else), {}};
    // The attributes the same branches assign go with it (`self.lambda_a` set where `self.lambda_q1` is None).
    const std::string self_name(model.functions()[a.function].self_name);
    walk(if_a, [&](const NodePath& at) {
      const TSNode node = at.node();
      if (is(node, sym.assignment)) {
        const std::string_view name = self_attribute(model.source(), field(node, fld.left), self_name);
        if (!name.empty()) site.correlated.push_back(name);
      }
      return true;
    });
    return site;
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
