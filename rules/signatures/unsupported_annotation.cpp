// JT306 unsupported-annotation: annotations of compiled code that TorchScript's type parser cannot resolve
// (`torch.Size`, `Sequence[int]`, `Callable[...]`, `nn.Module`, `np.ndarray`, `object`, bare `List`, `Tuple[int, ...]`).
#include <cctype>
#include <string>
#include <unordered_set>

#include "core/class_annotations.h"
#include "core/edits.h"
#include "core/python_calls.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT306",
    "unsupported-annotation",
    "signatures",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript resolves only its own types in annotations: Tensor, int, float, bool, str, List, Dict, Tuple, "
    "Optional, Union, Any, classes it can compile",
    "Unknown type name\n"
    "Unknown type constructor\n"
    "without a contained type\n"
    "without contained types\n"
    "Expression of type dots cannot be used in a type expression\n"
    "could not be resolved because\n"
    "Unknown type annotation\n"
    "Cannot create dict for key type\n"
    "expected exactly one element type\n"
    "try blocks aren't supported",
    R"doc(## What it does
Finds annotations of compiled functions (parameters, return, annotated local assignments) that TorchScript cannot
resolve:

- names it does not know: `torch.Size`, `torch.tensor` (the factory function, not the class `torch.Tensor`), `nn.Module` and other `torch.nn` classes, anything from `numpy`
  (`np.ndarray`), the builtins `object`, `dict`, `bytes` and `type`, `typing.NoReturn`;
- at a call compiled code leaves to Python (a function of this file decorated `@torch.jit.ignore` or
  `@functools.cache`), the callee's annotations: torch never compiles the body but types the call from them, read as
  Python objects, so the names above fail there too, and under `from __future__ import annotations` every one does,
  being a string (`ValueError: Unknown type annotation: 'torch.Tensor'`, ESMFold's cached rotation helpers). Reported
  at the call, where torch points;
- classes of `torch.distributions` (`-> torch.distributions.Distribution`, the time-series models' output heads):
  torch compiles the class the annotation names, and stops in its code (`try` in `Distribution.__init__`, `*values`
  in `broadcast_all`);
- type constructors it does not have, from `typing` or `collections.abc`: `Callable`, `Sequence`,
  `MutableSequence`, `Iterable`, `Iterator`, `Generator`, `Mapping`, `MutableMapping`, `Collection`, `Literal`,
  `Type`, `Final`, `Deque`, `DefaultDict`, `OrderedDict` (also `collections.OrderedDict`, `type[...]`), subscripted
  or bare;
- `List`, `Dict`, `Tuple` and `Optional` from `typing` without their contained types;
- a `list[...]` of several element types in a `X | Y` union (`grid_thw: list[int, int, int] | torch.Tensor`):
  torch parses such a union itself and wants one element type ("expected exactly one element type but found 3");
  alone, or inside `Optional[...]`, torch reads only the first and accepts it;
- variable-length tuples `Tuple[int, ...]` / `tuple[int, ...]`;
- dicts keyed by a container, `Dict[Tuple[int, int], T]` (TorchScript dicts take only int, float, complex, Tensor,
  device and str keys: "Cannot create dict for key type '(int, int)'");
- a string annotation whose content is one of the names above (`'torch.Size'`);
- in a method of a class TorchScript compiles on its own (a plain class that compiled code uses, such as the SAM 2
  video family's inference sessions), a dotted name torch cannot find: it resolves such a class's annotations by their
  whole spelling among the class's parameter and return annotations, so `device: torch.device` resolves but
  `torch.device | str`, `Tuple[torch.device, int]` and, under `from __future__ import annotations`, every dotted name
  but `torch.Tensor` do not ("Unknown type name 'torch.device'"). A `@torch.jit.script` class and static methods
  resolve names in the file's globals, as modules do, and are not reported;
- the types `isinstance` tests in compiled code, which TorchScript resolves as annotations, all of them whichever
  matches: `isinstance(x, (torch.Tensor, np.ndarray))`, `isinstance(x, Sequence)`, bare `List` (builtins such as
  `dict` there are JT502's; `torch.nn` classes are left alone, since they resolve when the value is a module). There is no fix: Python's `isinstance` takes none of the
  types TorchScript would accept in their place.

In a nested annotation (`Optional[torch.Size]`, `List[Callable[[int], int]]`) the innermost offending part is
reported. Set types are JT103's.

## Why TorchScript rejects it
TorchScript is statically typed and its annotation parser maps each annotation to one of its own types. Anything
else is an error at compile time, before any code runs: TorchScript has no protocol types (`Sequence`,
`Iterable`, `Callable`), no type for `torch.Size` (a size is a `List[int]`), no homogeneous variable-length tuple,
and cannot type a parameter as an arbitrary module or Python object. Parameter and return annotations are
resolved whenever the function is compiled; a local's annotation is resolved by the IR emitter, so a statically
dead branch (`if not torch.jit.is_scripting():`) hides it.

## The error torch 2.13.0 prints
```
RuntimeError: Unknown type name 'torch.Size':
RuntimeError: Unknown type constructor Sequence:
RuntimeError: Attempted to use List without a contained type. Please add a contained type, e.g. List[int]
RuntimeError: Attempted to use Dict without contained types. Please add contained type, e.g. Dict[int, int]
RuntimeError: Expression of type dots cannot be used in a type expression:
AssertionError: Unsupported annotation typing.Optional[torch.Size] could not be resolved because <class 'torch.Size'> could not be resolved. At
ValueError: Unknown type annotation: '<class 'torch.Size'>' at
RuntimeError: Cannot create dict for key type '(int, int)', only int, float, complex, Tensor, device and string keys are supported
RuntimeError: Unknown type name 'np.ndarray':                     (isinstance(x, (torch.Tensor, np.ndarray)))
UnsupportedNodeError: try blocks aren't supported:                (torch.distributions.Distribution, in torch's file)
OSError: Failed to get source for <function Sequence.__getitem__ at 0x...> using inspect.getsource
```
The wording depends on where the offending part sits: inside `Optional[...]` / `Union[...]` torch reports the whole
annotation as unresolvable. A `collections.abc` class imported by its name (`from collections.abc import Sequence`)
and tested by `isinstance` is taken for a class to compile, which fails without a line (the last error above). In a
class TorchScript compiles on its own, a dotted name fails as `Unknown type name 'torch.device'` at the `def`; a
`Callable[[A], B]` annotation there makes torch crash before any line, while it gathers the class's annotations
(`TypeError: sequence item 0: expected str instance, NoneType found`).

## Example
```python
def forward(self, x: Tensor, shape: torch.Size, dims: Sequence[int]) -> Tuple[int, ...]:
    ...
```

## Use instead
```python
def forward(self, x: Tensor, shape: List[int], dims: List[int]) -> List[int]:
    ...
```
A `torch.Size`, a tuple or a list of ints all convert to a `List[int]` argument. In a class TorchScript compiles,
import the dotted name (`from torch import device`, then `device | str`). For callables, pass a submodule
or dispatch on a string; for `nn.Module` parameters, store the module as a submodule (or use a
`@torch.jit.interface` type); for `object`/`Any`-like values use `Any` (only where TorchScript accepts it) or a
`Union`; for `Literal[...]`, annotate the underlying `str`/`int`.

## Fix safety
`torch.Size` becomes `List[int]`, `Sequence[T]` / `Iterable[T]` become `List[T]`, `Tuple[T, ...]` becomes `List[T]`
(adding the `typing` import), and `torch.tensor` becomes `torch.Tensor`. The `torch.tensor` fix is **safe**: the
annotation named a function by mistake and Python never checks it. The others are **unsafe**: Python ignores
annotations, but the compiled function now receives and returns lists: code relying on tuple or `torch.Size`
behaviour (tuple concatenation, immutability, `Size.numel()`, a caller comparing the result with a tuple) can behave
differently. Other forms have no automatic fix, except on an annotated local (`attention_interface: Callable =
...`): the annotation is removed, which is **safe**, since Python never evaluates the annotation of a local variable
(PEP 526) and TorchScript then types the variable from its value.

## Known limitations
String annotations are only checked when their whole content is a plain (dotted) name. Names whose origin the
file's imports do not tell (`from typing import *`, a local alias) are not reported. Annotations of class
attributes and of functions that are not compiled are not inspected. `Final` in a class body is fine and not
reported.
)doc"};

// Constructors torch's annotation parser does not have (typing and collections.abc spell most of them alike).
const std::unordered_set<std::string>& unsupported_constructors() {
  static const std::unordered_set<std::string> names = {
      "typing.Callable",        "typing.Sequence",        "typing.MutableSequence",    "typing.Iterable",
      "typing.Iterator",        "typing.Generator",       "typing.Mapping",            "typing.MutableMapping",
      "typing.Collection",      "typing.Literal",         "typing.Type",               "typing.Final",
      "typing.Deque",           "typing.DefaultDict",     "typing.OrderedDict",        "collections.abc.Callable",
      "collections.abc.Sequence", "collections.abc.MutableSequence", "collections.abc.Iterable",
      "collections.abc.Iterator", "collections.abc.Generator", "collections.abc.Mapping",
      "collections.abc.MutableMapping", "collections.abc.Collection", "collections.OrderedDict",
      "collections.deque",      "collections.defaultdict",
  };
  return names;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// The last component of a dotted name.
std::string last_part(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

struct Finding {
  TSNode node{};
  std::string message;
  std::string replacement;  // empty: no fix
  bool safe_replacement = false;  // the replacement only names what the author meant (`torch.tensor` -> `Tensor`)
  std::vector<std::string> typing_imports;
  bool keep_annotation = false;  // removing a local's annotation is no fix (the name is what is wrong, not the type)
};

class UnsupportedAnnotation final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.type, sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    if (is(node, sym.call)) {
      check_isinstance(context, node);
      check_python_call(context, node);
      return;
    }
    const NodePath& path = context.path();
    // Only the outermost `type` node; the ones nested in it are searched from there.
    for (size_t up = 1; up < path.size() && !is(path.ancestor(up), sym.function_definition); ++up) {
      if (is(path.ancestor(up), sym.type)) return;
    }
    // Nested definitions are rejected as a whole by the frontend (JT1xx); their annotations are not resolved.
    if (path.in_nested_scope()) return;
    // A local's annotation is resolved by the IR emitter: a statically dead branch hides it.
    if (is(context.parent(), sym.assignment) && context.in_dead_code(node)) return;

    std::vector<Finding> findings;
    TSNode annotation = ts_node_named_child(node, 0);
    if (is(annotation, sym.string)) {
      check_string(context, annotation, findings);
    } else {
      search(context, context.source(), annotation, findings);
    }
    if (findings.empty()) check_class_spelling(context, node, findings);
    std::optional<Fix> drop = drop_local_annotation(context, node);
    for (Finding& finding : findings) {
      std::optional<Fix> fix;
      if (!finding.replacement.empty()) {
        Fix f;
        f.applicability = finding.safe_replacement ? Applicability::Safe : Applicability::Unsafe;
        f.message = "Annotate `" + finding.replacement + "`";
        f.edits.push_back(replace_node(finding.node, finding.replacement));
        f.typing_imports = finding.typing_imports;
        fix = std::move(f);
      } else if (drop && !finding.keep_annotation) {
        fix = std::move(drop);  // one annotation, one removal: the first finding carries it
        drop.reset();
      }
      context.report(finding.node, finding.message, std::move(fix));
    }
  }

  // `isinstance(x, (torch.Tensor, np.ndarray))`: the IR emitter resolves every type of the second argument as an
  // annotation, whichever matches (`dict`, `Sequence`, `nn.Module` and bare `List` fail too; `list`, `tuple` and the
  // scalar builtins resolve). No fix: in Python, `isinstance` takes none of the types TorchScript would accept there.
  static void check_isinstance(RuleContext& context, TSNode call) {
    if (context.path().in_nested_scope() || context.in_dead_code(call)) return;
    if (!context.model().is_builtin(field(call, fld.function), "isinstance")) return;
    std::vector<TSNode> arguments;
    for (TSNode argument : NamedChildren(field(call, fld.arguments))) {
      if (is(argument, sym.comment)) continue;
      if (is(argument, sym.keyword_argument) || is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)) {
        return;
      }
      arguments.push_back(argument);
    }
    if (arguments.size() != 2) return;
    const TSNode types = strip_parens(arguments[1]);
    std::vector<TSNode> elements;
    if (is(types, sym.tuple)) {
      for (TSNode element : NamedChildren(types)) {
        if (!is(element, sym.comment)) elements.push_back(strip_parens(element));
      }
    } else {
      elements.push_back(types);
    }
    for (TSNode element : elements) {
      if (!is(element, sym.identifier) && !is(element, sym.attribute)) continue;
      // Builtins (`dict`, `object`, `set`) are JT502's, which names them as calls TorchScript rejects. Module
      // classes resolve when the value tested is a module (`isinstance(self.down, nn.Identity)` scripts).
      const std::string name = qualified(context, context.source(), element);
      if (name.empty() || starts_with(name, "torch.nn.")) continue;
      auto finding = check_name(context, context.source(), element);
      if (!finding) continue;
      context.report(element, "`" + std::string(context.text(element)) +
                                  "` in `isinstance` is not a type TorchScript knows (it resolves the types there as "
                                  "annotations)");
      return;  // torch stops at the first
    }
  }

  // In a method of a TorchScript class, a dotted name torch looks up by its spelling and does not find
  // (`core/class_annotations.h`): `torch.device | str` ("Unknown type name 'torch.device'"), `Tuple[torch.device,
  // int]`, a `typing.Tuple[...]` inside another annotation ("Unknown type constructor typing.Tuple").
  static void check_class_spelling(const RuleContext& context, TSNode type, std::vector<Finding>& findings) {
    const auto missing = unresolved_class_annotation(context.model(), context.function(), type);
    if (!missing) return;
    Finding finding;
    finding.node = missing->node;
    const std::string leaf = last_part(missing->spelled);
    finding.message = "`" + missing->spelled + "` cannot be resolved in class `" + std::string(missing->cls->name) +
                      "`: TorchScript finds a dotted " + (missing->constructor ? "constructor" : "name") +
                      " in a class's annotations only where it is a whole parameter annotation; import the name "
                      "(`from " + missing->spelled.substr(0, missing->spelled.size() - leaf.size() - 1) + " import " +
                      leaf + "`)";
    finding.keep_annotation = true;
    findings.push_back(std::move(finding));
  }

  // A call compiled code leaves to Python (`core/python_calls.h`): torch types it from the callee's annotations,
  // read as Python objects, at the call. Under `from __future__ import annotations` they are strings it does not
  // resolve ("Unknown type annotation: 'torch.Tensor'"); otherwise the names reported in compiled code fail there
  // too ("Unknown type annotation: '<class 'torch.Size'>'"). Reported at the call, where torch points.
  static void check_python_call(RuleContext& context, TSNode call) {
    if (context.path().in_nested_scope() || context.in_dead_code(call)) return;
    const SemanticModel& model = context.model();
    const FunctionInfo* target = python_call_target(model, context.function(), call);
    if (!target) return;
    std::vector<TSNode> annotations;
    for (const Parameter& parameter : target->signature.parameters) {
      if (!ts_node_is_null(parameter.annotation)) annotations.push_back(parameter.annotation);
    }
    if (!ts_node_is_null(target->signature.return_type)) annotations.push_back(target->signature.return_type);
    if (annotations.empty()) return;
    const TSNode callee = strip_parens(field(call, fld.function));
    const std::string called = "`" + std::string(context.text(callee)) + "` is called as Python (`" +
                               std::string(target->name) + "` is " +
                               (target->decorators.ignore ? "`@torch.jit.ignore`d" : "cached") +
                               "), and torch types the call from its annotations, read as Python objects: ";
    if (postponed_annotations(model)) {
      Diagnostic& diagnostic = context.report(
          callee, called + "under `from __future__ import annotations` they are strings (`" +
                      std::string(context.text(ts_node_named_child(annotations[0], 0))) +
                      "`), which it does not resolve; remove the annotations or the `__future__` import");
      diagnostic.related.push_back(Related{ts_node_start_byte(annotations[0]), ts_node_end_byte(annotations[0]),
                                           "the first annotation"});
      return;
    }
    for (TSNode annotation : annotations) {
      std::vector<Finding> findings;
      search(context, context.source(), ts_node_named_child(annotation, 0), findings, false, false);
      if (findings.empty()) continue;
      Diagnostic& diagnostic = context.report(callee, called + findings[0].message);
      diagnostic.related.push_back(Related{ts_node_start_byte(findings[0].node), ts_node_end_byte(findings[0].node),
                                           "the annotation"});
      return;
    }
  }

  // `x: Callable = value` in a function body -> `x = value`. Python never evaluates a local's annotation (PEP 526),
  // so removing it changes nothing at run time; TorchScript then types `x` from its value. Safe.
  static std::optional<Fix> drop_local_annotation(const RuleContext& context, TSNode type) {
    const TSNode assignment = context.parent();
    if (!is(assignment, sym.assignment) || !same_node(field(assignment, fld.type), type)) return std::nullopt;
    const TSNode target = field(assignment, fld.left);
    if (!is(target, sym.identifier) || ts_node_is_null(field(assignment, fld.right))) return std::nullopt;
    if (has_comment(assignment)) return std::nullopt;
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Remove the annotation of the local `" + std::string(context.text(target)) + "`";
    fix.edits.push_back(Edit{ts_node_end_byte(target), ts_node_end_byte(type), ""});
    return fix;
  }

 private:
  // A builtin name not rebound in the file (for nodes of another source, a string annotation's content).
  static bool is_builtin_name(const RuleContext& context, std::string_view name, std::string_view wanted) {
    const SemanticModel& model = context.model();
    return name == wanted && !model.imports().binds(name) && model.find_class(name) < 0 &&
           model.find_module_function(name) < 0;
  }

  static std::string qualified(const RuleContext& context, const Source& source, TSNode node) {
    return context.model().imports().qualified_name(source, node);
  }

  // The qualified name of a type constructor's head (`typing.Sequence`, `builtins.tuple`), or empty.
  static std::string head_name(const RuleContext& context, const Source& source, TSNode head) {
    std::string name = qualified(context, source, head);
    if (!name.empty()) return name;
    if (is(head, sym.identifier)) {
      const std::string_view spelled = text(source, head);
      for (std::string_view builtin : {"list", "dict", "tuple", "type", "set", "frozenset"}) {
        if (is_builtin_name(context, spelled, builtin)) return "builtins." + std::string(builtin);
      }
    }
    return {};
  }

  // Why a plain name (not subscripted) is rejected, with the replacement when there is a sound one; nullopt when
  // TorchScript resolves it or jitlint cannot tell.
  static std::optional<Finding> check_name(const RuleContext& context, const Source& source, TSNode node) {
    const std::string spelled(text(source, node));
    const std::string name = qualified(context, source, node);
    Finding finding;
    finding.node = node;
    if (name.empty()) {
      if (!is(node, sym.identifier)) return std::nullopt;
      for (std::string_view builtin : {"object", "dict", "bytes", "type"}) {
        if (is_builtin_name(context, spelled, builtin)) {
          finding.message = "`" + spelled + "` is not a type TorchScript knows" +
                            (builtin == "dict" ? std::string("; annotate `Dict[K, V]`") : std::string());
          return finding;
        }
      }
      return std::nullopt;
    }
    if (name == "torch.Size") {
      finding.message = "`" + spelled + "` is not a type TorchScript knows; annotate `List[int]`";
      finding.replacement = "List[int]";
      finding.typing_imports = {"List"};
      return finding;
    }
    // `torch.tensor` is the factory function; as an annotation it is a slip for the class `torch.Tensor`.
    if (name == "torch.tensor") {
      const bool dotted = spelled.size() > 6 && spelled.compare(spelled.size() - 7, 7, ".tensor") == 0;
      finding.message = "`" + spelled + "` is a function, not a type; annotate `torch.Tensor`";
      if (dotted) {
        finding.replacement = spelled.substr(0, spelled.size() - 6) + "Tensor";
        finding.safe_replacement = true;
      }
      return finding;
    }
    if (starts_with(name, "torch.nn.")) {
      const std::string leaf = last_part(name);
      const bool module_class = name == "torch.nn.Module" ||
                                (name.find('.', 9) == std::string::npos && !leaf.empty() && std::isupper(leaf[0]) &&
                                 leaf.find("Parameter") == std::string::npos && leaf != "Buffer");
      if (!module_class) return std::nullopt;
      finding.message = "`" + spelled + "` is not a type TorchScript knows as an annotation";
      return finding;
    }
    // `torch.distributions.Distribution`: torch compiles the class for the annotation, and its code uses `try` and
    // `*args` ("try blocks aren't supported" in torch/distributions/distribution.py)
    if (starts_with(name, "torch.distributions.") && std::isupper(static_cast<unsigned char>(last_part(name)[0]))) {
      finding.message = "`" + spelled + "` is a class TorchScript cannot compile (its code uses `try` and `*args`); "
                        "keep distributions out of compiled code and pass their parameters as tensors";
      return finding;
    }
    if (starts_with(name, "numpy.") || name == "typing.NoReturn") {
      finding.message = "`" + spelled + "` is not a type TorchScript knows";
      return finding;
    }
    if (name == "typing.List" || name == "typing.Dict" || name == "typing.Tuple" || name == "typing.Optional") {
      const std::string leaf = last_part(name);
      finding.message = "`" + spelled + "` without contained types is not supported by TorchScript; write `" + leaf +
                        (leaf == "Dict" ? "[K, V]`" : "[T]`");
      return finding;
    }
    if (unsupported_constructors().count(name) > 0 && name != "typing.Final") {
      finding.message = "`" + spelled + "` is not a type TorchScript knows";
      return finding;
    }
    return std::nullopt;
  }

  // Searches an annotation expression; reports each offending part (not descending into a reported one).
  // `in_bar_union`: `node` is a member of a `X | Y` union, which torch resolves with its own type parser rather
  // than Python's `typing` (there `list[int, int]` is an error; alone or in `Optional[...]` it is taken as a list).
  // `torch_parser`: torch's own type parser reads the annotation (compiled code); Python's `typing` does for the
  // signature of a call left to Python, where `list[int, int]` in a union is a list of int.
  static void search(const RuleContext& context, const Source& source, TSNode node, std::vector<Finding>& findings,
                     bool in_bar_union = false, bool torch_parser = true) {
    node = strip_parens(node);
    if (ts_node_is_null(node)) return;
    if (is(node, sym.type)) {
      search(context, source, ts_node_named_child(node, 0), findings, in_bar_union, torch_parser);
      return;
    }
    if (is(node, sym.identifier) || is(node, sym.attribute)) {
      if (auto finding = check_name(context, source, node)) findings.push_back(std::move(*finding));
      return;
    }
    if (is(node, sym.binary_operator)) {  // `X | None` in a string or a subscript
      search(context, source, field(node, fld.left), findings, true, torch_parser);
      search(context, source, field(node, fld.right), findings, true, torch_parser);
      return;
    }
    if (is(node, sym.union_type)) {  // `X | None` as the grammar reads an annotation: two `type` children
      for (TSNode side : NamedChildren(node)) search(context, source, side, findings, true, torch_parser);
      return;
    }
    const TypeApplication application = type_application(node);
    if (ts_node_is_null(application.head)) return;  // literals, `None`, strings nested in a subscript: not inspected
    const TSNode head = application.head;
    const std::vector<TSNode>& arguments = application.arguments;
    const std::string name = head_name(context, source, head);
    if (name.empty()) return;  // a constructor of unknown origin
    if (name == "typing.Set" || name == "typing.FrozenSet" || name == "typing.AbstractSet" || name == "builtins.set" ||
        name == "builtins.frozenset") {
      return;  // JT103
    }
    auto unwrap = [&](TSNode argument) { return is(argument, sym.type) ? ts_node_named_child(argument, 0) : argument; };
    const std::string spelled(text(source, node));
    if (unsupported_constructors().count(name) > 0 || name == "builtins.type") {
      Finding finding;
      finding.node = node;
      const std::string leaf = last_part(name);
      if ((leaf == "Sequence" || leaf == "Iterable") && arguments.size() == 1) {
        finding.replacement = "List[" + std::string(text(source, arguments[0])) + "]";
        finding.typing_imports = {"List"};
        finding.message = "`" + spelled + "` is not a type TorchScript knows; annotate `" + finding.replacement + "`";
      } else {
        finding.message = "`" + std::string(text(source, head)) + "[...]` is not a type TorchScript knows";
      }
      findings.push_back(std::move(finding));
      return;
    }
    if (name == "builtins.list" && arguments.size() > 1 && in_bar_union && torch_parser) {
      // `grid_thw: list[int, int, int] | torch.Tensor` (the Qwen-VL family): a list has one element type
      Finding finding;
      finding.node = node;
      finding.message = "`" + spelled + "` names " + std::to_string(arguments.size()) +
                        " element types, and a TorchScript list has one (`list[int]`); use a tuple for a fixed length";
      findings.push_back(std::move(finding));
      return;
    }
    if (name == "typing.Tuple" || name == "builtins.tuple") {
      if (arguments.size() == 2 && text(source, unwrap(arguments[1])) == "...") {
        Finding finding;
        finding.node = node;
        finding.replacement = "List[" + std::string(text(source, arguments[0])) + "]";
        finding.typing_imports = {"List"};
        finding.message = "Variable-length `" + spelled + "` is not supported by TorchScript; annotate `" +
                          finding.replacement + "`";
        findings.push_back(std::move(finding));
        return;
      }
    } else if ((name == "typing.Dict" || name == "builtins.dict") && arguments.size() == 2) {
      // A container as the key (`Dict[Tuple[int, int], T]`): TorchScript dicts take only scalar, Tensor, device and
      // str keys.
      const TypeApplication key = type_application(strip_parens(unwrap(arguments[0])));
      const std::string key_name = ts_node_is_null(key.head) ? std::string{} : head_name(context, source, key.head);
      if (key_name == "typing.Tuple" || key_name == "builtins.tuple" || key_name == "typing.List" ||
          key_name == "builtins.list" || key_name == "typing.Dict" || key_name == "builtins.dict") {
        Finding finding;
        finding.node = node;
        finding.message = "`" + spelled + "` has a `" + std::string(text(source, unwrap(arguments[0]))) +
                          "` key: TorchScript dicts take only int, float, complex, Tensor, device and str keys";
        findings.push_back(std::move(finding));
        return;
      }
    } else if (name != "typing.List" && name != "typing.Dict" && name != "typing.Optional" && name != "typing.Union" &&
               name != "builtins.list" && name != "builtins.dict") {
      return;  // other constructors: not inspected
    }
    for (TSNode argument : arguments) search(context, source, argument, findings, false, torch_parser);
  }

  // `'torch.Size'`: the content is resolved like a name written without quotes.
  static void check_string(const RuleContext& context, TSNode string, std::vector<Finding>& findings) {
    const Source& source = context.source();
    if (!is_plain_string(source, string)) return;
    const std::string content = string_value(source, string);
    if (content.empty()) return;
    for (char c : content) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return;
    }
    std::string error;
    std::optional<Source> inner = Source::from_bytes(content, &error);
    if (!inner) return;
    thread_local Parser parser;
    Tree tree = parser.parse(*inner);
    if (tree.has_error()) return;
    TSNode statement = ts_node_named_child(tree.root(), 0);
    if (!is(statement, sym.expression_statement) || ts_node_named_child_count(tree.root()) != 1) return;
    TSNode expr = ts_node_named_child(statement, 0);
    if (!is(expr, sym.identifier) && !is(expr, sym.attribute)) return;
    auto finding = check_name(context, *inner, expr);
    if (!finding) return;
    finding->node = string;
    finding->replacement.clear();  // the quoted form stays as written; the message tells what to write
    finding->typing_imports.clear();
    const std::size_t tick = finding->message.find('`', 1);
    finding->message = "`" + std::string(text(source, string)) + "`" + finding->message.substr(tick + 1);
    findings.push_back(std::move(*finding));
  }
};

}  // namespace

const Rule& unsupported_annotation_rule() {
  static const UnsupportedAnnotation rule;
  return rule;
}

}  // namespace jitlint
