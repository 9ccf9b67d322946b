// JT602 optional-bool-as-bool: an `Optional[bool]` local or parameter used as a truth value without a `None` check.
#include <utility>

#include "core/class_attributes.h"
#include "core/expr_types.h"
#include "core/optional_locals.h"
#include "core/refinement.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT602",
    "optional-bool-as-bool",
    "flow",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Test `flag is not None and flag` instead of `flag`",
    "Could not cast value of type Optional[bool] to bool\n"
    "Expected a value of type 'bool' for argument",
    R"doc(## What it does
Finds parameters and locals declared `Optional[bool]` (also `Union[bool, None]`, `bool | None`) used as a truth
value without a `None` check TorchScript can see: `if flag:`, `elif flag:`, `while flag:`, `assert flag`,
`not flag`, `flag and ...`, `... or flag`, `a if flag else b`; and passed to a submodule whose `forward` (its class
of this file) annotates that parameter `bool`: the ViT family's `self.embeddings(pixel_values,
interpolate_pos_encoding=interpolate_pos_encoding)` with `interpolate_pos_encoding: bool | None` in the caller and
`interpolate_pos_encoding: bool = False` in the embeddings. (A method or function of the file taking `bool` is
JT601's, which compares the declared types of any argument.)

## Why TorchScript rejects it
Python treats `None` as false; TorchScript converts only a `bool` (and numbers and tensors) to a truth value, and an
`Optional[bool]` is none of them until a check (`flag is not None`, `isinstance`, an early exit, `assert`)
refines it to `bool`.

## The error torch 2.13.0 prints
```
RuntimeError: Could not cast value of type Optional[bool] to bool:
RuntimeError: forward(__torch__.Embeddings self, Tensor x, bool interpolate_pos_encoding=False) -> Tensor:
Expected a value of type 'bool' for argument 'interpolate_pos_encoding' but instead found type 'Optional[bool]'.
```

## Example
```python
def forward(self, x: Tensor, return_dict: Optional[bool] = None) -> Tensor:
    if return_dict:
        x = x * 2
    return x
```

## Use instead
```python
def forward(self, x: Tensor, return_dict: Optional[bool] = None) -> Tensor:
    if return_dict is not None and return_dict:
        x = x * 2
    return x
```

## Fix safety
A value passed to a submodule gets no fix: what `None` should become for it is the caller's decision (`if
interpolate_pos_encoding is None: interpolate_pos_encoding = False` above the call, as eager's default would
have it). Where the value is only tested (the condition of `if`, `elif`, `while`, `assert` or a conditional expression, the
operand of `not`, or an `and`/`or` operand whose result is itself only tested), the fix writes
`flag is not None and flag` and is **safe**: `None` tests false in Python exactly as `flag is not None and flag`
does. Where the value of `flag and ...` / `flag or ...` is used as a value (returned, assigned) there is no fix:
Python returns `None` itself there, TorchScript a bool.

## Known limitations
Locals and parameters bound once are checked, and parameters read before the body binds them again (BART's `if
use_cache:` above `use_cache = False`, as JT601 does). A read below a test the model does not follow
(`torch.jit.isinstance`, a helper function) is not reported. `Optional[int]`, `Optional[Tensor]` and other Optional
values used as truth values are JT601's.
)doc"};

// The truth position only tests the value: the chain of `not` / `and` / `or` / parentheses above the read ends at
// the condition of `if` / `elif` / `while` / `assert` / a conditional expression, or at a `not`.
bool only_tested(const NodePath& path) {
  size_t up = 1;
  for (;;) {
    const TSNode parent = path.ancestor(up);
    const TSNode child = path.ancestor(up - 1);
    const TSFieldId child_field = path.field_of(up - 1);
    if (ts_node_is_null(parent)) return false;
    const TSSymbol kind = ts_node_symbol(parent);
    if (kind == sym.parenthesized_expression || kind == sym.boolean_operator) {
      ++up;
      continue;
    }
    if (kind == sym.not_operator) return true;
    if ((kind == sym.if_statement || kind == sym.elif_clause || kind == sym.while_statement) &&
        child_field == fld.condition) {
      return true;
    }
    if (kind == sym.assert_statement) return same_node(ts_node_named_child(parent, 0), child);
    if (kind == sym.conditional_expression) {
      const ConditionalParts parts = conditional_parts(parent);
      return parts.whole() && same_node(parts.condition, child);
    }
    return false;
  }
}

// `self.patch_embeddings(x, interpolate_pos_encoding)`: the argument's parameter of a submodule's `forward` (its
// class of this file) is annotated `bool`. The parameter's name and the callee as written, or nullopt.
std::optional<std::pair<std::string, std::string>> bool_parameter_argument(const RuleContext& context,
                                                                          const ArgumentSite& site) {
  const SemanticModel& model = context.model();
  const auto bound = callee_parameter(model, context.function(), site.call, site.arguments, site.argument);
  // A method's or function's parameter is JT601's (it compares the declared types); a submodule's is not.
  if (!bound || !bound->submodule_forward || ts_node_is_null(bound->parameter->annotation)) return std::nullopt;
  const auto declared = ExprTypes(model, *bound->target).annotation(bound->parameter->annotation);
  if (!declared || !declared->is(Type::Kind::Bool)) return std::nullopt;
  return std::make_pair(std::string(bound->parameter->name),
                        std::string(context.text(field(site.call, fld.function))));
}

class OptionalBoolAsBool final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.identifier}}; }
  void check(RuleContext& context, TSNode node) const override {
    const NodePath& path = context.path();
    const bool truth = in_truth_position(path);
    const auto site = truth ? std::nullopt : argument_site(path);
    if (!truth && !site) return;
    const std::string_view name = context.text(node);
    auto local = optional_local(context.model(), context.function(), name);
    // Read before the body binds it again (BART's `if use_cache:` above `use_cache = False`): still as declared.
    if (!local) local = optional_before_rebinding(context.model(), context.function(), name, node);
    if (!local || !local->type || !local->type->is(Type::Kind::Bool)) return;
    if (same_node(node, local->declaration)) return;
    // The callee is resolved only for the reads of an `Optional[bool]`.
    const auto argument = truth ? std::nullopt : bool_parameter_argument(context, *site);
    if (!truth && !argument) return;
    if (optional_refinement(context.model(), context.function(), path, *local) != Refinement::NotRefined) return;
    if (refinement_unclear(context.model(), path, name, &context.function())) return;
    std::optional<Fix> fix;
    const std::string declared = std::string(context.text(local->annotation));
    if (argument) {
      // No fix: what `None` should become for the callee is the caller's decision.
      Diagnostic& diagnostic = context.report(
          node, "`" + std::string(name) + "` is `" + declared + "` and is passed as the argument `" + argument->first +
                    "` of `" + argument->second + "`, which takes `bool`, without a `None` check");
      diagnostic.related.push_back(Related{ts_node_start_byte(local->declaration),
                                           ts_node_end_byte(local->declaration),
                                           "`" + std::string(name) + "` is declared `" + declared + "` here"});
      return;
    }
    if (only_tested(path)) {
      // The read alone as a whole `if` / `elif` / `while` / `assert` condition needs no parentheses.
      const TSNode parent = context.parent();
      const bool whole_condition =
          ((is(parent, sym.if_statement) || is(parent, sym.elif_clause) || is(parent, sym.while_statement)) &&
           path.field() == fld.condition) ||
          (is(parent, sym.assert_statement) && same_node(ts_node_named_child(parent, 0), node));
      const std::string n(name);
      const std::string test = n + " is not None and " + n;
      fix = Fix{Applicability::Safe, "Test `" + test + "`",
                {Edit{ts_node_start_byte(node), ts_node_end_byte(node), whole_condition ? test : "(" + test + ")"}},
                {}, {}};
    }
    Diagnostic& diagnostic = context.report(
        node, "`" + std::string(name) + "` is `" + declared +
                  "` and is used as a truth value without a `None` check; TorchScript cannot convert `Optional[bool]` "
                  "to bool",
        std::move(fix));
    diagnostic.related.push_back(Related{ts_node_start_byte(local->declaration), ts_node_end_byte(local->declaration),
                                         "`" + std::string(name) + "` is declared `" + declared + "` here"});
  }
};

}  // namespace

const Rule& optional_bool_as_bool_rule() {
  static const OptionalBoolAsBool rule;
  return rule;
}

}  // namespace jitlint
