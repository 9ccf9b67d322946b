// JT402 attribute-on-some-paths: compiled code reads `self.x` that `__init__` assigns only on some paths (`if use:
// self.proj = ...` with no else), so an instance built down the other path has no such attribute.
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/class_attributes.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT402",
    "attribute-on-some-paths",
    "attributes",
    Phase::Semantic,
    FixAvailability::None,
    "Assign the attribute on every path of `__init__` (e.g. `None` or `nn.Identity()`) and test that value",
    "has no attribute",
    R"doc(## What it does
Finds reads, in compiled code, of a module attribute that `__init__` assigns only inside `if` branches that do not
cover every path (`if use_proj: self.proj = nn.Linear(...)` with no `else`), when nothing else assigns it. It
reports the first read in each compiled function that runs only under a condition: in a branch, or after an `if` at
the top of the method that tests an attribute and whose block returns or raises (`if self.extra == 0: return ...`),
with the assignment as a related location. Reads in a function
that tests `hasattr(self, "<name>")`, or under a condition on a `Final` attribute or testing an attribute against
`None`, are not reported: torch decides those when it scripts the instance.

## Why TorchScript rejects it
Recursive scripting types the module from the instance it is given. An instance built down the path that skips
the assignment has no such attribute, and a guard on an ordinary attribute (`if self.use_proj:`) is compiled like
any other branch, so the read fails for that instance (while an instance built down the other path scripts).

## The error torch 2.13.0 prints
```
RuntimeError: Module 'Block' has no attribute 'proj' :
```

## Example
```python
class Block(nn.Module):
    def __init__(self, dim: int, use_proj: bool = False):
        super().__init__()
        self.use_proj = use_proj
        if use_proj:
            self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        if self.use_proj:
            x = self.proj(x)
        return x
```

## Use instead
```python
        self.proj = nn.Linear(dim, dim) if use_proj else nn.Identity()

    def forward(self, x: Tensor) -> Tensor:
        return self.proj(x)
```
or assign `None` on the other path and test `if self.proj is not None:` (TorchScript prunes that branch for an
instance whose attribute is None), or declare the flag `use_proj: Final[bool]`.

## Fix safety
No automatic fix: the value for the other path is a design choice.

## Known limitations
Only assignments nested in `if`/`elif`/`else` and `with` blocks of the `__init__` that makes every assignment are
followed; assignments in loops, `try` blocks or helper methods, and early `return`s, make the rule stay silent. An
`if`/`elif` chain whose conditions compare one value and cover less, equal and greater (`if factor > 1: ...
elif factor == 1: ... elif factor < 1: ...`) counts as having an `else`.
Only classes whose bases are all known are checked: of this file, `nn.Module` itself, or a module class of another
file whose bases the project index all resolves, that derives from `nn.Module` itself and has no `__getattr__`
(transformers' `PreTrainedModel`). An attribute such a base binds (assigns, defines as a method or property, or
declares in its class body) is left alone: the summaries keep no places, so its paths cannot be followed. Unless the
class's own `__init__` deletes it first (`del self.self_attn`, as transformers' modular files do): then only the
class's own assignments make it.
A read that every call of the method reaches (no `if`, conditional expression or `and`/`or` around it) is left
alone: eager Python fails there too on an instance without the attribute, so the other path is one nobody takes.
Whether any caller builds an instance down the other path is not known: the rule reports a module that fails for
some constructor arguments.
)doc"};

class AttributeOnSomePaths final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const SemanticModel& model = context.model();
    const int class_index = known_module_method_class(model, function);
    if (class_index < 0) return;
    // Most classes assign every attribute on every path: then there is nothing to look for in the body.
    std::unordered_map<std::string_view, std::vector<TSNode>> partial;
    std::unordered_map<int, std::unordered_set<uint32_t>> top_level;  // per __init__: its plain statements' starts
    for (const auto& [name, fact] : model.attributes_of(class_index)) {
      if (assigned_at_top_level(model, fact, top_level)) continue;
      std::vector<TSNode> sites;
      if (assigned_on_some_paths(model, class_index, name, fact, sites)) partial.emplace(name, std::move(sites));
    }
    if (partial.empty()) return;
    std::unordered_set<std::string_view> seen;
    for_each_self_read(model, function, [&](const NodePath& at, std::string_view name) {
      auto found = partial.find(name);
      if (found == partial.end() || !seen.insert(name).second) return;
      // A read every call reaches fails in eager Python too on the instances without the attribute: nobody builds
      // those, and the chain of conditions that guarantees it is not ours to follow.
      if (!guarded(at) && !after_runtime_exit(model, function, at.node())) return;
      if (under_instance_decided_condition(model, function, at) || after_none_test_exit(context, at.node())) return;
      if (probes_attribute(context, function, name)) return;
      report(context, at.node(), found->second);
    });
  }

 private:
  // The read runs only when some condition of the method holds: inside an `if` / `elif` / `else` branch, the value
  // or alternative of a conditional expression, or the right operand of `and` / `or`.
  static bool guarded(const NodePath& at) {
    for (size_t i = 1; i + 1 < at.size(); ++i) {
      const TSNode node = at[i].node;
      const TSFieldId into = at[i + 1].field;
      if (is(node, sym.if_statement) || is(node, sym.elif_clause)) {
        if (into != fld.condition) return true;
      } else if (is(node, sym.else_clause)) {
        return true;
      } else if (is(node, sym.conditional_expression)) {
        // `a if c else b`: children value, condition, alternative (no fields).
        if (!same_node(at[i + 1].node, ts_node_named_child(node, 1))) return true;
      } else if (is(node, sym.boolean_operator)) {
        if (into == fld.right) return true;
      }
    }
    return false;
  }

  // `if self.n == 0: return ...` at the top of the method before the read: the read runs only when the test fails,
  // which torch cannot decide from the instance (IDEFICS' `num_additional_embeddings`), so it is guarded like a read
  // in a branch. Only an `if` without `elif` / `else` whose block ends in `return` or `raise` and whose test reads an
  // attribute.
  static bool after_runtime_exit(const SemanticModel& model, const FunctionInfo& function, TSNode read) {
    const TSNode body = field(function.definition, fld.body);
    for (uint32_t i = 0; i < ts_node_named_child_count(body); ++i) {
      const TSNode statement = ts_node_named_child(body, i);
      if (ts_node_end_byte(statement) > ts_node_start_byte(read)) return false;
      if (!is(statement, sym.if_statement) || !ts_node_is_null(field(statement, fld.alternative))) continue;
      const TSNode block = field(statement, fld.consequence);
      const uint32_t count = ts_node_named_child_count(block);
      const TSNode last = count ? ts_node_named_child(block, count - 1) : TSNode{};
      if (ts_node_is_null(last) || !(is(last, sym.return_statement) || is(last, sym.raise_statement))) continue;
      // A test of the instance's configuration (`self.extra == 0`), as the `__init__` that skips the assignment
      // has: an exit on the input (`if x.numel() == 0: return x`) leaves the read reached on every instance.
      const TSNode condition = field(statement, fld.condition);
      bool reads_self = false;
      walk_descendants(condition, [&](TSNode inner) {
        if (!reads_self && !self_attribute(model.source(), inner, function.self_name).empty()) reads_self = true;
        return !reads_self;
      });
      if (reads_self && !instance_decided_condition(model, function, condition)) return true;
    }
    return false;
  }

  // `if self.y is not None: return ...` before the read: the read is reached only for instances where torch
  // decides the test one way (pruning the rest for the others).
  static bool after_none_test_exit(const RuleContext& context, TSNode read) {
    const FunctionInfo& function = context.function();
    for (const ConditionSite& site : function.conditions) {
      if (!is(site.node, sym.if_statement) || ts_node_start_byte(site.node) >= ts_node_start_byte(read)) continue;
      bool none_test_on_attribute = false;
      auto visit = [&](TSNode inner) {
        if (none_test_on_attribute) return false;
        auto test = none_test(inner);
        if (test && !self_attribute(context.source(), test->operand, function.self_name).empty()) {
          none_test_on_attribute = true;
        }
        return !none_test_on_attribute;
      };
      TSNode condition = field(site.node, fld.condition);
      if (visit(condition)) walk_descendants(condition, visit);
      if (!none_test_on_attribute) continue;
      bool exits = false;
      walk_descendants(site.node, [&](TSNode inner) {
        if (exits || is_nested_scope(inner)) return false;
        if (is(inner, sym.return_statement) || is(inner, sym.raise_statement) || is(inner, sym.continue_statement) ||
            is(inner, sym.break_statement)) {
          exits = true;
        }
        return !exits;
      });
      if (exits) return true;
    }
    return false;
  }

  // `hasattr(self, "<name>")` / `getattr(self, "<name>", ...)` in the function.
  static bool probes_attribute(const RuleContext& context, const FunctionInfo& function, std::string_view name) {
    for (TSNode call : function.calls) {
      TSNode callee = field(call, fld.function);
      if (!context.model().is_builtin(callee, "hasattr") && !context.model().is_builtin(callee, "getattr")) continue;
      auto args = named_children(field(call, fld.arguments));
      if (args.size() >= 2 && is_plain_string(context.source(), args[1]) &&
          string_value(context.source(), args[1]) == name) {
        return true;
      }
    }
    return false;
  }

  // The conditions of an `if`/`elif` chain compare one expression with one value, and their operators together
  // cover less, equal and greater.
  static bool covers_every_ordering(const Source& source, TSNode if_statement) {
    enum : unsigned { kLess = 1, kEqual = 2, kGreater = 4 };
    std::string_view left_text, right_text;
    unsigned covered = 0;
    int branches = 0;
    auto add = [&](TSNode condition) {
      condition = strip_parens(condition);
      if (!is(condition, sym.comparison_operator) || ts_node_child_count(condition) != 3) return false;
      const std::string_view left = text(source, ts_node_child(condition, 0));
      const std::string_view op = text(source, ts_node_child(condition, 1));
      const std::string_view right = text(source, ts_node_child(condition, 2));
      if (branches++ == 0) {
        left_text = left;
        right_text = right;
      } else if (left != left_text || right != right_text) {
        return false;
      }
      if (op == "<") covered |= kLess;
      else if (op == "<=") covered |= kLess | kEqual;
      else if (op == "==") covered |= kEqual;
      else if (op == ">") covered |= kGreater;
      else if (op == ">=") covered |= kGreater | kEqual;
      else if (op == "!=") covered |= kLess | kGreater;
      else return false;
      return true;
    };
    if (!add(field(if_statement, fld.condition))) return false;
    for (TSNode clause : NamedChildren(if_statement)) {
      if (is(clause, sym.elif_clause) && !add(field(clause, fld.condition))) return false;
    }
    return covered == (kLess | kEqual | kGreater);
  }

  // Whether the block assigns the attribute on every path through it (a branch that raises counts as assigning:
  // no instance comes out of it). Sets `unknown` when a site sits where the flow is not followed.
  static bool definitely_assigns(const Source& source, TSNode block, const std::vector<TSNode>& sites,
                                 bool& unknown) {
    for (TSNode statement : NamedChildren(block)) {
      if (is(statement, sym.expression_statement)) {
        TSNode inner = ts_node_named_child(statement, 0);
        for (TSNode site : sites) {
          if (same_node(site, inner)) return true;
        }
        continue;
      }
      if (is(statement, sym.raise_statement)) return true;
      if (is(statement, sym.with_statement)) {
        if (definitely_assigns(source, field(statement, fld.body), sites, unknown)) return true;
        continue;
      }
      if (is(statement, sym.if_statement)) {
        bool all = definitely_assigns(source, field(statement, fld.consequence), sites, unknown);
        bool has_else = false;
        for (TSNode clause : NamedChildren(statement)) {
          if (is(clause, sym.elif_clause)) {
            all = definitely_assigns(source, field(clause, fld.consequence), sites, unknown) && all;
          } else if (is(clause, sym.else_clause)) {
            has_else = true;
            all = definitely_assigns(source, field(clause, fld.body), sites, unknown) && all;
          }
        }
        // `if factor > 1: ... elif factor == 1: ... elif factor < 1: ...` covers every value without an `else`.
        if (all && (has_else || covers_every_ordering(source, statement))) return true;
        continue;
      }
      // Loops, try, match, nested definitions: a site inside is not followed.
      for (TSNode site : sites) {
        if (contains(statement, site)) unknown = true;
      }
    }
    return false;
  }

  // Some assignment is a statement of the function's body itself (the common case, decided without a walk).
  static bool assigned_at_top_level(const SemanticModel& model, const AttrFact& fact,
                                    std::unordered_map<int, std::unordered_set<uint32_t>>& top_level) {
    for (const AttrSite& site : fact.sites) {
      if (site.function < 0) continue;
      auto [entry, added] = top_level.try_emplace(site.function);
      if (added) {
        TSNode body = field(model.functions()[site.function].definition, fld.body);
        for (TSNode statement : NamedChildren(body)) {
          if (is(statement, sym.expression_statement)) {
            entry->second.insert(ts_node_start_byte(ts_node_named_child(statement, 0)));
          }
        }
      }
      if (entry->second.count(ts_node_start_byte(site.node))) return true;
    }
    return false;
  }

  // Every assignment of `name` sits in one `__init__` that does not assign it on every path (sets `sites`).
  static bool assigned_on_some_paths(const SemanticModel& model, int class_index, std::string_view name,
                                     const AttrFact& fact, std::vector<TSNode>& sites) {
    if (fact.is_final || fact.sites.empty()) return false;
    if (model.find_method(class_index, name) >= 0 || remote_base_binds(model, class_index, name)) return false;
    if (!ts_node_is_null(class_body_assignment(model, class_index, name))) return false;
    // Every assignment in one `__init__`.
    const int init = fact.sites.front().function;
    if (init < 0 || model.functions()[init].name != "__init__") return false;
    for (const AttrSite& site : fact.sites) {
      if (site.function != init) return false;
      sites.push_back(site.node);
    }
    const FunctionInfo& init_fn = model.functions()[init];
    TSNode body = field(init_fn.definition, fld.body);
    bool unknown = false;
    if (definitely_assigns(model.source(), body, sites, unknown) || unknown) return false;
    // An early `return` in __init__ is not followed.
    bool returns = false;
    walk_descendants(body, [&](TSNode node) {
      if (is_nested_scope(node) || returns) return false;
      if (is(node, sym.return_statement)) returns = true;
      return !returns;
    });
    if (returns) return false;
    // Sites must all have been met (each directly in a statement of an if/with chain).
    for (TSNode site : sites) {
      bool met = false;
      walk_descendants(body, [&](TSNode node) {
        if (met || is_nested_scope(node)) return false;
        if (same_node(node, site)) met = true;
        return !met && (is(node, sym.block) || is(node, sym.if_statement) || is(node, sym.elif_clause) ||
                        is(node, sym.else_clause) || is(node, sym.with_statement) ||
                        is(node, sym.expression_statement));
      });
      if (!met) return false;
    }
    return true;
  }

  static void report(RuleContext& context, TSNode read, const std::vector<TSNode>& sites) {
    const std::string attr = "`" + std::string(context.text(read)) + "`";
    Diagnostic& diagnostic = context.report(
        read, attr + " is assigned in `__init__` only on some paths, and TorchScript cannot read it on an instance " +
                  "built down the others (it has no such attribute)");
    diagnostic.related.push_back(Related{ts_node_start_byte(sites.front()), ts_node_end_byte(sites.front()),
                                         attr + " is assigned only here"});
  }
};

}  // namespace

const Rule& attribute_on_some_paths_rule() {
  static const AttributeOnSomePaths rule;
  return rule;
}

}  // namespace jitlint
