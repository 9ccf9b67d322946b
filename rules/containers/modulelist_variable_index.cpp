// JT201 modulelist-variable-index: a ModuleList / Sequential / ParameterList indexed by a non-literal.
#include <algorithm>

#include "core/rule.h"
#include "core/container_length.h"
#include "core/edits.h"
#include "core/loop_variables.h"
#include "rules/fixes/runtime_pick.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT201",
    "modulelist-variable-index",
    "containers",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Index a ModuleList only with an integer literal; iterate with `enumerate`/`zip` instead",
    "ModuleList/Sequential indexing is only supported with integer literals\n"
    "tuple slice indices must be integer constants",
    R"doc(## What it does
Finds an `nn.ModuleList`, `nn.Sequential` or `nn.ParameterList` attribute of a module (as assigned in
`__init__`) subscripted with anything but an integer literal or a `Final[int]` attribute, also through a local
alias (`layers = self.layers; layers[i]`), and `self[i]` in a class deriving from one of them (no fix there). A
ModuleList or Sequential sliced with a bound that is not an integer literal (`self.layers[:split_index]`, also
`n = 2; self.layers[:n]` or `self.layers[:len(self.layers) - 1]`) is reported too, without a fix; not a bound read
through another object of the instance (`self.config.num_hidden_layers`: the config rules report the object, and a
`Final[int]` copied from it slices).

## Why TorchScript rejects it
TorchScript unrolls module containers into a fixed tuple of submodules whose types may all differ, so an index
must be known at compile time to pick the element's type (`SugaredTupleValue::getitem` in
`torch/csrc/jit/frontend/sugared_value.h`). A loop variable, a parameter or a plain `int` attribute is a runtime
value. A slice is taken from that tuple, so its bounds must be constants too.

## The error torch 2.13.0 prints
```
RuntimeError: Expected integer literal for index but got a variable or non-integer. ModuleList/Sequential indexing is only supported with integer literals. For example, 'i = 4; self.layers[i](x)' will fail because i is not a literal. Enumeration is supported, e.g. 'for index, v in enumerate(self): out = v(inp)':
RuntimeError: tuple slice indices must be integer constants:
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
For the common loop `for i in range(len(self.layers))` the fix iterates the container itself: `for layer in
self.layers` when the index has no other use, `for i, layer in enumerate(self.layers)` when it has, and
`for layer, norm in zip(self.layers, self.norms)` when the body indexes several ModuleLists by the same variable.
Every `self.layers[i]` in the body becomes the element. It is **safe**: the loop visits the same modules in the
same order. With `zip`, a container shorter than `self.layers` ends the loop where the original raised
`IndexError` (a model that was already broken). With another bound (`range(self.num_stages)`, `range(4)`) the same
rewrite is **safe** when `__init__` proves the bound is the length of every container indexed: `self.num_stages =
num_stages` beside `self.stages = nn.ModuleList([... for _ in range(num_stages)])` (the parameter never rebound,
both statements at the top of `__init__`, the container never appended to), `range(4)` over a literal list of four
modules or an `nn.Sequential` of four. Without that proof it is **unsafe** (applied with `--unsafe-fixes`): if the
bound is shorter than a container, the rewritten loop also runs the modules past it.
A shorter range, `range(len(self.convs) - 1)` or `range(1, len(self.convs))` (a literal start and step back),
becomes `for i, conv in enumerate(self.convs):` with the body under `if i < len(self.convs) - 1:` / `if i >= 1:`:
TorchScript cannot call the modules of a slice, so the loop walks the whole container and runs the body for the
indices the range gave. It is safe on the same terms (the length of the container is proven) and keeps the
body's comments; there is no fix when a string literal spans lines in the body (indenting it would change it).
There is no loop fix when the body has its own `break`/`continue`
(TorchScript rejects them in loops over module containers), when the index is reassigned, or for other loop bounds.

A module picked by a runtime index (a parameter, a counter) in `return self.heads[idx](x)`, `x =
self.heads[idx](x)` (the variable bound before) or `out[k] = self.heads[idx](x)` is called from a loop over
`enumerate(self.heads)` for the position that matches the index (`index == idx or index == idx +
len(self.heads)`, so negative indices count from the end as in Python), and `raise IndexError("index out of
range")` follows when none matched. It is **unsafe**: the call compares the index with every position, and the
error's message differs from the lookup's (`index 5 is out of range`).

## Known limitations
Containers are recognised from assignments in the class (and its bases in the same file); one built elsewhere
is not reported. An index in a statically dead branch (`if not torch.jit.is_scripting():`) is not compiled and
not reported.
)doc"};

class ModuleListVariableIndex final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.subscript}}; }

  void check(RuleContext& context, TSNode node) const override {
    if (context.model().is_interface_typed_value(context.path())) return;  // `m: Iface = self.container[key]` scripts
    const AttrKind kind = context.model().indexed_kind(context.function(), field(node, fld.value));
    if (!is_indexed_container(kind)) return;
    auto indices = subscripts(node);
    if (indices.size() != 1) return;
    TSNode index = strip_parens(indices[0]);
    if (is(index, sym.slice)) {
      check_slice(context, node, index, kind);
      return;
    }
    if (is_integer_literal(index)) return;
    if (may_be_constant(context, index)) return;
    context.report(node,
                   "`" + std::string(context.text(field(node, fld.value))) + "` is an " +
                       std::string(attr_kind_name(kind)) + " indexed by `" + std::string(context.text(index)) +
                       "`, which is not an integer literal",
                   is_self(context, node) ? std::nullopt : fix(context, node, index, kind));
  }

 private:
  // `self.idx` (or a local bound to it): a Final attribute is a constant; an attribute jitlint has not seen
  // assigned may be one, so stay silent about it. `self.layers[1 + 1]`: not worth guessing.
  static bool may_be_constant(const RuleContext& context, TSNode index) {
    auto index_fact = context.model().self_attribute_fact(context.function(), index);
    if (index_fact && index_fact->is_final) return true;
    if (!index_fact && !self_attribute(context.source(), index, context.function().self_name).empty()) return true;
    return is_literal_arithmetic(index);
  }

  // `self.config.num_hidden_layers`: a value reached through another object of the instance, which the model does
  // not type; the config rules report the object, and a constant copied from it (`Final[int]`) slices.
  static bool read_through_instance_object(const RuleContext& context, TSNode bound) {
    if (!is(bound, sym.attribute)) return false;
    TSNode object = strip_parens(field(bound, fld.object));
    if (!is(object, sym.attribute)) return false;
    while (is(object, sym.attribute)) object = strip_parens(field(object, fld.object));
    return is(object, sym.identifier) && context.text(object) == context.function().self_name;
  }

  // `self.layers[:split_index]`: TorchScript slices a ModuleList or Sequential as a tuple, whose bounds must be
  // integer constants (a literal or a `Final` attribute; a local bound to a literal or `len(self.layers) - 1` is not
  // one). A ParameterList cannot be sliced at all (another rule's error); it is left alone.
  static void check_slice(RuleContext& context, TSNode subscript, TSNode slice, AttrKind kind) {
    if (kind != AttrKind::ModuleList && kind != AttrKind::Sequential) return;
    for (TSNode bound : NamedChildren(slice)) {
      bound = strip_parens(bound);
      if (is(bound, sym.comment) || is_integer_literal(bound) || is(bound, sym.none) ||
          may_be_constant(context, bound) || read_through_instance_object(context, bound)) {
        continue;
      }
      context.report(subscript, "`" + std::string(context.text(field(subscript, fld.value))) + "` is an " +
                                    std::string(attr_kind_name(kind)) + " sliced by `" +
                                    std::string(context.text(slice)) + "`, whose bound `" +
                                    std::string(context.text(bound)) + "` is not an integer literal");
      return;
    }
  }

  // `self[i]` in a container subclass: the fixes rewrite attribute containers only.
  static bool is_self(const RuleContext& context, TSNode subscript) {
    const TSNode value = strip_parens(field(subscript, fld.value));
    return is(value, sym.identifier) && context.text(value) == context.function().self_name;
  }

  // A loop over the indices becomes a loop over the container; a module picked by a runtime index is called from
  // a loop over `enumerate(...)` that matches the index.
  static std::optional<Fix> fix(RuleContext& context, TSNode subscript, TSNode index, AttrKind kind) {
    if (auto fix = iterate_container_fix(context, index)) return fix;
    if (kind != AttrKind::ModuleList && kind != AttrKind::Sequential) return std::nullopt;
    return runtime_pick_fix(context, subscript, index, PickedFrom::List);
  }

  static std::vector<TSNode> subscripts(TSNode node) {
    std::vector<TSNode> out;
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      const char* name = ts_node_field_name_for_child(node, i);
      if (name && std::string_view(name) == "subscript") out.push_back(ts_node_child(node, i));
    }
    return out;
  }
  // `for i in range(len(self.layers)): ... self.layers[i] ...` -> `for layer in self.layers: ... layer ...`
  static std::optional<Fix> iterate_container_fix(RuleContext& context, TSNode index) {
    const SemanticModel& model = context.model();
    const FunctionInfo& function = context.function();
    auto loop = indexing_loop(context, index);
    if (!loop) return std::nullopt;
    TSNode range = strip_parens(field(loop->loop, fld.right));
    if (!is(range, sym.call) || !model.is_builtin(field(range, fld.function), "range")) return std::nullopt;
    auto range_args = named_children(field(range, fld.arguments));
    if (range_args.empty() || range_args.size() > 2) return std::nullopt;
    // A shorter range, `range(start, n)` or `range(n - k)` (literal `start` and `k`), keeps the body under an index
    // guard: TorchScript cannot call the modules of a slice, so the loop still walks the whole container.
    const TSNode start = range_args.size() == 2 ? strip_parens(range_args[0]) : TSNode{};
    const TSNode stop = strip_parens(range_args.back());
    if (!ts_node_is_null(start) && !is_integer_literal(start)) return std::nullopt;
    TSNode length = stop;
    if (is(stop, sym.binary_operator) && is(field(stop, fld.operator_), sym.op_minus) &&
        is_integer_literal(field(stop, fld.right))) {
      length = strip_parens(field(stop, fld.left));
    }
    const bool shorter = !ts_node_is_null(start) || !same_node(length, stop);
    if (shorter && !pure_bound(context, length)) return std::nullopt;
    // `range(len(self.layers))` proves the loop visits exactly the container's elements. Another bound
    // (`range(self.num_stages)`, `range(4)`) does when `__init__` proves it is the length of every container the
    // body indexes (core/container_length.h); otherwise the rewrite is unsafe.
    std::string bound;
    if (is(length, sym.call) && model.is_builtin(field(length, fld.function), "len")) {
      auto length_args = named_children(field(length, fld.arguments));
      if (length_args.size() != 1) return std::nullopt;
      bound = std::string(self_attribute(context.source(), length_args[0], function.self_name));
      if (bound.empty() || !is_indexed_container(model.attribute_kind(function, length_args[0]))) return std::nullopt;
    }

    // Containers in the order the body first uses them; the loop bound's container is always among them.
    auto uses = classify_uses(context, *loop, [&](TSNode container) {
      return !self_attribute(context.source(), container, function.self_name).empty() &&
             is_indexed_container(model.attribute_kind(function, container));
    });
    if (!uses) return std::nullopt;
    const bool other_uses = uses->other_uses;
    std::vector<std::string> containers;
    for (const ContainerLookup& lookup : uses->lookups) {
      if (std::find(containers.begin(), containers.end(), lookup.container) == containers.end()) {
        containers.push_back(lookup.container);
      }
    }
    if (containers.empty()) return std::nullopt;
    if (!bound.empty() && std::find(containers.begin(), containers.end(), bound) == containers.end()) {
      return std::nullopt;  // the loop runs over one container's length but indexes others only
    }
    if (containers.size() > 1) {
      for (const std::string& attr : containers) {
        const auto fact = model.attribute(function.owner_class, attr);
        if (!fact || (fact->kind() != AttrKind::ModuleList && fact->kind() != AttrKind::Sequential)) return std::nullopt;
      }
    }
    // Every container has the loop's length: `range(len(self.a))` with `self.b` as long as `self.a`, or another
    // bound `__init__` proves. Without the proof the rewrite may visit more modules than the loop did.
    bool proven = true;
    const std::optional<ProvenLength> loop_length = bound_length(model, function, length);
    for (const std::string& attr : containers) {
      if (attr == bound) continue;
      const std::optional<ProvenLength> container = container_length(model, function.owner_class, attr);
      proven = proven && loop_length && container && *loop_length == *container;
    }
    const bool unsafe = !proven && bound.empty();
    std::vector<std::string> names;
    std::string targets;
    std::string iterables;
    for (const std::string& attr : containers) {
      names.push_back(element_name(context, attr, names));  // distinct even for `blocks` and `block`
      targets += (targets.empty() ? "" : ", ") + names.back();
      iterables += std::string(iterables.empty() ? "" : ", ") + function.self_name + "." + attr;
    }
    // `for i, (a, b) in enumerate(zip(self.a, self.b))` scripts too.
    std::string iterable = containers.size() > 1 ? "zip(" + iterables + ")" : iterables;
    const bool enumerated = other_uses || shorter;  // the body (or its guard) still reads the index
    if (enumerated) {
      targets = loop->variable + ", " + (containers.size() > 1 ? "(" + targets + ")" : targets);
      iterable = "enumerate(" + iterable + ")";
    }
    std::string header = targets + " in " + iterable;
    // Keep the `for` line readable: wrap the container list when it gets long.
    const uint32_t for_line = context.source().line_of(ts_node_start_byte(loop->loop));
    const std::string_view line = context.source().line_text(for_line);
    const std::string indent(line.substr(0, line.find_first_not_of(" \t")));
    if (indent.size() + header.size() + 6 > 100 && containers.size() > 1) {
      auto place = statement_place(context.source(), context.path(), loop->frame);
      const std::string unit = place ? place->unit : "    ";
      const std::string newline = place ? place->newline : "\n";
      const std::string open = enumerated ? "enumerate(zip(" : "zip(";
      const std::string close = enumerated ? "))" : ")";
      header = targets + " in " + open + newline + indent + unit + iterables + newline + indent + close;
    }

    Fix fix;
    fix.applicability = unsafe ? Applicability::Unsafe : Applicability::Safe;
    fix.isolation_scope = naming_scope(context);
    fix.message = containers.size() > 1 ? "Iterate the containers together with `" + iterable + "`"
                  : enumerated            ? "Iterate with `" + iterable + "`"
                                          : "Iterate over `" + iterables + "` directly";
    if (shorter) {
      // The body runs for the indices the range gave: `if i >= 1 and i < len(self.convs) - 1:`.
      std::string condition;
      if (!ts_node_is_null(start)) condition = loop->variable + " >= " + std::string(context.text(start));
      if (!same_node(length, stop)) {
        condition += (condition.empty() ? "" : " and ") + loop->variable + " < " + std::string(context.text(stop));
      }
      auto place = statement_place(context.source(), context.path(), loop->frame);
      auto guard = guard_block(context.source(), loop->loop, field(loop->loop, fld.body), condition,
                               place ? place->unit : "    ");
      if (!guard) return std::nullopt;
      fix.edits.insert(fix.edits.end(), guard->begin(), guard->end());
      fix.message += " and keep the body under `if " + condition + ":`";
    }
    if (unsafe) {
      fix.message += " (if `" + std::string(context.text(length)) + "` is the length of every container indexed)";
    }
    fix.edits.push_back(replace_span(field(loop->loop, fld.left), range, header));
    for (const ContainerLookup& lookup : uses->lookups) {
      const size_t position = std::find(containers.begin(), containers.end(), lookup.container) - containers.begin();
      fix.edits.push_back(replace_node(lookup.subscript, names[position]));
    }
    return fix;
  }

  // A bound the guard may read again on every iteration: an integer literal, `len(self.x)`, `self.n`, or a
  // parameter the function never rebinds.
  static bool pure_bound(const RuleContext& context, TSNode bound) {
    bound = strip_parens(bound);
    if (is_integer_literal(bound)) return true;
    const FunctionInfo& function = context.function();
    if (is(bound, sym.call) && context.model().is_builtin(field(bound, fld.function), "len")) {
      const auto arguments = named_children(field(bound, fld.arguments));
      return arguments.size() == 1 && !self_attribute(context.source(), arguments[0], function.self_name).empty();
    }
    if (!self_attribute(context.source(), bound, function.self_name).empty()) return true;
    if (!is(bound, sym.identifier)) return false;
    const Binding* binding = function.scope.single(context.text(bound));
    return binding && binding->kind == Binding::Kind::Parameter;
  }

  static bool is_literal_arithmetic(TSNode node, int depth = 0) {
    node = strip_parens(node);
    if (is_integer_literal(node)) return true;
    if (!is(node, sym.binary_operator) || depth > 32) return false;
    return is_literal_arithmetic(field(node, fld.left), depth + 1) && is_literal_arithmetic(field(node, fld.right), depth + 1);
  }
};

}  // namespace

const Rule& modulelist_variable_index_rule() {
  static const ModuleListVariableIndex rule;
  return rule;
}

}  // namespace jitlint
