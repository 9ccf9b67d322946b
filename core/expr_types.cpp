#include "core/expr_types.h"

#include <cctype>

#include "core/class_attributes.h"
#include "core/types.h"

namespace jitlint {
namespace {

constexpr int kMaxDepth = 8;

using Kind = Type::Kind;
InferredType sure(Kind kind) { return InferredType{Type::of(kind), true}; }
InferredType sure(Type type) { return InferredType{std::move(type), true}; }
InferredType maybe(Kind kind, bool certain) { return InferredType{Type::of(kind), certain}; }

// torch functions and Tensor methods that always return exactly one Tensor. Others may return tuples (`var_mean`,
// `svd`, `max(dim)`), lists or numbers: their result type is only a guess.
bool returns_one_tensor(std::string_view name) {
  return one_of(name, {"cat", "stack", "zeros", "ones", "full", "empty", "zeros_like", "ones_like", "full_like",
                       "empty_like", "randn", "rand", "randint", "arange", "linspace", "tensor", "as_tensor",
                       "relu", "gelu", "silu", "sigmoid", "tanh", "softmax", "log_softmax", "exp", "log", "sqrt",
                       "rsqrt", "abs", "sum", "mean", "matmul", "mm", "bmm", "einsum", "flatten", "reshape", "view",
                       "transpose", "permute", "contiguous", "unsqueeze", "squeeze", "cumsum", "clamp", "float",
                       "long", "int", "half", "bool", "to", "clone", "detach", "mul", "add", "sub", "div", "pow",
                       "expand", "repeat", "masked_fill", "narrow", "select", "index_select", "gather", "norm",
                       "argmax", "argmin", "t", "type_as", "new_zeros", "new_ones", "new_full", "new_empty",
                       "dropout", "layer_norm", "linear", "conv2d", "interpolate", "pad", "normalize", "neg",
                       "floor", "ceil", "round", "sign", "maximum", "minimum", "outer", "diag", "tril", "triu",
                       "roll", "flip", "addmm", "baddbmm", "mish", "hardswish", "leaky_relu", "elu", "softplus",
                       // comparisons, logic and elementwise math: one Tensor whatever the arguments
                       "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal",
                       "logical_and", "logical_or", "logical_not", "logical_xor", "bitwise_and", "bitwise_or",
                       "bitwise_not", "isnan", "isinf", "isfinite", "sin", "cos", "tan", "erf", "exp2", "expm1",
                       "log1p", "log2", "log10", "reciprocal", "square", "remainder", "fmod", "floor_divide",
                       "clamp_min", "clamp_max", "clip", "trunc", "frac", "atan2", "lerp", "amax", "amin", "prod",
                       "cumprod", "logsumexp", "one_hot", "repeat_interleave", "masked_select", "tile", "movedim",
                       "diagonal", "tensordot", "kron"});
}

// Tensor methods whose result is not a Tensor: `*type` is the result's type, or nullopt when it is not obvious.
bool tensor_method_returns_non_tensor(std::string_view method, std::optional<Kind>* type) {
  if (method == "size" || method == "dim" || method == "numel" || method == "ndimension" || method == "nelement" ||
      method == "element_size" || method == "get_device" || method == "stride") {
    *type = Kind::Int;
    return true;
  }
  if (method == "is_contiguous" || method == "is_floating_point" || method == "equal" || method == "allclose" ||
      method == "is_complex") {
    *type = Kind::Bool;
    return true;
  }
  // item(), tolist(), unbind(), split(), chunk(), ...: not a single Tensor, and not obvious.
  if (method == "item" || method == "tolist" || method == "unbind" || method == "split" || method == "chunk" ||
      method == "tensor_split" || method == "max" || method == "min" || method == "sort" || method == "topk" ||
      method == "__len__" || one_of(method, {"median", "mode", "unique", "unique_consecutive", "nonzero", "data_ptr",
                                             "type", "kthvalue", "cummax", "cummin", "aminmax", "var_mean",
                                             "std_mean", "slogdet", "svd", "qr", "eig", "eigh", "lstsq", "frexp",
                                             "histogram", "numpy", "storage", "untyped_storage", "where"})) {
    type->reset();
    return true;
  }
  return false;
}

// `x.size()[:-1] + (h, d)`, `(1,) * n`: TorchScript makes a list of a list plus a list or a tuple (the tuple taken as
// a list), and of a list or a tuple repeated by an int; a tuple plus a tuple stays a tuple. `left_display` /
// `right_display`: that operand is a tuple or list display whose elements are of the other side's element type as
// far as they are known (`(self.heads, self.dim)`); one with an element of another type fails at the `+` itself.
std::optional<InferredType> sequence_arithmetic(const std::optional<InferredType>& left,
                                                const std::optional<InferredType>& right, std::string_view op,
                                                bool left_display, bool right_display) {
  const auto is_list = [](const std::optional<InferredType>& t) {
    return t && t->type.is(Kind::List) && t->type.element() != nullptr;
  };
  if (op == "+") {
    // `other` is a list or tuple of `list`'s elements (a list's plus a tuple is an error in eager Python too, but
    // TorchScript takes it; a tuple with another element type fails at the `+`)
    const auto fits = [&](const std::optional<InferredType>& list, const std::optional<InferredType>& other) {
      if (!other) return false;
      const Type& element = *list->type.element();
      if (other->type.is(Kind::List)) return other->type.element() && *other->type.element() == element;
      if (!other->type.is(Kind::Tuple)) return false;
      for (const Type& arg : other->type.args) {
        if (!(arg == element)) return false;
      }
      return true;
    };
    if (is_list(left) && (right_display || fits(left, right))) return InferredType{left->type, left->certain};
    if (is_list(right) && (left_display || fits(right, left))) return InferredType{right->type, right->certain};
    return std::nullopt;
  }
  if (op != "*" || !left || !right) return std::nullopt;
  const bool count_right = right->type.is(Kind::Int);
  const InferredType& sequence = count_right ? *left : *right;
  if (!(count_right ? right : left)->type.is(Kind::Int)) return std::nullopt;
  const bool certain = left->certain && right->certain;
  if (is_list(sequence)) return InferredType{sequence.type, certain};
  const auto& elements = sequence.type.args;
  if (!sequence.type.is(Kind::Tuple) || elements.empty()) return std::nullopt;
  for (const Type& element : elements) {
    if (!(element == elements[0])) return std::nullopt;
  }
  return InferredType{Type::of(Kind::List, {elements[0]}), certain};
}

std::string strip_spaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(c);
  }
  // Keep ", " after commas for readability.
  std::string spaced;
  for (char c : out) {
    spaced.push_back(c);
    if (c == ',') spaced.push_back(' ');
  }
  return spaced;
}

}  // namespace

std::optional<Type> ExprTypes::annotation(TSNode type) const {
  if (ts_node_is_null(type)) return std::nullopt;
  TSNode expr = is(type, sym.type) ? ts_node_named_child(type, 0) : type;
  if (ts_node_is_null(expr) || is(expr, sym.string)) return std::nullopt;
  std::string spelled = strip_spaces(text(model_.source(), expr));
  // Normalise the spellings TorchScript accepts to the typing ones the fixes write.
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = spelled.find(from, pos)) != std::string::npos;) {
      const bool word_start = pos == 0 || !(std::isalnum(static_cast<unsigned char>(spelled[pos - 1])) || spelled[pos - 1] == '.' || spelled[pos - 1] == '_');
      if (word_start) {
        spelled.replace(pos, from.size(), to);
        pos += to.size();
      } else {
        pos += from.size();  // `numpy.typing.X`: not ours; step over it
      }
    }
  };
  replace_all("torch.Tensor", "Tensor");
  // The legacy typed tensors are Tensor subclasses: TorchScript takes them as Tensor.
  for (const char* legacy : {"torch.FloatTensor", "torch.LongTensor", "torch.IntTensor", "torch.BoolTensor",
                             "torch.ByteTensor", "torch.DoubleTensor", "torch.HalfTensor", "torch.BFloat16Tensor",
                             "torch.ShortTensor", "torch.CharTensor"}) {
    replace_all(legacy, "Tensor");
  }
  replace_all("typing.", "");
  replace_all("list[", "List[");
  replace_all("dict[", "Dict[");
  replace_all("tuple[", "Tuple[");
  // `T | None` / `None | T` (one union at the top, as TorchScript reads PEP 604 unions; `T` may be subscripted,
  // `Tuple[Tensor] | None`): Optional[T]. A bar inside brackets stays, and the check below refuses it.
  size_t bar = std::string::npos;
  int bars = 0;
  int depth = 0;
  for (size_t i = 0; i < spelled.size(); ++i) {
    if (spelled[i] == '[') ++depth;
    if (spelled[i] == ']') --depth;
    if (spelled[i] == '|' && depth == 0) {
      bar = i;
      ++bars;
    }
  }
  if (bars == 1) {
    const std::string left = spelled.substr(0, bar), right = spelled.substr(bar + 1);
    if (right == "None" && left != "None") spelled = "Optional[" + left + "]";
    else if (left == "None" && right != "None") spelled = "Optional[" + right + "]";
  }
  for (char c : spelled) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '[' || c == ']' || c == ',' || c == ' ')) {
      return std::nullopt;  // other unions, attributes of other modules, ...: not a plain type
    }
  }
  return Type::parse(spelled);
}

std::optional<InferredType> ExprTypes::element_of(TSNode iterable, int depth) const {
  if (depth > kMaxDepth) return std::nullopt;
  iterable = strip_parens(iterable);
  if (is(iterable, sym.call)) {
    TSNode function = field(iterable, fld.function);
    if (model_.is_builtin(function, "range")) return sure(Kind::Int);
  }
  auto type = of(iterable, depth + 1);
  if (!type) return std::nullopt;
  if (type->type.is(Kind::Tensor) || type->type.is(Kind::Str)) return type;
  if (type->type.is(Kind::List)) return InferredType{type->type.args[0], type->certain};
  return std::nullopt;
}

std::optional<InferredType> ExprTypes::of_identifier(TSNode expr, int depth) const {
  auto type = of_identifier_name(expr, depth);
  if (type && none_defaults_as_tensor_ && type->type.is(Kind::Optional) && type->type.args.size() == 1 &&
      type->type.args[0].is(Kind::Tensor)) {
    return InferredType{type->type.args[0], type->certain};  // its methods are the Tensor's it holds
  }
  return type;
}

std::optional<InferredType> ExprTypes::of_identifier_name(TSNode expr, int depth) const {
  const std::string_view name = text(model_.source(), expr);
  if (!names_.empty()) {
    if (auto it = names_.find(std::string(name)); it != names_.end()) return it->second;
  }
  const Binding* binding = function_.scope.single(name);
  if (!binding) {
    // Bound several times: a TorchScript variable keeps one type, so a written annotation (a parameter's or an
    // annotated assignment's) or an unannotated parameter (a Tensor) gives the type of every binding.
    const auto* bindings = function_.scope.all(name);
    if (!bindings) return std::nullopt;
    for (const Binding& b : *bindings) {
      if (b.kind == Binding::Kind::Parameter || !ts_node_is_null(b.annotation)) return of_identifier_binding(b, name, depth);
    }
    if (read_of_first_binding(*bindings, expr)) return of_identifier_binding(bindings->front(), name, depth);
    return std::nullopt;
  }
  return of_identifier_binding(*binding, name, depth);
}

// `h = x[:, None]` ... `h.requires_grad = True` ... `h = conv(h)`: a read in the block of the first binding, after
// it and before the next one starts (or in the next one's own right side), sees the first binding's value, whose
// type TorchScript gives the variable.
bool ExprTypes::read_of_first_binding(const std::vector<Binding>& bindings, TSNode read) const {
  if (bindings.size() < 2) return false;
  const Binding& first = bindings[0];
  const Binding& next = bindings[1];
  if (first.kind != Binding::Kind::Assignment || first.element >= 0 || first.unpacked ||
      ts_node_is_null(first.statement)) {
    return false;
  }
  // The innermost block holding the first binding, found from the body down (nodes keep no parent here).
  TSNode block = field(function_.definition, fld.body);
  for (bool deeper = true; deeper && !ts_node_is_null(block);) {
    deeper = false;
    for (TSNode child : NamedChildren(block)) {
      if (!contains(child, first.statement) || is(child, sym.expression_statement)) continue;
      for (TSNode inner : NamedChildren(child)) {  // an `if` / `for` / `with` ... : the block (or clause) holding it
        if (!contains(inner, first.statement)) continue;
        block = is(inner, sym.block) ? inner : field(inner, fld.body);
        deeper = true;
        break;
      }
      if (!deeper) return false;  // somewhere no block holds it (a condition, a lambda): not a statement of a block
      break;
    }
  }
  if (ts_node_is_null(block) || !contains(block, read) || ts_node_end_byte(first.statement) > ts_node_start_byte(read)) {
    return false;
  }
  if (read_by_own_assignment(next, read)) return true;
  const TSNode next_start = ts_node_is_null(next.statement) ? next.target : next.statement;
  return !ts_node_is_null(next_start) && ts_node_end_byte(read) <= ts_node_start_byte(next_start);
}

std::optional<InferredType> ExprTypes::of_identifier_binding(const Binding& b, std::string_view name, int depth) const {
  const Binding* binding = &b;
  if (binding->kind == Binding::Kind::Parameter) {
    const Parameter* param = binding->parameter;
    if (!param || param->kind == Parameter::Kind::VarArgs || param->kind == Parameter::Kind::VarKwargs) {
      return std::nullopt;  // a tuple / dict of the arguments
    }
    if (!ts_node_is_null(param->annotation)) {
      auto spelled = annotation(param->annotation);
      if (spelled) return sure(*spelled);
      return std::nullopt;
    }
    // Unannotated, TorchScript types a parameter Tensor whatever its default; but another default means another
    // type (JT303), whose uses are not judged as a Tensor's.
    if (!ts_node_is_null(param->default_value) &&
        !(none_defaults_as_tensor_ && param->default_kind == LiteralKind::None)) {
      return std::nullopt;
    }
    if (name == function_.self_name) return std::nullopt;
    return sure(Kind::Tensor);  // an unannotated parameter is a Tensor to TorchScript
  }
  if (binding->kind == Binding::Kind::Assignment && binding->element < 0) {
    if (auto spelled = annotation(binding->annotation)) return sure(*spelled);
    return of(binding->value, depth + 1);
  }
  if (binding->kind == Binding::Kind::ForLoop && binding->element < 0) return element_of(binding->value, depth + 1);
  if (binding->kind == Binding::Kind::Assignment && !binding->unpacked && ts_node_is_null(binding->annotation)) {
    // `b, s, d = x.size()`: TorchScript unpacks a List[int] into ints (a length check at run time)
    const auto whole = of(binding->value, depth + 1);
    if (whole && whole->type.is(Kind::List) && whole->type.args.size() == 1 && whole->type.args[0].is(Kind::Int)) {
      return InferredType{Type::of(Kind::Int), whole->certain};
    }
    // `hidden, state = self._scan(x)` with `-> Tuple[Tensor, Tensor]`: the element's type (the targets must match
    // the tuple's arity, else TorchScript rejects the unpacking itself).
    if (whole && whole->type.is(Kind::Tuple) && static_cast<size_t>(binding->element) < whole->type.args.size()) {
      const TSNode targets = ts_node_named_child(binding->statement, 0);
      bool plain = ts_node_named_child_count(targets) == whole->type.args.size();
      for (TSNode target : NamedChildren(targets)) plain = plain && is(target, sym.identifier);
      if (plain) {
        return InferredType{whole->type.args[binding->element], whole->certain};
      }
    }
  }
  return std::nullopt;
}

// `self.<name>`: torch types a module attribute by the class-level annotation when there is one, else by the value
// it holds once `__init__` ran. The values are read where they are assigned: every assignment must be outside
// compiled code and agree on one type; a module, a container of modules or an unknown value gives no answer.
std::optional<InferredType> ExprTypes::of_self_attribute(std::string_view name, int depth) const {
  const TSNode annotated = effective_class_annotation(model_, function_.owner_class, name);
  if (!ts_node_is_null(annotated)) {
    if (auto spelled = annotation(annotated)) return sure(*spelled);
    return std::nullopt;
  }
  const AttrFact* fact = model_.attribute(function_.owner_class, name);
  if (!fact || fact->sites.empty() || fact->is_final) return std::nullopt;
  std::optional<InferredType> agreed;
  for (const AttrSite& site : fact->sites) {
    if (site.function < 0 || ts_node_is_null(site.value)) return std::nullopt;
    const FunctionInfo& assigning = model_.functions()[site.function];
    if (assigning.compiled) return std::nullopt;  // reassigned where TorchScript checks it: not one value
    auto type = ExprTypes(model_, assigning).of(site.value, depth + 1);
    if (!type || (agreed && !(agreed->type == type->type))) return std::nullopt;
    if (agreed) {
      agreed->certain = agreed->certain && type->certain;
    } else {
      agreed = type;
    }
  }
  return agreed;
}

// `[a, b]`: a list of the one type its elements share (TorchScript rejects a list literal of mixed types); an empty
// list has no type to read (TorchScript makes it `List[Tensor]` unless annotated).
std::optional<InferredType> ExprTypes::of_list_display(TSNode list, int depth) const {
  std::optional<InferredType> element;
  for (TSNode item : NamedChildren(list)) {
    if (is(item, sym.comment)) continue;
    if (is(item, sym.list_splat)) return std::nullopt;
    auto type = of(item, depth + 1);
    if (!type || (element && !(element->type == type->type))) return std::nullopt;
    if (element) {
      element->certain = element->certain && type->certain;
    } else {
      element = type;
    }
  }
  if (!element) return std::nullopt;
  return InferredType{Type::of(Kind::List, {element->type}), element->certain};
}

// `max(a, b)` / `min(a, b, c)` of numbers and tensors. TorchScript's builtin takes numbers only: it converts each
// Tensor argument to an int (to a float when another argument is a float: `aten::IntImplicit` /
// `aten::FloatImplicit`), so the result is a number, not the Tensor eager Python returns. Known only when every
// argument's type is certain; one argument (`max(xs)`, a list's largest element) and keywords are left alone.
std::optional<InferredType> ExprTypes::of_min_max(TSNode call, int depth) const {
  const TSNode arguments = field(call, fld.arguments);
  if (!is(arguments, sym.argument_list)) return std::nullopt;
  bool any_float = false;
  size_t count = 0;
  for (TSNode argument : NamedChildren(arguments)) {
    if (is(argument, sym.comment)) continue;
    if (is(argument, sym.keyword_argument) || is(argument, sym.list_splat) || is(argument, sym.dictionary_splat)) {
      return std::nullopt;
    }
    const auto type = of(argument, depth + 1);
    if (!type || !type->certain) return std::nullopt;
    if (type->type.is(Kind::Float)) {
      any_float = true;
    } else if (!type->type.is(Kind::Int) && !type->type.is(Kind::Tensor)) {
      return std::nullopt;
    }
    ++count;
  }
  if (count < 2) return std::nullopt;
  return sure(any_float ? Kind::Float : Kind::Int);
}

std::optional<InferredType> ExprTypes::of(TSNode expr, int depth) const {
  // Only whole questions are cached: an answer inside the recursion may be cut short by the depth limit.
  if (depth > 0 || !names_.empty() || ts_node_is_null(expr)) return infer(expr, depth);
  auto& cache = none_defaults_as_tensor_ ? model_.receiver_types() : model_.expression_types();
  if (auto it = cache.find(expr.id); it != cache.end()) return it->second;
  auto type = infer(expr, depth);
  cache.emplace(expr.id, type);
  return type;
}

std::optional<InferredType> ExprTypes::infer(TSNode expr, int depth) const {
  if (depth > kMaxDepth || ts_node_is_null(expr)) return std::nullopt;
  expr = strip_parens(expr);
  const Source& source = model_.source();
  if (is(expr, sym.integer)) return sure(Kind::Int);
  if (is(expr, sym.float_)) return sure(Kind::Float);
  if (is(expr, sym.true_) || is(expr, sym.false_)) return sure(Kind::Bool);
  if (is_plain_string(source, expr)) return sure(Kind::Str);
  if (is(expr, sym.identifier)) return of_identifier(expr, depth);
  if (is(expr, sym.unary_operator)) return of(field(expr, fld.argument), depth + 1);
  if (is(expr, sym.not_operator)) return sure(Kind::Bool);
  if (is(expr, sym.boolean_operator)) {
    auto left = of(field(expr, fld.left), depth + 1);
    auto right = of(field(expr, fld.right), depth + 1);
    if (left && right && left->type.is(Kind::Bool) && right->type.is(Kind::Bool)) return sure(Kind::Bool);
    return std::nullopt;
  }
  if (is(expr, sym.comparison_operator)) {
    bool scalars = true;  // every operand certainly a number, bool, str or None: the comparison is a bool
    for (TSNode operand : NamedChildren(expr)) {
      auto type = of(operand, depth + 1);
      if (!type) return maybe(Kind::Bool, false);
      if (type->type.is(Kind::Tensor)) return type;
      const Kind k = type->type.kind;
      scalars = scalars && type->certain &&
                (k == Kind::Int || k == Kind::Float || k == Kind::Bool || k == Kind::Str || k == Kind::None);
    }
    // `mask == 0` with `mask: Optional[Tensor]` refined to a Tensor is a Tensor
    if (!scalars) return std::nullopt;
    return sure(Kind::Bool);
  }
  if (is(expr, sym.binary_operator)) {
    auto left = of(field(expr, fld.left), depth + 1);
    auto right = of(field(expr, fld.right), depth + 1);
    const std::string_view op = ts_node_type(field(expr, fld.operator_));
    // A display beside a list whose element types, where known, are the list's.
    const auto fitting_display = [&](TSNode operand, const std::optional<InferredType>& other) {
      operand = strip_parens(operand);
      if (!(is(operand, sym.tuple) || is(operand, sym.list)) || !other || !other->type.is(Kind::List) ||
          !other->type.element()) {
        return false;
      }
      for (TSNode element : NamedChildren(operand)) {
        const auto type = of(element, depth + 1);
        if (type && !(type->type == *other->type.element())) return false;
      }
      return true;
    };
    if (auto sequence = sequence_arithmetic(left, right, op, fitting_display(field(expr, fld.left), right),
                                            fitting_display(field(expr, fld.right), left))) {
      return sequence;
    }
    // A Tensor on either side makes a Tensor whatever the other side is: TorchScript's arithmetic of a Tensor with a
    // number, a bool or a Tensor gives a Tensor, and with anything else it fails right here. So a Tensor operand
    // known for certain makes the result certain, whether or not the other side is known.
    // A sequence or a str on the other side is no arithmetic of a Tensor (`[pad] * n` repeats a list).
    const auto arithmetic_operand = [&](TSNode operand, const std::optional<InferredType>& type) {
      if (type) {
        return type->type.is(Kind::Tensor) || type->type.is(Kind::Int) || type->type.is(Kind::Float) ||
               type->type.is(Kind::Bool);
      }
      operand = strip_parens(operand);
      return !(is(operand, sym.list) || is(operand, sym.tuple) || is(operand, sym.list_comprehension) ||
               is(operand, sym.string) || is(operand, sym.dictionary));
    };
    const bool left_tensor = left && left->type.is(Kind::Tensor) && arithmetic_operand(field(expr, fld.right), right);
    const bool right_tensor = right && right->type.is(Kind::Tensor) && arithmetic_operand(field(expr, fld.left), left);
    if (left_tensor || right_tensor) {
      return maybe(Kind::Tensor, (left_tensor && left->certain) || (right_tensor && right->certain));
    }
    if (!left || !right) return std::nullopt;
    const bool certain = left->certain && right->certain;
    const Type& a = left->type;
    const Type& b = right->type;
    if (a.is(Kind::Str) && b.is(Kind::Str) && op == "+") return maybe(Kind::Str, certain);
    const bool numbers = (a.is(Kind::Int) || a.is(Kind::Float)) && (b.is(Kind::Int) || b.is(Kind::Float));
    if (!numbers) return std::nullopt;
    if (op == "/") return maybe(Kind::Float, certain);
    if (op == "**") return std::nullopt;  // int ** int is float in TorchScript
    return maybe(a.is(Kind::Float) || b.is(Kind::Float) ? Kind::Float : Kind::Int, certain);
  }
  if (is(expr, sym.tuple)) {
    Type tuple = Type::of(Kind::Tuple);
    bool all_certain = true;
    for (TSNode element : NamedChildren(expr)) {
      auto t = of(element, depth + 1);
      if (!t) return std::nullopt;
      tuple.args.push_back(std::move(t->type));
      all_certain = all_certain && t->certain;
    }
    if (tuple.args.empty()) return std::nullopt;
    return InferredType{std::move(tuple), all_certain};
  }
  if (is(expr, sym.conditional_expression)) {
    const ConditionalParts parts = conditional_parts(expr);
    if (!parts.whole()) return std::nullopt;
    auto a = of(parts.body, depth + 1);
    auto b = of(parts.alternative, depth + 1);
    if (a && b && a->type == b->type) return InferredType{a->type, a->certain && b->certain};
    return std::nullopt;
  }
  if (is(expr, sym.subscript)) {
    TSNode value = field(expr, fld.value);
    // x.shape[i] -> int; x.shape[a:b] -> List[int]
    if (is(value, sym.attribute) && text(source, field(value, fld.attribute)) == "shape") {
      const auto shape = of(value, depth + 1);
      if (!shape) return std::nullopt;
      if (is(strip_parens(field(expr, fld.subscript)), sym.slice)) return shape;
      return maybe(Kind::Int, shape->certain);
    }
    auto container = of(value, depth + 1);
    if (!container) return std::nullopt;
    if (container->type.is(Kind::Tensor)) return container;
    if (is(strip_parens(field(expr, fld.subscript)), sym.slice)) {
      return container->type.is(Kind::List) ? container : std::nullopt;
    }
    if (const Type* element = container->type.element()) return InferredType{*element, container->certain};
    return std::nullopt;
  }
  if (is(expr, sym.list)) return of_list_display(expr, depth);
  if (is(expr, sym.attribute)) {
    if (function_.owner_class >= 0 && !function_.self_name.empty()) {
      const std::string_view name = self_attribute(source, expr, function_.self_name);
      if (!name.empty()) return of_self_attribute(name, depth);
    }
    const std::string_view attr = text(source, field(expr, fld.attribute));
    if (attr == "shape") {
      // A Tensor's shape is a List[int] in TorchScript; certain only when the receiver certainly is a Tensor.
      const auto receiver = of(field(expr, fld.object), depth + 1);
      const bool certain = receiver && receiver->certain && receiver->type.is(Kind::Tensor);
      return InferredType{Type::of(Kind::List, {Type::of(Kind::Int)}), certain};
    }
    if (attr == "ndim") return sure(Kind::Int);
    if (attr == "T" || attr == "mT" || attr == "data" || attr == "grad") {
      auto object = of(field(expr, fld.object), depth + 1);
      if (object && object->type.is(Kind::Tensor)) return object;
    }
    return std::nullopt;
  }
  if (is(expr, sym.call)) {
    TSNode function = strip_parens(field(expr, fld.function));
    if (model_.is_builtin(function, "len")) return sure(Kind::Int);
    if (model_.is_builtin(function, "int")) return sure(Kind::Int);
    if (model_.is_builtin(function, "float")) return sure(Kind::Float);
    if (model_.is_builtin(function, "str")) return sure(Kind::Str);
    if (model_.is_builtin(function, "bool")) return sure(Kind::Bool);
    if (model_.is_builtin(function, "max") || model_.is_builtin(function, "min")) return of_min_max(expr, depth);
    const std::string qualified = model_.qualified_name(function);
    if (!qualified.empty()) {
      // torch.cat(...), torch.nn.functional.relu(...): Tensor-returning functions of torch.
      const size_t last = qualified.rfind('.');
      const std::string module = qualified.substr(0, last);
      const std::string name = qualified.substr(last + 1);
      const bool lower = !name.empty() && std::islower(static_cast<unsigned char>(name[0]));
      if (lower && (module == "torch" || module == "torch.nn.functional" || module == "torch.special" ||
                    module == "torch.linalg" || module == "torch.fft")) {
        static const char* const kNotTensor[] = {"is_tensor", "numel", "is_floating_point", "is_grad_enabled",
                                                  "get_default_dtype", "chunk", "split", "unbind", "meshgrid",
                                                  "broadcast_tensors", "tensor_split", "max", "min", "sort",
                                                  "topk", "where", "unique", "is_nonzero", "is_complex",
                                                  "result_type", "promote_types", "can_cast", "equal", "allclose"};
        // The forms whose result the arguments decide: `torch.where(cond)` is `aten::where(Tensor condition) ->
        // Tensor[]`, `torch.where(cond, x, y)` a Tensor; `chunk`, `split`, `unbind` and friends give `Tensor[]`.
        if (module == "torch" && (name == "where" || name == "chunk" || name == "split" || name == "unbind" ||
                                  name == "tensor_split")) {
          const TSNode arguments = field(expr, fld.arguments);
          const uint32_t count = is(arguments, sym.argument_list) ? ts_node_named_child_count(arguments) : 0;
          const Type tensor_list = Type::of(Kind::List, {Type::of(Kind::Tensor)});
          if (name != "where") return count >= 1 ? std::optional<InferredType>(sure(tensor_list)) : std::nullopt;
          bool positional_only = true;
          for (TSNode argument : NamedChildren(arguments)) {
            positional_only = positional_only && !is(argument, sym.keyword_argument) &&
                              !is(argument, sym.list_splat) && !is(argument, sym.dictionary_splat);
          }
          if (positional_only && count == 1) return sure(tensor_list);
          if (positional_only && count == 3) return sure(Kind::Tensor);
          return std::nullopt;
        }
        for (const char* other : kNotTensor) {
          if (name == other) return std::nullopt;
        }
        return maybe(Kind::Tensor, returns_one_tensor(name));
      }
      return std::nullopt;
    }
    // A function of this file, or a method called on self, with a return annotation.
    int callee = -1;
    if (is(function, sym.identifier)) callee = model_.find_module_function(text(source, function));
    if (is(function, sym.attribute) && function_.owner_class >= 0 &&
        text(source, strip_parens(field(function, fld.object))) == function_.self_name && !function_.self_name.empty()) {
      callee = model_.find_method(function_.owner_class, text(source, field(function, fld.attribute)));
    }
    if (callee >= 0) {
      if (auto declared = annotation(field(model_.functions()[callee].definition, fld.return_type))) return sure(*declared);
      return std::nullopt;
    }
    if (is(function, sym.attribute)) {
      const std::string_view method = text(source, field(function, fld.attribute));
      TSNode object = field(function, fld.object);
      // A submodule call returns whatever its forward returns: usually a Tensor, but only a guess.
      if (is_submodule_kind(model_.attribute_kind(function_, object)) || model_.attribute_kind(function_, object) == AttrKind::Module) {
        return std::nullopt;
      }
      auto receiver = of(object, depth + 1);
      if (receiver && receiver->type.is(Kind::Tensor)) {
        std::optional<Kind> type;
        if (tensor_method_returns_non_tensor(method, &type)) {
          if (!type) return std::nullopt;
          if (method == "size" && ts_node_named_child_count(field(expr, fld.arguments)) == 0) {
            return InferredType{Type::of(Kind::List, {Type::of(Kind::Int)}), receiver->certain};
          }
          return maybe(*type, receiver->certain);
        }
        return maybe(Kind::Tensor, receiver->certain && returns_one_tensor(method));
      }
      if (receiver && receiver->type.is(Kind::Str)) {
        if (method == "upper" || method == "lower" || method == "strip" || method == "replace" || method == "format" ||
            method == "lstrip" || method == "rstrip") {
          return receiver;
        }
        if (method == "startswith" || method == "endswith" || method == "isdigit") return sure(Kind::Bool);
      }
    }
    // A call of a submodule (`self.proj(x)`), or of a module value: usually a Tensor; certainly one for a torch.nn
    // layer whose forward is annotated `-> Tensor` (nn.Linear, nn.LayerNorm, ...).
    if (const AttrFact* fact = model_.self_attribute_fact(function_, function)) {
      if (fact->kind() == AttrKind::Module && torch_layer_returns_tensor(fact->module_class)) return sure(Kind::Tensor);
    }
    if (is_submodule_kind(model_.attribute_kind(function_, function))) return maybe(Kind::Tensor, false);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace jitlint
