// JT501 super-call: `super().m(...)`, `super(Cls, self).m(...)`, `super()(...)` and `Base.m(self, ...)` in compiled
// code, which TorchScript cannot resolve.
#include <unordered_map>

#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT501",
    "super-call",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "TorchScript cannot call a base class's method through `super()` or the base class; call a method of `self` "
    "or the layer's functional form instead",
    "object has no attribute or method\n"
    "Python type cannot be used as a value\n"
    "attribute lookup is not defined on python value of type 'type'",
    R"doc(## What it does
Finds calls of a base class's implementation in code that `torch.jit.script` compiles: `super().forward(x)`,
`super().helper(x)`, `super(Cls, self).forward(x)`, any other attribute read through `super()`, and
`Base.forward(self, x)` with `Base` one of the class's bases.

## Why TorchScript rejects it
TorchScript compiles the methods of the module's own class type; it has no notion of a base class's method.
`super` is not a builtin it knows: `super()` becomes an opaque Python call typed `Tensor`, so looking up
`.forward` on it fails. `super(Cls, self)` fails earlier, on `Cls` (a Python class is not a value), and
`Base.forward` fails because attribute lookup on a Python class is not supported. Calling `super().__init__()` in
`__init__` is fine: `__init__` is never compiled.

## The errors torch 2.13.0 prints
```
RuntimeError: 'Tensor' object has no attribute or method 'forward'.:
RuntimeError: Python type cannot be used as a value:
RuntimeError: attribute lookup is not defined on python value of type 'type':
```

## Example
```python
class FP32LayerNorm(nn.LayerNorm):
    def forward(self, x: Tensor) -> Tensor:
        return super().forward(x.float()).type_as(x)
```

## Use instead
```python
class FP32LayerNorm(nn.LayerNorm):
    def forward(self, x: Tensor) -> Tensor:
        return F.layer_norm(x.float(), self.normalized_shape, self.weight, self.bias, self.eps).type_as(x)
```
For a base class of your own, move the shared code into a method with its own name on the base
(`def _base_forward(self, x)`) and call `self._base_forward(x)` from both classes: methods inherited under their
own name compile.

## Fix safety
`super().forward(x)` (or `super(Cls, self).forward(x)`) in a class whose only base is one of these torch layers
becomes the body of that layer's `forward` in torch 2.13.0, with the instance's own parameters:
`nn.Linear` → `F.linear(x, self.weight, self.bias)`; `nn.LayerNorm` →
`F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)`; `nn.RMSNorm` →
`F.rms_norm(x, self.normalized_shape, self.weight, self.eps)`; `nn.GroupNorm` →
`F.group_norm(x, self.num_groups, self.weight, self.bias, self.eps)`; `nn.Embedding` →
`F.embedding(x, self.weight, self.padding_idx, self.max_norm, self.norm_type, self.scale_grad_by_freq, self.sparse)`;
`nn.Dropout` → `F.dropout(x, self.p, self.training, self.inplace)`; `nn.Conv1d` / `nn.Conv2d` / `nn.Conv3d` →
`self._conv_forward(x, self.weight, self.bias)`. This is exactly what the base's `forward` does (the same
attribute reads, the same call), so the fix is **safe**. It uses the file's alias of `torch.nn.functional`, or adds
`import torch.nn.functional as F` when `F` is free. Other bases, other methods and other arguments have no fix.

## Known limitations
`s = super()` followed by `s.forward(x)` is not reported. `Base.forward(self, x)` is reported only when `Base` is
written as in the class's bases.
)doc"};

// The functional body of a torch layer's `forward` (torch 2.13.0), with `{x}` the input, `{s}` self and `{F}` the
// spelling of torch.nn.functional.
struct LayerForward {
  const char* layer;
  const char* body;
  bool functional;  // needs `F`
};
constexpr LayerForward kLayerForwards[] = {
    {"torch.nn.Linear", "{F}.linear({x}, {s}.weight, {s}.bias)", true},
    {"torch.nn.LayerNorm", "{F}.layer_norm({x}, {s}.normalized_shape, {s}.weight, {s}.bias, {s}.eps)", true},
    {"torch.nn.RMSNorm", "{F}.rms_norm({x}, {s}.normalized_shape, {s}.weight, {s}.eps)", true},
    {"torch.nn.GroupNorm", "{F}.group_norm({x}, {s}.num_groups, {s}.weight, {s}.bias, {s}.eps)", true},
    {"torch.nn.Embedding",
     "{F}.embedding({x}, {s}.weight, {s}.padding_idx, {s}.max_norm, {s}.norm_type, {s}.scale_grad_by_freq, "
     "{s}.sparse)",
     true},
    {"torch.nn.Dropout", "{F}.dropout({x}, {s}.p, {s}.training, {s}.inplace)", true},
    {"torch.nn.Conv1d", "{s}._conv_forward({x}, {s}.weight, {s}.bias)", false},
    {"torch.nn.Conv2d", "{s}._conv_forward({x}, {s}.weight, {s}.bias)", false},
    {"torch.nn.Conv3d", "{s}._conv_forward({x}, {s}.weight, {s}.bias)", false},
};

std::string substitute(std::string_view pattern, const std::string& x, const std::string& s, const std::string& f) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}') {
      const char key = pattern[i + 1];
      out += key == 'x' ? x : key == 's' ? s : f;
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// `super()` or `super(A, b)`: the call node, and how many arguments it has; nullopt for anything else.
std::optional<size_t> super_arguments(RuleContext& context, TSNode expr) {
  expr = strip_parens(expr);
  if (!is(expr, sym.call)) return std::nullopt;
  TSNode function = strip_parens(field(expr, fld.function));
  if (!context.model().is_builtin(function, "super")) return std::nullopt;
  if (context.function().scope.all("super")) return std::nullopt;  // a local named `super`
  return named_children(field(expr, fld.arguments)).size();
}

class SuperCall final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.attribute, sym.call}}; }

  void check(RuleContext& context, TSNode node) const override {
    const FunctionInfo& function = context.function();
    if (function.owner_class < 0) return;
    if (is(node, sym.call)) {
      check_base_method_call(context, node);
      return;
    }
    // `super().name` (called or not)
    TSNode object = field(node, fld.object);
    auto count = super_arguments(context, object);
    if (!count || (*count != 0 && *count != 2)) return;
    const std::string name(context.text(field(node, fld.attribute)));
    const TSNode parent = context.parent();
    const bool called = is(parent, sym.call) && same_node(field(parent, fld.function), node);
    std::string message = "`" + std::string(context.text(node)) + "`";
    message += called ? " calls the base class's `" + name + "`, which TorchScript does not support"
                      : " reads the base class's `" + name + "` through `super()`, which TorchScript does not support";
    std::optional<Fix> fix;
    if (called && name == "forward") fix = layer_forward_fix(context, parent, object, *count);
    if (!fix && called) message += "; call a method of `" + self_or(function) + "` with its own name instead";
    context.report(node, message, std::move(fix));
  }

 private:
  static std::string self_or(const FunctionInfo& function) {
    return function.self_name.empty() ? std::string("self") : function.self_name;
  }

  // `Base.method(self, ...)` with `Base` written as one of the class's bases.
  static void check_base_method_call(RuleContext& context, TSNode call) {
    const FunctionInfo& function = context.function();
    if (function.self_name.empty()) return;
    TSNode callee = strip_parens(field(call, fld.function));
    if (!is(callee, sym.attribute)) return;
    TSNode base = strip_parens(field(callee, fld.object));
    if (!is(base, sym.identifier) && !is(base, sym.attribute)) return;
    auto args = named_children(field(call, fld.arguments));
    if (args.empty() || !is(args[0], sym.identifier) || context.text(args[0]) != function.self_name) return;
    const ClassInfo& cls = context.model().classes()[function.owner_class];
    TSNode bases = field(cls.definition, fld.superclasses);
    bool found = false;
    for (TSNode b : NamedChildren(bases)) {
      if (!is(b, sym.keyword_argument) && context.text(b) == context.text(base)) found = true;
    }
    if (!found) return;
    // A static method of a class of this file called through the class compiles; so does a scripted class's.
    const int local = is(base, sym.identifier) ? context.model().find_class(context.text(base)) : -1;
    if (local >= 0) {
      const int method = context.model().find_method(local, context.text(field(callee, fld.attribute)));
      if (method >= 0 && context.model().functions()[method].decorators.staticmethod) return;
    }
    context.report(callee, "`" + std::string(context.text(callee)) +
                               "` calls the base class's method through the class, which TorchScript does not "
                               "support; call a method of `" + function.self_name + "` with its own name instead");
  }

  // The torch layer the class derives from directly and only, as a qualified name.
  static std::string only_torch_base(RuleContext& context, const ClassInfo& cls) {
    TSNode bases = field(cls.definition, fld.superclasses);
    std::string found;
    int count = 0;
    for (TSNode b : NamedChildren(bases)) {
      if (is(b, sym.keyword_argument)) return {};  // a metaclass changes what super() means
      ++count;
      found = canonical_name(context.model().qualified_name(b));
    }
    return count == 1 ? found : std::string();
  }

  // `super().forward(x)` in a subclass of a known torch layer -> the layer's functional body.
  static std::optional<Fix> layer_forward_fix(RuleContext& context, TSNode call, TSNode super_call, size_t count) {
    const FunctionInfo& function = context.function();
    if (function.self_name.empty() || function.decorators.staticmethod || function.decorators.classmethod) {
      return std::nullopt;
    }
    const ClassInfo& cls = context.model().classes()[function.owner_class];
    if (count == 2) {
      // `super(Cls, self)`: the same as `super()` only for this class and this method's self.
      auto args = named_children(field(strip_parens(super_call), fld.arguments));
      if (context.text(args[0]) != cls.name || context.text(args[1]) != function.self_name) return std::nullopt;
    }
    const std::string base = only_torch_base(context, cls);
    const LayerForward* layer = nullptr;
    for (const LayerForward& candidate : kLayerForwards) {
      if (base == candidate.layer) layer = &candidate;
    }
    if (!layer) return std::nullopt;
    // One input, positional or as `input=` (the parameter's name in torch 2.13.0; `x` for RMSNorm).
    auto args = named_children(field(call, fld.arguments));
    if (args.size() != 1 || has_comment(call)) return std::nullopt;
    TSNode input = args[0];
    if (is(input, sym.keyword_argument)) {
      const std::string_view key = context.text(field(input, fld.name));
      const bool rms = base == "torch.nn.RMSNorm";
      if (key != (rms ? "x" : "input")) return std::nullopt;
      input = field(input, fld.value);
    } else if (is(input, sym.list_splat) || is(input, sym.dictionary_splat)) {
      return std::nullopt;
    }
    Fix fix;
    fix.applicability = Applicability::Safe;
    std::string functional;
    if (layer->functional) {
      auto spelling = functional_spelling(context, fix);
      if (!spelling) return std::nullopt;
      functional = *spelling;
    }
    std::string x = render(context.source(), input, {});
    const std::string replacement = substitute(layer->body, x, function.self_name, functional);
    fix.message = "Call the layer's functional form: `" + substitute(layer->body, "...", function.self_name, functional) + "`";
    fix.edits.insert(fix.edits.begin(), replace_node(call, replacement));
    return fix;
  }

  // How the fixed code names torch.nn.functional: an alias the file has, or `F` with an import the fix adds.
  static std::optional<std::string> functional_spelling(RuleContext& context, Fix& fix) {
    const ImportTable& imports = context.model().imports();
    std::string best;
    for (const auto& [name, qualified] : imports.names()) {
      if (canonical_name(qualified) == "torch.nn.functional" && (best.empty() || name < best)) best = std::string(name);
    }
    if (!best.empty() && !context.function().scope.all(best)) return best;
    // Add `import torch.nn.functional as F` after the file's first top-level import of torch, when `F` is free.
    if (name_is_free(context, "F")) {
      const Source& source = context.source();
      TSNode module = ts_tree_root_node(context.function().definition.tree);
      for (TSNode statement : NamedChildren(module)) {
        if (!is(statement, sym.import_statement) && !is(statement, sym.import_from_statement)) continue;
        const std::string_view t = text(source, statement);
        if (t.find("torch") == std::string_view::npos) continue;
        const uint32_t row = source.line_of(ts_node_end_byte(statement));
        if (row + 1 >= source.line_count()) break;
        // The import must end its line (no `; x = 1` after it).
        const uint32_t next = source.line_start(row + 1);
        const std::string_view rest = source.slice(ts_node_end_byte(statement), next);
        if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) break;
        fix.edits.push_back(Edit{next, next, "import torch.nn.functional as F" + std::string(source.newline())});
        return std::string("F");
      }
    }
    for (const auto& [name, qualified] : imports.names()) {
      if (canonical_name(qualified) == "torch.nn" && !context.function().scope.all(name)) {
        return std::string(name) + ".functional";
      }
    }
    if (imports.imported_as("torch") == "torch" && !context.function().scope.all("torch")) {
      return std::string("torch.nn.functional");
    }
    return std::nullopt;
  }

  // `name` is bound nowhere: no import, class, function or top-level assignment of the file, no local.
  static bool name_is_free(RuleContext& context, std::string_view name) {
    const SemanticModel& model = context.model();
    if (model.imports().binds(name) || model.find_class(name) >= 0 || model.find_module_function(name) >= 0) {
      return false;
    }
    if (context.function().scope.all(name)) return false;
    return !mentions_word(context.source().text(), name);  // the name appears nowhere in the file
  }
};

}  // namespace

const Rule& super_call_rule() {
  static const SuperCall rule;
  return rule;
}

}  // namespace jitlint
