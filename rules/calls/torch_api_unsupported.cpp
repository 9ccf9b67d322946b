// JT506 torch-api-unsupported: torch functions, Tensor methods and attributes that TorchScript cannot compile.
#include <array>

#include "core/edits.h"
#include "core/expr_types.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT506",
    "torch-api-unsupported",
    "calls",
    Phase::Semantic,
    FixAvailability::Sometimes,
    "Part of the torch Python API has no TorchScript equivalent; use the supported form or keep it out of compiled "
    "code",
    "Unknown builtin op\n"
    "object has no attribute or method\n"
    "Expected type hint for result of tolist()\n"
    "With item expression must return an object\n"
    "Tried to set an attribute\n"
    "attribute lookup is not defined on python value of type 'module'",
    R"doc(## What it does
Finds uses of the torch Python API that TorchScript cannot compile, in compiled code:

- torch functions with no TorchScript operator: `torch.finfo`, `torch.iinfo`, `torch.Tensor(...)` (the legacy
  constructor), `torch.from_numpy`, `torch.is_tensor`, `torch.is_storage`, `torch.typename`,
  `torch.get_default_dtype`, `torch.set_default_dtype`, `torch.set_printoptions`,
  `torch.use_deterministic_algorithms`, `torch.are_deterministic_algorithms_enabled`,
  `torch.get_autocast_gpu_dtype`, `torch.enable_grad()`, `torch.inference_mode()` and the `torch.cuda` queries
  `is_available`, `device_count`, `current_device`, `synchronize`;
- `with torch.set_grad_enabled(...):` (a plain call compiles; as a context manager it does not);
- Tensor methods and attributes TorchScript does not have, on a value that is certainly a Tensor: `x.numpy()`,
  `x.new(...)`, `x.new_tensor(...)`, `x.bool()`, `x.bfloat16()`, `x.unique()`, `x.nelement()`, `x.ndimension()`,
  `x.data_ptr()`, `x.storage()`, `x.untyped_storage()`, `x.register_hook(...)`, `x.share_memory_()`,
  `x.is_shared()`, `x.apply_(...)`, `x.map_(...)`, `x.grad_fn`, `x.as_subclass(...)`... A parameter left
  unannotated with a `None` default (`attention_mask=None`, which TorchScript types `Tensor`), or typed
  `Optional[Tensor]`, counts as a Tensor here: the method fails once the Optional is refined too;
- attributes of a dtype (`x.dtype.is_floating_point`, `is_complex`, `is_signed`, `itemsize`): a dtype is an `int`
  in TorchScript;
- `x.tolist()` without a type hint: only `y: List[float] = x.tolist()` and `return x.tolist()` in a function with
  a return annotation compile;
- setting an attribute of a Tensor (`x.requires_grad = False`, `x.data = y`).

Names are resolved through the imports; Tensor methods are reported only when the receiver is certainly a Tensor
(an annotated or unannotated parameter, a torch call, arithmetic on tensors...). `tolist()` is the exception:
nothing else in TorchScript has it, so any receiver counts but one known to be of another type and a module
attribute not known to hold a Tensor (a class with a `tolist` method of its own).

## Why TorchScript rejects it
TorchScript compiles torch functions to operators of its own registry and Tensor methods to the methods of its
`Tensor` type. The functions above have no operator (`finfo` builds a Python object, `from_numpy` needs numpy),
the methods above are defined in Python only (`torch/_tensor.py`) or not bound for TorchScript, a dtype is a plain
`int`, `tolist()` needs the element type and nesting depth, which only an annotation gives, and a TorchScript
Tensor has no settable Python attributes.

## The errors torch 2.13.0 prints
```
RuntimeError: Unknown builtin op: aten::finfo.
RuntimeError: 'Tensor' object has no attribute or method 'numpy'.:
RuntimeError: 'int' object has no attribute or method 'is_floating_point'.:
RuntimeError: Expected type hint for result of tolist():
RuntimeError: With item expression must return an object:
RuntimeError: Tried to set an attribute: requires_grad on a non-class: Tensor:
RuntimeError: attribute lookup is not defined on python value of type 'module':
```
(the last one for `torch.cuda.is_available()`, inside `torch/cuda/__init__.py`).

## Example
```python
def forward(self, x: Tensor) -> Tensor:
    eps = torch.finfo(x.dtype).eps
    mask = (x > 0).bool()
    sizes = x.sum(0).tolist()
    return x.new_tensor(sizes) + eps * mask
```

## Use instead
```python
def forward(self, x: Tensor) -> Tensor:
    eps = 1.1920928955078125e-07  # torch.finfo(torch.float32).eps, or a table per dtype
    mask = (x > 0).to(torch.bool)
    sizes: List[float] = x.sum(0).tolist()
    return torch.tensor(sizes, dtype=x.dtype, device=x.device) + eps * mask
```
`x.new_empty(size)` / `x.new_zeros(size)` replace `x.new(*size)`; `x.to(torch.bfloat16)` replaces `x.bfloat16()`;
`torch.unique(x)` replaces `x.unique()`; `x.numel()` / `x.dim()` replace `x.nelement()` / `x.ndimension()`;
`x.is_floating_point()` replaces `x.dtype.is_floating_point`; `with torch.no_grad():` compiles; `x.detach()`
replaces `x.data = ...` / `x.requires_grad = False` (or do it outside compiled code).

## Fix safety
Safe, and only for four methods called without arguments, each the same operation under the name TorchScript
has: `x.bool()` becomes `x.to(torch.bool)`, `x.bfloat16()` becomes `x.to(torch.bfloat16)` (both only where
`torch` is the imported module), `x.nelement()` becomes `x.numel()` and `x.ndimension()` becomes `x.dim()`. The
rest is display-only: `x.new(...)` means different things for sizes and for data, `x.unique(...)` and
`x.new_tensor(...)` need their arguments rewritten, and the functions above have no equivalent at all.

## Known limitations
A Tensor method on a value whose type the engine cannot tell (an attribute, the result of a call of unknown
type) is not reported. `torch.Size(...)`, `x.requires_grad_()`, `x.data`, `@torch.no_grad()` on a method,
`x.new_zeros(...)` and annotated `tolist()` compile on torch 2.13.0 and are not reported.
)doc"};

// torch functions with no TorchScript operator on torch 2.13.0 (measured).
constexpr std::array<std::string_view, 19> kFunctions{
    "torch.finfo", "torch.iinfo", "torch.Tensor", "torch.from_numpy", "torch.is_tensor", "torch.is_storage",
    "torch.typename", "torch.get_default_dtype", "torch.set_default_dtype", "torch.set_printoptions",
    "torch.use_deterministic_algorithms", "torch.are_deterministic_algorithms_enabled",
    "torch.get_autocast_gpu_dtype", "torch.enable_grad", "torch.inference_mode", "torch.cuda.is_available",
    "torch.cuda.device_count", "torch.cuda.current_device", "torch.cuda.synchronize"};

// Public Tensor methods and attributes TorchScript's Tensor type does not have on torch 2.13.0 (measured over
// dir(torch.Tensor): "'Tensor' object has no attribute or method ...").
constexpr std::array<std::string_view, 36> kTensorMembers{
    "__array__", "apply_", "as_subclass", "bfloat16", "bool", "const_data_ptr", "data_ptr", "dim_order",
    "grad_fn", "ipu", "is_shared", "lu", "map2_", "map_", "module_load", "mtia", "ndimension", "nelement",
    "new", "new_tensor", "numpy", "register_hook", "register_post_accumulate_grad_hook", "reinforce",
    "share_memory_", "storage", "storage_type", "to_sparse_coo", "unique", "untyped_storage", "volatile", "xpu",
    "eig", "lstsq", "solve", "symeig"};

// Attributes of torch.dtype; a dtype is an int in TorchScript.
constexpr std::array<std::string_view, 6> kDtypeMembers{"is_floating_point", "is_complex", "is_signed",
                                                        "itemsize", "to_real", "to_complex"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

class TorchApiUnsupported final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return {{sym.call, sym.attribute, sym.assignment}}; }

  void check(RuleContext& context, TSNode node) const override {
    if (is(node, sym.call)) check_call(context, node);
    else if (is(node, sym.attribute)) check_attribute(context, node);
    else check_assignment(context, node);
  }

 private:
  static bool certainly_tensor(RuleContext& context, TSNode expr) {
    ExprTypes types(context.model(), context.function());
    types.none_default_parameters_as_tensor();  // `mask=None` then `mask.bool()`: fails with `Optional[Tensor]` too
    const auto type = types.of(strip_parens(expr));
    return type && type->certain && type->type.is(Type::Kind::Tensor);
  }

  static void check_call(RuleContext& context, TSNode call) {
    const TSNode function = strip_parens(field(call, fld.function));
    if (is(function, sym.attribute) && context.text(field(function, fld.attribute)) == "tolist") {
      check_tolist(context, call, function);
      return;
    }
    if (!context.head_unbound_locally(function)) return;
    const Callee callee = context.model().resolve_call(context.function(), call);
    if (callee.kind != Callee::Kind::Qualified) return;
    const std::string shown(context.text(function));
    if (listed(kFunctions, callee.qualified)) {
      context.report(function, "`" + shown + "` is not supported by TorchScript, which has no operator for it");
      return;
    }
    if (callee.qualified == "torch.set_grad_enabled" && std::string_view(ts_node_type(context.parent())) == "with_item") {
      context.report(call, "`with " + shown +
                               "(...)` is not supported by TorchScript; use `with torch.no_grad():` or call it as "
                               "a plain statement");
    }
  }

  // `x.tolist()` compiles only with a type hint: the value of an annotated assignment, or the value returned by a
  // function with a return annotation.
  static void check_tolist(RuleContext& context, TSNode call, TSNode function) {
    // Only a Tensor has `tolist` in TorchScript, so the receiver need not be known to be one; but a value known to
    // be something else (a class of the file with its own `tolist`), or a module attribute, may have its own.
    const TSNode receiver = strip_parens(field(function, fld.object));
    ExprTypes types(context.model(), context.function());
    types.none_default_parameters_as_tensor();
    const auto type = types.of(receiver);
    const bool certain = type && type->certain;
    if (certain && !type->type.is(Type::Kind::Tensor) && !type->type.is(Type::Kind::Optional)) return;
    const bool tensor = certain && type->type.is(Type::Kind::Tensor);
    if (!tensor && !self_attribute(context.model().source(), receiver, context.function().self_name).empty()) return;
    const TSNode parent = context.parent();
    if (is(parent, sym.assignment) && context.path().field() == fld.right && !ts_node_is_null(field(parent, fld.type))) {
      return;
    }
    if (is(parent, sym.return_statement) && !ts_node_is_null(context.function().signature.return_type)) return;
    context.report(call, "`" + std::string(context.text(call)) +
                             "` needs a type hint in TorchScript; assign it to an annotated variable "
                             "(`y: List[float] = ...`)");
  }

  static void check_attribute(RuleContext& context, TSNode attribute) {
    // Targets of assignments are the assignment check's.
    if (is(context.parent(), sym.assignment) && context.path().field() == fld.left) return;
    const std::string_view name = context.text(field(attribute, fld.attribute));
    const TSNode object = strip_parens(field(attribute, fld.object));
    if (listed(kTensorMembers, name)) {
      if (!certainly_tensor(context, object)) return;
      std::string message = "`" + std::string(context.text(attribute)) +
                            "` is not supported by TorchScript, whose Tensor has no `" + std::string(name) + "`";
      const std::string_view instead = replacement(name);
      if (!instead.empty()) message += "; use " + std::string(instead);
      context.report(attribute, std::move(message), exact_rewrite(context, attribute, name));
      return;
    }
    if (listed(kDtypeMembers, name) && is(object, sym.attribute) && context.text(field(object, fld.attribute)) == "dtype" &&
        certainly_tensor(context, field(object, fld.object))) {
      std::string message = "`" + std::string(context.text(attribute)) +
                            "` is not supported by TorchScript, where a dtype is an `int`";
      if (name == "is_floating_point" || name == "is_complex") {
        message += "; use `" + std::string(context.text(field(object, fld.object))) + "." + std::string(name) + "()`";
      }
      context.report(attribute, std::move(message));
    }
  }

  // What to write instead of a Tensor member TorchScript lacks, when there is a direct equivalent.
  static std::string_view replacement(std::string_view name) {
    struct Entry {
      std::string_view name, instead;
    };
    static constexpr Entry kReplacements[] = {
        {"bool", "`.to(torch.bool)`"},
        {"bfloat16", "`.to(torch.bfloat16)`"},
        {"nelement", "`.numel()`"},
        {"ndimension", "`.dim()`"},
        {"unique", "`torch.unique(...)`"},
        {"new", "`.new_empty(size)` or `.new_zeros(size)`"},
        {"new_tensor", "`torch.tensor(data, dtype=x.dtype, device=x.device)`"},
        {"to_sparse_coo", "`.to_sparse()`"},
    };
    for (const Entry& entry : kReplacements) {
      if (entry.name == name) return entry.instead;
    }
    return {};
  }

  // `x.bool()` -> `x.to(torch.bool)`, `x.bfloat16()` -> `x.to(torch.bfloat16)`, `x.nelement()` -> `x.numel()`,
  // `x.ndimension()` -> `x.dim()`: called without arguments, each is the same operation under the name TorchScript
  // has. `x.unique()`, `x.new(...)` and the rest take arguments whose meaning differs from the replacement's.
  static std::optional<Fix> exact_rewrite(RuleContext& context, TSNode attribute, std::string_view name) {
    const TSNode call = context.parent();
    if (!is(call, sym.call) || context.path().field() != fld.function) return std::nullopt;
    if (!named_children(field(call, fld.arguments)).empty()) return std::nullopt;
    std::string method;
    if (name == "bool" || name == "bfloat16") {
      // the dtype is spelled through `torch`, which must be the module and not a local of the function
      if (context.model().imports().imported_as("torch") != "torch" || context.function().scope.all("torch")) {
        return std::nullopt;
      }
      method = "to(torch." + std::string(name) + ")";
    } else if (name == "nelement") {
      method = "numel()";
    } else if (name == "ndimension") {
      method = "dim()";
    } else {
      return std::nullopt;
    }
    Fix fix;
    fix.applicability = Applicability::Safe;
    fix.message = "Use `." + method + "`";
    fix.edits.push_back(replace_span(field(attribute, fld.attribute), call, method));
    return fix;
  }

  static void check_assignment(RuleContext& context, TSNode assignment) {
    const TSNode left = field(assignment, fld.left);
    if (!is(left, sym.attribute) || !certainly_tensor(context, field(left, fld.object))) return;
    context.report(left, "Setting `" + std::string(context.text(left)) +
                             "` is not supported by TorchScript: a Tensor has no settable attributes");
  }
};

}  // namespace

const Rule& torch_api_unsupported_rule() {
  static const TorchApiUnsupported rule;
  return rule;
}

}  // namespace jitlint
