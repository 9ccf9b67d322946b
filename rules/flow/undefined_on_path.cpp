// JT604 undefined-on-path: a local assigned on some paths only (one branch of an `if`, inside a loop) and read where
// TorchScript needs it defined on every path.
#include <map>
#include <string>

#include "core/body_blocks.h"
#include "core/expr_types.h"
#include "core/optional_locals.h"
#include "core/loop_variables.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT604",
    "undefined-on-path",
    "flow",
    Phase::Semantic,
    FixAvailability::None,
    "Assign the variable on every path before reading it (an `else` branch, or a value before the `if` / loop)",
    "is not defined in the false branch\n"
    "is not defined in the true branch\n"
    "undefined value",
    R"doc(## What it does
Finds a local variable that is assigned in one branch of an `if` only (an `if` without `else`, an `if`/`elif`
chain without `else`, or an `else` only) and read after the `if`; and a variable first assigned inside a `for` /
`while` loop (or the loop's own target) and read after the loop. A branch that ends in `return` or `raise` does
not count: the variable is defined wherever the code goes on. Statically decided conditions
(`torch.jit.is_scripting()`, `Final` flags) are followed as TorchScript follows them.

## Why TorchScript rejects it
TorchScript gives every variable one value at each point of the program. After an `if`, a variable must be
defined in both branches (or the other branch must leave the function); a variable first defined inside a loop
body does not exist after the loop, since the body may run zero times. Python only fails at run time on the path
that misses the assignment; TorchScript rejects the function. `continue` and `break` do not count as leaving the
branch.

## The error torch 2.13.0 prints
```
RuntimeError: y is not defined in the false branch:
RuntimeError: y is not defined in the true branch:
RuntimeError: undefined value y:
```

## Example
```python
def forward(self, x: Tensor, use_skip: bool) -> Tensor:
    if use_skip:
        skip = x
    x = self.body(x)
    if use_skip:
        x = x + skip
    return x
```

## Use instead
```python
def forward(self, x: Tensor, use_skip: bool) -> Tensor:
    skip = x
    x = self.body(x)
    if use_skip:
        x = x + skip
    return x
```
(or make the flag a `Final[bool]` attribute: TorchScript then compiles only the branch taken.)

## Fix safety
No automatic fix: the value to give the variable on the other path is a decision about the program.

## Known limitations
Flow the rule does not follow is skipped silently: `try`, `match`, `del`, loops with `else`, `while True`,
conditions TorchScript may decide statically that the model cannot (`hasattr`, `isinstance`), blocks ending in
`assert False`.
)doc"};

enum class Exit { No, Yes, Unclear };

struct Var {
  enum class Kind { Defined, Maybe, Unknown } kind = Kind::Defined;
  TSNode reason{};    // Maybe: the `if` statement or loop that leaves it undefined on a path
  TSNode assigned{};  // Maybe: an assignment that defines it
  bool loop = false;  // Maybe: undefined after a loop
  std::string branch; // Maybe from an `if`: the branch that misses it ("false" / "true")
};

bool same_var(const Var& a, const Var& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Var::Kind::Maybe) return same_node(a.reason, b.reason) && a.branch == b.branch;
  return true;
}

using State = std::map<std::string_view, Var>;

bool is_comprehension(TSNode node) {
  const TSSymbol kind = ts_node_symbol(node);
  return kind == sym.list_comprehension || kind == sym.dictionary_comprehension || kind == sym.set_comprehension ||
         kind == sym.generator_expression;
}

class Analysis {
 public:
  Analysis(RuleContext& context) : context_(context), source_(context.source()) {}

  Exit block(TSNode block, State& state) {
    for (TSNode statement : NamedChildren(block)) {
      if (context_.in_dead_code(statement)) continue;
      const Exit exit = this->statement(statement, state);
      if (exit != Exit::No || stopped_) return exit;
    }
    return Exit::No;
  }

 private:
  // ---- reads and bindings -------------------------------------------------------------------------------------
  void read_name(TSNode identifier, State& state) {
    auto it = state.find(text(source_, identifier));
    if (it == state.end() || it->second.kind != Var::Kind::Maybe) return;
    Var& var = it->second;
    const std::string name(it->first);
    const int line = static_cast<int>(ts_node_start_point(identifier).row) + 1;
    if (var.loop) {
      Diagnostic& d = context_.report(
          identifier, "`" + name + "` is first assigned inside a loop and read after it; TorchScript does not define "
                      "a variable after a loop whose body may not run");
      d.related.push_back(Related{ts_node_start_byte(var.assigned), ts_node_end_byte(var.assigned),
                                  "`" + name + "` is assigned here, inside the loop"});
    } else {
      Diagnostic& d = context_.report_range(
          ts_node_start_byte(var.reason), header_end(var.reason),
          "`" + name + "` is not assigned in the " + var.branch + " branch of this `if` but is read after it (line " +
              std::to_string(line) + "); TorchScript requires it defined on both paths");
      d.related.push_back(Related{ts_node_start_byte(identifier), ts_node_end_byte(identifier),
                                  "`" + name + "` is read here"});
      d.related.push_back(Related{ts_node_start_byte(var.assigned), ts_node_end_byte(var.assigned),
                                  "`" + name + "` is assigned here only"});
    }
    var = Var{Var::Kind::Unknown, {}, {}, false, {}};  // one report per variable
  }

  // Reads of `node` (an expression, or a statement's non-target parts), in source order.
  void reads(TSNode node, State& state, std::vector<std::string_view>* bound = nullptr) {
    if (ts_node_is_null(node) || !mentions_maybe(node, state)) return;
    if (is(node, sym.identifier)) {
      if (!is_bound(node, bound)) read_name(node, state);
      return;
    }
    if (is_comprehension(node)) {
      comprehension(node, state, bound);
      return;
    }
    NodePath path;
    walk(node, path, [&](const NodePath& at) {
      const TSNode n = at.node();
      if (is(n, sym.lambda) || is_nested_scope(n) || is(n, sym.as_pattern_target)) return false;
      if (is_comprehension(n)) {
        comprehension(n, state, bound);
        return false;
      }
      if (!is(n, sym.identifier)) return true;
      const TSNode parent = at.parent();
      if ((is(parent, sym.attribute) && at.field() == fld.attribute) ||
          (is(parent, sym.keyword_argument) && at.field() == fld.name)) {
        return false;
      }
      if (!is_bound(n, bound)) read_name(n, state);
      return false;
    });
  }

  // Only a read of a variable that is undefined on some path does anything: skip the walk of an expression whose
  // text names none (most of them).
  bool mentions_maybe(TSNode node, const State& state) const {
    const std::string_view node_text = text(source_, node);
    for (const auto& [name, var] : state) {
      if (var.kind == Var::Kind::Maybe && mentions_word(node_text, name)) return true;
    }
    return false;
  }

  bool is_bound(TSNode identifier, const std::vector<std::string_view>* bound) const {
    if (!bound) return false;
    const std::string_view name = text(source_, identifier);
    for (std::string_view b : *bound) {
      if (b == name) return true;
    }
    return false;
  }

  void comprehension(TSNode node, State& state, std::vector<std::string_view>* outer) {
    std::vector<std::string_view> bound = outer ? *outer : std::vector<std::string_view>{};
    for (TSNode child : NamedChildren(node)) {
      if (is(child, sym.for_in_clause)) {
        walk_descendants(field(child, fld.left), [&](TSNode n) {
          if (is(n, sym.identifier)) bound.push_back(text(source_, n));
          return true;
        });
        if (is(field(child, fld.left), sym.identifier)) bound.push_back(text(source_, field(child, fld.left)));
      }
    }
    for (TSNode child : NamedChildren(node)) {
      if (is(child, sym.for_in_clause)) {
        reads(field(child, fld.right), state, &bound);
      } else {
        reads(child, state, &bound);
      }
    }
  }

  void define(std::string_view name, TSNode target, State& state) {
    Var var;
    var.kind = Var::Kind::Defined;
    var.assigned = target;
    state[name] = var;
  }

  // An assignment target: names are defined, subscripts and attributes read.
  void target(TSNode node, State& state) {
    node = strip_parens(node);
    if (is(node, sym.identifier)) {
      define(text(source_, node), node, state);
    } else if (is(node, sym.attribute)) {
      reads(field(node, fld.object), state);
    } else if (is(node, sym.subscript)) {
      reads(node, state);
    } else {
      for (TSNode child : NamedChildren(node)) target(child, state);
    }
  }

  void forget_assigned(TSNode node, State& state) {
    // Every name bound anywhere in `node` becomes unknown (flow the rule does not follow).
    walk_descendants(node, [&](TSNode n) {
      if (is_nested_scope(n)) return false;
      if (is(n, sym.identifier)) {
        auto it = state.find(text(source_, n));
        if (it != state.end()) it->second = Var{Var::Kind::Unknown, {}, {}, false, {}};
        else state[text(source_, n)] = Var{Var::Kind::Unknown, {}, {}, false, {}};
      }
      return true;
    });
  }

  // ---- statements ---------------------------------------------------------------------------------------------
  Exit statement(TSNode node, State& state) {
    const TSSymbol kind = ts_node_symbol(node);
    if (kind == sym.expression_statement) {
      for (TSNode child : NamedChildren(node)) expression_statement_part(child, state);
      return Exit::No;
    }
    if (kind == sym.return_statement || kind == sym.raise_statement) {
      reads(node, state);
      return Exit::Yes;
    }
    if (kind == sym.continue_statement || kind == sym.break_statement) {
      stopped_ = true;  // the rest of the block does not run; TorchScript does not count it as leaving the branch
      return Exit::No;
    }
    if (kind == sym.assert_statement) {
      reads(node, state);
      const TSNode condition = strip_parens(ts_node_named_child(node, 0));
      if (is(condition, sym.false_) || (is(condition, sym.integer) && text(source_, condition) == "0")) {
        return Exit::Unclear;
      }
      return Exit::No;
    }
    if (kind == sym.if_statement) return if_statement(node, state);
    if (kind == sym.for_statement || kind == sym.while_statement) return loop(node, state);
    if (kind == sym.with_statement) {
      for (TSNode child : NamedChildren(node)) {
        if (same_node(child, field(node, fld.body))) continue;
        reads(child, state);
        walk_descendants(child, [&](TSNode n) {
          if (is(n, sym.as_pattern_target)) {
            for (TSNode t : NamedChildren(n)) target(t, state);
            return false;
          }
          return true;
        });
      }
      return block(field(node, fld.body), state);
    }
    if (kind == sym.function_definition || kind == sym.class_definition) {
      define(text(source_, field(node, fld.name)), field(node, fld.name), state);
      return Exit::No;
    }
    if (kind == sym.decorated_definition) {
      const TSNode definition = field(node, fld.definition);
      if (!ts_node_is_null(definition)) define(text(source_, field(definition, fld.name)), field(definition, fld.name), state);
      return Exit::No;
    }
    if (kind == sym.pass_statement) return Exit::No;
    if (kind == sym.import_statement || kind == sym.import_from_statement || kind == sym.future_import_statement ||
        kind == sym.global_statement || kind == sym.nonlocal_statement || kind == sym.delete_statement ||
        kind == sym.try_statement || kind == sym.match_statement) {
      if (kind == sym.delete_statement) reads(node, state);
      forget_assigned(node, state);
      return Exit::No;
    }
    // Anything else: read what it reads, forget what it may bind.
    forget_assigned(node, state);
    return Exit::No;
  }

  void expression_statement_part(TSNode node, State& state) {
    if (is(node, sym.assignment)) {
      TSNode right = field(node, fld.right);
      // a = b = value: the value first, then every target from the right
      std::vector<TSNode> targets{field(node, fld.left)};
      while (is(right, sym.assignment)) {
        targets.push_back(field(right, fld.left));
        right = field(right, fld.right);
      }
      if (ts_node_is_null(right)) return;  // `x: int` declares nothing
      reads(right, state);
      for (TSNode t : targets) target(t, state);
      return;
    }
    if (is(node, sym.augmented_assignment)) {
      reads(field(node, fld.right), state);
      reads(field(node, fld.left), state);
      target(field(node, fld.left), state);
      return;
    }
    if (is(node, sym.named_expression)) {
      forget_assigned(node, state);
      return;
    }
    reads(node, state);
  }

  // if / elif / else chain from clause `index` on (clauses[i] = elif clauses, else at the end).
  Exit if_statement(TSNode node, State& state) {
    std::vector<TSNode> clauses{node};
    TSNode otherwise{};
    for (TSNode child : NamedChildren(node)) {
      if (is(child, sym.elif_clause)) clauses.push_back(child);
      if (is(child, sym.else_clause)) otherwise = child;
    }
    return chain(clauses, 0, otherwise, state);
  }

  Exit chain(const std::vector<TSNode>& clauses, size_t index, TSNode otherwise, State& state) {
    if (index == clauses.size()) {
      if (ts_node_is_null(otherwise)) return Exit::No;
      return block(field(otherwise, fld.body), state);
    }
    const TSNode clause = clauses[index];
    const TSNode condition = field(clause, fld.condition);
    reads(condition, state);
    const auto verdict = context_.model().static_condition(context_.function(), condition);
    if (verdict) {
      // TorchScript emits the branch taken only, in the enclosing block.
      if (*verdict) return block(field(clause, fld.consequence), state);
      return chain(clauses, index + 1, otherwise, state);
    }
    State when_true = state;
    const bool stopped_before = stopped_;
    Exit true_exit = block(field(clause, fld.consequence), when_true);
    stopped_ = stopped_before;
    State when_false = state;
    Exit false_exit = chain(clauses, index + 1, otherwise, when_false);
    stopped_ = stopped_before;
    if (possibly_static_condition(context_.model(), context_.function(), condition)) {
      // Follow neither precisely: every name either branch touches becomes unknown.
      merge_unknown(state, when_true, when_false);
      return true_exit == Exit::Yes && false_exit == Exit::Yes ? Exit::Yes : Exit::No;
    }
    if (true_exit == Exit::Yes && false_exit == Exit::Yes) return Exit::Yes;
    if (true_exit == Exit::Yes && false_exit == Exit::No) {
      state = std::move(when_false);
      return Exit::No;
    }
    if (false_exit == Exit::Yes && true_exit == Exit::No) {
      state = std::move(when_true);
      return Exit::No;
    }
    if (true_exit == Exit::Unclear || false_exit == Exit::Unclear) {
      merge_unknown(state, when_true, when_false);
      return Exit::No;
    }
    // Neither branch leaves: a name defined on one side only is undefined on the other.
    State merged;
    std::vector<std::string_view> names;
    for (const auto& [name, var] : when_true) names.push_back(name);
    for (const auto& [name, var] : when_false) {
      if (!when_true.count(name)) names.push_back(name);
    }
    for (std::string_view name : names) {
      auto t = when_true.find(name);
      auto f = when_false.find(name);
      const Var* tv = t == when_true.end() ? nullptr : &t->second;
      const Var* fv = f == when_false.end() ? nullptr : &f->second;
      if (tv && fv && same_var(*tv, *fv)) {
        merged[name] = *tv;
        continue;
      }
      const bool t_defined = tv && tv->kind == Var::Kind::Defined;
      const bool f_defined = fv && fv->kind == Var::Kind::Defined;
      Var var;
      var.kind = Var::Kind::Maybe;
      var.reason = clauses[0];
      auto pre = state.find(name);
      const bool f_from_branch = !(pre != state.end() && fv && same_var(pre->second, *fv));
      if (t_defined && (!fv || (fv->kind == Var::Kind::Maybe && !fv->loop && f_from_branch))) {
        var.branch = "false";
        var.assigned = tv->assigned;
      } else if (f_defined && !tv) {
        var.branch = "true";
        var.assigned = fv->assigned;
      } else {
        var = Var{Var::Kind::Unknown, {}, {}, false, {}};
      }
      // The error names the outermost `if` of an elif chain: report it there.
      if (var.kind == Var::Kind::Maybe && index > 0) var.reason = clauses[0];
      merged[name] = var;
    }
    state = std::move(merged);
    return Exit::No;
  }

  void merge_unknown(State& state, const State& a, const State& b) {
    State merged = a;
    for (const auto& [name, var] : b) {
      auto it = merged.find(name);
      if (it == merged.end() || !same_var(it->second, var)) merged[name] = Var{Var::Kind::Unknown, {}, {}, false, {}};
    }
    for (auto& [name, var] : merged) {
      auto it = b.find(name);
      if (it == b.end() || !same_var(it->second, var)) var = Var{Var::Kind::Unknown, {}, {}, false, {}};
    }
    state = std::move(merged);
  }

  Exit loop(TSNode node, State& state) {
    const bool is_for = is(node, sym.for_statement);
    bool unclear = false;
    for (TSNode child : NamedChildren(node)) {
      if (is(child, sym.else_clause)) unclear = true;
    }
    State body = state;
    if (is_for) {
      if (!runtime_loop(context_, field(node, fld.right))) unclear = true;
      reads(field(node, fld.right), state);
      body = state;
      target(field(node, fld.left), body);
    } else {
      const TSNode condition = field(node, fld.condition);
      reads(condition, state);
      body = state;
      if (context_.model().static_condition(context_.function(), condition) ||
          possibly_static_condition(context_.model(), context_.function(), condition)) {
        unclear = true;
      }
    }
    const bool stopped_before = stopped_;
    const Exit exit = block(field(node, fld.body), body);
    stopped_ = stopped_before;
    if (exit != Exit::No) unclear = true;
    State after;
    for (const auto& [name, var] : body) {
      auto before = state.find(name);
      if (before != state.end() && same_var(before->second, var)) {
        after[name] = var;
      } else if (before == state.end() && var.kind == Var::Kind::Defined && !unclear) {
        Var maybe;
        maybe.kind = Var::Kind::Maybe;
        maybe.loop = true;
        maybe.reason = node;
        maybe.assigned = var.assigned;
        after[name] = maybe;
      } else if (before != state.end() && before->second.kind == Var::Kind::Defined && var.kind == Var::Kind::Defined) {
        after[name] = before->second;
      } else {
        after[name] = Var{Var::Kind::Unknown, {}, {}, false, {}};
      }
    }
    for (const auto& [name, var] : state) {
      if (!after.count(name)) after[name] = var;
    }
    state = std::move(after);
    return Exit::No;
  }

  // TorchScript compiles a loop over this iterable as a loop (a variable first assigned in it does not exist after
  // it): `range(...)`, a List, a Tensor, a str, and `enumerate` / `zip` of those. Loops over module containers and
  // tuples are unrolled, and their variables do survive.
  RuleContext& context_;
  const Source& source_;
  bool stopped_ = false;
};

// A variable can miss a path only when its first binding sits inside a block of the body: a variable first bound
// by a parameter or by a plain assignment at the top of the body is defined from there on, whatever the blocks
// after it do. Without such a variable the analysis is skipped.
bool first_bound_inside_block(const FunctionInfo& function) {
  const BodyBlocks blocks(function);
  if (blocks.empty()) return false;
  for (const auto& [name, bindings] : function.scope.bindings()) {
    const Binding& first = bindings.front();  // bindings come in source order, parameters first
    if (first.kind == Binding::Kind::Parameter) continue;
    if (first.kind != Binding::Kind::Assignment) return true;  // a loop target, a comprehension, a `with ... as`
    if (blocks.contains(first.target)) return true;
  }
  return false;
}

class UndefinedOnPath final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }
  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    if (!first_bound_inside_block(function)) return;
    State state;
    for (const Parameter& parameter : function.signature.parameters) {
      if (!parameter.name.empty()) state[parameter.name] = Var{};
    }
    Analysis analysis(context);
    analysis.block(field(function.definition, fld.body), state);
  }
};

}  // namespace

const Rule& undefined_on_path_rule() {
  static const UndefinedOnPath rule;
  return rule;
}

}  // namespace jitlint
