// JT603 variable-type-change: a local given a value of another type inside a branch or loop body than the type it
// has outside.
#include <algorithm>
#include <map>
#include <vector>

#include "core/body_blocks.h"
#include "core/branch_types.h"
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/optional_locals.h"
#include "core/loop_variables.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT603",
    "variable-type-change",
    "flow",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "A variable keeps one type across blocks in TorchScript: annotate it (`prev: Optional[Tensor] = None`) or give "
    "both assignments one type",
    "previously had type",
    R"doc(## What it does
Finds an assignment inside an `if` / `elif` / `else` branch or a loop body that gives a local variable a value of a
different type than the one it has before that block: `prev = None` then `prev = x` in a loop, `scale = 1` then
`scale = 0.5` in a branch, `y = x` (a Tensor) then `y = 0`, an `Optional[Tensor]` parameter given a list (`embeds =
[e(x) for e in self.embs]`). Only types the source makes certain are compared (literals, annotated parameters,
well-known torch calls; a list display or comprehension is a list whatever its elements, and a tuple display a tuple
of its length, `all_attentions = ()` then `all_attentions = (a, b, c)`; a Tensor method called on an
`Optional[Tensor]`, `pos.permute(...)` under `if pos is not None:`, gives what it gives on the Tensor).

## Why TorchScript rejects it
A variable defined outside a block and assigned inside it is a value that flows out of the block (a loop-carried
value, an `if` output), and TorchScript gives it one static type: the one it had before the block. `None` is its
own type (`NoneType`), not "no value yet", so `prev = None` fixes the type of `prev` to `NoneType`. Assignments in
the same block as the definition may change the type freely; a Tensor assigned to an `int` or `float` variable is
converted, while a `bool` or `str` variable takes no Tensor (`skip = False`, then `skip = p < self.layerdrop`).

## The error torch 2.13.0 prints
```
RuntimeError: Variable 'prev' previously had type NoneType but is now being assigned to a value of type Tensor
RuntimeError: Variable 'all_attentions' previously had type Tuple[()] but is now being assigned to a value of type Tuple[Tensor, Tensor, Tensor]
```

## Example
```python
def forward(self, xs: List[Tensor]) -> Tensor:
    prev = None
    for x in xs:
        if prev is not None:
            x = x + prev
        prev = x
    return xs[0]
```

## Use instead
```python
def forward(self, xs: List[Tensor]) -> Tensor:
    prev: Optional[Tensor] = None
    for x in xs:
        if prev is not None:
            x = x + prev
        prev = x
    return xs[0]
```

## Fix safety
When the variable starts as `None` and becomes a Tensor, int, float, bool or str, the fix annotates the first
assignment `name: Optional[T] = None`; it is **safe** (an annotation changes nothing at run time in Python). Uses of
the variable that need a `T` must then check it against `None` (JT601). Other type changes get no fix: choose
one type (`0.0` instead of `0`, a `torch.zeros_like(...)` instead of `0`).

## Known limitations
A loop over a module container or a tuple is followed as TorchScript unrolls it: its first iteration from the types
before the loop, later iterations not; `try`, `match` and `with ... as` bodies are not followed; a variable whose type the source does not make certain on both sides is not reported.
)doc"};

using Kind = Type::Kind;

struct Record {
  std::optional<Type> type;  // certain type, or nullopt
  TSNode assignment{};       // the statement that gave it
  bool first = false;        // the first definition of the name (no enclosing frame had it)
};

using Frame = std::map<std::string_view, Record>;

bool scalar(Kind k) { return k == Kind::Int || k == Kind::Float || k == Kind::Bool || k == Kind::Str; }

// The assignment of a `now` value to a variable of type `before` defined in an enclosing block fails (measured on
// 2.13.0; pairs not measured are not reported).
bool incompatible(const Type& before, const Type& now) {
  const Kind b = before.kind, n = now.kind;
  const bool container = n == Kind::List || n == Kind::Dict || n == Kind::Tuple;
  switch (b) {
    case Kind::None: return n != Kind::None && (n == Kind::Tensor || scalar(n) || container);
    case Kind::Tensor: return n == Kind::None || scalar(n) || container;
    case Kind::Int: return n == Kind::Float || n == Kind::Str || n == Kind::None || container;
    case Kind::Float: return n == Kind::Int || n == Kind::Str || n == Kind::None || container;
    case Kind::Str:
      return n == Kind::Int || n == Kind::Float || n == Kind::Bool || n == Kind::None || n == Kind::Tensor || container;
    // `skip_the_layer = False`, then `skip_the_layer = dropout_probability < self.layerdrop` (a Tensor): unlike an int
    // or a float, a bool takes no Tensor (LayerDrop in NLLB-MoE)
    case Kind::Bool: return n == Kind::None || n == Kind::Str || n == Kind::Tensor || container;
    case Kind::List: return n == Kind::Tensor || scalar(n) || n == Kind::None || n == Kind::Dict;
    // Tuples of different lengths (`all_attentions = ()`, then a tuple of three in `if output_attentions:`), whatever
    // their elements.
    case Kind::Tuple: return n == Kind::Tuple && before.args.size() != now.args.size();
    case Kind::Optional: {
      // `inputs_embeds: Optional[Tensor]` given a list in a branch; its inner type itself (a Tensor) or None fits
      if (before.args.size() != 1) return false;
      const Kind inner = before.args[0].kind;
      const bool plain_inner = inner == Kind::Tensor || scalar(inner);
      return plain_inner && (container || (inner == Kind::Tensor && scalar(n)));
    }
    default: return false;
  }
}

class Analysis {
 public:
  // `candidates`: the names bound again inside a block after an earlier binding. Only they can change type, so
  // the analysis tracks nothing else.
  Analysis(RuleContext& context, std::vector<std::string_view> candidates)
      : context_(context), source_(context.source()), types_(context.model(), context.function()),
        method_types_(context.model(), context.function()), candidates_(std::move(candidates)) {
    method_types_.none_default_parameters_as_tensor();
  }

  void run(const FunctionInfo& function) {
    frames_.emplace_back();
    for (const Parameter& parameter : function.signature.parameters) {
      if (parameter.name.empty() || !candidate(parameter.name)) continue;
      Record record;
      if (!ts_node_is_null(parameter.name_node)) {
        auto type = types_.of(parameter.name_node);
        if (type && type->certain) record.type = type->type;
      }
      frames_.back()[parameter.name] = record;
    }
    block(field(function.definition, fld.body));
  }

 private:
  std::optional<Type> certain_type(TSNode value) const {
    value = strip_parens(value);
    if (is(value, sym.none)) return Type::of(Kind::None);
    auto type = types_.of(value);
    // An Optional element may be refined where the list is built (`[x]` under `if x is not None:`): a list of unknown
    // element, as below.
    if (type && type->certain && type->type.is(Kind::List) && !type->type.args.empty() &&
        type->type.args[0].is(Kind::Optional)) {
      return Type::of(Kind::List);
    }
    if (type && type->certain) return type->type;
    // A method called on an `Optional[Tensor]` (`positional_encoding.permute(...)` under `if positional_encoding is not
    // None:`): the Tensor's method, or JT601's error first; either way not another value of this binding.
    if (is(value, sym.call) && is(field(value, fld.function), sym.attribute)) {
      auto method = method_types_.of(value);
      if (method && method->certain) return method->type;
    }
    // A list display or comprehension is certainly a list, whatever the engine makes of its elements (`[e(x) for e in
    // self.embs]` under an `is not None` test it does not follow): a `List` of unknown element, equal to no other.
    if (is(value, sym.list) || is(value, sym.list_comprehension)) return Type::of(Kind::List);
    // A tuple display is certainly a tuple of its length (`(language_attentions, vision_attentions)`): elements of
    // unknown type, so it differs from tuples of other lengths only.
    if (const auto length = tuple_display_length(value)) {
      return Type::of(Kind::Tuple, std::vector<Type>(*length, Type::of(Kind::Named)));
    }
    return std::nullopt;
  }

  // `Tuple[()]`, `Tuple[Tensor]`, or "a tuple of 3 elements" when their types are unknown.
  static std::string described(const Type& type) {
    if (!type.is(Kind::Tuple)) return "type " + type.spell();
    if (type.args.empty()) return "type Tuple[()]";
    const bool unknown = std::any_of(type.args.begin(), type.args.end(),
                                     [](const Type& element) { return element.is(Kind::Named) && element.name.empty(); });
    if (!unknown) return "type " + type.spell();
    return "a tuple of " + std::to_string(type.args.size()) + (type.args.size() == 1 ? " element" : " elements");
  }

  const Record* in_parent_frames(std::string_view name) const {
    for (size_t i = frames_.size() - 1; i-- > 0;) {
      auto it = frames_[i].find(name);
      if (it != frames_[i].end()) return &it->second;
    }
    return nullptr;
  }

  bool candidate(std::string_view name) const {
    return std::find(candidates_.begin(), candidates_.end(), name) != candidates_.end();
  }

  void forget(TSNode node) {
    const std::string_view node_text = text(source_, node);
    if (std::none_of(candidates_.begin(), candidates_.end(),
                     [&](std::string_view name) { return mentions_word(node_text, name); })) {
      return;
    }
    walk_descendants(node, [&](TSNode n) {
      if (is_nested_scope(n)) return false;
      if (is(n, sym.identifier) && candidate(text(source_, n))) frames_.back()[text(source_, n)] = Record{};
      return true;
    });
    if (is(node, sym.identifier) && candidate(node_text)) frames_.back()[node_text] = Record{};
  }

  void assign(TSNode target, TSNode value, TSNode statement) {
    target = strip_parens(target);
    if (!is(target, sym.identifier)) {
      forget(target);
      return;
    }
    const std::string_view name = text(source_, target);
    if (!candidate(name)) return;
    const std::optional<Type> now = certain_type(value);
    const Record* parent = in_parent_frames(name);
    if (parent && parent->type && now && incompatible(*parent->type, *now)) report(target, *parent, *now);
    Record record;
    record.type = parent && parent->type && now && !(*parent->type == *now) ? std::nullopt : now;
    if (parent && !(parent->type && now && *parent->type == *now)) record.type = std::nullopt;
    if (parent && parent->type && now && *parent->type == *now) record.type = now;
    record.assignment = statement;
    auto current = frames_.back().find(name);
    record.first = !parent && current == frames_.back().end();
    if (current != frames_.back().end() && !parent) record.first = false;
    frames_.back()[name] = record;
  }

  void report(TSNode target, const Record& before, const Type& now) {
    const std::string name(text(source_, target));
    // One report per variable and earlier definition (torch stops at the first).
    const std::string key = name + "@" + std::to_string(ts_node_start_byte(before.assignment));
    for (const std::string& done : reported_) {
      if (done == key) return;
    }
    reported_.push_back(key);
    const std::string was = before.type->is(Kind::None) ? "type NoneType" : described(*before.type);
    std::optional<Fix> fix;
    if (before.type->is(Kind::None) && before.first && is(before.assignment, sym.assignment) &&
        (now.is(Kind::Tensor) || scalar(now.kind))) {
      std::string inner = now.is(Kind::Tensor) ? tensor_type_spelling(context_.model()) : now.spell();
      const TSNode left = field(before.assignment, fld.left);
      if (!inner.empty() && is(left, sym.identifier) && ts_node_is_null(field(before.assignment, fld.type))) {
        fix = Fix{Applicability::Safe, "Annotate `" + name + ": Optional[" + inner + "] = None`",
                  {insert_after(left, ": Optional[" + inner + "]")}, {"Optional"}, {}};
      }
    }
    const std::string now_described = described(now);
    const bool valued = now_described.rfind("type ", 0) == 0;
    Diagnostic& d = context_.report(target, "`" + name + "` has " + was + " before this block and is assigned " +
                                                (valued ? "a value of " : "") + now_described +
                                                " here; TorchScript keeps one type for a variable "
                                                "that flows out of a branch or loop",
                                    std::move(fix));
    if (!ts_node_is_null(before.assignment)) {
      d.related.push_back(Related{ts_node_start_byte(before.assignment), ts_node_end_byte(before.assignment),
                                  "`" + name + "` gets its " + was + " here"});
    }
  }

  void block(TSNode block) {
    for (TSNode statement : NamedChildren(block)) {
      if (context_.in_dead_code(statement)) continue;
      this->statement(statement);
    }
  }

  // A nested block: a frame of its own; names it assigns have an unknown type after it unless unchanged.
  void nested(TSNode body, std::vector<Frame>* out) {
    frames_.emplace_back();
    block(body);
    out->push_back(std::move(frames_.back()));
    frames_.pop_back();
  }

  void after_blocks(const std::vector<Frame>& blocks, bool every_path) {
    // What the enclosing frame knows after the blocks: a name every block gave the same type keeps it when every
    // path runs one block (if/else); otherwise it keeps its earlier type only when the blocks agree with it.
    std::map<std::string_view, std::vector<const Record*>> seen;
    for (const Frame& frame : blocks) {
      for (const auto& [name, record] : frame) seen[name].push_back(&record);
    }
    for (const auto& [name, records] : seen) {
      const Record* parent = in_parent_frames_or_current(name);
      std::optional<Type> agreed = records.front()->type;
      for (const Record* r : records) {
        if (!(r->type && agreed && *r->type == *agreed)) agreed.reset();
      }
      Record result;
      if (parent) {
        result = *parent;
        if (!(agreed && parent->type && *agreed == *parent->type)) result.type.reset();
      } else {
        result.type = (every_path && records.size() == blocks.size()) ? agreed : std::nullopt;
        result.assignment = records.front()->assignment;
      }
      result.first = false;
      frames_.back()[name] = result;
    }
  }

  const Record* in_parent_frames_or_current(std::string_view name) const {
    for (size_t i = frames_.size(); i-- > 0;) {
      auto it = frames_[i].find(name);
      if (it != frames_[i].end()) return &it->second;
    }
    return nullptr;
  }

  void statement(TSNode node) {
    const TSSymbol kind = ts_node_symbol(node);
    if (kind == sym.expression_statement) {
      for (TSNode child : NamedChildren(node)) {
        if (is(child, sym.assignment)) {
          const TSNode right = field(child, fld.right);
          if (ts_node_is_null(right)) continue;
          if (!ts_node_is_null(field(child, fld.type)) || is(right, sym.assignment)) {
            forget(field(child, fld.left));
            if (is(right, sym.assignment)) forget(right);
            // `x: T = v` in the frame that defines it: the declared type.
            if (!ts_node_is_null(field(child, fld.type)) && is(field(child, fld.left), sym.identifier) &&
                candidate(text(source_, field(child, fld.left)))) {
              Record record;
              record.type = types_.annotation(field(child, fld.type));
              record.assignment = child;
              frames_.back()[text(source_, field(child, fld.left))] = record;
            }
            continue;
          }
          const TSNode left = strip_parens(field(child, fld.left));
          if (is(left, sym.identifier)) {
            assign(left, right, child);
          } else if (!unpack_display(left, right, child)) {
            forget(left);
          }
        } else if (is(child, sym.augmented_assignment)) {
          forget(field(child, fld.left));
        } else {
          forget_walrus(child);
        }
      }
      return;
    }
    if (kind == sym.if_statement) {
      if_chain(node);
      return;
    }
    if (kind == sym.for_statement || kind == sym.while_statement) {
      bool followed = true;
      for (TSNode child : NamedChildren(node)) {
        if (is(child, sym.else_clause)) followed = false;
      }
      if (followed && kind == sym.for_statement && !runtime_loop(context_, field(node, fld.right))) {
        // A loop over a module container or a tuple: TorchScript unrolls it, each iteration straight-line code of
        // the enclosing block. The first iteration starts from what the names hold before the loop, and is followed
        // as such; later ones may start from the previous one's, so after it every name the loop mentions is
        // unknown (also after the loop: no iteration, or the last one's).
        block(field(node, fld.body));
        forget(node);
        return;
      }
      if (kind == sym.for_statement && !runtime_loop(context_, field(node, fld.right))) followed = false;
      if (!followed) {
        forget(node);
        return;
      }
      std::vector<Frame> blocks;
      frames_.emplace_back();
      if (kind == sym.for_statement) forget(field(node, fld.left));
      block(field(node, fld.body));
      blocks.push_back(std::move(frames_.back()));
      frames_.pop_back();
      after_blocks(blocks, false);
      return;
    }
    if (kind == sym.with_statement) {
      bool plain = true;
      walk_descendants(node, [&](TSNode n) {
        if (is(n, sym.as_pattern_target)) plain = false;
        return !is(n, sym.block);
      });
      if (!plain) {
        forget(node);
        return;
      }
      block(field(node, fld.body));
      return;
    }
    if (kind == sym.return_statement || kind == sym.raise_statement || kind == sym.pass_statement ||
        kind == sym.continue_statement || kind == sym.break_statement || kind == sym.assert_statement) {
      return;
    }
    forget(node);
  }

  // `hidden_states, global_hidden_states = (None, None)` (Pegasus-X's LayerDrop): names bound element by element
  // from a tuple display of the same length, each as its own assignment. False when the statement is no such pair.
  bool unpack_display(TSNode left, TSNode right, TSNode statement) {
    right = strip_parens(right);
    if (!(is(left, sym.pattern_list) || is(left, sym.tuple_pattern)) ||
        !(is(right, sym.tuple) || is(right, sym.expression_list))) {
      return false;
    }
    const std::vector<TSNode> targets = named_children(left);
    const std::vector<TSNode> values = named_children(right);
    if (targets.size() != values.size()) return false;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (!is(strip_parens(targets[i]), sym.identifier) || is(strip_parens(values[i]), sym.list_splat)) return false;
    }
    for (size_t i = 0; i < targets.size(); ++i) assign(targets[i], values[i], statement);
    return true;
  }

  void forget_walrus(TSNode node) {
    walk_descendants(node, [&](TSNode n) {
      if (is(n, sym.named_expression)) forget(n);
      return !is_nested_scope(n);
    });
  }

  void if_chain(TSNode node) {
    std::vector<std::pair<TSNode, TSNode>> clauses{{field(node, fld.condition), field(node, fld.consequence)}};
    TSNode otherwise{};
    for (TSNode child : NamedChildren(node)) {
      if (is(child, sym.elif_clause)) clauses.push_back({field(child, fld.condition), field(child, fld.consequence)});
      if (is(child, sym.else_clause)) otherwise = field(child, fld.body);
    }
    chain(clauses, 0, otherwise);
  }

  void chain(const std::vector<std::pair<TSNode, TSNode>>& clauses, size_t index, TSNode otherwise) {
    if (index == clauses.size()) {
      if (!ts_node_is_null(otherwise)) block(otherwise);  // reached only through a static `elif` chain
      return;
    }
    const auto verdict = context_.model().static_condition(context_.function(), clauses[index].first);
    if (verdict) {
      if (*verdict) {
        block(clauses[index].second);
      } else {
        chain(clauses, index + 1, otherwise);
      }
      return;
    }
    if (possibly_static_condition(context_.model(), context_.function(), clauses[index].first)) {
      forget(clauses[index].second);
      for (size_t i = index + 1; i < clauses.size(); ++i) forget(clauses[i].second);
      if (!ts_node_is_null(otherwise)) forget(otherwise);
      return;
    }
    std::vector<Frame> blocks;
    nested(clauses[index].second, &blocks);
    // The false branch: the rest of the chain in a frame of its own.
    frames_.emplace_back();
    if (index + 1 < clauses.size()) {
      chain(clauses, index + 1, otherwise);
    } else if (!ts_node_is_null(otherwise)) {
      block(otherwise);
    }
    blocks.push_back(std::move(frames_.back()));
    frames_.pop_back();
    after_blocks(blocks, true);
  }

  RuleContext& context_;
  const Source& source_;
  ExprTypes types_;
  ExprTypes method_types_;  // Optional receivers typed as the Tensor they hold (`none_default_parameters_as_tensor`)
  std::vector<std::string_view> candidates_;
  std::vector<Frame> frames_;
  std::vector<std::string> reported_;
};

class VariableTypeChange final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }
  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    // A change needs two bindings of one name: a parameter or an assignment, then an assignment in a block.
    const BodyBlocks blocks(function);
    if (blocks.empty()) return;
    std::vector<std::string_view> candidates;
    for (const auto& [name, all] : function.scope.bindings()) {
      if (all.size() > 1 &&
          std::any_of(all.begin() + 1, all.end(), [&](const Binding& b) { return blocks.contains(b.target); })) {
        candidates.push_back(name);
      }
    }
    if (candidates.empty()) return;
    Analysis analysis(context, std::move(candidates));
    analysis.run(function);
  }
};

}  // namespace

const Rule& variable_type_change_rule() {
  static const VariableTypeChange rule;
  return rule;
}

}  // namespace jitlint
