// JT407 module-truth-value: a module attribute that holds a submodule (or None) on every path of `__init__`, used
// as a truth value in compiled code (`if self.norm:`, `self.norm and x`, `not self.proj`).
#include "core/class_attributes.h"
#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT407",
    "module-truth-value",
    "attributes",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Test `self.norm is not None` (or keep a bool attribute set in `__init__`) instead of the module itself",
    "Could not cast value of type",
    R"doc(## What it does
Finds a module attribute used as a truth value in compiled code (the test of an `if` or `elif`, the test of a
conditional expression, an operand of `and` / `or` / `not` within such a test) when every assignment of it outside
compiled code is a submodule (`nn.LayerNorm(d)`, a module class of this file, `nn.ModuleList(...)`) or `None`:
`if self.norm:` for `self.norm = nn.LayerNorm(d) if use_norm else None`.

## Why TorchScript rejects it
TorchScript converts a condition to `bool` only from a `bool`, a number, a `Tensor` or a refined `Optional` of
those. A submodule's type is its class (`__torch__.torch.nn.modules.normalization.LayerNorm`), and an attribute that
is `None` on the instance is `NoneType`: neither converts, and compilation stops at the test. Python's truthiness
(`object.__bool__`, or `__len__` for containers) does not exist there.

## The error torch 2.13.0 prints
```
RuntimeError: Could not cast value of type __torch__.torch.nn.modules.normalization.LayerNorm (of Python compilation unit at: 0x...) to bool:
RuntimeError: Could not cast value of type NoneType to bool:
```

## Example
```python
class Block(nn.Module):
    def __init__(self, dim: int, use_norm: bool):
        super().__init__()
        self.norm = nn.LayerNorm(dim) if use_norm else None

    def forward(self, x: Tensor) -> Tensor:
        if self.norm:
            x = self.norm(x)
        return x
```

## Use instead
```python
    def forward(self, x: Tensor) -> Tensor:
        if self.norm is not None:
            x = self.norm(x)
        return x
```
TorchScript decides `self.norm is not None` from the instance, so the branch a `None` module cannot take is not
compiled at all.

## Fix safety
The fix writes `self.norm is not None` where the attribute is a module without `__len__` or `__bool__` (a
`torch.nn` layer other than the containers, or a module class of this file whose bases are all known and define
neither) or `None`: Python's truthiness of such an object is exactly `is not None`, so it is **safe**. A container
(`nn.ModuleList`, `nn.Sequential`, `nn.ModuleDict`) is true when it is not empty; with no `None` on any path the fix
writes `len(self.layers) > 0`, also exact and **safe**. A container that may be `None`, or a class whose truthiness
is not known, gets no fix.

## Known limitations
A `while` test, or `and` / `or` / `not` outside a test (`y = self.norm or x`), is not looked at. Only classes whose
bases are all known are checked (of this file, `nn.Module` itself, or a module class of another file whose bases the
project index all resolves, deriving from `nn.Module` itself and without `__getattr__`; an attribute such a base binds
(assigns, defines as a method or property, or declares in its class body) is left alone), and only attributes every
assignment of which outside compiled code is a module construction or `None` (a value passed in, `norm_layer(d)`, is
not followed). An attribute annotated in the class body is left alone.
)doc"};

constexpr uint32_t bit(AttrKind kind) { return static_cast<uint32_t>(kind); }
constexpr uint32_t kContainers = bit(AttrKind::ModuleList) | bit(AttrKind::Sequential) | bit(AttrKind::ModuleDict);
constexpr uint32_t kModuleOrNone = bit(AttrKind::Module) | kContainers | bit(AttrKind::None);

// The `self.<attr>` reads of `condition` that Python takes the truth value of: the condition itself, and the
// operands of `and` / `or` / `not` within it (parentheses aside).
void truth_reads(const Source& source, std::string_view self_name, TSNode condition, std::vector<TSNode>& out) {
  condition = strip_parens(condition);
  if (is(condition, sym.boolean_operator)) {
    truth_reads(source, self_name, field(condition, fld.left), out);
    truth_reads(source, self_name, field(condition, fld.right), out);
  } else if (is(condition, sym.not_operator)) {
    truth_reads(source, self_name, field(condition, fld.argument), out);
  } else if (!self_attribute(source, condition, self_name).empty()) {
    out.push_back(condition);
  }
}

// A module whose Python truthiness is `is not None`: no `__len__` / `__bool__` anywhere it could come from.
bool plain_truthiness(const SemanticModel& model, const AttrFact& fact) {
  if (fact.local_class >= 0) {
    if (!bases_all_known(model, fact.local_class)) return false;
    for (int index : model.classes()[fact.local_class].mro) {
      const ClassInfo& info = model.classes()[index];
      if (!info.torch_base.empty() && info.torch_base != "torch.nn.Module") return false;
      if (info.methods.count("__len__") || info.methods.count("__bool__")) return false;
    }
    for (const char* truthiness : {"__len__", "__bool__"}) {
      if (remote_base_binds(model, fact.local_class, truthiness)) return false;
    }
    return true;
  }
  const std::string_view name = fact.module_class;
  return name.substr(0, 9) == "torch.nn." && name.find('.', 9) == std::string_view::npos;
}

class ModuleTruthValue final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const SemanticModel& model = context.model();
    if (function.conditions.empty()) return;
    const int class_index = known_module_method_class(model, function);
    if (class_index < 0) return;
    // The tests of `if` / `elif` and of conditional expressions the model recorded (a `while` test is not among
    // them: rare enough to leave).
    std::vector<TSNode> reads;
    for (const ConditionSite& site : function.conditions) {
      if (model.is_dead(function, site.node)) continue;
      if (is(site.node, sym.conditional_expression)) {
        truth_reads(model.source(), function.self_name, conditional_parts(site.node).condition, reads);
      } else if (is(site.node, sym.if_statement)) {
        truth_reads(model.source(), function.self_name, field(site.node, fld.condition), reads);
        for (TSNode clause : NamedChildren(site.node)) {
          if (is(clause, sym.elif_clause)) truth_reads(model.source(), function.self_name, field(clause, fld.condition), reads);
        }
      }
    }
    for (TSNode read : reads) {
      const std::string_view name = self_attribute(model.source(), read, function.self_name);
      const AttrFact* fact = model.attribute(class_index, name);
      if (!fact || fact->is_final || (fact->kinds & ~kModuleOrNone) != 0 || (fact->kinds & kModuleOrNone) == 0) {
        continue;
      }
      if (!ts_node_is_null(class_body_annotation(model, class_index, name)) ||
          !ts_node_is_null(class_body_assignment(model, class_index, name)) ||
          remote_base_binds(model, class_index, name)) {
        continue;
      }
      // What the instance holds is what eager code assigned: every such assignment must be seen.
      if (eager_sites(model, class_index, *fact).empty()) continue;
      const bool may_be_none = (fact->kinds & bit(AttrKind::None)) != 0;
      const bool container = (fact->kinds & kContainers) != 0;
      const bool module = (fact->kinds & ~bit(AttrKind::None)) != 0;
      const std::string attr(context.text(read));
      std::string what = !module ? "is only ever None" : may_be_none ? "holds a module or None" : "holds a module";
      if (module && !fact->module_class.empty()) what += " (`" + fact->module_class + "`)";
      std::optional<Fix> fix;
      if (!container && (!module || plain_truthiness(model, *fact))) {
        fix = Fix{Applicability::Safe, "Test `" + attr + " is not None`", {insert_after(read, " is not None")}, {}, {}};
      } else if (container && !may_be_none && (fact->kinds & bit(AttrKind::Module)) == 0) {
        fix = Fix{Applicability::Safe, "Test `len(" + attr + ") > 0`", {replace_node(read, "len(" + attr + ") > 0")},
                  {}, {}};
      }
      context.report(read, "`" + attr + "` " + what + ", which TorchScript cannot use as a truth value", std::move(fix));
    }
  }
};

}  // namespace

const Rule& module_truth_value_rule() {
  static const ModuleTruthValue rule;
  return rule;
}

}  // namespace jitlint
