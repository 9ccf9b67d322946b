// JT403 attribute-assigned-in-compiled-code: compiled code assigns `self.x` where x is not an attribute the
// instance has, is a constant, or has another type than the value assigned.
#include "core/class_attributes.h"
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT403",
    "attribute-assigned-in-compiled-code",
    "attributes",
    Phase::Semantic,
    FixAvailability::None,
    "Create the attribute in `__init__` with the type compiled code assigns (a class-level annotation for Optional)",
    "Tried to set nonexistent attribute\n"
    "Wrong type for attribute assignment",
    R"doc(## What it does
Finds assignments `self.x = value` (and `self.x += value`) in compiled code of a module where:
- nothing outside compiled code assigns `x` (so the instance torch scripts has no such attribute);
- `x` is a constant (`Final[...]` or listed in `__constants__`);
- `__init__` leaves `x` a None, int, float, bool or str literal (no class-level annotation), and the value assigned
  certainly has another type (`self.cache = x` after `self.cache = None`, `self.n = 0.5` after `self.n = 0`,
  `self.n += 0.5`).

## Why TorchScript rejects it
A scripted module's attributes are fixed when it is scripted: their names and types come from the instance
(`__init__`'s values, or the class-level annotations), and constants are folded into the code. Compiled code can
assign an existing attribute a value of its type, nothing else. An attribute left `None` has the type `NoneType`,
which no other value has. (Assigning a tensor to a parameter, buffer or tensor attribute is fine.)

## The error torch 2.13.0 prints
```
RuntimeError: Tried to set nonexistent attribute: cache. Did you forget to initialize it in __init__()?:
RuntimeError: Wrong type for attribute assignment. Expected NoneType but got Tensor:
```

## Example
```python
class Cached(nn.Module):
    def __init__(self):
        super().__init__()
        self.last = None
        self.steps = 0

    def forward(self, x: Tensor) -> Tensor:
        self.last = x
        self.steps += 0.5
        return x
```

## Use instead
```python
class Cached(nn.Module):
    last: Optional[Tensor]

    def __init__(self):
        super().__init__()
        self.last = None
        self.steps = 0.0
    ...
```
Often the state is better a local variable or a returned value.

## Fix safety
No automatic fix: the right type of the attribute, and whether the state belongs on the module at all, are design
choices.

## Known limitations
Only values whose type is certain are compared; attributes whose value `__init__` computes (a tensor, a call) are not
checked. For the nonexistent case, only classes whose bases are all known are checked (the base may create the
attribute): of this file, `nn.Module` itself, or a module class of another file whose bases the project index all
resolves, deriving from `nn.Module` itself and without `__getattr__`; an attribute such a base binds (assigns, defines
as a method or property, or declares in its class body) is left alone.
)doc"};

const char* literal_type_name(LiteralKind kind) {
  switch (kind) {
    case LiteralKind::None: return "NoneType";
    case LiteralKind::Int: return "int";
    case LiteralKind::Float: return "float";
    case LiteralKind::Bool: return "bool";
    case LiteralKind::Str: return "str";
    default: return nullptr;
  }
}

std::optional<std::string> type_name(const Type& type) {
  switch (type.kind) {
    case Type::Kind::Tensor: return "Tensor";
    case Type::Kind::Int: return "int";
    case Type::Kind::Float: return "float";
    case Type::Kind::Bool: return "bool";
    case Type::Kind::Str: return "str";
    case Type::Kind::None: return "NoneType";
    case Type::Kind::List: case Type::Kind::Dict: case Type::Kind::Tuple: return type.spell();
    default: return std::nullopt;  // Optional, classes, Any: may match
  }
}

std::string with_article(const std::string& type) {
  if (type == "NoneType") return "None";
  return (type[0] == 'i' ? "an " : "a ") + type;
}

class AttributeAssignedInCompiledCode final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.assignment, sym.augmented_assignment}}; }

  void check(RuleContext& context, TSNode node) const override {
    const FunctionInfo& function = context.function();
    if (function.owner_class < 0 || function.self_name.empty()) return;
    const SemanticModel& model = context.model();
    const int class_index = function.owner_class;
    if (!model.classes()[class_index].is_module) return;
    TSNode target = strip_parens(field(node, fld.left));
    const std::string_view name = self_attribute(model.source(), target, function.self_name);
    if (name.empty() || name == "training" || (name.size() > 1 && name[0] == '_' && name[1] == '_')) return;
    TSNode value = field(node, fld.right);
    // `self.n = n = v`: every target is assigned `v`
    while (!ts_node_is_null(value) && is(value, sym.assignment)) value = field(value, fld.right);
    if (ts_node_is_null(value)) return;
    const std::string attr = "`" + std::string(context.text(target)) + "`";
    const AttrFact* fact = model.attribute(class_index, name);
    if (fact && fact->is_final) {
      context.report(target, attr + " is a constant (`Final` or in `__constants__`), which compiled code cannot assign");
      return;
    }
    // The value outside compiled code leaves.
    const InstanceValue instance = instance_value(model, class_index, fact);
    if (!instance.assigned) {
      if (!bases_all_known(model, class_index) || model.find_method(class_index, name) >= 0 ||
          remote_base_binds(model, class_index, name) ||
          !ts_node_is_null(class_body_assignment(model, class_index, name))) {
        return;
      }
      context.report(target, attr + " is assigned in compiled code but nowhere outside it, and TorchScript cannot " +
                                 "add an attribute to a scripted module");
      return;
    }
    const std::optional<LiteralKind> init_kind = instance.literal;
    const TSNode init_site = instance.site;
    if (!init_kind || !literal_type_name(*init_kind) ||
        !ts_node_is_null(class_body_annotation(model, class_index, name))) {
      return;
    }
    auto assigned = ExprTypes(model, function).of(value);
    if (!assigned || !assigned->certain) return;
    auto assigned_name = type_name(assigned->type);
    if (!assigned_name) return;
    const std::string expected = literal_type_name(*init_kind);
    std::string got = *assigned_name;
    if (is(node, sym.augmented_assignment)) {
      // Only int += float is certain to retype (int += int stays int; a Tensor operand makes the result a Tensor
      // only for some operators).
      if (*init_kind != LiteralKind::Int || !assigned->type.is(Type::Kind::Float)) return;
      got = "float";
    }
    if (got == expected) return;
    Diagnostic& diagnostic = context.report(
        target, attr + " is " + with_article(expected) + " outside compiled code and is assigned " +
                    with_article(got) +
                    " here, and TorchScript cannot change an attribute's type");
    diagnostic.related.push_back(Related{ts_node_start_byte(init_site), ts_node_end_byte(init_site),
                                         attr + " is given its type here"});
  }
};

}  // namespace

const Rule& attribute_assigned_in_compiled_code_rule() {
  static const AttributeAssignedInCompiledCode rule;
  return rule;
}

}  // namespace jitlint
