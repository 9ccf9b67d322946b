// JT502 unsupported-builtin-call: a Python builtin TorchScript cannot compile, called in compiled code.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"
#include "core/union_annotations.h"
#include "rules/calls/builtin_names.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT502",
    "unsupported-builtin-call",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript has no version of this Python builtin; compute the value another way or move the call out of "
    "compiled code",
    "is currently not supported in Torchscript\n"
    "cannot be used as a value\n"
    "filter(Tensor 0, Tensor 1) -> Tensor 0\n"
    "reversed(Tensor 0) -> Tensor 0\n"
    "type(Tensor 0) -> Tensor 0\n"
    "prim::id(AnyClassType? x) -> int\n"
    "Arguments for call are not valid\n"
    "Unknown type name",
    R"doc(## What it does
Finds calls of Python builtins that TorchScript cannot compile, in code that `torch.jit.script` compiles:
- builtins TorchScript has no mapping for: `next`, `iter`, `callable`, `setattr`, `delattr`, `vars`, `globals`,
  `locals`, `dir`, `open`, `input`, `eval`, `exec`, `compile`, `repr`, `ascii`, `format`, `issubclass`,
  `breakpoint`;
- `map(...)` and `filter(...)`;
- `reversed(...)` of a `range`, a list, a tuple or a string, or of a module container (`reversed(self.layers)` with
  `self.layers` an `nn.ModuleList`, `nn.Sequential`, `nn.ParameterList`, `nn.ModuleDict` or `nn.ParameterDict`);
- `type(...)` of anything but a tensor (a parameter annotated `Tensor | list[Tensor]` too, inside an
  `if isinstance(x, (list, tuple)):` that leaves it no Tensor), and any attribute of `type(...)`
  (`type(self).__name__`);
- `id(...)` of a tensor, a number, a string or a container;
- `sum(xs)` of a `List[Tensor]`, or of a generator or list comprehension of tensors (`sum(t.mean() for t in
  terms)`);
- `isinstance(x, T)` where `T` (or an element of a tuple of types) is the builtin `dict`, `set`, `frozenset`,
  `bytes`, `bytearray` or `object`: TorchScript knows no such type.

A name rebound in the file or the function (a parameter called `filter`, an imported `map`) is not the builtin and
is not reported.

## Why TorchScript rejects it
TorchScript knows a fixed set of builtins (`len`, `range`, `enumerate`, `zip`, `min`, `max`, `sum` of numbers,
`sorted`, `isinstance`, `getattr` / `hasattr` with literal names, ...). Builtin functions outside that set are
rejected by name. Builtin *classes* (`map`, `filter`, `reversed`, `type`) become opaque Python calls typed
`(Tensor 0, ...) -> Tensor 0`, which fail on any non-tensor argument (a function, a list, `self`) and, when they
do compile, cannot be saved (`Could not export Python function call 'type'`). `id` only accepts class instances,
`sum` only lists of `int`, `float` or `complex`. `isinstance` takes TorchScript types (`int`, `list`, `tuple`,
`Tensor`, `Dict[str, Tensor]`, a class), and a bare `dict` or `set` is none of them; the check fails even where the
branch could never run, unless it sits under `if not torch.jit.is_scripting():`.

## The errors torch 2.13.0 prints
```
RuntimeError: Python builtin <built-in function next> is currently not supported in Torchscript:
RuntimeError: builtin cannot be used as a value:                  (map(abs, xs); also "function cannot ...")
RuntimeError: filter(Tensor 0, Tensor 1) -> Tensor 0:
RuntimeError: reversed(Tensor 0) -> Tensor 0:                     (reversed(range(n)): "range cannot be used as a value")
Expected a value of type 'Tensor' for argument '0' but instead found type '__torch__...ModuleList ...'.
RuntimeError: type(Tensor 0) -> Tensor 0:
RuntimeError: prim::id(AnyClassType? x) -> int:
RuntimeError: Arguments for call are not valid.                   (sum of a List[Tensor])
RuntimeError: Unknown type name 'dict':                           (isinstance(x, dict))
```

## Example
```python
def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
    device = next(self.parameters()).device
    dims = list(map(int, sizes))
    for i in reversed(range(len(dims))):
        x = x + dims[i]
    return x.to(device)
```

## Use instead
```python
def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
    device = self.proj.weight.device
    dims = [int(s) for s in sizes]
    for i in range(len(dims) - 1, -1, -1):
        x = x + dims[i]
    return x.to(device)
```
`iter`/`next` over a list: index it (`xs[0]`); `map`/`filter`: a list comprehension (with an `if`-free body, or a
loop that appends); `reversed(xs)`: `xs[::-1]`; `type(x) == int`: `isinstance(x, int)`; `callable`,
`setattr`, `open` and other Python-only calls: move them under `if not torch.jit.is_scripting():` or into a
`@torch.jit.unused` method; `sum(tensors)`: a loop adding them, or `torch.stack(tensors).sum(0)` when they have
one shape; `isinstance(x, dict)`: the type with its contents (`isinstance(x, Dict[str, Tensor])`), or the test
under `if not torch.jit.is_scripting():` when the dict case is eager-only.

## Fix safety
`reversed(range(n))` becomes `range(n - 1, -1, -1)` and `reversed(range(a, b))` becomes
`range(b - 1, a - 1, -1)` when the bounds are names or literals: the same numbers in the same order, **safe**.
`reversed(xs)` iterated by a `for` loop or a comprehension, with `xs` a list, tuple or string, becomes `xs[::-1]`:
**unsafe**, because the slice is a copy taken before the loop (a loop that changes `xs` sees the old elements).
`for layer in reversed(self.layers):` with an `nn.ModuleList` or `nn.Sequential` becomes `for layer in
self.layers[::-1]:`, **safe**: the same modules in the same order, and TorchScript slices a module container with
constant bounds (an element of the slice is then called through `.forward(...)`, JT203's fix). Other calls have no
automatic fix.

## Known limitations
`reversed`, `type`, `id` and `sum` are reported only when the argument's type is known (an annotation, a literal,
`self`); on a tensor `reversed(x)` and `type(x)` compile and fail at `torch.jit.save` instead, which this rule does
not report. `tuple(xs)` of a list and `zip(*xs)` fail too and are reported by JT130 (starred-list) where it
applies.
)doc"};

using Kind = Type::Kind;

class UnsupportedBuiltinCall final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const std::string_view name = calls::called_builtin(context, node);
    if (name.empty()) return;
    const TSNode arguments = field(node, fld.arguments);
    // `f(x for x in xs)`: the generator is the one argument.
    auto args = is(arguments, sym.argument_list) ? named_children(arguments) : std::vector<TSNode>{arguments};
    const std::string n(name);
    if (calls::one_of(name, {"next", "iter", "callable", "setattr", "delattr", "vars", "globals", "locals", "dir",
                             "open", "input", "eval", "exec", "compile", "repr", "ascii", "format", "issubclass",
                             "breakpoint"})) {
      context.report(node, "`" + n + "` is a Python builtin that TorchScript does not support");
      return;
    }
    if (name == "isinstance") {
      if (args.size() == 2 && !is(args[1], sym.keyword_argument)) {
        const std::string_view type = untyped_builtin_type(context, args[1]);
        if (!type.empty()) {
          context.report(node, "`isinstance(..., " + std::string(type) + ")`: TorchScript has no type `" +
                                   std::string(type) + "`; name the contents (`Dict[str, Tensor]`) or test it "
                                   "under `if not torch.jit.is_scripting():`");
        }
      }
      return;
    }
    if (name == "map" || name == "filter") {
      context.report(node, "`" + n + "(...)` is not supported by TorchScript; use a list comprehension");
      return;
    }
    if (args.size() != 1 || is(args[0], sym.keyword_argument) || is(args[0], sym.list_splat) ||
        is(args[0], sym.dictionary_splat)) {
      return;
    }
    const TSNode arg = strip_parens(args[0]);
    const ExprTypes types(context.model(), context.function());
    if (name == "reversed") {
      if (const AttrKind container = context.model().attribute_kind(context.function(), arg);
          is_module_container(container)) {
        // `for layer in reversed(self.layers):` (decoders, U-Nets): TorchScript iterates a module container only
        // as it is, forwards.
        context.report(node, "`reversed(...)` of `" + std::string(context.text(arg)) + "` (an `" +
                                 std::string(attr_kind_name(container)) +
                                 "`) is not supported by TorchScript; iterate a backwards slice `[::-1]`",
                       container_reversed_fix(context, node, arg, container));
        return;
      }
      if (is_range_call(context, arg) || is_sequence(types, arg)) {
        context.report(node, "`reversed(...)` of a " + std::string(is_range_call(context, arg) ? "range" : "sequence") +
                                 " is not supported by TorchScript; index backwards or slice with `[::-1]`",
                       reversed_fix(context, types, node, arg));
      }
      return;
    }
    if (name == "type") {
      const TSNode parent = context.parent();
      const bool attribute_of = is(parent, sym.attribute) && same_node(field(parent, fld.object), node);
      if (attribute_of || is_self(context, arg) || certainly_not_tensor(types, arg) ||
          refined_to_non_tensor(context, arg)) {
        context.report(node, "`type(...)` is not supported by TorchScript; use `isinstance(...)` or a literal name");
      }
      return;
    }
    if (name == "id") {
      if (certainly_not_tensor(types, arg) || certainly(types, arg, Kind::Tensor)) {
        context.report(node, "`id(...)` of a value that is not a class instance is not supported by TorchScript");
      }
      return;
    }
    if (name == "sum") {
      const auto type = types.of(arg);
      if ((type && type->certain && type->type.is(Kind::List) && type->type.element() &&
           type->type.element()->is(Kind::Tensor)) ||
          tensor_elements(context, arg)) {
        context.report(node, "`sum(...)` of a list of tensors is not supported by TorchScript; add them in a loop");
      }
    }
  }

 private:
  // `type(tensor)(...)` inside `if isinstance(tensor, (tuple, list)):` with `tensor: Tensor | tuple[Tensor] |
  // list[Tensor]` (Funnel's `pool_tensor`): the block sees only the sequence members. Only where the read is of the
  // parameter itself.
  static bool refined_to_non_tensor(const RuleContext& context, TSNode arg) {
    const auto guard = isinstance_guard_around(context.model(), context.function(), context.path(), arg);
    if (!guard) return false;
    for (const Type& kept : guard->kept) {
      if (kept.is(Kind::Tensor)) return false;
    }
    return true;
  }

  // The builtin type TorchScript cannot name, given as `isinstance`'s type or inside a tuple of types; empty if none.
  static std::string_view untyped_builtin_type(RuleContext& context, TSNode types, int depth = 0) {
    types = strip_parens(types);
    if (is(types, sym.tuple) && depth < 4) {
      for (TSNode element : NamedChildren(types)) {
        const std::string_view found = untyped_builtin_type(context, element, depth + 1);
        if (!found.empty()) return found;
      }
      return {};
    }
    if (!is(types, sym.identifier)) return {};
    const std::string_view name = context.text(types);
    if (!calls::one_of(name, {"dict", "set", "frozenset", "bytes", "bytearray", "object"})) return {};
    return calls::names_builtin(context, types, name) ? name : std::string_view{};
  }
  // `sum(loss.mean() for loss in losses)`, `sum([x * w for x in xs])`: a generator or list comprehension of one
  // `for` over a name, no `if`, whose element is certainly a Tensor, the loop variable typed as an element of what
  // it iterates (TorchScript makes the generator a list: `sum` of a `List[Tensor]`).
  static bool tensor_elements(RuleContext& context, TSNode arg) {
    if (!is(arg, sym.generator_expression) && !is(arg, sym.list_comprehension)) return false;
    const TSNode body = field(arg, fld.body);
    TSNode clause{};
    for (TSNode child : NamedChildren(arg)) {
      if (same_node(child, body) || is(child, sym.comment)) continue;
      if (!is(child, sym.for_in_clause) || !ts_node_is_null(clause)) return false;  // an `if`, or a second `for`
      clause = child;
    }
    if (ts_node_is_null(clause) || !is(field(clause, fld.left), sym.identifier)) return false;
    ExprTypes types(context.model(), context.function());
    const auto element = types.element_of(field(clause, fld.right));
    if (!element || !element->certain) return false;
    types.bind(std::string(context.text(field(clause, fld.left))), *element);
    const auto type = types.of(body);
    return type && type->certain && type->type.is(Kind::Tensor);
  }
  static bool is_self(RuleContext& context, TSNode expr) {
    return is(expr, sym.identifier) && !context.function().self_name.empty() &&
           context.text(expr) == context.function().self_name;
  }
  static bool certainly(const ExprTypes& types, TSNode expr, Kind kind) {
    const auto type = types.of(expr);
    return type && type->certain && type->type.is(kind);
  }
  // A value of a known plain type that is not a Tensor (a number, a string, a container, None).
  static bool certainly_not_tensor(const ExprTypes& types, TSNode expr) {
    if (is(expr, sym.list) || is(expr, sym.tuple) || is(expr, sym.dictionary) || is(expr, sym.string) ||
        is(expr, sym.integer) || is(expr, sym.float_) || is(expr, sym.none) || is(expr, sym.true_) ||
        is(expr, sym.false_)) {
      return true;
    }
    const auto type = types.of(expr);
    if (!type || !type->certain) return false;
    switch (type->type.kind) {
      case Kind::Int: case Kind::Float: case Kind::Bool: case Kind::Str: case Kind::None: case Kind::List:
      case Kind::Dict: case Kind::Tuple:
        return true;
      default:
        return false;
    }
  }
  static bool is_sequence(const ExprTypes& types, TSNode expr) {
    if (is(expr, sym.list) || is(expr, sym.tuple) || is(expr, sym.string)) return true;
    return certainly(types, expr, Kind::List) || certainly(types, expr, Kind::Tuple) ||
           certainly(types, expr, Kind::Str);
  }
  // `for layer in reversed(self.layers):` -> `for layer in self.layers[::-1]:`: the same modules in the same order
  // (TorchScript slices a ModuleList or Sequential with constant bounds). Calling an element of the slice is JT203's
  // finding (`layer.forward(x)`), which its own fix writes.
  static std::optional<Fix> container_reversed_fix(RuleContext& context, TSNode call, TSNode arg, AttrKind kind) {
    if (kind != AttrKind::ModuleList && kind != AttrKind::Sequential) return std::nullopt;
    // `self.layers` itself (a local bound to it is reported, its slice not written)
    if (self_attribute(context.source(), arg, context.function().self_name).empty()) return std::nullopt;
    if (has_comment(call)) return std::nullopt;
    const TSNode parent = context.parent();
    if (!is(parent, sym.for_statement) || context.path().field() != fld.right) return std::nullopt;
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Iterate `" + std::string(context.text(arg)) + "[::-1]`";
    fix.edits.push_back(replace_node(call, std::string(context.text(arg)) + "[::-1]"));
    return fix;
  }
  static bool is_range_call(RuleContext& context, TSNode expr) {
    return is(expr, sym.call) && calls::called_builtin(context, expr) == "range";
  }
  static bool simple(TSNode expr) {
    expr = strip_parens(expr);
    return is(expr, sym.identifier) || is(expr, sym.integer) ||
           (is(expr, sym.attribute) && is(strip_parens(field(expr, fld.object)), sym.identifier));
  }

  static std::optional<Fix> reversed_fix(RuleContext& context, const ExprTypes& types, TSNode call, TSNode arg) {
    if (has_comment(call)) return std::nullopt;
    if (is_range_call(context, arg)) {
      auto bounds = named_children(field(arg, fld.arguments));
      for (TSNode b : bounds) {
        if (is(b, sym.keyword_argument) || is(b, sym.list_splat) || is(b, sym.dictionary_splat)) return std::nullopt;
      }
      std::string replacement;
      if (bounds.size() == 1) {
        // `len(xs)` is fine too: evaluated once either way.
        replacement = "range(" + render(context.source(), bounds[0], {}) + " - 1, -1, -1)";
      } else if (bounds.size() == 2 && simple(bounds[0]) && simple(bounds[1])) {
        // Both bounds are names or literals: evaluating them in the other order changes nothing.
        replacement = "range(" + std::string(context.text(bounds[1])) + " - 1, " +
                      std::string(context.text(bounds[0])) + " - 1, -1)";
      } else {
        return std::nullopt;
      }
      Fix fix;
      fix.applicability = Applicability::Safe;
      fix.message = "Count down with `" + replacement + "`";
      fix.edits.push_back(replace_node(call, replacement));
      return fix;
    }
    // `for v in reversed(xs)` / `[f(v) for v in reversed(xs)]`: iterate a reversed copy.
    const TSNode parent = context.parent();
    const bool iterated = (is(parent, sym.for_statement) || is(parent, sym.for_in_clause)) &&
                          context.path().field() == fld.right;
    if (!iterated || !simple(arg) || is(arg, sym.integer) || !(is_sequence(types, arg))) return std::nullopt;
    Fix fix;
    fix.applicability = Applicability::Unsafe;
    fix.message = "Iterate `" + std::string(context.text(arg)) + "[::-1]`";
    fix.edits.push_back(replace_node(call, std::string(context.text(arg)) + "[::-1]"));
    return fix;
  }
};

}  // namespace

const Rule& unsupported_builtin_call_rule() {
  static const UnsupportedBuiltinCall rule;
  return rule;
}

}  // namespace jitlint
