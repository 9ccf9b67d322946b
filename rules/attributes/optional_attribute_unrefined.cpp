// JT404 optional-attribute-unrefined: a module attribute the class body annotates `Optional[...]`, used in
// compiled code where its value is needed (an operand of arithmetic, a method or attribute access), even inside
// `if self.w is not None:`: TorchScript refines local variables only.
#include <algorithm>
#include <unordered_set>

#include "core/class_attributes.h"
#include "core/edits.h"
#include "core/optional_locals.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT404",
    "optional-attribute-unrefined",
    "attributes",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript does not refine attributes: copy the attribute to a local, test the local, and use the local",
    "Arguments for call are not valid\n"
    "object has no attribute or method",
    R"doc(## What it does
Finds uses of a module attribute annotated `Optional[...]` in the class body (`bias: Optional[Tensor]`) where
compiled code needs its value: an operand of an arithmetic operator (`x + self.bias`) or the object of a method
call or attribute access (`self.bias.sum()`, `self.scale.shape`). It reports them inside a guard
`if self.bias is not None:` too, because the guard does not narrow the attribute.

## Why TorchScript rejects it
A class-level annotation gives the attribute the type `Optional[T]` whatever value `__init__` leaves. TorchScript
narrows `Optional[T]` to `T` only for local variables tested against `None` (`if b is not None:`, `assert b is not
None`); an attribute read is never narrowed, since another method could assign it between the test and the use.
So the operator sees `Optional[Tensor]` and finds no overload, and a method lookup on `Optional[Tensor]` fails.
(Without the class-level annotation the attribute is typed from the instance's value, and a None value makes the
test static, so such code scripts.)

## The error torch 2.13.0 prints
```
RuntimeError: Arguments for call are not valid.
RuntimeError: 'Optional[Tensor]' object has no attribute or method 'sum'.:
```

## Example
```python
class Affine(nn.Module):
    bias: Optional[Tensor]

    def forward(self, x: Tensor) -> Tensor:
        if self.bias is not None:
            x = x + self.bias
        return x
```

## Use instead
```python
    def forward(self, x: Tensor) -> Tensor:
        bias = self.bias
        if bias is not None:
            x = x + bias
        return x
```

## Fix safety
When the use is inside `if self.<name> is not None:` (the whole condition), the fix copies the attribute to a
local before the `if`, tests the local and uses it in the guarded block. It is **safe** when the guarded block
neither assigns the attribute nor calls a method of the module (which could assign it): the local then holds the
same object the attribute does. Otherwise it is **unsafe**. Uses elsewhere (no guard, `and` chains, conditional
expressions) have no automatic fix.

A plain class that compiled code constructs is compiled as a TorchScript class, whose attributes are typed by what
`__init__` assigns: an attribute whose only assignment is `self.w = w`, with `w` a parameter of `__init__` annotated
`Optional[...]` that `__init__` does not bind again, is `Optional` the same way and is reported too.

## Known limitations
Uses as call arguments are not reported (many torch functions take `Optional[Tensor]`, e.g. `F.linear`'s bias), nor
indexing, comparisons or unary operators. An attribute that `__init__` always sets to None (or always to a literal)
is taken as statically None (or not None) by the model, which hides the guarded block: those uses are missed.
)doc"};

bool is_arithmetic(const RuleContext& context, TSNode binary) {
  return is_arithmetic_operator(context.text(field(binary, fld.operator_)));
}

// `self.<name> is not None` as the whole condition.
bool is_guard(const RuleContext& context, TSNode condition, std::string_view name, std::string_view self_name) {
  condition = strip_parens(condition);
  if (!is(condition, sym.comparison_operator)) return false;
  auto test = none_test(condition);
  return test && test->is_not && self_attribute(context.source(), test->operand, self_name) == name;
}

class OptionalAttributeUnrefined final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    if (function.owner_class < 0 || function.self_name.empty()) return;
    const SemanticModel& model = context.model();
    // A module's attributes are Optional only through a class-body annotation; a TorchScript class's also through
    // `__init__` (`self.w = w` of a parameter `w: Optional[Tensor]`).
    if (model.classes()[function.owner_class].is_module &&
        !class_body_has_assignment(model, function.owner_class, /*annotated=*/true)) {
      return;
    }
    // Only attributes annotated Optional are reported: a body that reads none of them as `self.<name>` is not
    // walked.
    if (!reads_optional_attribute(model, function)) return;
    NodePath path;
    // From the definition, as the engine's paths go (fixes place statements with it); only the body is read.
    walk(function.definition, path, [&](const NodePath& at) {
      TSNode node = at.node();
      if (at.size() == 2) return at.field() == fld.body;
      if (is_nested_scope(node) || model.is_dead(function, node)) return false;
      if (!is(node, sym.attribute)) return true;
      const std::string_view name = self_attribute(model.source(), node, function.self_name);
      if (name.empty()) return true;
      TSNode parent = at.parent();
      const bool operand = is(parent, sym.binary_operator) && is_arithmetic(context, parent);
      const bool object = is(parent, sym.attribute) && at.field() == fld.object;
      if ((operand || object) && is_optional_attribute(model, function.owner_class, name)) {
        const std::string attr(context.text(node));
        TSNode annotation = effective_class_annotation(model, function.owner_class, name);
        const bool in_body = !ts_node_is_null(annotation);
        if (!in_body) annotation = init_parameter_annotation(model, function.owner_class, name);
        std::string message = "`" + attr + "` is " +
                              (in_body ? "annotated `Optional` in the class body"
                                       : "typed `Optional` by the parameter `__init__` assigns it") +
                              " and TorchScript does not narrow attributes, so it is still Optional here";
        if (object) {
          message += " and has no `." + std::string(context.text(field(parent, fld.attribute))) + "`";
        }
        Diagnostic& diagnostic = context.report(node, std::move(message), refine_fix(context, at, name));
        diagnostic.related.push_back(Related{ts_node_start_byte(annotation), ts_node_end_byte(annotation),
                                             "`" + std::string(name) + "` is " +
                                                 (in_body ? "annotated here" : "typed here")});
      }
      return false;
    });
  }

 private:
  // The body's text spells `self.<name>` for some attribute annotated Optional (a cheap scan before the walk).
  static bool reads_optional_attribute(const SemanticModel& model, const FunctionInfo& function) {
    const std::string_view body = text(model.source(), field(function.definition, fld.body));
    const std::string prefix = function.self_name + ".";
    std::vector<std::string_view> seen;
    for (size_t at = body.find(prefix); at != std::string_view::npos; at = body.find(prefix, at + 1)) {
      if (at > 0 && (is_identifier_byte(body[at - 1]) || body[at - 1] == '.')) continue;
      size_t end = at + prefix.size();
      while (end < body.size() && is_identifier_byte(body[end])) ++end;
      const std::string_view name = body.substr(at + prefix.size(), end - at - prefix.size());
      if (name.empty() || std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
      seen.push_back(name);
      if (is_optional_attribute(model, function.owner_class, name)) return true;
    }
    return false;
  }

  static bool is_optional_attribute(const SemanticModel& model, int class_index, std::string_view name) {
    const AttrFact* fact = model.attribute(class_index, name);
    if (!fact || fact->is_final || fact->sites.empty()) return false;
    TSNode annotation = effective_class_annotation(model, class_index, name);
    if (!ts_node_is_null(annotation)) return is_optional_annotation(model, annotation);
    return !ts_node_is_null(init_parameter_annotation(model, class_index, name));
  }

  // A TorchScript class (a plain class compiled from where compiled code constructs it) types an attribute by what
  // `__init__` assigns: the annotation of the `Optional` parameter `__init__` assigns it, when that is its only
  // assignment in the class (`self.w = w`) and `__init__` never binds the parameter again. Null otherwise (a module's
  // attributes are typed from the instance's values instead).
  static TSNode init_parameter_annotation(const SemanticModel& model, int class_index, std::string_view name) {
    const ClassInfo& cls = model.classes()[class_index];
    if (cls.is_module) return TSNode{};
    const AttrFact* fact = model.attribute(class_index, name);
    if (!fact || fact->sites.size() != 1) return TSNode{};
    const AttrSite& site = fact->sites.front();
    if (site.function < 0) return TSNode{};
    const FunctionInfo& init = model.functions()[site.function];
    if (init.owner_class != class_index || init.name != "__init__") return TSNode{};
    const TSNode value = strip_parens(site.value);
    if (!is(value, sym.identifier) || !is(site.node, sym.assignment)) return TSNode{};
    const auto declared = optional_local(model, init, text(model.source(), value));
    if (!declared || (!is(declared->declaration, sym.typed_parameter) &&
                      !is(declared->declaration, sym.typed_default_parameter))) {
      return TSNode{};  // a local `w: Optional[T] = None` of `__init__`, or a conditional expression
    }
    return declared->annotation;
  }

  // Inside `if self.<name> is not None:`: copy to a local before the `if`, test and use the local.
  static std::optional<Fix> refine_fix(const RuleContext& context, const NodePath& read, std::string_view name) {
    const FunctionInfo& function = context.function();
    // The innermost enclosing `if` whose consequence holds the read and whose condition is the guard.
    size_t frame = read.size();
    for (size_t i = read.size() - 1; i > 0; --i) {
      if (is_nested_scope(read[i].node)) return std::nullopt;
      if (is(read[i].node, sym.if_statement) && i + 1 < read.size() && read[i + 1].field == fld.consequence &&
          is_guard(context, field(read[i].node, fld.condition), name, function.self_name)) {
        frame = i;
        break;
      }
    }
    if (frame == read.size()) return std::nullopt;
    TSNode statement = read[frame].node;
    auto place = statement_place(context.source(), read, frame);
    if (!place || !same_node(place->statement, statement)) return std::nullopt;
    TSNode consequence = field(statement, fld.consequence);
    if (has_comment(field(statement, fld.condition))) return std::nullopt;

    // Every read of the attribute in the guarded block; whether the block may reassign it.
    std::vector<TSNode> reads;
    bool may_reassign = false;
    NodePath inner;
    walk(consequence, inner, [&](const NodePath& at) {
      TSNode node = at.node();
      if (is_nested_scope(node)) {
        // A lambda or nested function reading the attribute would read it later: keep those as they are.
        return false;
      }
      if (is(node, sym.call)) {
        TSNode callee = field(node, fld.function);
        if (is(callee, sym.attribute) && is(field(callee, fld.object), sym.identifier) &&
            context.text(field(callee, fld.object)) == function.self_name &&
            context.model().find_method(function.owner_class, context.text(field(callee, fld.attribute))) >= 0) {
          may_reassign = true;
        }
        return true;
      }
      if (!is(node, sym.attribute) || self_attribute(context.source(), node, function.self_name) != name) return true;
      TSNode parent = at.parent();
      if ((is(parent, sym.assignment) || is(parent, sym.augmented_assignment)) && at.field() == fld.left) {
        may_reassign = true;
        return false;
      }
      if (is(parent, sym.pattern_list) || is(parent, sym.tuple_pattern) || is(parent, sym.delete_statement)) {
        may_reassign = true;
        return false;
      }
      reads.push_back(node);
      return false;
    });
    if (reads.empty()) return std::nullopt;
    std::string base(name);
    base.erase(0, base.find_first_not_of('_') == std::string::npos ? 0 : base.find_first_not_of('_'));
    const std::string local = fresh_name(context, base.empty() ? "value" : base);
    auto test = none_test(strip_parens(field(statement, fld.condition)));
    Fix fix;
    fix.applicability = may_reassign ? Applicability::Unsafe : Applicability::Safe;
    fix.message = "Copy `" + std::string(context.text(test->operand)) + "` to the local `" + local +
                  "` and test the local";
    fix.isolation_scope = naming_scope(context);
    fix.edits.push_back(
        insert_before(*place, local + " = " + std::string(context.text(test->operand)) + place->newline));
    fix.edits.push_back(replace_node(test->operand, local));
    for (TSNode node : reads) fix.edits.push_back(replace_node(node, local));
    return fix;
  }
};

}  // namespace

const Rule& optional_attribute_unrefined_rule() {
  static const OptionalAttributeUnrefined rule;
  return rule;
}

}  // namespace jitlint
