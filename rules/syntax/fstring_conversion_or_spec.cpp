// JT123 fstring-conversion-or-spec: `{x!r}`, `{x=}`, `{x:.2f}` in an f-string in compiled code.
#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT123",
    "fstring-conversion-or-spec",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "TorchScript f-strings take only plain `{expr}` fields: no `!r`/`!s`/`!a`, no `=`, no format spec",
    "Don't support conversion in JoinedStr\n"
    "Don't support formatting in JoinedStr",
    R"doc(## What it does
Finds f-string replacement fields with a conversion (`{x!r}`, `{x!s}`, `{x!a}`), a self-documenting `=`
(`{x=}`) or a format spec (`{x:.2f}`, `{x:>{width}}`) in code that `torch.jit.script` compiles.

## Why TorchScript rejects it
TorchScript compiles an f-string into `"...{}...".format(args)` and has nowhere to put a conversion or a format
spec: its frontend (`torch/jit/frontend.py`, `build_JoinedStr`) raises `NotSupportedError` for either, also in
statically dead branches. `{x=}` is a conversion to Python's parser (`!r`, or the spec when one follows).

## The errors torch 2.13.0 prints
```
torch.jit.frontend.NotSupportedError: Don't support conversion in JoinedStr:
torch.jit.frontend.NotSupportedError: Don't support formatting in JoinedStr:
```

## Example
```python
def describe(self, loss: float, step: int, name: str) -> str:
    return f"{name!r} step {step!s}: loss={loss:.3f}"
```

## Use instead
```python
def describe(self, loss: float, step: int, name: str) -> str:
    return "'" + name + "' step " + f"{step}" + ": loss=" + str(round(loss * 1000.0) / 1000.0)
```
Plain fields (`f"step {step}"`) script. TorchScript's `str.format` has no format specs either (it ignores them,
see the catalogue entry str-format-unsupported): round numbers with arithmetic, pad with string operations. Note
that TorchScript prints floats with more digits than Python (`0.1` as `0.10000000000000001`).

## Fix safety
Dropping `!s` (and `!r` / `!a`, which give the same text for an int) is **safe** when the value is known to be an
`int`, or a `str` for `!s`: the text is the same. For a `float` it is **unsafe**: Python gives the same text, but
TorchScript formats floats with more digits than Python does, so the compiled output differs from eager. Fields
with `=` or a format spec, and values of unknown type, have no automatic fix.
)doc"};

class FstringConversionOrSpec final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.interpolation}}; }
  void check(RuleContext& context, TSNode node) const override {
    static const TSSymbol kConversion = named_kind_id("type_conversion");
    static const TSSymbol kSpec = named_kind_id("format_specifier");
    TSNode conversion{}, spec{}, equals{}, expression{};
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      const TSSymbol kind = ts_node_symbol(child);
      if (kind == kConversion) conversion = child;
      else if (kind == kSpec) spec = child;
      else if (!ts_node_is_named(child) && std::string_view(ts_node_type(child)) == "=") equals = child;
      else if (ts_node_is_named(child) && ts_node_is_null(expression) && kind != sym.comment) expression = child;
    }
    if (ts_node_is_null(conversion) && ts_node_is_null(spec) && ts_node_is_null(equals)) return;
    if (!ts_node_is_null(conversion)) {
      const std::string_view conv = context.text(conversion);  // `!r`
      context.report(node, "The f-string conversion `" + std::string(conv) + "` is not supported by TorchScript",
                     drop_conversion(context, conv, conversion, expression, spec, equals));
    } else if (!ts_node_is_null(equals)) {
      context.report(node, "The self-documenting f-string field `{...=}` is not supported by TorchScript");
    } else {
      context.report(node, "The f-string format spec `" + std::string(context.text(spec)) +
                               "` is not supported by TorchScript");
    }
  }

 private:
  static std::optional<Fix> drop_conversion(RuleContext& context, std::string_view conv, TSNode conversion,
                                            TSNode expression, TSNode spec, TSNode equals) {
    if (!ts_node_is_null(spec) || !ts_node_is_null(equals) || ts_node_is_null(expression)) return std::nullopt;
    const auto type = ExprTypes(context.model(), context.function()).of(expression);
    if (!type || !type->certain) return std::nullopt;
    const bool is_int = type->type.is(Type::Kind::Int);
    const bool is_str = type->type.is(Type::Kind::Str);
    const bool is_float = type->type.is(Type::Kind::Float);
    const bool as_str = conv == "!s";
    if (!(is_int || (as_str && (is_str || is_float)))) return std::nullopt;  // repr(str) adds quotes
    Fix fix;
    fix.applicability = is_float ? Applicability::Unsafe : Applicability::Safe;
    fix.message = "Remove the `" + std::string(conv) + "` conversion";
    fix.edits.push_back(replace_node(conversion, ""));
    return fix;
  }
};

}  // namespace

const Rule& fstring_conversion_or_spec_rule() {
  static const FstringConversionOrSpec rule;
  return rule;
}

}  // namespace jitlint
