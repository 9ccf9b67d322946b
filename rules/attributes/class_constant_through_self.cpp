// JT405 class-constant-through-self: compiled code reads through `self` a value the class body assigns (`K = 3`),
// which recursive scripting does not see unless it is `Final` or listed in `__constants__`.
#include <cctype>
#include <unordered_set>

#include "core/class_attributes.h"
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT405",
    "class-constant-through-self",
    "attributes",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Annotate the class attribute `Final[...]` (or list it in `__constants__`, or assign it in `__init__`)",
    "has no attribute",
    R"doc(## What it does
Finds reads through `self` in compiled code of a value the module's class body (or a base class of this file)
assigns, `K = 3` or `K: int = 3`, when nothing assigns it on the instance and it is neither `Final` nor listed in
`__constants__`. It reports the first read in each compiled function. Values of every kind fail on torch 2.13.0:
int, float, bool, str, None, lists, tuples, dicts.

## Why TorchScript rejects it
Recursive scripting builds the module's type from the instance: its parameters, buffers, submodules, the entries of
its `__dict__` (what `__init__` assigned) and its constants (`__constants__` and names annotated `Final`). A plain
class attribute is in none of these, so the compiled module has no such attribute. (A class-level annotation without
`Final` only types an instance attribute; it does not make the class value one.)

## The error torch 2.13.0 prints
```
RuntimeError: Module 'Net' has no attribute 'K' :
```

## Example
```python
class Net(nn.Module):
    scale = 2.0

    def forward(self, x: Tensor) -> Tensor:
        return x * self.scale
```

## Use instead
```python
class Net(nn.Module):
    scale: Final[float] = 2.0
    ...
```

## Fix safety
For an int, float, bool or str literal assigned in the class body, the fix annotates it `Final[<type>]` (importing
`Final` from `typing` when the file does not bind it): **safe**, since an annotation changes nothing in eager mode
and TorchScript then takes the value as a constant. Other values have no automatic fix: list the name in
`__constants__` or copy the value in `__init__` (`self.k = self.K`).

## Known limitations
Only classes whose bases are all known are checked (a base may assign the attribute on the instance): of this file,
`nn.Module` itself, or a module class of another file whose bases the project index all resolves, deriving from
`nn.Module` itself and without `__getattr__`; an attribute such a base binds (assigns, defines as a method or
property, or declares in its class body) is left alone.
)doc"};

const char* scalar_type(LiteralKind kind) {
  switch (kind) {
    case LiteralKind::Int: return "int";
    case LiteralKind::Float: return "float";
    case LiteralKind::Bool: return "bool";
    case LiteralKind::Str: return "str";
    default: return nullptr;
  }
}

bool is_constant_value(LiteralKind kind) {
  switch (kind) {
    case LiteralKind::Int: case LiteralKind::Float: case LiteralKind::Bool: case LiteralKind::Str:
    case LiteralKind::None: case LiteralKind::EmptyList: case LiteralKind::EmptyDict: case LiteralKind::List:
    case LiteralKind::Dict: case LiteralKind::Tuple:
      return true;
    default:
      return false;
  }
}

// Whether the method's text spells `self.<name>` for a name some class body of the local bases binds: one pass over
// the `self.` occurrences, each followed identifier looked up.
bool reads_a_body_name(const SemanticModel& model, int class_index, const FunctionInfo& function) {
  const std::string_view body = text(model.source(), field(function.definition, fld.body));
  const std::string prefix = function.self_name + ".";
  for (size_t at = body.find(prefix); at != std::string_view::npos; at = body.find(prefix, at + 1)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(body[at - 1])) || body[at - 1] == '_')) continue;
    size_t end = at + prefix.size();
    while (end < body.size() && (std::isalnum(static_cast<unsigned char>(body[end])) || body[end] == '_')) ++end;
    const std::string_view name = body.substr(at + prefix.size(), end - at - prefix.size());
    for (int current : model.local_mro(class_index)) {
      if (model.classes()[current].body_names.count(name)) return true;
    }
  }
  return false;
}

class ClassConstantThroughSelf final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const SemanticModel& model = context.model();
    const int class_index = known_module_method_class(model, function);
    if (class_index < 0) return;
    if (!class_body_has_assignment(model, class_index, /*annotated=*/false)) return;  // no class-level value at all
    // Only a method whose text spells `self.<name>` of a name some class body binds is worth walking (transformers'
    // models bind `base_model_prefix`, `_no_split_modules`, ... and rarely read them in compiled code).
    if (!reads_a_body_name(model, class_index, function)) return;
    std::unordered_set<std::string_view> seen;
    for_each_self_read(model, function, [&](const NodePath& at, std::string_view name) {
      if (seen.insert(name).second) check_read(context, class_index, at.node(), name);
    });
  }

 private:
  static void check_read(RuleContext& context, int class_index, TSNode read, std::string_view name) {
    const SemanticModel& model = context.model();
    if (name.size() > 1 && name[0] == '_' && name[1] == '_') return;  // dunders and mangled names
    // Assigned on the instance, Final, or in __constants__: torch sees it.
    if (model.attribute(class_index, name) || model.find_method(class_index, name) >= 0 ||
        remote_base_binds(model, class_index, name)) {
      return;
    }
    TSNode assignment = class_body_assignment(model, class_index, name);
    if (ts_node_is_null(assignment)) return;
    TSNode value = field(assignment, fld.right);
    const LiteralKind kind = literal_kind(model.source(), value);
    if (!is_constant_value(kind)) return;
    const std::string attr(context.text(read));
    Diagnostic& diagnostic = context.report(
        read, "`" + attr + "` reads the class attribute `" + std::string(name) +
                  "`, which TorchScript does not see on a module unless it is `Final` or in `__constants__`",
        final_fix(context, assignment, kind));
    diagnostic.related.push_back(Related{ts_node_start_byte(assignment), ts_node_end_byte(assignment),
                                         "`" + std::string(name) + "` is assigned in the class body here"});
  }

  static std::optional<Fix> final_fix(const RuleContext& context, TSNode assignment, LiteralKind kind) {
    const char* type = scalar_type(kind);
    if (!type) return std::nullopt;
    TSNode left = field(assignment, fld.left);
    TSNode annotation = field(assignment, fld.type);
    const std::string inner = ts_node_is_null(annotation) ? std::string(type) : std::string(context.text(annotation));
    Fix fix;
    fix.message = "Annotate `" + std::string(context.text(left)) + "` as `Final[" + inner + "]`";
    fix.typing_imports = {"Final"};
    fix.isolation_scope = ts_node_start_byte(assignment);
    if (ts_node_is_null(annotation)) {
      fix.edits.push_back(insert_after(left, ": Final[" + inner + "]"));
    } else {
      fix.edits.push_back(replace_node(annotation, "Final[" + inner + "]"));
    }
    return fix;
  }
};

}  // namespace

const Rule& class_constant_through_self_rule() {
  static const ClassConstantThroughSelf rule;
  return rule;
}

}  // namespace jitlint
