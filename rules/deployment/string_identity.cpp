// JT902 string-identity: `mode is "a"` in compiled code: TorchScript compares the identity of two string objects,
// which a literal never shares, so the test is False (`is not`: True) where eager Python usually says otherwise.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/type_certainty.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT902",
    "string-identity",
    "deployment",
    Phase::Semantic,
    FixAvailability::Always,
    "`is` on strings compares object identity; in TorchScript it is False for equal strings: use `==`",
    "Tensor-likes are not close!",
    R"doc(## What it does
Finds `is` / `is not` comparisons in compiled code whose two operands are certainly strings: a string literal, a
parameter or local typed `str`, an attribute of the module that is only ever assigned string literals
(`mode is "bilinear"`, `self.norm is not "none"`, `a is b`). Against a literal, an `Optional[str]` operand counts
too.

## Why TorchScript rejects it
It does not reject it: it compiles `is` on two strings to an identity test of two string objects, and a string
literal in compiled code is a fresh object, so `mode is "a"` is always False and `mode is not "a"` always True,
whatever `mode` holds (two variables are identical only when one was assigned from the other). Eager CPython interns short literal strings, so the same code usually takes the other branch
in Python: the scripted model silently computes something else than the eager one. (Python itself warns
`SyntaxWarning: "is" with a literal. Did you mean "=="?`.)

## The error torch 2.13.0 prints
Nothing: the model scripts, saves and loads. Comparing the scripted model's output with eager's
(`torch.testing.assert_close`, as `jitlint verify` does) fails:
```
AssertionError: Tensor-likes are not close!
```

## Example
```python
def forward(self, x: Tensor, mode: str) -> Tensor:
    if mode is "double":
        return x * 2
    return x
```

## Use instead
```python
def forward(self, x: Tensor, mode: str) -> Tensor:
    if mode == "double":
        return x * 2
    return x
```

## Fix safety
The fix replaces `is` with `==` (`is not` with `!=`). It is **unsafe**: it changes what both eager Python and
TorchScript compute when the strings are equal but not the same object, which is almost always what the code meant.

## Known limitations
Only operands whose type is certain are considered; `Optional[str]` values and strings returned by calls of other
modules are not reported.
)doc"};

class StringIdentity final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.comparison_operator}}; }

  void check(RuleContext& context, TSNode node) const override {
    // Operands and operators alternate: `a is b is not c`.
    TSNode previous{};
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      if (ts_node_is_named(child)) {
        if (!is(child, sym.comment)) previous = child;
        continue;
      }
      const TSSymbol op = ts_node_symbol(child);
      if (op != sym.kw_is && op != sym.kw_is_not) continue;
      TSNode next{};
      for (uint32_t j = i + 1; j < count; ++j) {
        TSNode candidate = ts_node_child(node, j);
        if (ts_node_is_named(candidate) && !is(candidate, sym.comment)) {
          next = candidate;
          break;
        }
      }
      if (ts_node_is_null(previous) || ts_node_is_null(next)) continue;
      const bool literal = is_plain_string(context.source(), strip_parens(previous)) ||
                           is_plain_string(context.source(), strip_parens(next));
      if (!is_string(context, previous, literal) || !is_string(context, next, literal)) continue;
      const bool negated = op == sym.kw_is_not;
      Fix fix;
      fix.applicability = Applicability::Unsafe;
      fix.message = negated ? "Compare with `!=`" : "Compare with `==`";
      fix.edits.push_back(replace_node(child, negated ? "!=" : "=="));
      context.report_range(ts_node_start_byte(previous), ts_node_end_byte(next),
                           std::string("`") + (negated ? "is not" : "is") +
                               "` between strings compares object identity, which TorchScript does not keep: the "
                               "compiled test is " + (negated ? "True" : "False") +
                               (literal ? " whatever the value" : " unless both are the same object") + "; use `" +
                               (negated ? "!=" : "==") + "`",
                           std::move(fix));
    }
  }

 private:
  // `operand` is certainly a str (with `optional`: a str or None, as `m: Optional[str]` against a literal).
  static bool is_string(RuleContext& context, TSNode operand, bool optional) {
    operand = strip_parens(operand);
    if (is_plain_string(context.source(), operand)) return true;
    if (const AttrFact* fact = context.model().self_attribute_fact(context.function(), operand)) {
      return fact->kind() == AttrKind::Str;
    }
    if (reads_rebound_local(context.source(), context.function(), operand)) return false;
    const auto type = ExprTypes(context.model(), context.function()).of(operand);
    if (!type || !type->certain) return false;
    if (type->type.is(Type::Kind::Str)) return true;
    return optional && type->type.is(Type::Kind::Optional) && type->type.args[0].is(Type::Kind::Str);
  }
};

}  // namespace

const Rule& string_identity_rule() {
  static const StringIdentity rule;
  return rule;
}

}  // namespace jitlint
