// JT307 mutable-default: a list or dict default value (`dims: List[int] = [1, 0]`, `d={}`) on a compiled function.
#include <optional>
#include <string>
#include <vector>

#include "core/edits.h"
#include "core/parameter_uses.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT307",
    "mutable-default",
    "signatures",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript does not accept list or dict default values; default to `None` and build the value in the body",
    "Mutable default parameters are not supported because Python binds them to the function and they persist "
    "across function calls",
    R"doc(## What it does
Finds parameters of compiled functions whose default value is a list or a dict: a literal (`[1, 0]`, `{}`), a
comprehension, a call of the builtins `list(...)` / `dict(...)`, or a tuple holding one of those
(`([1], 2)`). Annotated or not.

## Why TorchScript rejects it
Python evaluates a default once, when the `def` runs, and every call shares that one object: a function that
mutates its list default sees the mutation in the next call. TorchScript does not reproduce this and refuses
list and dict defaults (it inspects the default objects when it compiles the function).

## The error torch 2.13.0 prints
```
RuntimeError: Mutable default parameters are not supported because Python binds them to the function and they persist across function calls.
```

## Example
```python
def forward(self, x: Tensor, dims: List[int] = [1, 0]) -> Tensor:
    return x.permute(dims)
```

## Use instead
```python
def forward(self, x: Tensor, dims: Optional[List[int]] = None) -> Tensor:
    if dims is None:
        dims = [1, 0]
    return x.permute(dims)
```
A tuple default works too when the parameter is a `Tuple[...]` (tuples are immutable):
`dims: Tuple[int, int] = (1, 0)`.

## Fix safety
For a parameter annotated `List[...]` / `Dict[...]` (or `list[...]` / `dict[...]`) whose default is a literal
without calls or names (numbers, strings, booleans, nested lists, dicts and tuples of those), the fix rewrites it
as in *Use instead*: the annotation becomes `Optional[...]`, the default `None`, and the first statement of the
body (after a docstring) becomes `if dims is None:` / `dims = [1, 0]`, with `Optional` imported when the file
lacks it. An empty dict default is written `torch.jit.annotate(Dict[str, float], {})` (TorchScript would type a
bare `{}` as `Dict[str, Tensor]`); the fix is offered only when the literal's own type is the annotated one
(`List[float] = [1, 2]` has no fix: TorchScript would type `[1, 2]` as `List[int]`).

Each call now gets a fresh list or dict: that is what TorchScript needs and what such defaults almost always
mean. A function that mutated its default to keep state across calls behaves differently, so the fix is
**safe** only when the body cannot mutate the parameter, and **unsafe** when it may: a mutating method call on it
(`.append`, `.extend`, `.insert`, `.pop`, `.remove`, `.clear`, `.update`, `.setdefault`, `.popitem`, `.sort`,
`.reverse`), an item assignment, augmented assignment or `del` on an item, `dims += ...`, or when the object
escapes where the function cannot follow it (bound to another name, returned, put in a container, passed to a
function or method of this file, read in a lambda or nested function, used in a statically dead branch).
Passing `None` explicitly also changes meaning (it now selects the default). Unannotated list or dict defaults
have no fix (add the annotation first; see JT302 for what TorchScript infers).

## Known limitations
Defaults that name a module-level list (`dims: List[int] = DEFAULT_DIMS`) or call another function are not
reported: jitlint cannot tell what they hold. Keyword-only parameters with defaults are JT301's (TorchScript
rejects them first).
)doc"};

class MutableDefault final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const auto& parameters = function.signature.parameters;
    for (size_t index = 0; index < parameters.size(); ++index) {
      const Parameter& parameter = parameters[index];
      if (ts_node_is_null(parameter.default_value)) continue;
      if (parameter.kind != Parameter::Kind::Positional) continue;  // keyword-only: rejected earlier (JT301)
      const char* what = mutable_kind(context, parameter.default_value);
      if (what == nullptr) continue;
      context.report(parameter.node,
                     "Parameter `" + std::string(parameter.name) + "` has a " + what +
                         " default value, which TorchScript does not support",
                     none_default_fix(context, function, index));
    }
  }

 private:
  // `dims: List[int] = [1, 0]` -> `dims: Optional[List[int]] = None` and `if dims is None: dims = [1, 0]` first
  // in the body.
  static std::optional<Fix> none_default_fix(RuleContext& context, const FunctionInfo& function, size_t index) {
    const Source& source = context.source();
    const SemanticModel& model = context.model();
    const Parameter& parameter = function.signature.parameters[index];
    if (ts_node_is_null(parameter.annotation)) return std::nullopt;
    const TSNode value = strip_parens(parameter.default_value);
    if (!is(value, sym.list) && !is(value, sym.dictionary)) return std::nullopt;
    if (has_comment(value)) return std::nullopt;

    // The annotation is `List[...]` / `Dict[...]` (typing or builtin).
    TSNode annotation = ts_node_named_child(parameter.annotation, 0);
    TSNode head{};
    if (is(annotation, sym.generic_type)) head = ts_node_named_child(annotation, 0);
    else if (is(annotation, sym.subscript)) head = field(annotation, fld.value);
    if (ts_node_is_null(head)) return std::nullopt;
    const std::string qualified = model.qualified_name(head);
    const bool list_type = qualified == "typing.List" || model.is_builtin(head, "list");
    const bool dict_type = qualified == "typing.Dict" || model.is_builtin(head, "dict");
    if (!(list_type && is(value, sym.list)) && !(dict_type && is(value, sym.dictionary))) return std::nullopt;

    // The literal's own type must be the annotated one: TorchScript types `dims = [1, 0]` from its elements.
    const std::string annotation_text(context.text(parameter.annotation));
    const std::string inferred = literal_type(source, value);
    std::string assigned;
    if (inferred == "List[?]") {
      assigned = "[]";  // an empty list literal takes the variable's element type
    } else if (inferred == "Dict[?]") {
      // `{}` alone is typed Dict[str, Tensor]: annotate it (needs `torch` bound to the torch module).
      if (model.imports().imported_as("torch") != "torch") return std::nullopt;
      assigned = "torch.jit.annotate(" + annotation_text + ", {})";
    } else if (!inferred.empty() && inferred.find('?') == std::string::npos &&
               inferred == normalized_type(annotation_text)) {
      assigned = std::string(context.text(value));
    } else {
      return std::nullopt;
    }

    // Where the new statement goes: the body's first statement, after a docstring.
    const TSNode definition = function.definition;
    const TSNode body = field(definition, fld.body);
    std::vector<TSNode> statements;
    for (TSNode statement : NamedChildren(body)) statements.push_back(statement);
    size_t first = 0;
    if (!statements.empty() && is(statements[0], sym.expression_statement) &&
        ts_node_named_child_count(statements[0]) == 1 && is(ts_node_named_child(statements[0], 0), sym.string)) {
      first = 1;
    }
    if (first >= statements.size()) return std::nullopt;
    NodePath path;
    path.reset(definition);
    path.push(body, fld.body);
    path.push(statements[first], 0);
    const auto place = statement_place(source, path, 2);
    if (!place) return std::nullopt;

    const std::string name(parameter.name);
    Fix fix;
    fix.applicability = may_mutate(context, function, index) ? Applicability::Unsafe : Applicability::Safe;
    fix.message = "Default `" + name + "` to `None` and build the " + (list_type ? "list" : "dict") + " in the body";
    fix.typing_imports = {"Optional"};
    fix.isolation_scope = naming_scope(context);
    fix.edits.push_back(replace_node(parameter.annotation, "Optional[" + annotation_text + "]"));
    fix.edits.push_back(replace_node(parameter.default_value, "None"));
    fix.edits.push_back(insert_before(*place, "if " + name + " is None:" + place->newline + place->indent +
                                                  place->unit + name + " = " + assigned + place->newline));
    return fix;
  }

  // The type TorchScript gives a literal of numbers, strings, booleans, lists, dicts and tuples, spelled like a
  // normalized annotation ("List[int]", "Dict[str,float]"); "List[?]" / "Dict[?]" for an empty one at the top;
  // empty when it is anything else or mixes element types.
  static std::string literal_type(const Source& source, TSNode node, bool top = true) {
    node = strip_parens(node);
    if (is_integer_literal(node)) return "int";
    if (is(node, sym.float_)) return "float";
    if (is(node, sym.unary_operator)) {
      const TSNode operand = field(node, fld.argument);
      return is(ts_node_child(node, 0), sym.op_minus) && is(operand, sym.float_) ? "float" : "";
    }
    if (is(node, sym.true_) || is(node, sym.false_)) return "bool";
    if (is_plain_string(source, node)) return "str";
    if (is(node, sym.list) || is(node, sym.tuple)) {
      const bool list = is(node, sym.list);
      std::string element, elements;
      size_t count = 0;
      for (TSNode child : NamedChildren(node)) {
        const std::string type = literal_type(source, child, false);
        if (type.empty() || (list && count > 0 && type != element)) return {};
        element = type;
        elements += (count++ ? "," : "") + type;
      }
      if (count == 0) return list && top ? "List[?]" : "";
      return list ? "List[" + element + "]" : "Tuple[" + elements + "]";
    }
    if (is(node, sym.dictionary)) {
      std::string key, value;
      size_t count = 0;
      for (TSNode pair : NamedChildren(node)) {
        if (!is(pair, sym.pair)) return {};
        const std::string k = literal_type(source, field(pair, fld.key), false);
        const std::string v = literal_type(source, field(pair, fld.value), false);
        if (k.empty() || v.empty() || (count > 0 && (k != key || v != value))) return {};
        key = k;
        value = v;
        ++count;
      }
      if (count == 0) return top ? "Dict[?]" : "";
      return "Dict[" + key + "," + value + "]";
    }
    return {};
  }

  // An annotation's text without blanks or `typing.`, with `list[`/`dict[`/`tuple[` spelled `List[`/...
  static std::string normalized_type(std::string_view text) {
    std::string compact;
    for (char c : text) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\\') compact += c;
    }
    std::string out;
    for (size_t i = 0; i < compact.size();) {
      const bool token_start = i == 0 || compact[i - 1] == '[' || compact[i - 1] == ',';
      if (token_start && compact.compare(i, 7, "typing.") == 0) {
        i += 7;
        continue;
      }
      if (token_start) {
        static const std::pair<const char*, const char*> kBuiltin[] = {
            {"list[", "List["}, {"dict[", "Dict["}, {"tuple[", "Tuple["}};
        bool replaced = false;
        for (const auto& [from, to] : kBuiltin) {
          const size_t length = std::char_traits<char>::length(from);
          if (compact.compare(i, length, from) == 0) {
            out += to;
            i += length;
            replaced = true;
            break;
          }
        }
        if (replaced) continue;
      }
      out += compact[i++];
    }
    return out;
  }

  // Whether the body may mutate the parameter's object (or let it escape where that cannot be followed).
  static bool may_mutate(RuleContext& context, const FunctionInfo& function, size_t index) {
    const SemanticModel& model = context.model();
    const auto& uses = parameter_uses(model, function);
    if (index >= uses.size()) return true;
    const ParameterUse& use = uses[index];
    if (use.read_in_nested_scope) return true;
    static const char* const kMutating[] = {"append", "extend", "insert", "pop",      "remove", "clear",
                                            "update", "setdefault", "popitem", "sort", "reverse"};
    for (const ParameterRead& read : use.reads) {
      const TSNode parent = read.parent;
      if (is(parent, sym.attribute) && read.field == fld.object) {
        const std::string_view method = context.text(field(parent, fld.attribute));
        for (const char* name : kMutating) {
          if (method == name) return true;
        }
        continue;
      }
      if (is(parent, sym.subscript) && read.field == fld.value) {
        const TSNode up = read.grandparent;
        if (is(up, sym.delete_statement) || is(up, sym.pattern_list) || is(up, sym.tuple_pattern) ||
            is(up, sym.expression_list) || is(up, sym.list_pattern)) {
          return true;
        }
        if ((is(up, sym.assignment) || is(up, sym.augmented_assignment)) && same_node(field(up, fld.left), parent)) {
          return true;
        }
        continue;
      }
      if (is(parent, sym.augmented_assignment) && read.field == fld.left) return true;
      if ((is(parent, sym.assignment) && read.field == fld.right) || is(parent, sym.return_statement) ||
          is(parent, sym.list) || is(parent, sym.tuple) || is(parent, sym.dictionary) || is(parent, sym.pair) ||
          is(parent, sym.expression_list) || is(parent, sym.set) || is(parent, sym.pattern_list)) {
        return true;
      }
      if (is(parent, sym.argument_list) && is(read.grandparent, sym.call)) {
        const Callee callee = model.resolve_call(function, read.grandparent);
        if (callee.kind == Callee::Kind::Method || callee.kind == Callee::Kind::ModuleFunction ||
            callee.kind == Callee::Kind::LocalClass) {
          return true;
        }
      }
    }
    // Statically dead branches run in eager Python: any mention there counts.
    return use.read_in_dead_code;
  }

  // "list" / "dict" when the default is (or a tuple holds) a list or dict; nullptr otherwise.
  static const char* mutable_kind(const RuleContext& context, TSNode value) {
    value = strip_parens(value);
    if (is(value, sym.list) || is(value, sym.list_comprehension)) return "list";
    if (is(value, sym.dictionary) || is(value, sym.dictionary_comprehension)) return "dict";
    if (is(value, sym.call)) {
      TSNode function = field(value, fld.function);
      if (context.model().is_builtin(function, "list")) return "list";
      if (context.model().is_builtin(function, "dict")) return "dict";
      return nullptr;
    }
    if (is(value, sym.tuple)) {
      for (TSNode element : NamedChildren(value)) {
        if (mutable_kind(context, element) != nullptr) return "tuple holding a mutable";
      }
    }
    return nullptr;
  }
};

}  // namespace

const Rule& mutable_default_rule() {
  static const MutableDefault rule;
  return rule;
}

}  // namespace jitlint
