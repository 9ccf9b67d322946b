// JT204 modulelist-zip-dynamic: a loop over `zip(...)` of a module container with a list, a tensor or a range,
// whose length TorchScript cannot know when it unrolls the loop over the modules.
#include <algorithm>

#include "core/edits.h"
#include "core/expr_types.h"
#include "core/optional_locals.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT204",
    "modulelist-zip-dynamic",
    "containers",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript unrolls a loop over a module container, so everything zipped with it needs a length known when it "
    "compiles (another module container, a tuple); iterate with `enumerate` and index the list",
    "Can not iterate over a module list or tuple with a value that does not have a statically determinable length",
    R"doc(## What it does
Finds loops and comprehensions in compiled code over `zip(...)` (also inside `enumerate(...)`) that pair a module
container of the class (`nn.ModuleList`, `nn.Sequential`, `nn.ModuleDict`, `nn.ParameterList`) with a value whose
length is only known at run time: a list (a `List[...]` parameter or local, a list attribute, a list display or
comprehension, an `Optional[List[...]]` where an `is not None` check refines it), a tensor (an unannotated parameter
is one), or a `range(...)`.

## Why TorchScript rejects it
TorchScript cannot give modules a common type, so a loop over a module container is unrolled when the model is
compiled, one copy of the body per module. Every iterable zipped with the container must then have a length known
at that time: other module containers and tuples do, a list, a tensor or a range do not.

## The error torch 2.13.0 prints
```
RuntimeError: Can not iterate over a module list or tuple with a value that does not have a statically determinable length
```

## Example
```python
class Neck(nn.Module):
    def __init__(self):
        super().__init__()
        self.lateral = nn.ModuleList([nn.Conv2d(8, 8, 1) for _ in range(3)])

    def forward(self, feats: List[Tensor]) -> List[Tensor]:
        out: List[Tensor] = []
        for conv, feat in zip(self.lateral, feats):
            out.append(conv(feat))
        return out
```

## Use instead
```python
        for i, conv in enumerate(self.lateral):
            feat = feats[i]
            out.append(conv(feat))
```
Zipping two module containers, or a module container with a tuple, scripts.

## Fix safety
A `for` statement over `zip(self.container, xs)` (one container, the others plain names or `self` attributes the
loop body does not rebind, the loop's targets plain names) becomes a loop over `enumerate(self.container)` that
reads `xs[i]` first in the body. It is **unsafe**: where `xs` is shorter than the container, `zip` stopped early
and the rewritten loop raises `IndexError`. Comprehensions and zips with a `range(...)` have no fix.

## Known limitations
Only values jitlint can type are reported: a list returned by a call it cannot see, or a parameter annotated with a
type that is not a list, is left alone.
)doc"};

class ModulelistZipDynamic final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const SemanticModel& model = context.model();
    if (!model.is_builtin(field(node, fld.function), "zip") || !iterated(context) || context.in_dead_code(node)) {
      return;
    }
    std::vector<TSNode> arguments;
    for (TSNode argument : NamedChildren(field(node, fld.arguments))) {
      if (is(argument, sym.comment)) continue;
      if (is(argument, sym.keyword_argument) || is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)) {
        return;
      }
      arguments.push_back(strip_parens(argument));
    }
    TSNode container{};
    TSNode dynamic{};
    std::string what;
    for (TSNode argument : arguments) {
      if (is_module_container(context, argument)) {
        if (ts_node_is_null(container)) container = argument;
      } else if (ts_node_is_null(dynamic)) {
        what = dynamic_length(context, argument);
        if (what.empty()) what = refined_optional_length(context, node, argument);
        if (!what.empty()) dynamic = argument;
      }
    }
    if (ts_node_is_null(container) || ts_node_is_null(dynamic)) return;
    context.report(node,
                   "`zip` pairs the module container `" + std::string(context.text(container)) + "` with `" +
                       std::string(context.text(dynamic)) + "`, " + what +
                       " whose length TorchScript cannot know when it unrolls the loop over the modules",
                   enumerate_fix(context, node, arguments, container));
  }

 private:
  static bool is_module_container(const RuleContext& context, TSNode value) {
    return jitlint::is_module_container(context.model().attribute_kind(context.function(), value));
  }

  // The zip is what a `for` statement or a comprehension iterates, directly or through `enumerate(...)`.
  static bool iterated(const RuleContext& context) {
    const NodePath& path = context.path();
    size_t up = 1;
    while (is(path.ancestor(up), sym.parenthesized_expression)) ++up;
    TSNode parent = path.ancestor(up);
    TSFieldId field_in_parent = path.field_of(up - 1);
    if (is(parent, sym.argument_list) && is(path.ancestor(up + 1), sym.call) &&
        context.model().is_builtin(field(path.ancestor(up + 1), fld.function), "enumerate")) {
      up += 2;
      while (is(path.ancestor(up), sym.parenthesized_expression)) ++up;
      parent = path.ancestor(up);
      field_in_parent = path.field_of(up - 1);
    }
    return (is(parent, sym.for_statement) || is(parent, sym.for_in_clause)) && field_in_parent == fld.right;
  }

  // What makes `value`'s length unknown until run time ("a list", "a Tensor", "a range"); empty when it may be
  // known (a tuple, another container) or jitlint cannot tell.
  // `times: Optional[List[Tensor]]` read where a `None` check refines it (`if times is not None:` around Gradium's
  // `zip(self.timestep_embeddings, times)`): a list to TorchScript there. Unrefined, it is JT601's to report.
  static std::string refined_optional_length(const RuleContext& context, TSNode zip, TSNode value) {
    if (!is(value, sym.identifier)) return {};
    const SemanticModel& model = context.model();
    const FunctionInfo& function = context.function();
    const auto local = optional_local(model, function, context.text(value));
    if (!local || !local->type) return {};
    const bool list = local->type->is(Type::Kind::List);
    if (!list && !local->type->is(Type::Kind::Tensor)) return {};
    NodePath read = context.path();
    const TSNode arguments = field(zip, fld.arguments);
    read.push(arguments, fld.arguments);
    read.push(value, 0);
    if (optional_refinement(model, function, read, *local) != Refinement::Refined) return {};
    if (refinement_unclear(model, read, context.text(value), &function)) return {};
    return list ? "a list" : "a Tensor";
  }

  static std::string dynamic_length(const RuleContext& context, TSNode value) {
    if (is(value, sym.list) || is(value, sym.list_comprehension)) return "a list";
    if (is(value, sym.call) && context.model().is_builtin(field(value, fld.function), "range")) return "a range";
    const auto type = ExprTypes(context.model(), context.function()).of(value);
    if (!type || !type->certain) return {};
    if (type->type.is(Type::Kind::List)) return "a list";
    if (type->type.is(Type::Kind::Tensor)) return "a Tensor";
    return {};
  }

  // `for conv, feat in zip(self.convs, feats):` -> `for i, conv in enumerate(self.convs):` + `feat = feats[i]`.
  static std::optional<Fix> enumerate_fix(const RuleContext& context, TSNode zip, const std::vector<TSNode>& arguments,
                                          TSNode container) {
    const NodePath& path = context.path();
    const TSNode loop = path.parent();
    if (!is(loop, sym.for_statement) || path.field() != fld.right || has_comment(field(loop, fld.left))) {
      return std::nullopt;
    }
    const TSNode left = field(loop, fld.left);
    if (!is(left, sym.pattern_list) && !is(left, sym.tuple_pattern)) return std::nullopt;
    std::vector<TSNode> targets;
    for (TSNode target : NamedChildren(left)) {
      if (!is(target, sym.identifier)) return std::nullopt;
      targets.push_back(target);
    }
    if (targets.size() != arguments.size()) return std::nullopt;
    const TSNode body = field(loop, fld.body);
    const TSNode first = ts_node_named_child(body, 0);
    const Source& source = context.source();
    if (ts_node_is_null(first) || source.line_of(ts_node_start_byte(first)) == source.line_of(ts_node_start_byte(loop))) {
      return std::nullopt;  // `for ...: body` on one line
    }
    const std::string index = fresh_name(context, "i");
    std::string container_target;
    std::string reads;
    const std::string_view line = source.line_text(source.line_of(ts_node_start_byte(first)));
    const std::string indent(line.substr(0, line.find_first_not_of(" \t")));
    for (size_t k = 0; k < arguments.size(); ++k) {
      if (same_node(arguments[k], container)) {
        container_target = std::string(context.text(targets[k]));
        continue;
      }
      if (is_module_container(context, arguments[k]) || !plain_reference(context, arguments[k], body)) {
        return std::nullopt;
      }
      reads += std::string(context.text(targets[k])) + " = " + std::string(context.text(arguments[k])) + "[" + index +
               "]" + std::string(source.newline()) + indent;
    }
    Fix fix;
    fix.applicability = Applicability::Unsafe;
    fix.isolation_scope = naming_scope(context);
    fix.message = "Iterate with `enumerate(" + std::string(context.text(container)) + ")` and index the others";
    fix.edits.push_back(replace_node(left, index + ", " + container_target));
    fix.edits.push_back(replace_node(zip, "enumerate(" + std::string(context.text(container)) + ")"));
    fix.edits.push_back(Edit{ts_node_start_byte(first), ts_node_start_byte(first), reads});
    return fix;
  }

  // A name or `self.name` the loop body does not bind again: reading it on each iteration reads what `zip` read once.
  static bool plain_reference(const RuleContext& context, TSNode value, TSNode body) {
    const FunctionInfo& function = context.function();
    if (is(value, sym.identifier)) {
      const auto* bindings = function.scope.all(context.text(value));
      return !bindings || std::none_of(bindings->begin(), bindings->end(), [&](const Binding& binding) {
        return ts_node_start_byte(body) <= ts_node_start_byte(binding.target) &&
               ts_node_end_byte(binding.target) <= ts_node_end_byte(body);
      });
    }
    // `self.scales`: assigned only in `__init__` as far as the compiled code goes (JT403 reports the rest).
    return !self_attribute(context.source(), value, function.self_name).empty();
  }
};

}  // namespace

const Rule& modulelist_zip_dynamic_rule() {
  static const ModulelistZipDynamic rule;
  return rule;
}

}  // namespace jitlint
