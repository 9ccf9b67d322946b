#include "core/decorator_wrappers.h"

#include "core/torch_ops.h"
#include "core/walk.h"

namespace jitlint {
namespace {

// torch 2.13.0's `torch/utils/_contextlib.py` (the wrapper of `no_grad`, `enable_grad`, `inference_mode`,
// `set_grad_enabled`) at module level: it does not import `torch`.
const std::unordered_set<std::string_view> kContextlibNames = {
    "Any", "Callable", "F", "FuncType", "Self", "TypeVar", "_DecoratorContextManager",
    "_NoParamDecoratorContextManager", "_wrap_generator", "cast", "context_decorator", "functools", "inspect",
    "overload", "sys", "warnings"};
// torch 2.13.0's `torch/amp/autocast_mode.py` (the wrapper of every `autocast` spelling).
const std::unordered_set<std::string_view> kAutocastNames = {
    "Any", "HAS_NUMPY", "_UnmanagedAutocast", "_cast", "_dtype", "_enter_autocast", "_exit_autocast", "autocast",
    "autocast_decorator", "collections", "custom_bwd", "custom_fwd", "functools", "is_autocast_available", "np",
    "torch", "warnings"};

bool grad_mode_decorator(std::string_view name) {
  for (std::string_view head : {"torch.", "torch.autograd.", "torch.autograd.grad_mode."}) {
    if (name.substr(0, head.size()) != head) continue;
    const std::string_view rest = name.substr(head.size());
    if (rest == "no_grad" || rest == "enable_grad" || rest == "inference_mode" || rest == "set_grad_enabled") {
      return true;
    }
  }
  return false;
}

bool autocast_decorator(std::string_view name) {
  return name == "torch.autocast" || name == "torch.amp.autocast" || name == "torch.cuda.amp.autocast" ||
         name == "torch.cpu.amp.autocast";
}

}  // namespace

std::string_view torch_decorator_wrapper_module(std::string_view qualified) {
  if (grad_mode_decorator(qualified)) return "torch.utils._contextlib";
  if (autocast_decorator(qualified)) return "torch.amp.autocast_mode";
  return {};
}

std::optional<WrapperGlobals> torch_wrapper_globals(const SemanticModel& model, const FunctionInfo& function) {
  std::optional<WrapperGlobals> outermost;
  // Decorators precede the `def` in the decorated definition; the first in source order is applied last.
  for (TSNode node = ts_node_prev_named_sibling(function.definition);
       is(node, sym.decorator) || is(node, sym.comment); node = ts_node_prev_named_sibling(node)) {
    if (!is(node, sym.decorator)) continue;
    const TSNode expr = strip_parens(ts_node_named_child(node, 0));
    const TSNode callee = is(expr, sym.call) ? field(expr, fld.function) : expr;
    const std::string name = model.qualified_name(callee);
    if (name == "torch.jit.script" || name == "torch.jit.script_if_tracing") return std::nullopt;
    WrapperGlobals wrapper{node, expr, std::string(torch_decorator_wrapper_module(name)), nullptr, {}, {}};
    if (wrapper.module == "torch.utils._contextlib") {
      wrapper.names = &kContextlibNames;
      wrapper.shadowed_name = "F";
      wrapper.shadowed_as = "a `TypeVar`";
    } else if (wrapper.module == "torch.amp.autocast_mode") {
      wrapper.names = &kAutocastNames;
    }
    outermost = wrapper.names ? std::optional<WrapperGlobals>(wrapper) : std::nullopt;
  }
  return outermost;
}

namespace {

// Names TorchScript's type parser knows without looking them up (script_type_parser.cpp): in a type expression
// (`isinstance(x, Tensor)`, `annotate(List[Tensor], [])`) they resolve whatever the globals hold.
bool type_parser_name(std::string_view name) {
  static constexpr std::string_view kNames =
      "Tensor List Dict Tuple Optional Union Any Future Await RRef int float bool complex str number None NoneType "
      "Device Stream Generator Layout ScalarType MemoryFormat QScheme Storage list dict tuple";
  return has_name(kNames, name);
}

// Whether the node `at` reaches lies in the type argument of `isinstance(x, T)`, `torch.jit.isinstance(x, T)` or
// `torch.jit.annotate(T, v)`: the nearest argument list above it is such a call's, at that argument.
bool in_type_argument(const SemanticModel& model, const NodePath& at) {
  for (size_t up = 1; up + 1 < at.size(); ++up) {
    const TSNode arguments = at.ancestor(up);
    if (!is(arguments, sym.argument_list)) continue;
    const TSNode call = at.ancestor(up + 1);
    const TSNode callee = field(call, fld.function);
    const std::string name = is(callee, sym.identifier) && model.is_builtin(callee, "isinstance")
                                 ? std::string("isinstance")
                                 : model.qualified_name(callee);
    const int type_at = name == "isinstance" || name == "torch.jit.isinstance" ? 1
                        : name == "torch.jit.annotate"                           ? 0
                                                                                 : -1;
    return type_at >= 0 && static_cast<int>(ts_node_named_child_count(arguments)) > type_at &&
           same_node(ts_node_named_child(arguments, type_at), at.ancestor(up - 1));
  }
  return false;
}

}  // namespace

std::vector<TSNode> global_reads_missing(const SemanticModel& model, const FunctionInfo& function,
                                         const std::function<bool(std::string_view)>& defined) {
  std::vector<TSNode> reads;
  std::unordered_set<std::string_view> seen;
  NodePath path;
  walk(field(function.definition, fld.body), path, [&](const NodePath& at) {
    const TSNode node = at.node();
    if (is_nested_scope(node) || is(node, sym.type) || model.is_dead(function, node)) return false;
    if (!is(node, sym.identifier)) return true;
    const TSNode parent = at.parent();
    if ((is(parent, sym.attribute) && at.field() == fld.attribute) ||
        (is(parent, sym.keyword_argument) && at.field() == fld.name)) {
      return false;
    }
    const std::string_view name = text(model.source(), node);
    if (function.scope.all(name) || seen.count(name)) return false;
    if (type_parser_name(name) && in_type_argument(model, at)) return false;
    const bool global = model.imports().binds(name) || model.find_module_function(name) >= 0 ||
                        model.find_class(name) >= 0 || model.module_bindings().all(name);
    if (!global || defined(name)) return false;
    seen.insert(name);
    reads.push_back(node);
    return false;
  });
  return reads;
}

}  // namespace jitlint
